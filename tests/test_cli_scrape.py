"""`archbot scrape`, `archbot sources list|add|remove|test` through the real CLI, against the
local job board (loopback allowed through the test seam `client_options`, never the env)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from archbot.cli import cli
from archbot.commands import scrape as scrape_module
from store import list_postings, open_db
from tests.conftest import FakeTime, base_urls
from tests.jobboard import JobBoard
from tests.scrape_setup import register_all

SOURCES = """
[[sources]]
kind = "greenhouse"
key = "acme"

[[sources]]
kind = "lever"
key = "mistral"
company = "Mistral AI"
"""


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "sources.toml").write_text(SOURCES, encoding="utf-8")
    return folder


@pytest.fixture
def runner(db_path: Path, monkeypatch: pytest.MonkeyPatch, jobboard_thread: JobBoard) -> CliRunner:
    monkeypatch.setenv("DATABASE_PATH", str(db_path))
    register_all(jobboard_thread)
    fake = FakeTime()

    def options() -> dict[str, Any]:
        return {
            "allow_loopback": True,
            "base_urls": base_urls(jobboard_thread),
            "clock": fake.clock,
            "sleep": fake.sleep,
        }

    monkeypatch.setattr(scrape_module, "client_options", options)
    return CliRunner()


def test_scrape_one_source(runner: CliRunner, data_dir: Path, db_path: Path) -> None:
    result = runner.invoke(
        cli, ["scrape", "--source", "greenhouse:acme", "--data-dir", str(data_dir)]
    )
    assert result.exit_code == 0, result.output
    assert "greenhouse:acme" in result.output
    assert "Scrape summary" in result.output
    db = open_db(db_path)
    try:
        assert len(list_postings(db)) == 4
    finally:
        db.close()


def test_scrape_all_and_dry_run(runner: CliRunner, data_dir: Path, db_path: Path) -> None:
    result = runner.invoke(cli, ["scrape", "--dry-run", "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    assert "lever:mistral" in result.output
    assert "dry run: nothing was stored" in result.output
    db = open_db(db_path)
    try:
        assert list_postings(db) == []
    finally:
        db.close()


def test_scrape_failure_exits_1(runner: CliRunner, data_dir: Path) -> None:
    runner.invoke(cli, ["sources", "add", "greenhouse:nosuch"])
    result = runner.invoke(cli, ["scrape", "--data-dir", str(data_dir)])
    assert result.exit_code == 1
    assert "failed" in result.output
    assert "404" in result.output


def test_scrape_rejects_bad_refs(runner: CliRunner, data_dir: Path) -> None:
    result = runner.invoke(cli, ["scrape", "--source", "nokind", "--data-dir", str(data_dir)])
    assert result.exit_code == 2
    assert "KIND:KEY" in result.output
    result = runner.invoke(cli, ["scrape", "--source", "lever:other", "--data-dir", str(data_dir)])
    assert result.exit_code == 1
    assert "no such source: lever:other" in result.output


def test_sources_add_list_remove(runner: CliRunner, data_dir: Path) -> None:
    added = runner.invoke(
        cli,
        [
            "sources",
            "add",
            "lever:newco",
            "--company",
            "NewCo",
            "--set",
            "region=eu",
            "--set",
            "page_size=50",
        ],
    )
    assert added.exit_code == 0, added.output
    assert "added lever:newco" in added.output
    listing = runner.invoke(cli, ["sources", "list", "--data-dir", str(data_dir)])
    assert "lever:newco" in listing.output
    assert "greenhouse:acme" in listing.output
    removed = runner.invoke(cli, ["sources", "remove", "lever:newco", "--data-dir", str(data_dir)])
    assert "removed lever:newco" in removed.output
    shipped = runner.invoke(
        cli, ["sources", "remove", "greenhouse:acme", "--data-dir", str(data_dir)]
    )
    assert "switched it off" in shipped.output
    listing = runner.invoke(cli, ["sources", "list", "--data-dir", str(data_dir)])
    assert "lever:newco" not in listing.output
    bad = runner.invoke(cli, ["sources", "add", "myspace:x"])
    assert bad.exit_code == 2
    assert "supported: arbeitnow" in bad.output


def test_sources_test_reports_what_it_found(runner: CliRunner, data_dir: Path) -> None:
    result = runner.invoke(cli, ["sources", "test", "greenhouse:acme", "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    assert "greenhouse:acme: ok, 1 request(s), 4 posting(s)" in result.output
    assert "Senior Machine Learning Engineer" in result.output
    missing = runner.invoke(
        cli, ["sources", "test", "greenhouse:nosuch", "--data-dir", str(data_dir)]
    )
    assert missing.exit_code == 1
    assert "404" in missing.output
