"""End to end: run_scrape against the local job board, with faults, restarts and a crash."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from archbot import scraping
from archbot.scraping import SourceSummary, run_scrape
from scrapers import SourceSpec
from store import Database, list_postings, open_db, recent_runs
from tests.conftest import FakeTime, base_urls, make_config
from tests.jobboard import Fault, JobBoard
from tests.scrape_setup import EXPECTED, GREENHOUSE, register_all


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
    return {s.ref.split(":", 1)[0]: s for s in summaries}


def open_count(db: Database, kind: str) -> int:
    return len(list_postings(db, kind=kind))


async def test_every_kind_end_to_end(db: Database, jobboard: JobBoard, fake_time: FakeTime) -> None:
    sources = register_all(jobboard)
    result = await scrape(db, jobboard, fake_time, sources)
    for kind, expected in EXPECTED.items():
        summary = result[kind]
        assert summary.status == "ok", (kind, summary.error)
        assert summary.new == expected, kind
        assert open_count(db, kind) == expected
    assert result["arbeitnow"].pages == 2
    assert result["hn_whoishiring"].pages == 2
    assert result["jsonld"].pages == 3
    assert result["smartrecruiters"].pages == 2
    detail = [p for p in list_postings(db, kind="smartrecruiters") if "Spark" in p["description"]]
    assert len(detail) == 1  # the detail page refined its list entry
    remoteok = list_postings(db, kind="remoteok")
    assert all("Remote OK" in p["attribution"] for p in remoteok)
    runs = recent_runs(db)
    assert len(runs) == len(sources)
    assert {r["status"] for r in runs} == {"ok"}


async def test_second_run_is_unchanged_or_touched(
    db: Database, jobboard: JobBoard, fake_time: FakeTime
) -> None:
    sources = register_all(jobboard)
    await scrape(db, jobboard, fake_time, sources)
    again = await scrape(db, jobboard, fake_time, sources)
    assert again["greenhouse"].status == "unchanged"  # ETag -> 304, nothing parsed
    assert jobboard.headers_seen[-1] is not None
    for kind, summary in again.items():
        assert (summary.new, summary.updated, summary.closed) == (0, 0, 0), kind
    assert open_count(db, "greenhouse") == 4  # a 304 closes nothing


async def test_changed_and_missing_postings(
    db: Database, jobboard: JobBoard, fake_time: FakeTime
) -> None:
    sources = register_all(jobboard)[:1]
    await scrape(db, jobboard, fake_time, sources)
    data = json.loads(jobboard.routes[GREENHOUSE].body)
    data["jobs"] = [j for j in data["jobs"] if j["id"] != 4004]
    data["jobs"][2]["title"] = "AI Solutions Architect II"
    jobboard.add(GREENHOUSE, json.dumps(data), etag=True)
    result = await scrape(db, jobboard, fake_time, sources)
    assert (result["greenhouse"].updated, result["greenhouse"].closed) == (1, 1)
    titles = sorted(p["title"] for p in list_postings(db))
    assert "AI Solutions Architect II" in titles
    assert "Lead Generation Specialist" not in titles


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (Fault("truncate"), "invalid JSON"),
        (Fault("html"), "HTML"),
        (Fault("status", status=404), "404"),
        (Fault("huge", size=3_000_000), "abandoned"),
        (Fault("redirect", location="http://10.0.0.7/jobs"), "non-public"),
    ],
)
async def test_broken_board_closes_nothing(
    db: Database, jobboard: JobBoard, fake_time: FakeTime, fault: Fault, message: str
) -> None:
    sources = register_all(jobboard)[:2]
    await scrape(db, jobboard, fake_time, sources)
    jobboard.routes[GREENHOUSE].etag = None  # force a full fetch that then breaks
    jobboard.fail(GREENHOUSE, fault)
    result = await scrape(db, jobboard, fake_time, sources, config={"max_bytes": 1_000_000})
    assert result["greenhouse"].status == "failed"
    assert message in (result["greenhouse"].error or "")
    assert open_count(db, "greenhouse") == 4  # the last good postings are kept
    assert result["lever"].status == "ok"  # one failing source never stops the others
    failed = [r for r in recent_runs(db) if r["status"] == "failed"]
    assert len(failed) == 1
    assert failed[0]["finished_at"] is not None


async def test_unknown_board_404_is_recorded(
    db: Database, jobboard: JobBoard, fake_time: FakeTime
) -> None:
    result = await scrape(db, jobboard, fake_time, [SourceSpec("greenhouse", "nosuch")])
    assert result["greenhouse"].status == "failed"
    assert "404" in (result["greenhouse"].error or "")
    (run,) = recent_runs(db)
    assert (run["status"], run["closed"]) == ("failed", 0)


async def test_robots_disallow_is_a_failed_source(
    db: Database, jobboard: JobBoard, fake_time: FakeTime
) -> None:
    register_all(jobboard)
    jobboard.robots = "User-agent: *\nDisallow: /lever/\n"
    result = await scrape(db, jobboard, fake_time, [SourceSpec("lever", "mistral")])
    assert result["lever"].status == "failed"
    assert "robots.txt" in (result["lever"].error or "")
    assert jobboard.count("/lever/mistral") == 0


async def test_retries_inside_a_run(db: Database, jobboard: JobBoard, fake_time: FakeTime) -> None:
    sources = register_all(jobboard)[:1]
    jobboard.fail(
        GREENHOUSE, Fault("status", status=503), Fault("status", status=429, retry_after="30")
    )
    result = await scrape(db, jobboard, fake_time, sources)
    assert result["greenhouse"].status == "ok"
    assert max(fake_time.sleeps) >= 30


async def test_remotive_allowance_survives_a_restart(
    db_path: Path, db: Database, jobboard: JobBoard, fake_time: FakeTime
) -> None:
    register_all(jobboard)
    source = [SourceSpec("remotive", "software-dev", None, {"calls_per_day": 1})]
    first = await scrape(db, jobboard, fake_time, source)
    assert first["remotive"].status == "ok"
    restarted = open_db(db_path)
    try:
        second = await scrape(restarted, jobboard, fake_time, source)
    finally:
        restarted.close()
    assert second["remotive"].status == "skipped"
    assert "allowance" in (second["remotive"].error or "")
    assert jobboard.count("/remotive/api/remote-jobs") == 1
    assert open_count(db, "remotive") == 2  # skipping closes nothing


async def test_dry_run_stores_nothing(
    db: Database, jobboard: JobBoard, fake_time: FakeTime
) -> None:
    sources = register_all(jobboard)[:3]
    result = await scrape(db, jobboard, fake_time, sources, dry_run=True)
    assert [s.status for s in result.values()] == ["ok"] * 3
    assert result["greenhouse"].seen == 4
    assert list_postings(db) == []
    assert recent_runs(db) == []


class Crash(BaseException):
    """Stands in for the process dying mid-write (not an Exception: nothing catches it)."""


async def test_crash_mid_run_leaves_consistent_data(
    db: Database, jobboard: JobBoard, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = register_all(jobboard)
    real = scraping.link_duplicates  # type: ignore[attr-defined]

    def crash_on_lever(db_: Database, ids: list[int], now: Any) -> int:
        rows = {p["id"]: p["kind"] for p in list_postings(db_)}
        if any(rows.get(i) == "lever" for i in ids):
            raise Crash
        return real(db_, ids, now)

    monkeypatch.setattr(scraping, "link_duplicates", crash_on_lever)
    with pytest.raises(Crash):
        await scrape(db, jobboard, fake_time, sources)
    assert open_count(db, "lever") == 0  # its transaction rolled back whole
    for kind, expected in EXPECTED.items():
        assert open_count(db, kind) in {0, expected}, kind  # all of a source or nothing
    monkeypatch.setattr(scraping, "link_duplicates", real)
    later = datetime.now(UTC) + timedelta(hours=3)  # the restarted process, some time later
    result = await scrape(db, jobboard, fake_time, sources, now=lambda: later)
    assert {k: s.status for k, s in result.items() if s.status not in {"ok", "unchanged"}} == {}
    rows = list_postings(db, include_closed=True)
    keys = [(r["kind"], r["key"], r["source_id"]) for r in rows]
    assert len(keys) == len(set(keys)) == sum(EXPECTED.values())
    statuses = [r["status"] for r in recent_runs(db, limit=100)]
    assert "running" not in statuses
    assert "abandoned" in statuses


async def test_write_error_is_recorded_and_others_go_on(
    db: Database, jobboard: JobBoard, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = register_all(jobboard)[:2]
    real = scraping.close_missing  # type: ignore[attr-defined]

    def broken(db_: Database, kind: str, key: str, seen: Any, now: Any) -> int:
        if kind == "greenhouse":
            raise RuntimeError("disk full")
        return real(db_, kind, key, seen, now)

    monkeypatch.setattr(scraping, "close_missing", broken)
    result = await scrape(db, jobboard, fake_time, sources)
    assert result["greenhouse"].status == "failed"
    assert "disk full" in (result["greenhouse"].error or "")
    assert open_count(db, "greenhouse") == 0
    assert result["lever"].status == "ok"


async def test_unknown_kind_is_a_failed_source(
    db: Database, jobboard: JobBoard, fake_time: FakeTime
) -> None:
    result = await scrape(db, jobboard, fake_time, [SourceSpec("myspace", "x")])
    assert result["myspace"].status == "failed"
    assert "unknown source kind" in (result["myspace"].error or "")


async def test_cancelling_a_run_leaves_nothing_running(
    db: Database, jobboard: JobBoard, fake_time: FakeTime
) -> None:
    import asyncio

    sources = register_all(jobboard)
    held = jobboard.routes["/lever/mistral"]
    held.gate = asyncio.Event()  # never opened: Lever is still in flight when we cancel
    task = asyncio.ensure_future(scrape(db, jobboard, fake_time, sources))
    await asyncio.wait_for(held.arrived.wait(), timeout=10)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    held.gate.set()  # let the board finish the abandoned request so it can shut down
    left = [
        t for t in asyncio.all_tasks() if getattr(t.get_coro(), "__name__", "") == "_one_source"
    ]
    assert left == []  # no source task outlives the cancelled run
    for kind, expected in EXPECTED.items():
        assert open_count(db, kind) in {0, expected}, kind


async def test_scrape_configured_uses_settings_and_file(
    db: Database, jobboard: JobBoard, tmp_path: Path
) -> None:
    from archbot.scraping import scrape_configured
    from archbot.settings import load_settings

    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "sources.toml").write_text(
        '[[sources]]\nkind = "greenhouse"\nkey = "acme"\n'
        f'settings = {{ base_url = "{jobboard.url}/greenhouse" }}\n'
        '[[sources]]\nkind = "lever"\nkey = "off"\nenabled = false\n',
        encoding="utf-8",
    )
    settings = load_settings(None)
    # production refuses loopback: the configured run fails cleanly and records why
    (summary,) = await scrape_configured(settings, db, data_dir=folder)
    assert summary.ref == "greenhouse:acme"
    assert summary.status == "failed"
    assert "non-public" in (summary.error or "")


@pytest.mark.parametrize(
    ("kind", "key"),
    [("recruitee", "evil.example#"), ("greenhouse", "../../admin"), ("personio", "a b")],
)
async def test_keys_that_would_bend_urls_are_refused(
    db: Database, jobboard: JobBoard, fake_time: FakeTime, kind: str, key: str
) -> None:
    result = await scrape(db, jobboard, fake_time, [SourceSpec(kind, key)])
    assert result[kind].status == "failed"
    assert "not a valid" in (result[kind].error or "")
    assert jobboard.hits == []
