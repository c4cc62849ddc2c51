"""Wiring only: APScheduler runs the sweep every minute, and cleans orphan files nightly, inside the
running event loop.

Every process that starts it sweeps; that is safe, as the sweep claims rows atomically."""
import logging

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from jinja2 import Environment

from lms import clock, orphans
from lms.reminders.sweep import sweep
from lms.settings import Settings

log = logging.getLogger("lms.reminders")


def start(settings: Settings, templates: Environment) -> AsyncIOScheduler:
    """Call from inside the running loop (the app's lifespan or `lms worker`), never at import."""

    async def run() -> None:
        try:
            counts = await sweep(clock.now(), settings, templates)
        except Exception:  # noqa: BLE001 - one failed sweep must not stop the next
            log.exception("reminder sweep failed")
            return
        if any(counts.values()):
            log.info("reminder sweep: %s", counts)

    async def clean_files() -> None:
        try:
            removed = await orphans.clean()
        except Exception:  # noqa: BLE001 - tomorrow's run tries again
            log.exception("cleaning orphan files failed")
            return
        log.info("removed %s orphan file(s)", removed)

    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.add_job(run, "interval", minutes=1, id="reminder-sweep", max_instances=1, coalesce=True,
                      next_run_time=clock.now())
    scheduler.add_job(clean_files, "cron", hour=3, minute=17, id="clean-files", max_instances=1, coalesce=True)
    scheduler.start()
    return scheduler
