"""`archbot scrape` and `archbot sources` as an operator runs them (a child process), while
the database directory is deleted, the disk is full, or a board has gone quiet."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from store import list_postings, migrate, open_db, recent_runs
from tests.conftest import SETTING_NAMES
from tests.jobboard import JobBoard
from tests.scrape_setup import GREENHOUSE, register_all

ROOT = Path(__file__).resolve().parent.parent
SOURCES = """
[[sources]]
kind = "greenhouse"
key = "acme"

[[sources]]
kind = "lever"
key = "mistral"
company = "Mistral AI"

[[sources]]
kind = "ashby"
key = "cohere"
company = "Cohere"
"""


@dataclass
class Done:
    code: int
    out: str
    err: str


async def start_cli(board: JobBoard, db_path: Path, *args: str) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if k not in SETTING_NAMES}
    env.update(DATABASE_PATH=str(db_path), PYTHONPATH=str(ROOT), COLUMNS="200")
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.cli_child",
        board.url,
        *args,
        env=env,
        cwd=str(db_path.parent.parent),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def finish(process: asyncio.subprocess.Process) -> Done:
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode is not None
    return Done(process.returncode, out.decode(), err.decode())


async def run_cli(board: JobBoard, db_path: Path, *args: str) -> Done:
    return await finish(await start_cli(board, db_path, *args))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "sources.toml").write_text(SOURCES, encoding="utf-8")
    return folder


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    folder = tmp_path / "db"
    folder.mkdir()
    path = folder / "archbot.db"
    db = open_db(path)
    migrate(db)
    db.close()
    return path


async def test_database_directory_deleted_mid_scrape_fails_loudly(
    jobboard: JobBoard, data_dir: Path, db_file: Path
) -> None:
    register_all(jobboard)
    held = jobboard.routes["/lever/mistral"]
    held.gate = asyncio.Event()
    process = await start_cli(jobboard, db_file, "scrape", "--data-dir", str(data_dir))
    try:
        await asyncio.wait_for(held.arrived.wait(), timeout=60)
        shutil.rmtree(db_file.parent)  # the operator's disk clean-up, mid-scrape
    finally:
        held.gate.set()
    done = await finish(process)
    assert done.code == 1, done.out + done.err
    assert "Traceback" not in done.err
    assert "lever:mistral failed: the database file" in done.out
    assert "was deleted while scraping" in done.out
    lines = [line for line in done.out.splitlines() if "lever:mistral" in line]
    assert not any(" ok " in f" {line} " for line in lines if "failed" not in line)
    assert not db_file.parent.exists()


def inflate(board: JobBoard, path: str, jobs_key: str | None, field: str) -> None:
    """Long descriptions: their postings need new database pages, which a full disk refuses."""
    data = json.loads(board.routes[path].body)
    for job in data[jobs_key] if jobs_key else data:
        job[field] = "<p>" + "Design and run retrieval pipelines. " * 800 + "</p>"
    board.add(path, json.dumps(data))


async def test_a_full_disk_fails_cleanly_every_time_and_leaves_no_run_running(
    jobboard: JobBoard, data_dir: Path, db_file: Path
) -> None:
    register_all(jobboard)
    inflate(jobboard, GREENHOUSE, "jobs", "content")
    inflate(jobboard, "/lever/mistral", None, "description")
    for _ in range(2):
        done = await run_cli(
            jobboard,
            db_file,
            "--max-pages-growth",
            "0",
            "scrape",
            "--data-dir",
            str(data_dir),
        )
        assert done.code == 1, done.out + done.err
        assert "Traceback" not in done.out + done.err
        assert "database or disk is full" in done.out
    db = open_db(db_file)
    try:
        runs = recent_runs(db, limit=100)
        stored = {p["kind"] for p in list_postings(db)}
    finally:
        db.close()
    assert runs, "the runs themselves were recorded"
    assert "running" not in [r["status"] for r in runs]
    for run in runs:
        if run["status"] == "ok":  # never ok for postings that were not stored
            assert run["kind"] in stored, run
    failed = {r["kind"] for r in runs if r["status"] == "failed"}
    assert {"greenhouse", "lever"} <= failed
    assert not {"greenhouse", "lever"} & stored


async def test_sources_test_and_list_warn_about_a_board_gone_quiet(
    jobboard: JobBoard, data_dir: Path, db_file: Path
) -> None:
    register_all(jobboard)
    first = await run_cli(
        jobboard, db_file, "scrape", "--source", "lever:mistral", "--data-dir", str(data_dir)
    )
    assert first.code == 0, first.out + first.err
    jobboard.add("/lever/mistral", "[]")  # Lever keeps answering 200, with no jobs
    probe = await run_cli(
        jobboard, db_file, "sources", "test", "lever:mistral", "--data-dir", str(data_dir)
    )
    assert probe.code == 0, probe.out + probe.err
    assert "lever:mistral: ok, 1 request(s), 0 posting(s)" in probe.out
    assert "warning: lever:mistral lists no postings, though it had 3 before" in probe.out
    second = await run_cli(
        jobboard, db_file, "scrape", "--source", "lever:mistral", "--data-dir", str(data_dir)
    )
    assert "lever:mistral warning: listed no postings, though 3 were open" in second.out
    listing = await run_cli(jobboard, db_file, "sources", "list", "--data-dir", str(data_dir))
    assert listing.code == 0, listing.out + listing.err
    assert "warning: lever:mistral listed no postings" in listing.out
    assert "warning: greenhouse:acme" not in listing.out


async def test_sources_list_names_a_failing_source(
    jobboard: JobBoard, data_dir: Path, db_file: Path
) -> None:
    register_all(jobboard)
    jobboard.routes[GREENHOUSE].status = 404
    done = await run_cli(
        jobboard, db_file, "scrape", "--source", "greenhouse:acme", "--data-dir", str(data_dir)
    )
    assert done.code == 1
    listing = await run_cli(jobboard, db_file, "sources", "list", "--data-dir", str(data_dir))
    assert "warning: greenhouse:acme failed its last run" in listing.out
    assert "404" in listing.out
