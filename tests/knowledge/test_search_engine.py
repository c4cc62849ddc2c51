"""The search engine's copy of the index (tantivy): it answers the search page once it is as true as
the database, follows every save at once, never shows what the searcher may not read, and stays
whole with three processes updating it together or one killed with SIGKILL half-way."""
import asyncio
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from lms.knowledge import search_engine, search_results
from lms.knowledge.search import index_page
from lms.knowledge.tables import Page, SearchEntry
from tests.knowledge.documents_fixtures import make_page, make_spaces
from tests.knowledge.test_search import indexed_page, titles


@pytest.fixture
async def spaces(org):
    return await make_spaces(org)


@pytest.fixture
def engine_only(monkeypatch):
    """The database's own ranking is out of reach: whatever the page shows, the copy found."""
    async def refused(*args):
        raise AssertionError("the database ranked this search")

    monkeypatch.setattr(search_results, "_ranked_in_database", refused)


async def copy_is_true() -> bool:
    copy = search_engine.open_copy()
    copy.catch_up()
    entries = {row["id"]: row["stamp"] for row in await SearchEntry.select(SearchEntry.id, SearchEntry.stamp)}
    return copy.stamp == await search_engine.database_stamp() and copy.stamps == entries


async def test_the_copy_answers_and_ranks_a_title_above_a_body_above_a_long_document(as_charlie, spaces, engine_only):
    filler = "The canteen opens at eight and the car park closes at seven. " * 80
    await indexed_page(spaces["open"], "Site rules", filler + "Evacuation drills twice a year. " + filler)
    await indexed_page(spaces["open"], "Canteen", "Lunch is served at noon. After an evacuation we meet outside.")
    await indexed_page(spaces["open"], "Evacuation", "Leave by the stairs and go to the assembly point.")
    page = await as_charlie.get("/knowledge/search?q=evacuation")
    assert titles(page) == ["Evacuation", "Canteen", "Site rules"] and "3 results" in page.text
    assert await copy_is_true()


async def test_a_word_is_found_from_its_start_and_without_its_accents(as_charlie, spaces, engine_only):
    await indexed_page(spaces["open"], "Ideeënbus", "Drop your ideas in the box.")
    await indexed_page(spaces["open"], "Procedures", "How we work.")
    assert titles(await as_charlie.get("/knowledge/search?q=ideeen")) == ["Ideeënbus"]
    assert titles(await as_charlie.get("/knowledge/search?q=proc")) == ["Procedures"]
    assert titles(await as_charlie.get("/knowledge/search?q=proc+how")) == ["Procedures"]  # every word must match
    assert titles(await as_charlie.get("/knowledge/search?q=proc+why")) == []


async def test_every_save_is_seen_by_the_next_search(as_charlie, spaces, engine_only):
    page = await indexed_page(spaces["open"], "Forklift licence", "Renew it every five years.")
    assert titles(await as_charlie.get("/knowledge/search?q=forklift")) == ["Forklift licence"]
    await Page.update({Page.title: "Reach truck licence"}).where(Page.id == page)
    await index_page(page)
    assert titles(await as_charlie.get("/knowledge/search?q=forklift")) == []
    assert titles(await as_charlie.get("/knowledge/search?q=reach")) == ["Reach truck licence"]
    await Page.update({Page.space: spaces["hr"]}).where(Page.id == page)  # moved where Charlie may not read
    await index_page(page)
    assert titles(await as_charlie.get("/knowledge/search?q=reach")) == []
    await Page.delete().where(Page.id == page)
    await index_page(page)
    assert titles(await as_charlie.get("/knowledge/search?q=licence")) == []
    assert await copy_is_true()


async def test_paging_counting_and_the_space_filter_are_exact(as_charlie, as_alice, spaces, engine_only):
    await indexed_page(spaces["hr"], "Salary bands", "Confidential salary bands.")
    for number in range(30):
        await indexed_page(spaces["open"], f"Salary slip {number}", "Where to find your salary slip.")
    first = await as_charlie.get("/knowledge/search?q=salary")
    second = await as_charlie.get("/knowledge/search?q=salary&page=2")
    assert "30 results" in first.text and len(set(titles(first) + titles(second))) == 30
    assert "Salary bands" not in first.text + second.text
    assert titles(await as_charlie.get(f"/knowledge/search?q=salary&space={spaces['hr']}")) == []
    assert titles(await as_alice.get(f"/knowledge/search?q=salary&space={spaces['hr']}")) == ["Salary bands"]
    assert titles(await as_charlie.get("/knowledge/search?q=salary&kind=document")) == []


async def test_a_large_change_is_copied_in_the_background_while_the_database_answers(as_charlie, spaces,
                                                                                      monkeypatch):
    monkeypatch.setattr(search_engine, "IN_REQUEST", 3)
    await as_charlie.get("/knowledge/search?q=anything")  # the copy is as true as the empty index
    for number in range(8):
        await indexed_page(spaces["open"], f"Ladder {number}", "Check the feet.")
    page = await as_charlie.get("/knowledge/search?q=ladder")
    assert "8 results" in page.text  # from the database: the copy is 8 entries behind
    await asyncio.gather(*search_engine._background)
    assert await copy_is_true()


async def test_a_copy_that_lost_its_stamps_does_the_work_again_without_doubles(as_charlie, spaces, engine_only):
    """A kill -9 between tantivy's commit and the stamps file leaves the copy ahead of its stamps."""
    await indexed_page(spaces["open"], "Hearing protection", "Wear it near the press.")
    await as_charlie.get("/knowledge/search?q=hearing")
    before = (search_engine.folder() / search_engine.STAMPS).read_text()
    await indexed_page(spaces["open"], "Hearing test", "Once a year.")
    assert len(titles(await as_charlie.get("/knowledge/search?q=hearing"))) == 2
    for lost in (before, before[:10]):  # the commit made it, the stamps did not; or they are not even readable
        (search_engine.folder() / search_engine.STAMPS).write_text(lost)
        search_engine._open.cache_clear()  # as after a restart
        assert sorted(titles(await as_charlie.get("/knowledge/search?q=hearing"))) == ["Hearing protection",
                                                                                        "Hearing test"]
        assert await copy_is_true()


async def test_a_copy_that_cannot_be_written_leaves_the_search_to_the_database(as_charlie, spaces, monkeypatch):
    await as_charlie.get("/knowledge/search?q=anything")
    await indexed_page(spaces["open"], "Fire doors", "Keep them closed.")

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(search_engine, "_write", disk_full)
    page = await as_charlie.get("/knowledge/search?q=fire")
    assert page.status_code == 200 and titles(page) == ["Fire doors"]  # from the database
    assert not await copy_is_true()
    monkeypatch.undo()
    assert titles(await as_charlie.get("/knowledge/search?q=fire")) == ["Fire doors"]
    assert await copy_is_true()


UPDATE = textwrap.dedent("""
    import asyncio, os, sys
    from lms.knowledge import search_engine

    async def main():
        if sys.argv[1] == "stall":  # stop for good after the first batch is in tantivy's hands
            write = search_engine._write
            def write_then_stall(*args):
                write(*args)
                print("writing", flush=True)
                import time; time.sleep(600)
            search_engine._write = write_then_stall
        try:
            print("changed", await search_engine.update(search_engine.open_copy()), flush=True)
        except search_engine.Busy:
            print("busy", flush=True)

    asyncio.run(main())
""")


def updater(mode: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", UPDATE, mode], stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ), cwd=os.getcwd())


async def many_pages(space: int, count: int) -> None:
    for number in range(count):
        await make_page(space, f"Shift handover {number}", "Note what is running and what is not. " * 50)
    from lms.knowledge.search import reindex_all
    await reindex_all()


async def test_three_processes_update_the_copy_at_once_and_it_ends_whole(as_charlie, spaces, engine_only):
    await many_pages(spaces["open"], 600)
    processes = [updater("run") for _ in range(3)]
    outcomes = [(await asyncio.to_thread(process.communicate, timeout=120))[0].split()[0] for process in processes]
    assert all(process.returncode == 0 for process in processes)
    assert "changed" in outcomes  # one wrote; the others found it busy, or nothing left to do
    assert await copy_is_true()
    assert "600 results" in (await as_charlie.get("/knowledge/search?q=handover")).text


async def test_an_update_killed_half_way_is_finished_by_the_next(as_charlie, spaces, engine_only):
    await many_pages(spaces["open"], 900)  # two batches: killed after the first
    stalled = updater("stall")
    assert await asyncio.to_thread(stalled.stdout.readline) == "writing\n"
    with pytest.raises(search_engine.Busy):  # it holds the writer
        await search_engine.update(search_engine.open_copy())
    os.kill(stalled.pid, signal.SIGKILL)
    stalled.wait()
    assert await search_engine.update(search_engine.open_copy()) >= 900  # the lock died with it
    assert await copy_is_true()
    assert "900 results" in (await as_charlie.get("/knowledge/search?q=handover")).text


async def test_a_long_compound_is_found_and_lost_stamps_leave_no_deleted_entry_behind(as_charlie, spaces,
                                                                                        engine_only):
    await search_engine.update(search_engine.open_copy())  # whatever an earlier test left in the copy is gone
    compound = "arbeidsongevallenverzekeringsmaatschappijdossierbeheer"  # 54 letters
    await indexed_page(spaces["open"], f"De {compound}", "Wie beheert het dossier.")
    gone = await indexed_page(spaces["open"], "Dossier archief", "Het oude dossier.")
    assert titles(await as_charlie.get(f"/knowledge/search?q={compound}")) == [f"De {compound}"]
    assert len(titles(await as_charlie.get("/knowledge/search?q=dossier"))) == 2
    (search_engine.folder() / search_engine.STAMPS).write_text("not json")
    await Page.delete().where(Page.id == gone)
    await index_page(gone)
    search_engine._open.cache_clear()  # as after a restart
    found = await as_charlie.get("/knowledge/search?q=dossier")
    assert titles(found) == [f"De {compound}"] and "1 result" in found.text
