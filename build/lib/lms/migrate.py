"""Apply Piccolo migrations of every app, on SQLite and PostgreSQL alike."""
from piccolo.apps.migrations.commands.forwards import run_forwards

from lms.db import engine, prepare_sqlite


async def migrate_all() -> None:
    await prepare_sqlite(engine())
    response = await run_forwards(app_name="all", migration_id="all", fake=False)
    if not response.success:
        raise RuntimeError(f"migrations failed: {response.message}")
