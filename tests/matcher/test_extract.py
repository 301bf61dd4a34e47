"""Extraction: word boundaries, symbols in names, ambiguous names, levels, offsets, years."""

from __future__ import annotations

import pytest

from matcher.extract import extract, find_mentions
from matcher.taxonomy import Taxonomy


def ids(text: str, taxonomy: Taxonomy) -> list[str]:
    return [m.skill_id for m in find_mentions(text, taxonomy)]


def levels(text: str, taxonomy: Taxonomy) -> dict[str, str]:
    return {m.surface: m.level for m in find_mentions(text, taxonomy)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We use C++, C# and .NET daily, plus Python.", ["cpp", "csharp", "dotnet", "python"]),
        ("Backend in Node.js with PostgreSQL.", ["nodejs", "postgresql"]),
        ("Modern C++ and Python 3 required.", ["cpp", "python"]),
        ("Experience with scikit-learn, scikit_learn or Scikit learn.", ["scikit-learn"] * 3),
        ("CI/CD pipelines and A/B testing with W&B.", ["ci-cd", "ab-testing", "wandb"]),
        ("Pythonic code, pythonista culture.", []),
        ("Reactive javascripts are not JavaScript's fault.", ["javascript"]),
    ],
)
def test_boundaries_and_symbols(text: str, expected: list[str], taxonomy: Taxonomy) -> None:
    assert ids(text, taxonomy) == expected


def test_longest_match_wins_at_a_position(taxonomy: Taxonomy) -> None:
    mentions = find_mentions("Deep learning with PyTorch Lightning and Apache Spark.", taxonomy)
    assert [(m.skill_id, m.surface) for m in mentions] == [
        ("deep-learning", "Deep learning"),
        ("pytorch-lightning", "PyTorch Lightning"),
        ("spark", "Apache Spark"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Reporting to the C-suite and other C-level leaders.",
        "Our R&D team is growing; we are a Series C company.",
        "Join our Go to market team. Let's go!",
        "Rest assured, the rest of the process is quick.",
        "We want products that spark joy, and swift delivery matters.",
        "Our Head Chef designs menus; every chef tastes daily.",
        "The diversity TF (task force) meets weekly. Python is a plus.",
        "Intel(R) hardware; contact Julia Roberts for details about Python.",
        "Send your cv to hr.",
    ],
)
def test_ambiguous_traps_are_not_skills(text: str, taxonomy: Taxonomy) -> None:
    found = set(ids(text, taxonomy))
    assert not found & {"c", "r", "go", "rest", "spark", "swift", "chef", "tensorflow", "julia"}
    assert "computer-vision" not in found


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Services written in Go and Python.", "go"),
        ("We write Golang microservices.", "go"),
        ("Statistics in R, plotting in ggplot.", "r"),
        ("R/Python for analysis.", "r"),
        ("Design REST APIs for our partners.", "rest"),
        ("Design RESTful services.", "rest"),
        ("Batch jobs on Apache Spark.", "spark"),
        ("Pipelines in Python, Spark and Airflow.", "spark"),
        ("Systems programming in C and C++.", "c"),
        ("Models in TF/Keras and PyTorch.", "tensorflow"),
        ("Configuration with Chef, Terraform and Docker.", "chef"),
        ("iOS apps in Swift, with Python tooling.", "swift"),
        ("Numerics in Julia and Python.", "julia"),
        ("Build classification models with scikit-learn.", "classification"),
    ],
)
def test_ambiguous_names_in_context_are_skills(text: str, skill: str, taxonomy: Taxonomy) -> None:
    assert skill in ids(text, taxonomy)


def test_ambiguous_lower_case_does_not_count(taxonomy: Taxonomy) -> None:
    assert "go" not in ids("we go fast with python and docker", taxonomy)
    assert "r" not in ids("r and python", taxonomy)


def test_short_acronyms_that_spell_words_must_keep_their_capitals(taxonomy: Taxonomy) -> None:
    assert ids("NLP and CV with AWS.", taxonomy) == ["nlp", "computer-vision", "aws"]
    # "cv" is an everyday word (a résumé); "nlp" and "aws" are not, and people write them so.
    assert ids("We ship nlp models and a cv parser on aws.", taxonomy) == ["nlp", "aws"]
    assert ids("Sparse MoE layers; the moe is a moat.", taxonomy) == ["mixture-of-experts"]


def test_offsets_point_at_the_surface_text(taxonomy: Taxonomy) -> None:
    text = "Über-fast “Python” — C++/C# • Node.js…\nk8s, GCP; Kubernetes."
    mentions = find_mentions(text, taxonomy)
    assert [m.skill_id for m in mentions] == [
        "python",
        "cpp",
        "csharp",
        "nodejs",
        "kubernetes",
        "gcp",
        "kubernetes",
    ]
    for m in mentions:
        assert text[m.start : m.end] == m.surface


def test_levels_from_headings(taxonomy: Taxonomy) -> None:
    text = (
        "About us\nWe build with Docker.\n\n"
        "Requirements:\n- Python\n- Kubernetes\n\n"
        "Nice to have:\n- Rust in production\n- Strong Kafka experience\n\n"
        "Benefits\n- Free Terraform training\n"
    )
    assert levels(text, taxonomy) == {
        "Docker": "context",
        "Python": "required",
        "Kubernetes": "required",
        "Rust": "preferred",
        "Kafka": "preferred",
        "Terraform": "context",
    }


def test_levels_from_cue_words(taxonomy: Taxonomy) -> None:
    text = (
        "You must know Python; Docker is a plus. "
        "Experience with SQL, Airflow and ideally dbt. "
        "Familiarity with Terraform. Kafka required, Scala a plus.\n"
        "Our stack: Kubernetes."
    )
    assert levels(text, taxonomy) == {
        "Python": "required",
        "Docker": "preferred",
        "SQL": "required",
        "Airflow": "required",
        "dbt": "preferred",
        "Terraform": "preferred",
        "Kafka": "required",
        "Scala": "preferred",
        "Kubernetes": "unknown",
    }


def test_inline_headings(taxonomy: Taxonomy) -> None:
    text = "Must have: Python, SQL\nBonus: Rust\nPreferred qualifications\n- Kafka"
    assert levels(text, taxonomy) == {
        "Python": "required",
        "SQL": "required",
        "Rust": "preferred",
        "Kafka": "preferred",
    }


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("5+ years of experience with Python", (5, None)),
        ("at least 3 years building ML systems", (3, None)),
        ("3-5 years of professional experience", (3, 5)),
        ("three or more years of experience", (3, None)),
        ("2+ years in ML and 6+ years of software experience", (6, None)),
        ("Founded 10 years ago. 4 years of vesting.", None),
    ],
)
def test_years(text: str, years: tuple[int, int | None] | None, taxonomy: Taxonomy) -> None:
    found = extract(text, taxonomy).years
    assert (None if found is None else (found.min, found.max)) == years


@pytest.mark.parametrize(
    ("title", "text", "level", "source"),
    [
        ("Senior ML Engineer", "", "senior", "title"),
        ("Staff Engineer, Platform", "", "staff", "title"),
        ("ML Intern", "", "intern", "title"),
        ("Machine Learning Engineer", "This is a mid-level role.", "mid", "text"),
        ("Machine Learning Engineer", "You have 6+ years of experience.", "senior", "years"),
        ("Machine Learning Engineer", "Fun team.", None, None),
    ],
)
def test_seniority(
    title: str, text: str, level: str | None, source: str | None, taxonomy: Taxonomy
) -> None:
    result = extract(text, taxonomy, title=title)
    assert (result.seniority, result.seniority_source) == (level, source)


def test_title_skills_count_as_required(taxonomy: Taxonomy) -> None:
    result = extract("Our stack: Docker.", taxonomy, title="Senior PyTorch Engineer")
    assert result.title_skills == ("pytorch",)
    assert result.skill_levels() == {"docker": "unknown", "pytorch": "required"}


def test_strongest_level_wins_per_skill(taxonomy: Taxonomy) -> None:
    result = extract("We use Python.\nRequirements:\n- Python", taxonomy)
    assert result.skill_levels() == {"python": "required"}
