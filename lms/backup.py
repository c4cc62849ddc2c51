"""A consistent copy of a running lms, and bringing it back.

The database is copied first (SQLite's online backup API, or pg_dump), then the uploaded files.
In that order every file a copied row names is in the copy, as a file is written before its row;
a file whose row came later is an orphan the nightly clean-up removes."""
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import urlparse

from lms import clock
from lms.settings import Settings

DATABASE_FILE = "lms.sqlite3"
DUMP_FILE = "lms.pgdump"
FILES = "files"
MANIFEST = "backup.json"


class BackupError(Exception):
    """Why a backup or restore cannot go on, said so the operator knows what to do."""


def _sqlite_file(settings: Settings) -> Path:
    return Path(urlparse(settings.database_url).path)


def _copy_sqlite(source: Path, target: Path) -> None:
    """Page by page while writers go on; the copy is the database as it was at one moment."""
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)
    original.close()
    copy.close()


def _run(command: list[str], advice: str) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed here. {advice}")
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[:500]}")


def _copy_files(source: Path, target: Path) -> int:
    if not source.exists():
        target.mkdir(parents=True)
        return 0
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.partial"))
    return sum(1 for path in target.rglob("*") if path.is_file())


def backup(settings: Settings, target: Path) -> dict:
    """Copies the database, then the uploaded files, into target (a new or empty folder)."""
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: give each backup a new folder.")
    target.mkdir(parents=True, exist_ok=True)
    if settings.is_sqlite:
        _copy_sqlite(_sqlite_file(settings), target / DATABASE_FILE)
    else:
        dump = target / DUMP_FILE
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", settings.database_url],
             "Install PostgreSQL's client tools of the server's version, or dump from the database "
             f"container: docker compose exec db pg_dump -U lms -Fc lms > {dump}, then copy "
             f"{settings.data_dir / FILES} to {target / FILES}.")
    manifest = {"made_at": clock.now().isoformat(), "database": "sqlite" if settings.is_sqlite else "postgresql",
                # files in a bucket are the bucket's to keep (versioning, replication): only the database here
                "files": "in object storage" if settings.s3 else _copy_files(settings.data_dir / FILES, target / FILES)}
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return manifest


def restore(settings: Settings, source: Path) -> dict:
    """Brings a backup into an lms with no data yet: an empty data folder, and an empty database."""
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError):
        raise BackupError(f"{source} holds no backup made by lms backup ({MANIFEST} is missing).") from None
    wanted = "sqlite" if settings.is_sqlite else "postgresql"
    if manifest.get("database") != wanted:
        raise BackupError(f"This is a {manifest.get('database')} backup; LMS_DATABASE_URL names {wanted}.")
    files = settings.data_dir / FILES
    if files.exists() and any(files.iterdir()):
        raise BackupError(f"{files} already holds files: restore into a new LMS_DATA_DIR.")
    if settings.is_sqlite:
        database = _sqlite_file(settings)
        if database.exists() and database.stat().st_size:
            raise BackupError(f"{database} already exists: restore into a new LMS_DATA_DIR.")
        database.parent.mkdir(parents=True, exist_ok=True)
        _copy_sqlite(source / DATABASE_FILE, database)
    else:
        _run(["pg_restore", "--no-owner", "--single-transaction", "--exit-on-error",
              f"--dbname={settings.database_url}", str(source / DUMP_FILE)],
             "Install PostgreSQL's client tools of the server's version, or restore in the database "
             f"container: docker compose exec -T db pg_restore -U lms -d lms --no-owner < {source / DUMP_FILE}.")
    if files.exists():
        files.rmdir()
    shutil.copytree(source / FILES, files)
    return manifest
