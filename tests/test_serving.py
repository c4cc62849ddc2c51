"""`lms serve --workers 2` as an organisation runs it: connections are spread over both workers (each
has a socket of its own), a worker killed with SIGKILL is replaced while the other answers, and
SIGTERM stops them all."""
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter

import httpx
import pytest

from lms import serving
from tests.smtp import free_port


def server_connections(port: int) -> Counter:
    """How many established connections on the server's side of the port each process holds."""
    established = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in open(table).read().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":
                established.add(f"socket:[{fields[9]}]")
    holders = Counter()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            holders[int(pid)] += sum(os.readlink(f"/proc/{pid}/fd/{fd}") in established
                                     for fd in os.listdir(f"/proc/{pid}/fd"))
        except OSError:  # a process that ended meanwhile
            continue
    return +holders


def opened(port: int, count: int, resets: bool = False) -> list[socket.socket]:
    """Keep-alive connections opened in a burst, as a page's visitors and a proxy open them, each then
    answered once, so a worker has taken it. Right after a worker is killed, what waited in its
    socket's queue is reset (resets=True leaves those out)."""
    burst = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(count)]
    connections = []
    for connection in burst:
        try:
            connection.sendall(b"GET /ping HTTP/1.1\r\nHost: test\r\n\r\n")
            assert connection.recv(4096).startswith(b"HTTP/1.1 200")
        except ConnectionResetError:
            if not resets:
                raise
            connection.close()
            continue
        connections.append(connection)
    return connections


def answering(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{url}/ping", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    pytest.fail(f"lms serve did not answer: {process.communicate()[1][-2000:]}")


@pytest.mark.skipif(not serving.balanced(), reason="SO_REUSEPORT spreads connections on Linux only")
def test_connections_are_spread_over_the_workers_and_a_killed_worker_is_replaced():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "lms.cli", "serve", "--port", str(port), "--workers", "2"],
                               env={**os.environ, "LMS_SCHEDULER": "false"}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    try:
        answering(f"http://127.0.0.1:{port}", process)
        connections = opened(port, 64)
        first = server_connections(port)
        assert len(first) == 2 and min(first.values()) >= 12, first  # one shared socket gave 64 to 0
        for connection in connections:
            connection.close()

        os.kill(next(iter(first)), signal.SIGKILL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            connections = opened(port, 16, resets=True)  # the other worker answers meanwhile
            now = server_connections(port)
            for connection in connections:
                connection.close()
            if len(now) == 2 and set(now) != set(first):
                break
            time.sleep(0.5)
        assert len(now) == 2 and len(set(now) & set(first)) == 1, (first, now)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=40)
    assert process.returncode == 0
    assert not server_connections(port)


def test_a_worker_count_or_port_out_of_range_is_refused_with_a_message():
    done = subprocess.run([sys.executable, "-m", "lms.cli", "serve", "--workers", "0"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2 and "--workers" in done.stderr and "x>=1" in done.stderr
    done = subprocess.run([sys.executable, "-m", "lms.cli", "serve", "--port", "70000"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2 and "--port" in done.stderr


@pytest.mark.skipif(not serving.balanced(), reason="the workers' own sockets are Linux's")
def test_a_port_already_taken_is_named_not_a_stack_trace():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "lms.cli", "serve", "--port", str(port), "--workers", "2"],
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and f"cannot listen on 127.0.0.1:{port}: Address already in use" in done.stderr
    assert "Traceback" not in done.stderr
