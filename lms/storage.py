"""Uploaded files, behind one small interface so object storage can replace the local disk.

Keys are chosen by the server (a random name under a folder per kind); a user's file name
never becomes a path."""
import os
import re
import secrets
import shutil
import time
import unicodedata
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import filetype

from lms.settings import load_settings

CHUNK = 256 * 1024


class TooLarge(Exception):
    pass


class WrongType(Exception):
    pass


@dataclass(frozen=True)
class Stored:
    key: str
    size: int
    media_type: str


class LocalStorage:
    def __init__(self, root: Path):
        self.root = root

    def path(self, key: str) -> Path:
        if "\x00" in key:  # no file name holds a NUL byte; resolve() would raise instead of saying so
            raise FileNotFoundError(key)
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise FileNotFoundError(key)
        return path

    async def save(self, chunks: AsyncIterator[bytes], folder: str, allowed: dict[str, str],
                   max_bytes: int) -> Stored:
        """Streams an upload to disk, checking its type from the first bytes and its size as it
        goes; a refused or cut-off upload leaves no file behind."""
        folder_path = self.root / folder
        folder_path.mkdir(parents=True, exist_ok=True)
        partial = folder_path / f".{secrets.token_hex(8)}.part"
        size, media_type = 0, ""
        try:
            with partial.open("wb") as out:
                async for chunk in chunks:
                    if not media_type:
                        media_type = self._check_type(chunk, allowed)
                    size += len(chunk)
                    if size > max_bytes:
                        raise TooLarge
                    out.write(chunk)
            if not media_type:
                raise WrongType
            key = f"{folder}/{secrets.token_hex(16)}.{allowed[media_type]}"
            os.replace(partial, self.root / key)
            return Stored(key=key, size=size, media_type=media_type)
        finally:
            partial.unlink(missing_ok=True)

    async def save_bytes(self, data: bytes, folder: str, allowed: dict[str, str]) -> Stored:
        async def one_chunk():
            yield data

        return await self.save(one_chunk(), folder, allowed, max_bytes=len(data))

    @staticmethod
    def _check_type(head: bytes, allowed: dict[str, str]) -> str:
        kind = filetype.guess(head)
        if kind is None or kind.mime not in allowed:
            raise WrongType
        return kind.mime

    def scratch(self, extension: str) -> Path:
        """A path for a file the server is writing (a video rendition), inside the files' folder so
        adding it is a rename; an unfinished one is cleaned up like any orphan."""
        folder = self.root / "scratch"
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{secrets.token_hex(16)}.{extension}"

    def add_file(self, path: Path, folder: str) -> str:
        """Moves a file (or a folder) the server wrote into `folder`; returns its key."""
        (self.root / folder).mkdir(parents=True, exist_ok=True)
        key = f"{folder}/{path.name}"
        os.replace(path, self.root / key)
        return key

    def size(self, key: str) -> int:
        return self.path(key).stat().st_size

    def files_older_than(self, seconds: float) -> list[str]:
        """Keys of the files (unfinished uploads too) last written more than `seconds` ago."""
        if not self.root.exists():
            return []
        cutoff = time.time() - seconds
        return [path.relative_to(self.root).as_posix() for path in self.root.rglob("*")
                if path.is_file() and path.stat().st_mtime < cutoff]

    def delete(self, key: str) -> None:
        """Removes a file, or a folder the server unpacked (a SCORM package)."""
        if not key:
            return
        path = self.path(key)
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def storage() -> LocalStorage:
    return LocalStorage(load_settings().data_dir / "files")


def ascii_slug(text: str, fallback: str) -> str:
    """ASCII letters, digits and dashes only, at most 60 (é becomes e): a file name part that no
    browser or file system misreads."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")[:60].strip("-") or fallback
