"""Sections of a posting decide whether a mention is asked for: company blurbs, benefits, legal
text and how to apply are context; requirements are required, nice to have preferred."""

from __future__ import annotations

import itertools

import pytest

from matcher.extract import extract, find_mentions
from matcher.models import MemberProfile, PostingFacts
from matcher.score import explain, prepare_member, prepare_posting
from matcher.sections import heading_of, split_sections
from matcher.taxonomy import Taxonomy


def levels(text: str, taxonomy: Taxonomy) -> dict[str, str]:
    return {m.surface: m.level for m in find_mentions(text, taxonomy)}


@pytest.mark.parametrize(
    ("line", "kind", "block"),
    [
        ("Requirements", "requirements", True),
        ("What you'll need:", "requirements", True),
        ("## Nice to have", "nice", True),
        ("Nice: Docker, Helm", "nice", False),
        ("Bonus points", "nice", True),
        ("About Acme", "company", True),
        ("About Acme Health, by Sunrise", "company", True),
        ("About the role", "role", True),
        ("About you", "requirements", True),
        ("Perks & Benefits", "benefits", True),
        ("What we offer", "benefits", True),
        ("EQUAL EMPLOYMENT OPPORTUNITY", "legal", True),
        ("How to apply", "apply", True),
        ("Your Responsibilities at Acme", "responsibilities", True),
        ("What will I be doing?", "responsibilities", True),
        ("Who are Acme Cider?", "company", True),
        ("Tech stack", "stack", True),
    ],
)
def test_heading_kinds(line: str, kind: str, block: bool) -> None:
    assert heading_of(line) == (kind, block)


@pytest.mark.parametrize(
    "line",
    [
        "- Python and Kubernetes",
        "Experience with Spark or Databricks",
        "Apply machine learning to fraud data",
        "Diversity of data sources matters here",
        "We build data pipelines in Python.",
    ],
)
def test_ordinary_lines_are_not_headings(line: str) -> None:
    assert heading_of(line) is None


POSTING = """About Acme
We are a fast-growing fintech founded in 2015. Our platform runs on Kubernetes and Kafka.

Requirements
- Strong Python
- Experience with PostgreSQL

Nice: Terraform

What we offer
- A learning budget for Docker and AWS training
- Private health insurance

Acme is an equal opportunity employer and does not discriminate on the basis of race or
disability; reasonable accommodations for Java interviews are available.

How to apply: send your CV and a Rust code sample to jobs@acme.example.
"""


def test_company_benefits_legal_and_apply_mentions_are_context(taxonomy: Taxonomy) -> None:
    found = levels(POSTING, taxonomy)
    assert found["Kubernetes"] == "context"
    assert found["Kafka"] == "context"
    assert found["Python"] == "required"
    assert found["PostgreSQL"] == "required"
    assert found["Terraform"] == "preferred"
    assert found["Docker"] == "context"
    assert found["AWS"] == "context"
    assert found["Java"] == "context"
    assert found["Rust"] == "context"


def test_mentions_carry_their_section(taxonomy: Taxonomy) -> None:
    sections = {m.surface: m.section for m in find_mentions(POSTING, taxonomy)}
    assert sections["Kafka"] == "company"
    assert sections["Python"] == "requirements"
    assert sections["Terraform"] == "nice"
    assert sections["Docker"] == "benefits"
    assert sections["Java"] == "legal"


def test_context_mentions_never_score(taxonomy: Taxonomy) -> None:
    extraction = extract(POSTING, taxonomy)
    asked = extraction.skill_levels()
    assert asked == {"python": "required", "postgresql": "required", "terraform": "preferred"}
    facts = PostingFacts("p", asked)
    member = prepare_member(MemberProfile("m", frozenset({"python", "postgresql"})), taxonomy)
    match = explain(member, prepare_posting(facts))
    assert match is not None
    assert "kubernetes" not in match.missing_required
    assert match.missing_preferred == ("terraform",)


def test_unheaded_company_blurb_is_context_but_a_one_paragraph_post_is_not(
    taxonomy: Taxonomy,
) -> None:
    text = (
        "Acme is a leading provider of logistics software, built on Kafka.\n\n"
        "You will build services in Python and Go.\n"
    )
    found = levels(text, taxonomy)
    assert found["Kafka"] == "context"
    assert found["Python"] != "context"
    one_liner = "Acme | ML Engineer | Remote | $180k + equity | Python, PyTorch, C++"
    assert all(level != "context" for level in levels(one_liner, taxonomy).values())


def test_benefits_paragraph_without_a_heading(taxonomy: Taxonomy) -> None:
    text = (
        "You will own our Python services.\n\n"
        "We offer private health insurance, 30 days of paid time off and a yearly "
        "Kubernetes conference ticket.\n"
    )
    found = levels(text, taxonomy)
    assert found["Kubernetes"] == "context"
    assert found["Python"] != "context"


def test_soft_skills_in_sentences_about_the_employer_are_context(taxonomy: Taxonomy) -> None:
    text = (
        "We value mentoring and teamwork across the company.\n\n"
        "Requirements\n- Strong communication and mentoring skills\n"
    )
    mentions = find_mentions(text, taxonomy)
    by_place = [(m.skill_id, m.level) for m in mentions]
    assert ("mentoring", "context") in by_place
    assert ("mentoring", "required") in by_place


def test_split_sections_covers_the_text_in_order() -> None:
    parts = split_sections(POSTING)
    assert [p.kind for p in parts] == [
        "company",
        "requirements",
        "benefits",
    ]
    assert parts[0].start == 0
    assert parts[-1].end == len(POSTING)
    assert all(a.end == b.start for a, b in itertools.pairwise(parts))
