"""`lms serve` with several workers on Linux: each worker listens on a socket of its own, bound with
SO_REUSEPORT, so the kernel spreads new connections evenly over the workers. With one shared socket
(uvicorn's own workers) whichever worker wakes first takes a burst of connections: 32 keep-alive
connections were seen split 32 to 0, and one core then served every request (bench/README.md)."""
import logging
import multiprocessing
import signal
import socket
import sys
import time

import uvicorn

APP = "lms.app:create_app"
OPTIONS = {"factory": True, "access_log": False, "log_level": "warning",
           "proxy_headers": False}  # the app reads them itself (LMS_TRUSTED_PROXIES)
BACKLOG = 2048  # uvicorn's own
log = logging.getLogger("lms")


def balanced() -> bool:
    """Only Linux spreads connections over sockets sharing a port; elsewhere the last one bound gets all."""
    return sys.platform == "linux" and hasattr(socket, "SO_REUSEPORT")


def listening_socket(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(BACKLOG)
    return sock


def _worker(host: str, port: int) -> None:
    uvicorn.Server(uvicorn.Config(APP, host=host, port=port, **OPTIONS)).run(sockets=[listening_socket(host, port)])


def serve(host: str, port: int, workers: int) -> None:
    if workers == 1 or not balanced():
        uvicorn.run(APP, host=host, port=port, workers=workers, **OPTIONS)
        return
    try:  # a port already taken fails here, once, with its reason
        listening_socket(host, port).close()
    except OSError as error:
        raise SystemExit(f"lms cannot listen on {host}:{port}: {error.strerror or error}") from None
    spawn = multiprocessing.get_context("spawn")
    stopping = []
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))

    def started() -> multiprocessing.Process:
        process = spawn.Process(target=_worker, args=(host, port), daemon=True)
        process.start()
        return process

    processes = [started() for _ in range(workers)]
    while not stopping:
        for index, process in enumerate(processes):
            if not process.is_alive():  # killed or crashed: the others answer meanwhile
                log.warning("worker %s ended (exit code %s); starting another", process.pid, process.exitcode)
                processes[index] = started()
        time.sleep(0.5)
    for process in processes:
        process.terminate()  # uvicorn finishes the requests under way
    for process in processes:
        process.join(timeout=30)
        if process.is_alive():
            process.kill()
