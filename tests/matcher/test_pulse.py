"""The weekly market pulse over postings read by the real extraction."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner

from archbot.cli import cli
from content import load_content
from matcher.market import read_market_file
from matcher.pulse import compute_pulse, yearly
from matcher.roles import DEFAULT_FOCUS
from matcher.taxonomy import taxonomy_of
from tests.market_world import NOW, market, posting, write_jsonl

WEEK = NOW - timedelta(days=7)


def _week_and_before(tmp_path: Path) -> Path:
    rows = []
    # This week: four architect postings, three require Terraform, three are remote.
    for i in range(4):
        rows.append(
            posting(
                i,
                "Senior AI Architect",
                ["Python", "Terraform"] if i < 3 else ["Python"],
                [],
                posted=WEEK + timedelta(days=1),
                company="Acme AI" if i < 3 else "Deepfield",
                remote="remote" if i < 3 else "onsite",
                locations=["Berlin, Germany"],
                salary={"min": 100_000, "max": 140_000, "currency": "EUR", "period": "year"}
                if i < 2
                else None,
            )
        )
    # The four weeks before: four postings, none asks for Terraform, all ask for Kafka.
    for i in range(4, 8):
        rows.append(
            posting(
                i,
                "ML Solutions Architect",
                ["Python", "Kafka"],
                [],
                posted=WEEK - timedelta(days=10),
                remote="onsite",
                locations=["Berlin, Germany"],
                salary={"min": 6_000, "max": 8_000, "currency": "EUR", "period": "month"},
            )
        )
    # Outside the focus: a sales role this week asks for Terraform too and is not counted.
    rows.append(posting(99, "Account Executive", ["Terraform"], [], posted=WEEK + timedelta(1)))
    return write_jsonl(tmp_path / "pulse.jsonl", rows)


def test_pulse_figures(tmp_path: Path) -> None:
    taxonomy = taxonomy_of(load_content().skills)
    postings = read_market_file(_week_and_before(tmp_path), taxonomy)
    pulse = compute_pulse(postings, taxonomy, WEEK, DEFAULT_FOCUS)
    assert (pulse.postings, pulse.baseline_postings) == (4, 4)
    shares = {s.skill_id: s for s in pulse.skills}
    assert shares["terraform"].share == 0.75
    assert shares["terraform"].required_share == 0.75
    assert pulse.rising[0].skill_id == "terraform"
    assert pulse.falling[0].skill_id == "apache-kafka"
    assert pulse.falling[0].change == -1.0
    assert (pulse.remote_share, pulse.remote_share_before) == (0.75, 0.0)
    assert pulse.companies[0] == ("Acme AI", 3)
    # Monthly pay becomes yearly; groups carry their counts.
    groups = {(r.seniority, r.region, r.currency): r for r in pulse.salaries}
    monthly = groups["unstated", "Europe", "EUR"]
    assert (monthly.count, monthly.low, monthly.high) == (4, 72_000, 96_000)
    senior = groups["senior", "Europe", "EUR"]
    assert (senior.count, senior.low, senior.high) == (2, 100_000, 140_000)


def test_unit_less_small_figures_are_not_taken_for_salaries() -> None:
    assert yearly(85.0, None) is None
    assert yearly(120_000.0, None) == 120_000.0
    assert yearly(50.0, "hour") == 94_000.0


def test_pulse_cli_json(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "m.jsonl", market(80))
    since = WEEK.date().isoformat()
    result = CliRunner().invoke(cli, ["pulse", "--since", since, "--postings", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["week_start"] == since
    assert data["postings"] > 0
    assert data["skills"]
    assert {"salaries", "salary_caveat", "companies", "remote_share", "rising", "falling"} <= set(
        data
    )
    bad = CliRunner().invoke(cli, ["pulse", "--since", "last week", "--postings", str(path)])
    assert bad.exit_code != 0
    assert "2026-11-30" in bad.output
