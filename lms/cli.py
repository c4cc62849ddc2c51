"""The `lms` command: serve, migrate, demo, reindex, backup, restore, user create, import-people."""
import asyncio
import getpass
import os
import sys
from pathlib import Path

import click

from lms.settings import SettingsError, load_settings


def _cores() -> int:
    """The CPU cores this process may use (its affinity on Linux), at least one."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _run(coro):
    return asyncio.run(coro)


def _say(counts: dict, nothing: str = "") -> None:
    """A sweep's outcome on one line: "delivered: 3, retry: 1"."""
    click.echo(", ".join(f"{name}: {count}" for name, count in counts.items()) or nothing)


@click.group()
def main() -> None:
    """lms: learning management with a knowledge wiki."""
    try:
        load_settings()
    except SettingsError as error:
        raise click.ClickException(str(error)) from None


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=lambda: _cores(), show_default="one per CPU core", type=click.IntRange(min=1))
def serve(host: str, port: int, workers: int) -> None:
    """Serve the web app with uvicorn, in WORKERS processes (the scheduler runs in one of them)."""
    from lms import serving

    click.echo(f"lms is running at http://{host}:{port}/  (Ctrl+C stops it)")
    serving.serve(host, port, workers)


@main.command()
def migrate() -> None:
    """Apply every pending database migration."""
    from lms.migrate import migrate_all

    _run(migrate_all())
    click.echo("The database is up to date.")


@main.command()
def demo() -> None:
    """Load the demo organisation (running it twice changes nothing)."""
    from lms.migrate import migrate_all
    from lms.courses.demo import load_demo_catalogue
    from lms.knowledge.demo import load_demo_knowledge
    from lms.knowledge.demo_documents import load_demo_documents
    from lms.reminders.demo import load_demo_reminders
    from lms.people.demo import DEMO_PASSWORD, load_demo
    from lms.competencies.demo import load_demo_competencies
    from lms.reports.demo import load_demo_reports

    async def go():
        await migrate_all()
        logins = await load_demo()
        await load_demo_catalogue()
        await load_demo_competencies()
        await load_demo_reports()
        await load_demo_knowledge()
        await load_demo_reminders()
        await load_demo_documents()
        return logins

    logins = _run(go())
    click.echo("Demo organisation loaded. Sign in with:")
    for role, email in logins.items():
        click.echo(f"  {role:<10} {email}")
    click.echo(f"  password   {DEMO_PASSWORD}  (the same for every demo account)")


@main.command()
def reindex() -> None:
    """Rebuild the search index of pages, documents and courses, and this machine's copy of it."""
    from lms.knowledge.search import reindex_all
    from lms.knowledge.search_engine import remake

    async def both() -> tuple[int, int]:
        return await reindex_all(), await remake()

    entries, copied = _run(both())
    click.echo(f"The search index is rebuilt: {entries} entries, {copied} of them in this machine's copy.")


async def _with_pool(work):
    """Runs work with PostgreSQL's connection pool open (a no-op on SQLite)."""
    from piccolo.engine.postgres import PostgresEngine

    from lms.db import engine, no_more_to_reset

    db = engine()
    if isinstance(db, PostgresEngine):
        await db.start_connection_pool(min_size=1, max_size=5, reset=no_more_to_reset)
    try:
        return await work()
    finally:
        if isinstance(db, PostgresEngine):
            await db.close_connection_pool()


@main.command()
def worker() -> None:
    """Run the reminder sweep every minute, without the web app."""
    from lms.reminders import scheduler
    from lms.web.templating import environment

    async def forever():
        scheduler.start(load_settings(), environment())
        click.echo("lms worker: sweeping reminders every minute, unless another lms process on this machine "
                   "already does (Ctrl+C stops it)")
        await asyncio.Event().wait()

    try:
        _run(_with_pool(forever))
    except KeyboardInterrupt:
        pass


@main.command("clean-files")
def clean_files() -> None:
    """Remove uploaded files no record refers to (an hour old or more); the app also does it nightly."""
    from lms import orphans

    removed = _run(_with_pool(orphans.clean))
    click.echo(f"Removed {removed} file(s) no record refers to.")


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
def backup(folder: Path) -> None:
    """Copy the database, then the uploaded files, into FOLDER (new or empty), while the app runs."""
    from lms import backup as backups

    try:
        made = backups.backup(load_settings(), folder)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up the {made['database']} database and {made['files']} file(s) into {folder}.")


@main.command()
@click.argument("folder", type=click.Path(path_type=Path, exists=True, file_okay=False))
def restore(folder: Path) -> None:
    """Bring back a backup made by lms backup, into an lms with no data yet."""
    from lms import backup as backups

    try:
        made = backups.restore(load_settings(), folder)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored the backup of {made['made_at']} ({made['files']} file(s)). Run lms migrate, then lms serve.")


@main.group()
def reminders() -> None:
    """Reminders and impact check-ins."""


@reminders.command("run-once")
def reminders_run_once() -> None:
    """Run one reminder sweep now (for cron)."""
    from lms import clock
    from lms.reminders.sweep import sweep
    from lms.web.templating import environment

    counts = _run(_with_pool(lambda: sweep(clock.now(), load_settings(), environment())))
    _say(counts)


@main.group()
def push() -> None:
    """Reminders pushed to the browsers people turned push notifications on in."""


@push.command("run-once")
def push_run_once() -> None:
    """Push what is due now (for cron; the scheduler does it every minute)."""
    from lms import clock
    from lms.reminders import push as pushing

    counts = _run(_with_pool(lambda: pushing.sweep(clock.now(), load_settings())))
    _say(counts, "nothing to push")


@main.group()
def webhooks() -> None:
    """Events sent to other systems."""


@webhooks.command("run-once")
def webhooks_run_once() -> None:
    """Find new events and send what is due now (for cron, or to try a receiver)."""
    from lms import clock
    from lms.integrations.webhooks import sweep

    counts = _run(_with_pool(lambda: sweep(clock.now())))
    _say(counts)


@main.group("storage")
def storage_commands() -> None:
    """Where uploaded files are kept."""


@storage_commands.command("migrate")
def storage_migrate() -> None:
    """Copy the files on this disk into the object storage LMS_STORAGE=s3 names, checking each."""
    from lms.storage import ObjectStorage, copy_to_bucket, storage, stored_keys

    bucket = storage()
    if not isinstance(bucket, ObjectStorage):
        raise click.ClickException("Set LMS_STORAGE=s3 and the LMS_S3_* settings first: there is no bucket to copy to.")

    async def go():
        keys = await stored_keys(bucket.disk)
        with click.progressbar(length=len(keys), label="Copying", file=sys.stderr) as bar:
            return await copy_to_bucket(bucket.disk, bucket, keys, bar.update)

    counts = _run(go())
    _say(counts)
    if counts["failed"]:
        raise click.ClickException("Some files did not arrive whole: run the command again.")


@main.group()
def xapi() -> None:
    """Statements sent to the Learning Record Store L&D connected."""


@xapi.command("run-once")
def xapi_run_once() -> None:
    """Find new learning and send what is due now (for cron, or to try the store)."""
    from lms import clock
    from lms.integrations.xapi import sweep

    counts = _run(_with_pool(lambda: sweep(clock.now())))
    _say(counts)


@main.group()
def videos() -> None:
    """Uploaded videos, converted to play on every phone."""


@videos.command("run-once")
def videos_run_once() -> None:
    """Convert every video waiting for it, then stop (the scheduler runs this every few seconds)."""
    from lms.courses.videos import sweep

    counts = _run(_with_pool(sweep))
    _say(counts, "nothing to convert")


@main.group()
def user() -> None:
    """Manage accounts."""


@user.command("create")
@click.option("--email", required=True)
@click.option("--first-name", required=True)
@click.option("--last-name", required=True)
@click.option("--role", type=click.Choice(["employee", "manager", "admin"]), default="employee", show_default=True)
@click.option("--password", help="Asked for when left out.")
def user_create(email: str, first_name: str, last_name: str, role: str, password: str | None) -> None:
    """Create an account, for example the first L&D admin."""
    from lms.forms import Form, FieldError
    from lms.people.accounts import EmployeeInput, create_employee
    from lms.people.forms import password_form

    password = password or getpass.getpass("Password (at least 10 characters): ")
    form = Form({"email": email, "first_name": first_name, "last_name": last_name, "password": password,
                 "password_confirm": password})
    data = EmployeeInput(email=form.email("email", "--email"), first_name=form.text("first_name", "--first-name"),
                         last_name=form.text("last_name", "--last-name"), role=role, department=None,
                         job_profile=None, manager=None, job_title="", hire_date=None)
    _, password_check = password_form(form.data, data.email, (data.first_name, data.last_name))
    if not form.ok or not password_check.ok:
        raise click.ClickException(" ".join([*form.errors.values(), *password_check.errors.values()]))
    try:
        employee_id = _run(create_employee(data, password))
    except FieldError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Created {data.email} ({role}), id {employee_id}.")


@main.command("import-people")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_people(file: Path) -> None:
    """Import or update people from an HR export (CSV)."""
    from lms.people import importer
    from lms.reminders import notify

    raw = file.read_bytes()

    async def go():
        checked = await importer.preview(raw)
        if not checked.ok:
            return checked
        with click.progressbar(length=len(checked.rows), label="Importing", file=sys.stderr) as bar:
            result = await importer.apply(raw, progress=bar.update)
        await notify.invited(await importer.new_people(result))  # the sweep mails them
        return result

    result = _run(go())
    if result.file_error:
        raise click.ClickException(result.file_error)
    if not result.ok:
        for row in result.rows:
            if row.errors:
                click.echo(f"line {row.line}: {' '.join(row.errors)}", err=True)
        raise click.ClickException(f"{result.error_count} rows have errors; nothing was imported.")
    updated = len(result.rows) - result.new_count
    click.echo(f"Imported {len(result.rows)} people: {result.new_count} new, {updated} updated. "
               "The new people get an e-mail to set their password.")


if __name__ == "__main__":
    main()
