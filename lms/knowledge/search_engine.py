"""Search results ranked by tantivy, an embedded search engine (Rust, Lucene's design), from a copy of
search_entry kept on each machine under LMS_DATA_DIR.

search_entry stays the record: it is written in the transaction of the page, document or course it
describes, and the database's own full-text index answers whenever this copy is not ready. The copy
is there for speed: the database ranks every match before it returns the first 25 (a word found in
all 22,000 entries of a large wiki costs 100 to 200 ms), tantivy keeps only the best as it goes.

How the copy stays true: every write to search_entry gives its rows and the one SearchState row a new
random stamp. A process about to search compares the database's stamp with the one the copy was made
at; when they differ it updates the copy with the rows whose stamps differ (new, changed or gone),
holding tantivy's writer lock, which one process at a time can hold (the others search in SQL
meanwhile). The copy's stamps are written beside it after tantivy's commit: a kill -9 between the two
only means the next update does the same work again."""
import asyncio
import json
import logging
import os
import shutil
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import tantivy
from tantivy import Filter, Occur, Query, TextAnalyzerBuilder, Tokenizer

from lms.knowledge.tables import SearchEntry
from lms.settings import load_settings

FOLDER = "search-index-2"  # a new schema or analyser takes a new number, so an older copy is never read
IN_REQUEST = 500  # entries a search may bring up to date itself; a larger change is made in the background
BATCH = 500
WRITER_HEAP = 15_000_000  # bytes tantivy buffers before it writes a segment (its least; a worker stays small)
NO_SPACE = 0  # courses belong to no space
TITLE_WEIGHT = 10.0
# A word that only starts with what was typed ("proc" for "procedure") scores this much, in the
# title ten times more: below any whole word, so whole words come first.
PREFIX_SCORE = 0.05
STAMPS = "stamps.json"
log = logging.getLogger(__name__)
# The words of a text as the database's FTS5 index sees them: split at anything but letters and
# digits, lower case, without accents ("ideeën" is "ideeen"). Words of up to 255 bytes are kept: a
# search term (at most 50 characters) is never dropped, however long a Dutch compound gets.
WORDS = TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.remove_long(255)).filter(
    Filter.lowercase()).filter(Filter.ascii_fold()).build()


class Busy(Exception):
    """Another process is updating the copy."""


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True)
    builder.add_integer_field("space", indexed=True)
    builder.add_text_field("kind", tokenizer_name="raw")
    builder.add_text_field("title", tokenizer_name="words")
    builder.add_text_field("body", tokenizer_name="words")
    return builder.build()


@dataclass
class Copy:
    """The copy of search_entry in one folder, as this process last read it."""

    folder: Path
    index: tantivy.Index
    stamp: int | None = None  # the database's stamp the copy was made at; None: never made
    stamps: dict[int, int] = field(default_factory=dict)  # entry id: the stamp of the version in the copy

    def catch_up(self) -> None:
        """Reads what another process wrote to the copy since this one last looked (only when the
        database's stamp differs from this one's, so the file's size never matters per search)."""
        try:
            saved = json.loads((self.folder / STAMPS).read_text())
            stamp, stamps = saved["stamp"], {int(key): value for key, value in saved["entries"].items()}
        except FileNotFoundError:
            return
        except (ValueError, KeyError, AttributeError, TypeError):  # unreadable: the next update compares every entry
            stamp, stamps = None, {}
        if (stamp, stamps) != (self.stamp, self.stamps):
            self.stamp, self.stamps = stamp, stamps
            self.index.reload()

    def save_stamps(self, stamp: int, stamps: dict[int, int]) -> None:
        """After tantivy's commit, in one rename: a reader sees the old stamps or the new, never half."""
        part = self.folder / f"{STAMPS}.{os.getpid()}"
        part.write_text(json.dumps({"stamp": stamp, "entries": stamps}))
        os.replace(part, self.folder / STAMPS)
        self.stamp, self.stamps = stamp, stamps
        self.index.reload()

    def ranked(self, terms: list[str], spaces: list[int], kind: str, space: int | None, limit: int,
               offset: int) -> tuple[int, list[int]]:
        """How many entries in these spaces (NO_SPACE for courses) hold every term, and the ids of the
        best `limit` after `offset`. Each term counts as a whole word or as the start of one."""
        schema = self.index.schema
        words = [word for term in terms for word in WORDS.analyze(term)]
        if not words or not spaces:
            return 0, []
        clauses = [(Occur.Must, _word(schema, word)) for word in words]
        clauses.append((Occur.Must, Query.term_set_query(schema, "space", spaces)))
        if kind:
            clauses.append((Occur.Must, Query.term_query(schema, "kind", kind)))
        if space is not None:
            clauses.append((Occur.Must, Query.term_query(schema, "space", space)))
        searcher = self.index.searcher()
        found = searcher.search(Query.boolean_query(clauses), limit=limit, count=True, offset=offset)
        return found.count, [searcher.doc(address)["id"][0] for _, address in found.hits]


def _word(schema: tantivy.Schema, word: str) -> Query:
    starting = word + ".*"  # analysed words are letters and digits only: nothing in them means regex
    return Query.boolean_query([
        (Occur.Should, Query.boost_query(Query.term_query(schema, "title", word), TITLE_WEIGHT)),
        (Occur.Should, Query.term_query(schema, "body", word)),
        (Occur.Should, Query.const_score_query(Query.regex_query(schema, "title", starting),
                                               PREFIX_SCORE * TITLE_WEIGHT)),
        (Occur.Should, Query.const_score_query(Query.regex_query(schema, "body", starting), PREFIX_SCORE)),
    ])


def folder() -> Path:
    return load_settings().data_dir / FOLDER


@lru_cache(maxsize=4)
def _open(where: Path) -> Copy:
    where.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(_schema(), path=str(where), reuse=True)
    index.register_tokenizer("words", WORDS)
    copy = Copy(where, index)
    copy.catch_up()
    return copy


def open_copy(where: Path | None = None) -> Copy | None:
    """The copy in this folder, or None (logged) when it cannot be read: the database answers then,
    and `lms reindex` makes the copy again."""
    try:
        return _open(where or folder())
    except (OSError, ValueError):
        log.exception("The search index copy cannot be opened; searching in the database (`lms reindex` remakes it)")
        return None


async def database_stamp() -> int:
    rows = await SearchEntry.raw("SELECT stamp FROM search_state")
    return rows[0]["stamp"] if rows else 0


async def ready(where: Path | None = None) -> Copy | None:
    """The copy, as true as the database, or None when the database must answer this search."""
    copy = open_copy(where)
    if copy is None:
        return None
    stamp = await database_stamp()
    if copy.stamp != stamp:
        copy.catch_up()
    if copy.stamp == stamp:
        return copy
    try:
        await update(copy, most=IN_REQUEST)
    except Busy:
        return None
    except TooMuch:
        _update_in_background(copy)
        return None
    except Exception:  # a full disk, a damaged copy: the database answers, the log says why
        log.exception("Updating the search index copy failed; searching in the database")
        return None
    return copy


class TooMuch(Exception):
    """More has changed than a search waits for."""


_background: set[asyncio.Task] = set()


def _update_in_background(copy: Copy) -> None:
    if _background:
        return

    async def quietly() -> None:
        try:
            await update(copy)
        except Busy:
            pass
        except Exception:
            log.exception("Updating the search index copy failed; searching in the database meanwhile")

    task = asyncio.get_running_loop().create_task(quietly())
    _background.add(task)
    task.add_done_callback(_background.discard)


async def update(copy: Copy, most: int | None = None) -> int:
    """Brings the copy up to the database's stamp; returns how many entries it changed. Raises Busy
    when another process holds the writer, TooMuch when more than `most` entries differ."""
    try:
        writer = copy.index.writer(heap_size=WRITER_HEAP, num_threads=1)
    except ValueError as error:  # LockBusy: another process (or task) is writing
        raise Busy() from error
    try:
        copy.catch_up()  # the last writer's work, now that no one else writes
        if copy.stamp is None:  # never made, or its stamps were lost: what the index holds is unknown
            writer.delete_all_documents()
        # one statement, so the entries and the stamp are read from the same moment
        now = {row["id"]: row["stamp"] for row in await SearchEntry.raw(
            "SELECT id, stamp FROM search_entry UNION ALL SELECT -1 AS id, stamp FROM search_state")}
        stamp = now.pop(-1, 0)
        changed = [entry for entry, version in now.items() if copy.stamps.get(entry) != version]
        gone = [entry for entry in copy.stamps if entry not in now]
        if most is not None and len(changed) + len(gone) > most:
            raise TooMuch()
        stamps = {entry: version for entry, version in copy.stamps.items() if entry in now}
        for start in range(0, len(changed), BATCH):
            batch = changed[start:start + BATCH]
            rows = await SearchEntry.select(
                SearchEntry.id, SearchEntry.kind, SearchEntry.space, SearchEntry.title, SearchEntry.body,
                SearchEntry.hidden, SearchEntry.stamp).where(SearchEntry.id.is_in(batch))
            await asyncio.to_thread(_write, writer, batch, rows)
            stamps.update({row["id"]: row["stamp"] for row in rows})
            gone += [entry for entry in set(batch) - {row["id"] for row in rows}]  # deleted since the first read
        for entry in gone:
            writer.delete_documents_by_term("id", entry)
            stamps.pop(entry, None)
        if changed or gone or copy.stamp is None:
            await asyncio.to_thread(writer.commit)
        copy.save_stamps(stamp, stamps)
        return len(changed) + len(gone)
    finally:
        await asyncio.to_thread(writer.wait_merging_threads)  # and lets go of the lock


def _write(writer: tantivy.IndexWriter, ids: list[int], rows: list[dict]) -> None:
    for entry in ids:
        writer.delete_documents_by_term("id", entry)
    for row in rows:
        if not row["hidden"]:
            writer.add_document(tantivy.Document(id=row["id"], space=row["space"] or NO_SPACE, kind=row["kind"],
                                                 title=row["title"], body=row["body"]))


async def remake() -> int:
    """Brings the copy up to date for `lms reindex`, starting it again if it cannot be read; returns how
    many entries it knows."""
    copy = open_copy()
    if copy is None:
        _open.cache_clear()
        shutil.rmtree(folder(), ignore_errors=True)
        copy = open_copy()
    if copy is None:
        raise RuntimeError(f"The search index copy cannot be made in {folder()}")
    await update(copy)
    return len(copy.stamps)
