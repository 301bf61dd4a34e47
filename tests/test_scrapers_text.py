"""Text cleaning, canonical URLs, seniority, remote rules, salaries and timestamps."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrapers.classify import (
    employment_type,
    parse_time,
    remote_from_label,
    remote_from_locations,
    seniority_from_title,
)
from scrapers.posting import Posting, Salary
from scrapers.salary import salary_from_range, salary_from_text
from scrapers.text import html_to_text
from scrapers.urls import canonical_url
from store.dedup import normalise_company


def test_escaped_html_with_double_escaped_entities() -> None:
    raw = "&lt;p&gt;Hello&amp;nbsp;world &amp;amp; friends&lt;/p&gt;&lt;p&gt;Bye&lt;/p&gt;"
    assert html_to_text(raw) == "Hello world & friends\n\nBye"


def test_lists_and_paragraphs_stay_readable() -> None:
    raw = "<h2>Role</h2><p>Intro   text</p><ul><li><p>One</p></li><li>Two</li></ul><p>End</p>"
    assert html_to_text(raw) == "Role\n\nIntro text\n\n\u2022 One\n\u2022 Two\n\nEnd"


def test_scripts_styles_and_comments_are_dropped() -> None:
    raw = "<style>p{}</style><script>alert(1)</script><!-- hi --><p>Kept</p><br/>after"
    assert html_to_text(raw) == "Kept\n\nafter"


def test_plain_text_and_none() -> None:
    assert html_to_text(None) == ""
    assert html_to_text("  a \t b \n\n\n\n c ") == "a b\n\nc"
    assert html_to_text("Fish &amp; chips") == "Fish & chips"


@given(st.text(max_size=300))
def test_html_to_text_never_raises(text: str) -> None:
    result = html_to_text(text)
    assert "\n\n\n" not in result
    assert result == result.strip()


def test_canonical_url_strips_tracking_keeps_identity() -> None:
    url = "HTTPS://Example.com:443/jobs/1?gh_jid=9&utm_source=x&gh_src=y&ref=z&source=q#apply"
    assert canonical_url(url) == "https://example.com/jobs/1?gh_jid=9"
    assert canonical_url("/jobs/2?utm_medium=a", "https://x.io/careers") == "https://x.io/jobs/2"
    assert canonical_url("http://x.io:8080") == "http://x.io:8080/"


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Senior Machine Learning Engineer", "senior"),
        ("Sr. Data Scientist", "senior"),
        ("Sr Backend Engineer", "senior"),
        ("Junior Developer", "junior"),
        ("Jr. Analyst", "junior"),
        ("Principal AI Architect", "principal"),
        ("Staff Software Engineer", "staff"),
        ("Senior Staff Engineer", "staff"),
        ("Tech Lead, Platform", "lead"),
        ("Lead Data Engineer", "lead"),
        ("Lead Generation Specialist", None),
        ("Head of AI", "head"),
        ("Director of Engineering", "head"),
        ("VP, Machine Learning", "head"),
        ("Machine Learning Intern", "intern"),
        ("AI Architect", None),
        ("Staffing Coordinator", None),
    ],
)
def test_seniority_from_title(title: str, level: str | None) -> None:
    assert seniority_from_title(title) == level


def test_remote_rules() -> None:
    assert remote_from_label("OnSite") == "onsite"
    assert remote_from_label("on-site") == "onsite"
    assert remote_from_label("Hybrid") == "hybrid"
    assert remote_from_label(None) == "unknown"
    assert remote_from_locations(["Remote - US"]) == "remote"
    assert remote_from_locations(["Remote", "Berlin"]) == "unknown"
    assert remote_from_locations(["Berlin (Hybrid)"]) == "hybrid"
    assert remote_from_locations([]) == "unknown"


def test_employment_and_company() -> None:
    assert employment_type("FULL_TIME") == "full-time"
    assert employment_type(["CONTRACTOR"]) == "contract"
    assert employment_type("Intern") == "internship"
    assert employment_type(None) is None
    assert normalise_company("OpenAI, Inc.") == normalise_company("openai")
    assert normalise_company("Mistral AI SAS") == "mistral ai"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$120k - $150k", Salary(120000, 150000, "USD", "year")),
        ("EUR 60.000-75.000 per year", Salary(60000, 75000, "EUR", "year")),
        ("120-150k USD", Salary(120000, 150000, "USD", "year")),
        ("£45/hour", Salary(45, None, "GBP", "hour")),
        ("401k matching", None),
        ("5+ years of experience", None),
        ("competitive", None),
    ],
)
def test_salary_from_text(text: str, expected: Salary | None) -> None:
    assert salary_from_text(text) == expected


def test_salary_from_range_zero_is_unknown() -> None:
    assert salary_from_range(0, 0, "USD", "year", zero_is_unknown=True) is None
    assert salary_from_range("70000", None, "eur", "per-year-salary") == Salary(
        70000, None, "EUR", "year"
    )


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("2026-11-01T09:00:00-04:00", "s", datetime(2026, 11, 1, 13, tzinfo=UTC)),
        ("2026-11-18 09:30:00 UTC", "s", datetime(2026, 11, 18, 9, 30, tzinfo=UTC)),
        ("2026-11-25T14:03:07", "s", datetime(2026, 11, 25, 14, 3, 7, tzinfo=UTC)),
        ("Mon, 23 Nov 2026 15:04:05 +0000", "s", datetime(2026, 11, 23, 15, 4, 5, tzinfo=UTC)),
        (1764000000000, "ms", datetime(2025, 11, 24, 16, 0, tzinfo=UTC)),
        (1764000000, "s", datetime(2025, 11, 24, 16, 0, tzinfo=UTC)),
        ("not a date", "s", None),
        (None, "s", None),
    ],
)
def test_parse_time_to_utc(value: object, unit: str, expected: datetime | None) -> None:
    assert parse_time(value, epoch_unit=unit) == expected


def test_posting_hash_ignores_time_and_requires_utc() -> None:
    one = Posting(
        "k", "b", "1", "https://x/1", "T", "C", posted_at=datetime(2026, 1, 1, tzinfo=UTC)
    )
    two = Posting(
        "k", "b", "1", "https://x/1", "T", "C", posted_at=datetime(2026, 2, 1, tzinfo=UTC)
    )
    three = Posting("k", "b", "1", "https://x/1", "T2", "C")
    assert one.content_hash == two.content_hash != three.content_hash
    with pytest.raises(ValueError, match="timezone"):
        Posting("k", "b", "1", "u", "T", "C", posted_at=datetime(2026, 1, 1))
