"""Wiring only: APScheduler runs the reminder, push, webhook and xAPI sweeps every minute, starts the conversion of
uploaded videos within seconds, and cleans orphan files nightly, inside the running event loop of one
process per machine.

The workers of `lms serve` and `lms worker` all ask; the one holding a lock file in the data folder
runs the jobs, the others ask again every minute, so one takes over within a minute of the
holder's end, even after kill -9 (the kernel drops the lock with the process). Replicas on other
machines each run their own; that is safe too, as the sweep claims rows atomically."""
import asyncio
import fcntl
import logging
import os
import sys

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from jinja2 import Environment

from lms import clock, orphans
from lms.courses import videos
from lms.integrations import webhooks, xapi
from lms.reminders import push
from lms.reminders.sweep import sweep
from lms.settings import Settings

log = logging.getLogger("lms.reminders")


RETRY_SECONDS = 60


class OneScheduler:
    """Runs the jobs while this process holds the lock; `stop` ends them and lets another take over."""

    def __init__(self, settings: Settings, templates: Environment):
        self.settings, self.templates = settings, templates
        self.running: AsyncIOScheduler | None = None
        self.lock = os.open(settings.data_dir / "scheduler.lock", os.O_RDWR | os.O_CREAT, 0o600)
        self.asking = asyncio.get_running_loop().create_task(self._ask())

    async def _ask(self) -> None:
        while True:
            try:
                fcntl.flock(self.lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                await asyncio.sleep(RETRY_SECONDS)
                continue
            self.running = _start(self.settings, self.templates)
            return

    def stop(self) -> None:
        self.asking.cancel()
        if self.running is not None:
            self.running.shutdown(wait=False)
        os.close(self.lock)  # releases the lock


def start(settings: Settings, templates: Environment) -> OneScheduler:
    """Call from inside the running loop (the app's lifespan or `lms worker`), never at import."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return OneScheduler(settings, templates)


def _start(settings: Settings, templates: Environment) -> AsyncIOScheduler:

    async def run() -> None:
        try:
            counts = await sweep(clock.now(), settings, templates)
        except Exception:  # noqa: BLE001 - one failed sweep must not stop the next
            log.exception("reminder sweep failed")
            return
        if any(counts.values()):
            log.info("reminder sweep: %s", counts)

    async def send_to_other_systems() -> None:
        for name, sweep_of in (("push", lambda now: push.sweep(now, settings)), ("webhook", webhooks.sweep),
                               ("xAPI", xapi.sweep)):
            try:
                counts = await sweep_of(clock.now())
            except Exception:  # noqa: BLE001 - one failed sweep must not stop the next, nor the other
                log.exception("%s sweep failed", name)
                continue
            if any(counts.values()):
                log.info("%s sweep: %s", name, counts)

    async def clean_files() -> None:
        try:
            removed = await orphans.clean()
        except Exception:  # noqa: BLE001 - tomorrow's run tries again
            log.exception("cleaning orphan files failed")
            return
        log.info("removed %s orphan file(s)", removed)

    async def convert_videos() -> None:
        """In a process of its own: converting is CPU work that would slow this worker's requests."""
        if not await videos.waiting(clock.now()):
            return
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "lms.cli", "videos", "run-once",
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        _, errors = await process.communicate()
        if process.returncode:
            log.error("video conversion failed: %s", errors.decode(errors="replace")[-2000:])

    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.add_job(run, "interval", minutes=1, id="reminder-sweep", max_instances=1, coalesce=True,
                      next_run_time=clock.now())
    scheduler.add_job(send_to_other_systems, "interval", minutes=1, id="outbound-sweep", max_instances=1,
                      coalesce=True, next_run_time=clock.now())
    scheduler.add_job(convert_videos, "interval", seconds=5, id="video-conversions", max_instances=1, coalesce=True,
                      next_run_time=clock.now())
    scheduler.add_job(clean_files, "cron", hour=3, minute=17, id="clean-files", max_instances=1, coalesce=True)
    scheduler.start()
    return scheduler
