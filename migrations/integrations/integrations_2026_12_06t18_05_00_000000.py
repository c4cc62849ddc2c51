"""An event is delivered once per webhook. Hand-written: a unique index over two columns."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-06T18:05:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "one delivery per webhook and event"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="integrations", description=DESCRIPTION)

    async def unique_events():
        await engine_finder().run_ddl("CREATE UNIQUE INDEX IF NOT EXISTS webhook_delivery_event "
                                      "ON webhook_delivery (webhook, event_key)")

    manager.add_raw(unique_events)
    return manager
