"""Hostile and broken job boards, on the local job-board server: each case once took a source,
a pass or the database down (Crawl-delay hangs, huge fields, deeply nested postings, redirects
that hide a missing board, a busy board that suddenly lists nothing)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

import scrapers.kinds.base
from archbot.scraping import Deadlines, SourceSummary, run_scrape
from scrapers import SourceSpec
from scrapers.urls import canonical_url
from store import Database, list_postings, recent_runs, source_health
from tests.conftest import FakeTime, base_urls, make_config
from tests.jobboard import Fault, JobBoard
from tests.scrape_setup import GREENHOUSE, register_all


async def scrape(
    db: Database, board: JobBoard, fake_time: FakeTime, sources: list[SourceSpec], **kw: Any
) -> dict[str, SourceSummary]:
    summaries = await run_scrape(
        db,
        sources,
        make_config(**kw.pop("config", {})),
        base_urls=base_urls(board),
        allow_loopback=True,
        clock=fake_time.clock,
        sleep=fake_time.sleep,
        **kw,
    )
    return {s.ref: s for s in summaries}


def statuses(db: Database) -> list[str]:
    return [r["status"] for r in recent_runs(db, limit=500)]


# ---- 1. Crawl-delay and deadlines ----


async def test_huge_crawl_delay_skips_the_host_without_waiting(
    db: Database, jobboard: JobBoard, fake_time: FakeTime
) -> None:
    register_all(jobboard)
    jobboard.robots = "User-agent: *\nCrawl-delay: 999999\n"
    result = await scrape(db, jobboard, fake_time, [SourceSpec("greenhouse", "acme")])
    summary = result["greenhouse:acme"]
    assert summary.status == "skipped"
    assert "Crawl-delay of 999999 s" in (summary.error or "")
    assert max(fake_time.sleeps, default=0.0) <= 60  # nothing waited for days
    assert jobboard.count(GREENHOUSE) == 0
    (run,) = recent_runs(db)
    assert run["status"] == "skipped"
    assert "Crawl-delay" in run["error"]


async def test_a_modest_crawl_delay_is_still_honoured(
    db: Database, jobboard: JobBoard, fake_time: FakeTime
) -> None:
    register_all(jobboard)
    jobboard.robots = "User-agent: *\nCrawl-delay: 30\n"
    sources = [SourceSpec("arbeitnow", "all")]  # two pages on one host
    result = await scrape(db, jobboard, fake_time, sources)
    assert result["arbeitnow:all"].status == "ok"
    assert max(fake_time.sleeps) == pytest.approx(30.0)


async def hanging_board(path: str) -> tuple[JobBoard, asyncio.Event]:
    """A second board (its own host:port, so it holds no other source's host slot) whose
    answer at `path` never comes until the returned gate is opened."""
    board = JobBoard()
    await board.start()
    route = board.add(path, "[]")
    route.gate = asyncio.Event()
    return board, route.gate


async def test_a_source_that_never_answers_hits_its_deadline(
    db: Database, fake_time: FakeTime
) -> None:
    board, gate = await hanging_board("/lever/mistral")
    spec = SourceSpec("lever", "mistral", None, {"base_url": f"{board.url}/lever"})
    try:
        result = await scrape(
            db,
            board,
            fake_time,
            [spec],
            limits=Deadlines(source=0.2, whole_pass=None),
            config={"read_timeout": 600, "total_timeout": 600},
        )
    finally:
        gate.set()
        await board.stop()
    assert result["lever:mistral"].status == "failed"
    assert "longer than the 0.2 s a source may take" in (result["lever:mistral"].error or "")
    (run,) = recent_runs(db)
    assert run["status"] == "failed"  # not left 'running'
    assert "0.2 s" in run["error"]


async def test_the_whole_pass_has_a_deadline(db: Database, fake_time: FakeTime) -> None:
    first, first_gate = await hanging_board("/lever/mistral")
    second, second_gate = await hanging_board("/ashby/cohere")
    sources = [
        SourceSpec("lever", "mistral", None, {"base_url": f"{first.url}/lever"}),
        SourceSpec("ashby", "cohere", None, {"base_url": f"{second.url}/ashby"}),
    ]
    try:
        result = await scrape(
            db,
            first,
            fake_time,
            sources,
            limits=Deadlines(source=None, whole_pass=0.2),
            config={"read_timeout": 600, "total_timeout": 600},
        )
    finally:
        first_gate.set()
        second_gate.set()
        await first.stop()
        await second.stop()
    for ref in ("lever:mistral", "ashby:cohere"):
        assert result[ref].status == "failed"
        assert "whole scrape passed its deadline" in (result[ref].error or "")
    assert statuses(db) == ["failed", "failed"]


# ---- 2. memory and field caps ----


async def test_huge_title_and_description_are_capped_before_storage(
    db: Database, jobboard: JobBoard, fake_time: FakeTime
) -> None:
    register_all(jobboard)
    data = json.loads(jobboard.routes[GREENHOUSE].body)
    data["jobs"][0]["title"] = "Senior AI Architect " * 400_000  # 8 MB
    data["jobs"][0]["content"] = "&lt;p&gt;" + "Design RAG systems. " * 500_000 + "&lt;/p&gt;"
    data["jobs"][0]["location"] = {"name": "Berlin " * 200_000}
    data["jobs"][1]["absolute_url"] = "https://boards.example/acme/" + "x" * 5_000
    jobboard.add(GREENHOUSE, json.dumps(data))
    result = await scrape(db, jobboard, fake_time, [SourceSpec("greenhouse", "acme")])
    assert result["greenhouse:acme"].status == "ok"
    stored = {p["source_id"]: p for p in list_postings(db)}
    big = stored[str(data["jobs"][0]["id"])]
    assert len(big["title"]) <= 300
    assert big["title"].startswith("Senior AI Architect Senior")
    assert len(big["description"]) <= 60_000
    assert big["description"].startswith("Design RAG systems.")
    assert all(len(place) <= 200 for place in big["locations"])
    # An over-long link is never cut into a well-formed wrong one: the board's page stands in.
    long_link = stored[str(data["jobs"][1]["id"])]["url"]
    assert len(long_link) <= 2048
    assert "x" * 100 not in long_link
    assert len(stored) == 4  # the other postings are untouched


async def test_huge_career_page_is_reduced_to_its_job_data(
    db: Database, jobboard: JobBoard, fake_time: FakeTime
) -> None:
    job = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": "Staff ML Engineer",
        "identifier": "p-1",
        "description": "<p>Serve &amp; evaluate LLMs</p>",
        "hiringOrganization": {"name": "Fjord"},
    }
    filler = "<div class='card'><span>lorem ipsum</span></div>" * 400_000  # ~18 MB
    page = (
        f"<html><head><title>Careers</title></head><body>{filler}"
        f'<script type="application/ld+json">{json.dumps(job)}</script></body></html>'
    )
    jobboard.add("/careers/big.html", page, "text/html")
    spec = SourceSpec("jsonld", f"{jobboard.url}/careers/big.html", "Fjord")
    result = await scrape(db, jobboard, fake_time, [spec])
    assert result[spec.ref].status == "ok", result[spec.ref].error
    (posting,) = list_postings(db)
    assert posting["title"] == "Staff ML Engineer"
    assert posting["description"] == "Serve & evaluate LLMs"


# ---- 3. one bad posting ----


def remoteok_with(extra: list[dict[str, Any]], good: int = 20) -> str:
    jobs: list[dict[str, Any]] = [{"legal": "API terms"}]
    for n in range(good):
        jobs.append(
            {
                "id": str(5000 + n),
                "position": f"ML Engineer {n}",
                "company": "Vectorly",
                "description": f"<p>Python and PyTorch, team {n}</p>",
                "url": f"https://remoteok.com/remote-jobs/{5000 + n}",
            }
        )
    return json.dumps(jobs + extra)


async def test_a_posting_nested_a_thousand_deep_does_not_fail_its_source(
    db: Database, jobboard: JobBoard, fake_time: FakeTime
) -> None:
    deep = "<div>" * 1000 + "<p>Agents &amp; evals</p>" + "</div>" * 1000
    nested = {"id": "9999", "position": "Deep Engineer", "description": deep, "url": ""}
    jobboard.add("/remoteok/api", remoteok_with([nested]))
    result = await scrape(db, jobboard, fake_time, [SourceSpec("remoteok", "all")])
    assert result["remoteok:all"].status == "ok", result["remoteok:all"].error
    stored = {p["title"]: p for p in list_postings(db)}
    assert len(stored) == 21
    assert stored["Deep Engineer"]["description"] == "Agents & evals"


async def test_a_posting_that_cannot_be_read_is_skipped_and_counted(
    db: Database, jobboard: JobBoard, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = canonical_url

    def fragile(url: str, base: str | None = None) -> str:
        if "poison" in url:
            raise RecursionError("maximum recursion depth exceeded")
        return real(url, base)

    monkeypatch.setattr(scrapers.kinds.base, "canonical_url", fragile)
    bad = {"id": "666", "position": "Poisoned", "url": "https://remoteok.com/poison"}
    jobboard.add("/remoteok/api", remoteok_with([bad]))
    result = await scrape(db, jobboard, fake_time, [SourceSpec("remoteok", "all")])
    summary = result["remoteok:all"]
    assert summary.status == "ok"
    assert (summary.seen, summary.skipped) == (20, 1)
    assert "posting 666: RecursionError" in (summary.warning or "")
    assert len(list_postings(db)) == 20
    (run,) = recent_runs(db)
    assert (run["status"], run["skipped"]) == ("ok", 1)


# ---- 7. a board that moved or emptied ----


async def test_weworkremotely_unknown_category_redirect_is_a_failure(
    db: Database, jobboard: JobBoard, fake_time: FakeTime
) -> None:
    register_all(jobboard)
    jobboard.add_fixture("/weworkremotely/remote-jobs.rss", "weworkremotely.rss")
    jobboard.add("/weworkremotely/categories/ai-jobs.rss", "", "application/rss+xml")
    jobboard.fail(
        "/weworkremotely/categories/ai-jobs.rss",
        Fault("moved", location="/weworkremotely/remote-jobs.rss"),
    )
    jobboard.add("/weworkremotely/categories/nope.rss", "", "application/rss+xml")
    jobboard.fail("/weworkremotely/categories/nope.rss", Fault("moved"))
    sources = [SourceSpec("weworkremotely", "ai-jobs"), SourceSpec("weworkremotely", "nope")]
    result = await scrape(db, jobboard, fake_time, sources)
    for ref in ("weworkremotely:ai-jobs", "weworkremotely:nope"):
        assert result[ref].status == "failed", ref
    assert "does not exist" in (result["weworkremotely:ai-jobs"].error or "")
    assert list_postings(db) == []  # the whole board's feed was not taken for the category


async def test_a_busy_board_that_suddenly_lists_nothing_is_a_warning(
    db: Database, jobboard: JobBoard, fake_time: FakeTime
) -> None:
    register_all(jobboard)
    source = [SourceSpec("lever", "mistral", "Mistral AI")]
    first = await scrape(db, jobboard, fake_time, source)
    assert first["lever:mistral"].warning is None
    jobboard.add("/lever/mistral", "[]")  # the employer moved to another board
    second = await scrape(db, jobboard, fake_time, source)
    summary = second["lever:mistral"]
    assert summary.status == "ok"
    assert "listed no postings, though 3 were open" in (summary.warning or "")
    (health,) = source_health(db)
    assert health.ref == "lever:mistral"
    assert health.problem is not None
    assert "stopped using this board" in health.problem
    third = await scrape(db, jobboard, fake_time, source)  # still empty: nothing new to say
    assert third["lever:mistral"].warning is None


async def test_source_health_reports_a_failing_streak(
    db: Database, jobboard: JobBoard, fake_time: FakeTime
) -> None:
    register_all(jobboard)
    source = [SourceSpec("greenhouse", "acme")]
    await scrape(db, jobboard, fake_time, source)
    for _ in range(2):
        jobboard.routes[GREENHOUSE].etag = None
        jobboard.fail(GREENHOUSE, Fault("status", status=404))
        await scrape(db, jobboard, fake_time, source)
    (health,) = source_health(db)
    assert health.failures == 2
    assert health.problem is not None
    assert "failed its last 2 runs in a row" in health.problem
    assert "404" in health.problem
