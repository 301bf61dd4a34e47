"""`archbot skills extract|normalize` and `archbot match`, on the real taxonomy in data/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from archbot.cli import cli

POSTING = "Requirements\n- 5+ years of Python and PyTorch\n- Kubernetes\n\nNice to have\n- Rust\n"


def test_extract_json_from_a_file(tmp_path: Path) -> None:
    source = tmp_path / "posting.txt"
    source.write_text(POSTING, encoding="utf-8")
    result = CliRunner().invoke(cli, ["skills", "extract", str(source), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    mentions = data["mentions"]
    assert [(m["skill_id"], m["level"]) for m in mentions] == [
        ("python", "required"),
        ("pytorch", "required"),
        ("kubernetes", "required"),
        ("rust", "preferred"),
    ]
    for m in mentions:
        assert set(m) == {"skill_id", "name", "start", "end", "text", "level", "section", "group"}
        assert POSTING[m["start"] : m["end"]] == m["text"]
    assert data["years"] == {"min": 5, "max": None}
    assert data["seniority"] == "senior"


def test_extract_json_marks_context_and_either_or_groups() -> None:
    posting = (
        "About us\nAcme runs on Kafka.\n\n"
        "Requirements\n- Python\n- Experience with AWS or GCP\n\n"
        "Benefits\n- A yearly Docker conference ticket\n"
    )
    result = CliRunner().invoke(cli, ["skills", "extract", "-", "--json"], input=posting)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    levels = {m["skill_id"]: (m["level"], m["section"]) for m in data["mentions"]}
    assert levels["apache-kafka"] == ("context", "company")
    assert levels["docker"] == ("context", "benefits")
    assert levels["python"] == ("required", "requirements")
    assert data["alternatives"] == [["aws", "gcp"]]
    table = CliRunner().invoke(cli, ["skills", "extract", "-"], input=posting)
    assert "one of: aws, gcp" in table.output


def test_extract_from_stdin_prints_a_table() -> None:
    result = CliRunner().invoke(cli, ["skills", "extract", "-"], input="We use Docker.")
    assert result.exit_code == 0, result.output
    assert "docker" in result.output
    assert "years: -" in result.output


def test_normalize_json() -> None:
    result = CliRunner().invoke(
        cli, ["skills", "normalize", "Python, pytorch; k8s and Kubernets / C#, kuber", "--json"]
    )
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert [i["skill_id"] for i in items] == [
        "python",
        "pytorch",
        "kubernetes",
        "kubernetes",
        "csharp",
        None,
    ]
    assert items[-1]["suggestions"][0]["skill_id"] == "kubernetes"
    assert set(items[0]) >= {"input", "skill_id", "name", "score", "suggestions"}


def write_postings(path: Path) -> None:
    rows = [
        {
            "title": "Senior ML Engineer",
            "company": "Acme",
            "url": "https://acme.example/1",
            "locations": ["Berlin"],
            "remote": "onsite",
            "seniority": "senior",
            "salary": None,
            "posted_at": "2025-03-01T10:00:00+00:00",
            "description": POSTING,
        },
        {
            "title": "Data Engineer",
            "company": "Beta",
            "url": "https://beta.example/2",
            "locations": [],
            "remote": "remote",
            "seniority": None,
            "salary": None,
            "posted_at": "2025-03-02T10:00:00Z",
            "description": "Requirements\n- Python\n- SQL and Apache Airflow\n",
        },
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")


def test_match_ranks_postings_with_reasons(tmp_path: Path) -> None:
    postings = tmp_path / "postings.jsonl"
    write_postings(postings)
    result = CliRunner().invoke(
        cli,
        [
            "match",
            "--skills",
            "Python, PyTorch, k8s, blorp",
            "--postings",
            str(postings),
            "--min-score",
            "10",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "unknown skill 'blorp' left out" in result.output
    first, second = result.output.index("Senior ML Engineer"), result.output.index("Data Engineer")
    assert first < second
    assert "missing: Apache Airflow, SQL" in result.output
    assert "https://acme.example/1" in result.output


def test_match_remote_only_and_json(tmp_path: Path) -> None:
    postings = tmp_path / "postings.jsonl"
    write_postings(postings)
    result = CliRunner().invoke(
        cli,
        [
            "match",
            "--skills",
            "Python",
            "--remote",
            "--postings",
            str(postings),
            "--json",
            "--min-score",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [d["title"] for d in data] == ["Data Engineer"]
    assert data[0]["matched"][0]["skill_id"] == "python"


def test_match_without_a_database_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "none.db"))
    result = CliRunner().invoke(cli, ["match", "--skills", "Python"])
    assert result.exit_code == 1
    assert "archbot scrape" in result.output
    assert "--postings" in result.output


def test_match_reads_open_postings_from_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime

    from scrapers.posting import Posting
    from store import close_missing, migrate, open_db, upsert_postings

    path = tmp_path / "archbot.db"
    db = open_db(path)
    migrate(db)
    now = datetime(2026, 3, 1, tzinfo=UTC)
    open_one = Posting(
        "greenhouse",
        "acme",
        "1",
        "https://acme.example/1",
        "ML Engineer",
        "Acme",
        remote="remote",
        description=POSTING,
    )
    closed_one = Posting(
        "greenhouse",
        "acme",
        "2",
        "https://acme.example/2",
        "PyTorch Engineer",
        "Acme",
        remote="remote",
        description=POSTING,
    )
    upsert_postings(db, "greenhouse", "acme", [open_one, closed_one], now)
    close_missing(db, "greenhouse", "acme", ["1"], now)
    db.close()
    monkeypatch.setenv("DATABASE_PATH", str(path))
    result = CliRunner().invoke(cli, ["match", "--skills", "Python, PyTorch", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [d["title"] for d in data] == ["ML Engineer"]
    assert data[0]["url"] == "https://acme.example/1"


def test_match_reports_a_bad_postings_line(tmp_path: Path) -> None:
    postings = tmp_path / "bad.jsonl"
    postings.write_text('{"title": "ok"}\n[1, 2]\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["match", "--skills", "Python", "--postings", str(postings)])
    assert result.exit_code == 1
    assert "bad.jsonl:2" in result.output
