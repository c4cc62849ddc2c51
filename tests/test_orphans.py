"""Files no record refers to (an upload killed half-way) are removed once an hour old, by a command
and the nightly job; files in use and uploads still under way stay."""
import asyncio
import os
import re
import subprocess
import sys
import time

from lms import orphans
from lms.courses.tables import Course
from lms.storage import storage

HOUR = 3600


def file_at(key: str, age_seconds: float) -> None:
    path = storage().root / key
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    moment = time.time() - age_seconds
    os.utime(path, (moment, moment))


async def test_old_orphans_go_and_everything_else_stays(course):
    await Course.update({Course.cover: "covers/in-use.png"}).where(Course.id == course["course"].id)
    file_at("covers/in-use.png", 2 * HOUR)
    file_at("videos/killed-upload.webm", 2 * HOUR)
    file_at("videos/.0123abcd.part", 2 * HOUR)  # the half-written file of a killed upload
    file_at("videos/uploading-now.webm", 60)  # its row may come any moment
    removed = await asyncio.gather(orphans.clean(), orphans.clean(), orphans.clean())  # replicas at once
    assert sum(removed) >= 2
    left = {p.relative_to(storage().root).as_posix() for p in storage().root.rglob("*") if p.is_file()}
    assert {"covers/in-use.png", "videos/uploading-now.webm"} <= left
    assert not left & {"videos/killed-upload.webm", "videos/.0123abcd.part"}


async def test_lms_clean_files_from_the_command_line(org):
    file_at("certificates/lost.pdf", 2 * HOUR)
    done = subprocess.run([sys.executable, "-m", "lms.cli", "clean-files"], capture_output=True, text=True,
                          env=os.environ, timeout=120)
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"Removed \d+ file\(s\) no record refers to\.\n", done.stdout)
    assert not (storage().root / "certificates/lost.pdf").exists()
