"""One search across pages, documents and courses: ranked, filtered by what the actor may read
(before counting and paging), with the matching words highlighted in a snippet.

The ranking comes from the search engine's copy of the index when it is up to date (see
search_engine), else from the database's own full-text index."""
import re
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape
from piccolo.engine.sqlite import SQLiteEngine

from lms.db import engine
from lms.knowledge import search_engine
from lms.knowledge import space_access as access
from lms.knowledge.tables import SearchEntry, Space
from lms.pagination import PER_PAGE, Page, clamp_page
from lms.people.sessions import SignedIn

KINDS = ("page", "document", "course")
MAX_TERMS = 8
# Counting stops here: past it the page says "more than 1,000 results", as counting a word found in
# every one of 22,000 entries cost a third of the search.
MAX_COUNTED = 1000
SNIPPET = 240
TITLE_WEIGHT = 10.0
# What the actor may read: courses (no space), open spaces and their department's spaces; L&D reads
# every space that still exists.
EXISTING = "(e.space IS NULL OR e.space IN (SELECT s.id FROM space s))"
READABLE = ("(e.space IS NULL OR e.space IN (SELECT s.id FROM space s WHERE s.read_department IS NULL "
            "OR s.read_department = (SELECT p.department FROM employee p WHERE p.id = {})))")
SQLITE_MATCH = ("FROM search_fts JOIN search_entry e ON e.id = search_fts.rowid "
                "WHERE search_fts MATCH {} AND e.hidden = 0")
SQLITE_ORDER = f"bm25(search_fts, {TITLE_WEIGHT}, 1.0)"
# search_entry.words (PostgreSQL only, see the knowledge migrations): title words weigh A (1.0),
# body words D (0.1); normalisation 1 favours shorter texts. ts_rank, not ts_rank_cd: on 20,000
# pages and 2,000 long documents a word found everywhere ranks in 40 ms instead of 170 ms.
POSTGRES_MATCH = "FROM search_entry e WHERE e.words @@ to_tsquery('simple', {}) AND NOT e.hidden"
POSTGRES_ORDER = "ts_rank(e.words, to_tsquery('simple', {}), 1) DESC"


@dataclass(frozen=True)
class Result:
    kind: str
    ref: int
    space: int | None
    space_name: str
    title: Markup
    snippet: Markup


@dataclass(frozen=True)
class Found:
    """What the search page shows: the query as asked, its results and the spaces to filter by."""

    query: str
    kind: str
    space: int | None
    results: Page
    spaces: list[dict]

    @property
    def past_counting(self) -> bool:
        return self.results.total > MAX_COUNTED

    @property
    def counted_up_to(self) -> int:
        return MAX_COUNTED


def terms_of(query: str) -> list[str]:
    """Words only: nothing a user types reaches FTS5's or PostgreSQL's query syntax."""
    seen: list[str] = []
    for word in re.findall(r"[^\W_]+", query.casefold()):
        if word not in seen:
            seen.append(word[:50])
    return seen[:MAX_TERMS]


@lru_cache(maxsize=256)
def _words_starting_with(terms: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<!\w)((?:" + "|".join(map(re.escape, terms)) + r")\w*)", re.IGNORECASE)


def highlight(text: str, terms: list[str]) -> Markup:
    """Escapes every piece of the text, then wraps the words that start with a term in <mark>."""
    if not terms:
        return escape(text)
    # split() with the group keeps the words found at the odd places
    pieces = _words_starting_with(tuple(terms)).split(text)
    return Markup("".join(f"<mark>{escape(piece)}</mark>" if odd % 2 else escape(piece)
                          for odd, piece in enumerate(pieces)))


def snippet(body: str, terms: list[str]) -> str:
    """About SNIPPET characters of the body, cut at spaces, from a little before the first matching word.
    Only a window of the body around that word has its spaces tidied: documents are long."""
    found = _words_starting_with(tuple(terms)).search(body) if terms else None
    skipped = max(0, found.start() - SNIPPET) if found else 0
    window = body[skipped:skipped + 3 * SNIPPET]
    text = " ".join(window.split())
    found = _words_starting_with(tuple(terms)).search(text) if terms else None
    start = max(0, found.start() - SNIPPET // 3) if found else 0
    if start or skipped:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + SNIPPET)
    more = end < len(text) or skipped + len(window) < len(body)
    if more and text.rfind(" ", start, end) > start:
        end = text.rfind(" ", start, end)
    return ("… " if start or skipped else "") + text[start:end] + (" …" if more else "")


def _query(actor: SignedIn, terms: list[str], kind: str, space: int | None) -> tuple[str, str, list]:
    """The FROM … WHERE part, the ORDER BY expression and their arguments for this engine."""
    if isinstance(engine(), SQLiteEngine):
        where, order, args = SQLITE_MATCH, SQLITE_ORDER, [" ".join(f'"{t}"*' for t in terms)]
    else:
        where, order, args = POSTGRES_MATCH, POSTGRES_ORDER, [" & ".join(f"{t}:*" for t in terms)]
    if actor.is_admin:
        where += " AND " + EXISTING
    else:
        where += " AND " + READABLE
        args.append(actor.id)
    if kind in KINDS:
        where += " AND e.kind = {}"
        args.append(kind)
    if space is not None:
        where += " AND e.space = {}"
        args.append(space)
    return where, order, args


async def search(actor: SignedIn, query: str, kind: str = "", space: int | None = None, page: int = 1,
                 readable: list[dict] | None = None) -> Page:
    """A page of results, best first; rows are Result objects. `readable`: the actor's spaces, if known."""
    terms = terms_of(query)
    number = clamp_page(page)
    if not terms:
        return Page(rows=[], total=0, number=1)
    copy = await search_engine.ready()
    ranked = None
    if copy is not None:
        spaces = [search_engine.NO_SPACE, *(row["id"] for row in readable or await access.readable_spaces(actor))]
        ranked = await _ranked_by_engine(copy, terms, spaces, kind, space, number)
    total, rows = ranked or await _ranked_in_database(actor, terms, kind, space, number)
    names = await _space_names({row["space"] for row in rows if row["space"]})
    results = [Result(kind=row["kind"], ref=row["ref"], space=row["space"], space_name=names.get(row["space"], ""),
                      title=highlight(row["title"], terms), snippet=highlight(snippet(row["body"], terms), terms))
               for row in rows]
    return Page(rows=results, total=total, number=number)


async def _ranked_by_engine(copy: search_engine.Copy, terms: list[str], spaces: list[int], kind: str,
                            space: int | None, number: int) -> tuple[int, list[dict]] | None:
    try:
        total, ids = copy.ranked(terms, spaces, kind if kind in KINDS else "", space, PER_PAGE, (number - 1) * PER_PAGE)
    except ValueError:  # tantivy refused the query: the database answers it
        search_engine.log.exception("The search index copy could not answer %r", terms)
        return None
    if not ids:
        return min(total, MAX_COUNTED + 1), []
    found = {row["id"]: row for row in await SearchEntry.select(
        SearchEntry.id, SearchEntry.kind, SearchEntry.ref, SearchEntry.space, SearchEntry.title, SearchEntry.body,
        SearchEntry.hidden).where(SearchEntry.id.is_in(ids))}
    # what the copy found, as the database has it now: a row hidden or moved since is left out
    rows = [found[entry] for entry in ids
            if entry in found and not found[entry]["hidden"] and (found[entry]["space"] or 0) in spaces]
    return min(total, MAX_COUNTED + 1), rows


async def _ranked_in_database(actor: SignedIn, terms: list[str], kind: str, space: int | None,
                              number: int) -> tuple[int, list[dict]]:
    where, order, args = _query(actor, terms, kind, space)
    total = (await Space.raw(f"SELECT COUNT(*) AS n FROM (SELECT 1 {where} LIMIT {MAX_COUNTED + 1}) AS found",
                             *args))[0]["n"]
    order_args = [] if isinstance(engine(), SQLiteEngine) else [args[0]]
    rows = await Space.raw(f"SELECT e.kind, e.ref, e.space, e.title, e.body {where} ORDER BY {order}, e.id "
                           f"LIMIT {PER_PAGE} OFFSET {(number - 1) * PER_PAGE}", *args, *order_args)
    return total, rows


async def _space_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {row["id"]: row["name"] for row in await Space.select(Space.id, Space.name).where(Space.id.is_in(list(ids)))}


async def search_page(actor: SignedIn, query: str, kind: str = "", space: int | None = None, page: int = 1) -> Found:
    kind = kind if kind in KINDS else ""
    readable = await access.readable_spaces(actor)
    return Found(query=query, kind=kind, space=space, results=await search(actor, query, kind, space, page, readable),
                 spaces=readable)
