"""The demand report of `archbot content check`: skills the postings ask for that no topic
teaches, counted from the database or from a postings file, with where each would fit."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from archbot.cli import cli
from content import load_content
from content.coverage import Demand, SkillDemand, taught_share, untaught_skills
from scrapers.posting import Posting
from store import Database, close_missing, upsert_postings
from store.demand import skill_demand
from store.extractions import ExtractedSkills, save_extractions
from tests.content.test_content_checks import ROADMAP, TOPIC, write_dataset

T0 = datetime(2026, 6, 1, 12, tzinfo=UTC)

# A small taxonomy: the roadmap teaches python and aws; the rest are untaught and each finds
# its place a different way (an ancestor, siblings, its category, its step).
SKILLS = """
[[skills]]
id = "python"
name = "Python"
category = "languages"
steps = ["basics"]

[[skills]]
id = "kotlin"
name = "Kotlin"
category = "languages"
steps = ["basics"]

[[skills]]
id = "aws"
name = "AWS"
category = "cloud"
steps = ["basics"]

[[skills]]
id = "aws-lambda"
name = "AWS Lambda"
category = "cloud"
parent = "aws"
steps = ["basics"]

[[skills]]
id = "aws-step-functions"
name = "AWS Step Functions"
category = "cloud"
parent = "aws-lambda"
steps = ["basics"]

[[skills]]
id = "excel"
name = "Microsoft Excel"
category = "analytics"
steps = ["basics"]

[[skills]]
id = "cobol"
name = "COBOL"
category = "legacy"
"""


def dataset(root: Path) -> Path:
    topics = "".join(TOPIC.format(n=n) for n in range(1, 5))
    topics = topics.replace('skills = ["python"]', 'skills = ["python", "aws"]', 1)
    roadmap = ROADMAP.format(topics=topics)
    return write_dataset(root, **{"roadmap.toml": roadmap, "skills/langs.toml": SKILLS})


def demand(**counts: tuple[int, int]) -> Demand:
    skills = {k.replace("_", "-"): SkillDemand(p, r) for k, (p, r) in counts.items()}
    return Demand(postings=10, skills=skills, source="test")


def test_untaught_skills_are_ranked_by_demand_with_a_place_to_teach_them(tmp_path: Path) -> None:
    content = load_content(dataset(tmp_path), cached=False)
    gaps = untaught_skills(
        content,
        demand(
            python=(9, 9),
            aws=(6, 2),
            kotlin=(4, 1),
            aws_lambda=(4, 3),
            aws_step_functions=(2, 0),
            excel=(1, 1),
            cobol=(1, 0),
            retired_skill=(8, 8),
        ),
    )
    # Taught skills and ids the taxonomy no longer knows are left out; more required first.
    assert [g.skill_id for g in gaps] == [
        "aws-lambda",
        "kotlin",
        "aws-step-functions",
        "excel",
        "cobol",
    ]
    lam = gaps[0]
    assert (lam.postings, lam.share, lam.required_share) == (4, 0.4, 0.3)
    assert lam.suggestion is not None
    assert lam.suggestion.topic_id == "basics.t1"
    assert lam.suggestion.reason == "teaches AWS"
    # A grandparent taught counts too; a language lands where the other languages are taught.
    step_fn = gaps[2].suggestion
    assert step_fn is not None
    assert step_fn.reason == "teaches AWS"
    kotlin = gaps[1].suggestion
    assert kotlin is not None
    assert kotlin.topic_id is not None
    assert kotlin.reason == "teaches 1 other languages skill"
    excel = gaps[3].suggestion
    assert excel is not None
    assert excel.topic_id is None
    assert excel.step_id == "basics"
    assert gaps[4].suggestion is None
    assert [g.skill_id for g in untaught_skills(content, demand(kotlin=(1, 0)), limit=0)] == []
    assert taught_share(content, demand(python=(3, 0), kotlin=(1, 0))) == 0.75


def write_postings(path: Path) -> None:
    rows = [
        {
            "title": "Cloud Engineer",
            "company": "Acme",
            "url": f"https://acme.example/{n}",
            "description": "Requirements\n- Python\n- Kotlin\n- AWS Lambda\n",
        }
        for n in range(3)
    ]
    rows.append(
        {
            "title": "Analyst",
            "company": "Beta",
            "url": "https://beta.example/1",
            "description": "Nice to have\n- Microsoft Excel\n",
        }
    )
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")


def test_content_check_reports_gaps_in_a_postings_file(tmp_path: Path) -> None:
    data = dataset(tmp_path / "data")
    postings = tmp_path / "postings.jsonl"
    write_postings(postings)
    args = ["content", "check", "--data-dir", str(data), "--postings", str(postings)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "skill demand over 4 postings" in result.output
    assert "the 3 most demanded skills no topic teaches:" in result.output
    lines = result.output.splitlines()
    kotlin = next(line for line in lines if "Kotlin (kotlin)" in line)
    assert "3  75.0%" in kotlin
    lam = next(line for line in lines if "AWS Lambda (aws-lambda)" in line)
    assert "basics.t1: teaches AWS" in lam
    assert not any("Python (python)" in line for line in lines)
    assert lines[-1].startswith("ok: ")

    as_json = CliRunner().invoke(cli, [*args, "--json", "--gaps", "1"])
    assert as_json.exit_code == 0, as_json.output
    report = json.loads(as_json.output)
    assert report["ok"] is True
    assert report["demand"]["postings"] == 4
    [top] = report["demand"]["untaught"]
    assert top["skill_id"] in {"kotlin", "aws-lambda"}
    assert top["share"] == 0.75
    assert top["required_share"] == 0.75
    assert top["suggested_step"] == "basics"


def test_a_broken_postings_file_is_one_clear_line(tmp_path: Path) -> None:
    data = dataset(tmp_path / "data")
    postings = tmp_path / "postings.jsonl"
    postings.write_text('{"title": "ok", "description": "Python"}\nnot json\n', encoding="utf-8")
    args = ["content", "check", "--data-dir", str(data), "--postings", str(postings)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "postings.jsonl:2" in result.output
    assert "Traceback" not in result.output


def posting(sid: str, description: str) -> Posting:
    return Posting(
        kind="greenhouse",
        key="acme",
        source_id=sid,
        url=f"https://acme.example/{sid}",
        title=f"Engineer {sid}",
        company="Acme",
        remote="remote",
        description=description,
    )


def seed(db: Database) -> None:
    stored = upsert_postings(
        db, "greenhouse", "acme", [posting(str(n), f"Kotlin {n}") for n in range(4)], T0
    )
    ids = stored.changed_ids
    levels = [
        {"kotlin": "required", "python": "required"},
        {"kotlin": "preferred", "aws-lambda": "required"},
        {"kotlin": "required"},
        {"cobol": "required"},
    ]
    hashes = dict(db.execute("SELECT id, content_hash FROM postings").fetchall())
    save_extractions(
        db,
        [ExtractedSkills(pid, hashes[pid], lv, None) for pid, lv in zip(ids, levels, strict=True)],
        T0,
    )
    # The fourth posting closes: what it asked for no longer counts as demand.
    close_missing(db, "greenhouse", "acme", [str(n) for n in range(3)], T0)


def test_skill_demand_counts_open_read_postings(db: Database) -> None:
    seed(db)
    counts = skill_demand(db)
    assert counts.postings == 3
    by_id = {c.skill_id: (c.postings, c.required) for c in counts.skills}
    assert by_id == {"kotlin": (3, 2), "python": (1, 1), "aws-lambda": (1, 1)}
    assert counts.skills[0].skill_id == "kotlin"


def test_content_check_reads_demand_from_the_database(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    seed(db)
    data = dataset(tmp_path / "data")
    runner = CliRunner(env={"DATABASE_PATH": str(db_path)})
    result = runner.invoke(cli, ["content", "check", "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    assert f"skill demand over 3 postings in {db_path}" in result.output
    lines = result.output.splitlines()
    assert any("Kotlin (kotlin)" in line and "100.0%" in line for line in lines)
    assert not any("COBOL" in line for line in lines)

    missing = CliRunner(env={"DATABASE_PATH": str(tmp_path / "none.db")})
    result = missing.invoke(cli, ["content", "check", "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    assert "no database at" in result.output
    assert "--postings FILE" in result.output
    assert not (tmp_path / "none.db").exists()


def test_a_bad_setting_skips_the_demand_report_but_not_the_check(tmp_path: Path) -> None:
    data = dataset(tmp_path / "data")
    runner = CliRunner(env={"DATABASE_PATH": "", "LOG_LEVEL": "LOUD"})
    result = runner.invoke(cli, ["content", "check", "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    assert "skill demand: cannot find the database:" in result.output
    assert "LOG_LEVEL" in result.output
    assert result.output.splitlines()[-1].startswith("ok: ")
