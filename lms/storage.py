"""Files people upload and files the server makes (video renditions, unpacked SCORM packages), behind
one interface: the local disk (the default) or S3-compatible object storage (LMS_STORAGE=s3: AWS S3,
MinIO, Ceph, Scaleway, OVH...) through obstore, the Python face of Rust's object_store.

Keys are chosen by the server (a random name under a folder per kind); a user's file name never
becomes a path. An upload is received into a local scratch file first (its type read from its first
bytes, its size counted as it comes), then added: renamed on disk, or put into the bucket. Work that
needs a file on disk (reading a video, unpacking a zip, extracting text) asks for `local(key)`;
serving reads byte ranges with `read`."""
import asyncio
import os
import re
import secrets
import shutil
import time
import unicodedata
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

import filetype
import obstore
from obstore.store import S3Store

from lms.settings import Settings, load_settings

CHUNK = 256 * 1024
SCRATCH = "scratch"  # files being written by the server; always on the local disk
PUTS_AT_ONCE = 16


class TooLarge(Exception):
    pass


class WrongType(Exception):
    pass


@dataclass(frozen=True)
class Stored:
    key: str
    size: int
    media_type: str


def checked(key: str) -> str:
    """A key as the server makes them, or FileNotFoundError: no empty, dot or dot-dot part, no NUL, no
    backslash, so a key from a URL cannot name another folder's file on any backend."""
    parts = key.split("/")
    if not key or "\x00" in key or "\\" in key or any(part in ("", ".", "..") for part in parts):
        raise FileNotFoundError(key)
    return key


class Files:
    """What both backends share: receiving an upload into a checked scratch file."""

    def __init__(self, disk_root: Path):
        self.disk_root = disk_root

    def scratch(self, extension: str) -> Path:
        """A path on the local disk for a file the server is writing; an unfinished one is cleaned up
        like any orphan."""
        folder = self.disk_root / SCRATCH
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{secrets.token_hex(16)}.{extension}"

    async def save(self, chunks: AsyncIterator[bytes], folder: str, allowed: dict[str, str],
                   max_bytes: int) -> Stored:
        """Streams an upload to a scratch file, checking its type from the first bytes and its size as
        it goes, then adds it; a refused or cut-off upload leaves no file behind."""
        partial = self.scratch("part")
        size, media_type = 0, ""
        try:
            with partial.open("wb") as out:
                async for chunk in chunks:
                    if not media_type:
                        media_type = _check_type(chunk, allowed)
                    size += len(chunk)
                    if size > max_bytes:
                        raise TooLarge
                    out.write(chunk)
            if not media_type:
                raise WrongType
            named = partial.with_suffix(f".{allowed[media_type]}")
            os.replace(partial, named)
            try:
                return Stored(key=await self.add_file(named, folder), size=size, media_type=media_type)
            finally:
                named.unlink(missing_ok=True)  # moved or put by now, unless that failed
        finally:
            partial.unlink(missing_ok=True)

    async def save_bytes(self, data: bytes, folder: str, allowed: dict[str, str]) -> Stored:
        async def one_chunk():
            yield data

        return await self.save(one_chunk(), folder, allowed, max_bytes=len(data))

    async def add_file(self, path: Path, folder: str) -> str:
        """Moves a file (or a folder) the server wrote into `folder`; returns its key."""
        raise NotImplementedError


def _check_type(head: bytes, allowed: dict[str, str]) -> str:
    kind = filetype.guess(head)
    if kind is None or kind.mime not in allowed:
        raise WrongType
    return kind.mime


class LocalStorage(Files):
    def __init__(self, root: Path):
        super().__init__(root)
        self.root = root

    def path(self, key: str) -> Path:
        path = (self.root / checked(key)).resolve()
        if self.root.resolve() not in path.parents:
            raise FileNotFoundError(key)
        return path

    async def add_file(self, path: Path, folder: str) -> str:
        (self.root / folder).mkdir(parents=True, exist_ok=True)
        key = f"{folder}/{path.name}"
        os.replace(path, self.root / key)
        return key

    async def size(self, key: str) -> int:
        path = self.path(key)
        if not path.is_file():
            raise FileNotFoundError(key)
        return path.stat().st_size

    async def read(self, key: str, start: int, end: int) -> AsyncIterator[bytes]:
        """Bytes start to end (both included)."""
        with self.path(key).open("rb") as f:
            f.seek(start)
            left = end - start + 1
            while left > 0 and (chunk := f.read(min(CHUNK, left))):
                left -= len(chunk)
                yield chunk

    @asynccontextmanager
    async def local(self, key: str):
        """The file on disk, to read (never to change)."""
        path = self.path(key)
        if not path.is_file():
            raise FileNotFoundError(key)
        yield path

    async def rename(self, key: str, new_key: str) -> None:
        os.replace(self.path(key), self.path(new_key))

    async def delete(self, key: str) -> None:
        """Removes a file, or a folder the server unpacked (a SCORM package)."""
        if not key:
            return
        path = self.path(key)
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)

    async def files_older_than(self, seconds: float) -> list[str]:
        """Keys of the files (unfinished uploads too) last written more than `seconds` ago."""
        if not self.root.exists():
            return []
        cutoff = time.time() - seconds
        return [path.relative_to(self.root).as_posix() for path in self.root.rglob("*")
                if path.is_file() and path.stat().st_mtime < cutoff]


class ObjectStorage(Files):
    """A bucket in S3-compatible object storage; scratch files stay on the local disk.

    obstore's blocking calls run in threads: its async ones left a process to abort at exit now and
    then (a Rust runtime torn down under the interpreter), which its blocking ones never did."""

    def __init__(self, store: S3Store, disk: LocalStorage):
        super().__init__(disk.root)
        self.store, self.disk = store, disk

    async def add_file(self, path: Path, folder: str) -> str:
        key = f"{folder}/{path.name}"
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        names = [key if file == path else f"{key}/{file.relative_to(path).as_posix()}" for file in files]
        for start in range(0, len(files), PUTS_AT_ONCE):  # a package's thousands of small files
            await asyncio.gather(*(asyncio.to_thread(self.put_file, file, name)
                                   for file, name in zip(files[start:start + PUTS_AT_ONCE], names[start:])))
        shutil.rmtree(path) if path.is_dir() else path.unlink()
        return key

    def put_file(self, file: Path, key: str) -> None:
        with file.open("rb") as content:
            obstore.put(self.store, key, content)

    async def size(self, key: str) -> int:
        return (await asyncio.to_thread(obstore.head, self.store, checked(key)))["size"]

    async def read(self, key: str, start: int, end: int) -> AsyncIterator[bytes]:
        found = await asyncio.to_thread(obstore.get, self.store, checked(key), options={"range": (start, end + 1)})
        chunks = iter(found.stream(min_chunk_size=CHUNK))
        while (chunk := await asyncio.to_thread(next, chunks, None)) is not None:
            yield bytes(chunk)

    @asynccontextmanager
    async def local(self, key: str):
        """A copy on the local disk, removed afterwards."""
        copy = self.scratch(PurePosixPath(key).suffix.lstrip(".") or "bin")
        try:
            size = await self.size(key)
            with copy.open("wb") as out:
                if size:
                    async for chunk in self.read(key, 0, size - 1):
                        out.write(chunk)
            yield copy
        finally:
            copy.unlink(missing_ok=True)

    async def rename(self, key: str, new_key: str) -> None:
        await asyncio.to_thread(obstore.rename, self.store, checked(key), checked(new_key))

    async def delete(self, key: str) -> None:
        """Removes an object, or every object under it (an unpacked package)."""
        if not key:
            return
        if key.startswith(f"{SCRATCH}/"):
            await self.disk.delete(key)
            return
        await asyncio.to_thread(self._delete, checked(key))

    def _delete(self, key: str) -> None:
        inside = [meta["path"] for batch in obstore.list(self.store, prefix=f"{key}/") for meta in batch]
        for start in range(0, len(inside), 1000):
            obstore.delete(self.store, inside[start:start + 1000])
        try:
            obstore.delete(self.store, key)
        except FileNotFoundError:
            pass

    async def files_older_than(self, seconds: float) -> list[str]:
        cutoff = time.time() - seconds
        stored = await asyncio.to_thread(lambda: [meta["path"] for batch in obstore.list(self.store) for meta in batch
                                                  if meta["last_modified"].timestamp() < cutoff])
        return stored + await self.disk.files_older_than(seconds)


async def stored_keys(disk: LocalStorage) -> list[str]:
    """Every file kept on the local disk, scratch files aside."""
    return [key for key in await disk.files_older_than(-1) if not key.startswith(f"{SCRATCH}/")]


async def copy_to_bucket(disk: LocalStorage, bucket: ObjectStorage, keys: list[str],
                         progress=lambda step: None) -> dict[str, int]:
    """Copies these files (stored_keys) from the local disk into the bucket and checks each by
    reading its size back; a file the bucket already holds with the same size is left as it is, so
    running it again after an interruption carries on. Local files stay: remove them once the app
    runs on the bucket. Returns how many were copied, already there, and failed."""
    counts = {"copied": 0, "already there": 0, "failed": 0}
    for key in keys:
        size = await disk.size(key)
        try:
            there = await bucket.size(key) == size
        except FileNotFoundError:
            there = False
        if not there:
            await asyncio.to_thread(bucket.put_file, disk.path(key), key)
        outcome = "already there" if there else "copied" if await bucket.size(key) == size else "failed"
        counts[outcome] += 1
        progress(1)
    return counts


def storage() -> LocalStorage | ObjectStorage:
    return _storage(load_settings())


@lru_cache(maxsize=4)
def _storage(settings: Settings) -> LocalStorage | ObjectStorage:
    disk = LocalStorage(settings.data_dir / "files")
    if settings.s3 is None:
        return disk
    s3 = settings.s3
    store = S3Store(s3.bucket, endpoint=s3.endpoint or None, region=s3.region, access_key_id=s3.access_key,
                    secret_access_key=s3.secret_key, client_options={"allow_http": s3.endpoint.startswith("http:")})
    return ObjectStorage(store, disk)


def ascii_slug(text: str, fallback: str) -> str:
    """ASCII letters, digits and dashes only, at most 60 (é becomes e): a file name part that no
    browser or file system misreads."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")[:60].strip("-") or fallback
