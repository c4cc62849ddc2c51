"""The scheduler runs in one process per machine: workers of `lms serve` and `lms worker` ask for a
lock file; the one holding it runs the jobs, and another takes over when it ends, even by kill -9."""
import asyncio
import fcntl
import os
import signal
import subprocess
import sys
import time

import pytest

from lms.reminders import scheduler


@pytest.fixture
def quick_retry(monkeypatch):
    monkeypatch.setattr(scheduler, "RETRY_SECONDS", 0.05)


async def until(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "it never happened"
        await asyncio.sleep(0.02)


async def test_of_three_processes_asking_one_runs_the_jobs_and_another_takes_over(quick_retry, settings, templates):
    asking = [scheduler.start(settings, templates) for _ in range(3)]
    await until(lambda: any(one.running for one in asking))
    await asyncio.sleep(0.2)  # several retries: still only one
    holder = next(one for one in asking if one.running)
    assert sum(1 for one in asking if one.running) == 1
    holder.stop()
    others = [one for one in asking if one is not holder]
    await until(lambda: any(one.running for one in others))
    assert sum(1 for one in others if one.running) == 1
    for one in others:
        one.stop()


def lock_is_held(settings) -> bool:
    probe = os.open(settings.data_dir / "scheduler.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(probe)


async def test_after_a_kill_9_of_the_holder_another_process_takes_over(quick_retry, settings, templates):
    worker = subprocess.Popen([sys.executable, "-m", "lms.cli", "worker"], env={**os.environ, "LMS_SMTP_PORT": "1"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        await until(lambda: lock_is_held(settings), seconds=60)
        here = scheduler.start(settings, templates)
        await asyncio.sleep(0.2)
        assert here.running is None  # the worker runs the jobs
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        await until(lambda: here.running is not None)
        here.stop()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
