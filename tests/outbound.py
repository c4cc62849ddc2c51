"""What the tests of the outbox sweeps share (webhooks, reminders, push): a real HTTP server that keeps
what it is sent, and sweeps started as separate processes, the way replicas, `lms serve --workers` and
`lms worker` run them, so a test can run three at once or kill one with SIGKILL."""
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Receiver:
    """A real HTTP server that keeps what it was sent (path, headers, body) and answers with `status`
    after `delay` seconds."""

    def __init__(self, status: int = 204):
        self.received, self.status, self.delay = [], status, 0.0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append({"path": self.path, "headers": dict(self.headers), "body": body})
                time.sleep(receiver.delay)
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            request_queue_size = 128  # http.server listens with a backlog of 5: three sweepers overflow it

        self.server = Server(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.url = f"{self.base}/hooks/lms"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def deliveries(self) -> Counter:
        return Counter(int(r["headers"]["X-LMS-Delivery"]) for r in self.received)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.stop()


@pytest.fixture
def start_sweeper():
    """Starts `lms <command…>` processes (start_sweeper("webhooks", "run-once"), with extra environment
    variables as keywords); any left running when the test ends is killed, so it cannot write into the
    next test's database."""
    started = []

    def start(*command: str, **env: str) -> subprocess.Popen:
        started.append(subprocess.Popen([sys.executable, "-m", "lms.cli", *command], env={**os.environ, **env},
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        return started[-1]

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()
