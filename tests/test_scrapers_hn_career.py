"""Hacker News "Who is hiring" posts and career pages, read to the fields a member filters on.

`hn_comments_2026_09.json` holds real comments of the September 2026 thread (see
fixtures/jobs/PROVENANCE.md); `hn_cases.json` and the career pages are written by hand around
the shapes the issue names: "Permanent (Full-time)", "Visa possible for exceptional
candidates", "Full time or Full time contract", a second role in the header, and posts with no
pipe header at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from archbot.cli import cli
from scrapers import ParseContext, SourceSpec, get_kind
from scrapers.kinds.hn_post import read_post
from scrapers.posting import Posting, Salary

FIXTURES = Path(__file__).parent / "fixtures" / "jobs"


def parse(kind: str, name: str) -> list[Posting]:
    body = (FIXTURES / name).read_bytes()
    ctx = ParseContext(SourceSpec(kind, "latest"), url=f"https://example.org/{name}")
    return get_kind(kind).parse(body, ctx)


def by_title(postings: list[Posting]) -> dict[str, Posting]:
    return {p.title: p for p in postings}


def test_real_thread_places_only_and_one_posting_per_role() -> None:
    postings = parse("hn_whoishiring", "hn_comments_2026_09.json")
    jobs = by_title(postings)
    assert list(jobs) == [
        "Senior Product Engineer",
        "Fullstack SWE",
        "Senior/Lead Platform & DevOps Engineer",
        "Senior Frontend Engineer",
        "Senior Full-Stack Engineer",
        "Agentic PR Coordinator",
        "Agentic-Led Social Media Marketer",
        "Production Designer",
    ]
    modash = jobs["Senior Product Engineer"]
    assert modash.company == "Modash.io"
    assert modash.remote == "remote"
    assert modash.remote_regions == ("Europe",)
    assert modash.employment_type == "full-time"
    assert modash.salary == Salary(75_000, 110_000, "EUR", "year")

    quill = jobs["Fullstack SWE"]
    # "Remote, PT/ET hours preferred": a preference is not a place nor a requirement.
    assert quill.locations == ()
    assert quill.remote_regions == ()
    assert quill.salary is not None
    assert quill.salary.yearly_max == 210_000

    neon = [p for p in postings if p.company == "Open Education Applications / Neon"]
    assert len(neon) == 3
    for job in neon:
        assert job.locations == ("Utrecht, The Netherlands",)  # not "DUTCH REQUIRED"
        assert job.remote == "hybrid"
    assert len({job.source_id for job in neon}) == 3

    # A generic header role ("AI-Native Engineers & Operators") gives way to the listed roles.
    flywheel = [p for p in postings if p.company == "We The Flywheel"]
    assert [p.title for p in flywheel] == [
        "Agentic PR Coordinator",
        "Agentic-Led Social Media Marketer",
        "Production Designer",
    ]
    assert all(p.remote_regions == ("Worldwide",) for p in flywheel)
    assert all(p.employment_type == "contract" for p in flywheel)
    assert all(p.locations == () for p in flywheel)


def test_header_parts_go_to_their_fields() -> None:
    jobs = by_title(parse("hn_whoishiring", "hn_cases.json"))
    northwind = jobs["Senior ML Engineer"]
    assert northwind.locations == ("London, UK",)
    assert northwind.employment_type == "full-time"  # "Permanent (Full-time)"
    assert northwind.visa_sponsorship is True  # "Visa possible for exceptional candidates"
    assert northwind.min_years == 5
    assert northwind.salary == Salary(90_000, 120_000, "GBP", "year")

    kettle = jobs["Backend Engineer"]
    assert kettle.employment_type == "full-time"  # "Full time or Full time contract"
    assert kettle.locations == ("EMEA",)
    assert kettle.remote == "remote"
    assert kettle.remote_regions == (
        "EMEA",
        "UTC+01:00",
        "UTC+02:00",
        "UTC+03:00",
        "UTC+04:00",
        "UTC+05:00",
    )
    # "must be authorized to work in your country of residence" holds for everyone.
    assert kettle.visa_sponsorship is None


def test_second_role_in_the_header_is_its_own_posting() -> None:
    harbor = [p for p in parse("hn_whoishiring", "hn_cases.json") if p.company == "Harbor Labs"]
    assert [p.title for p in harbor] == ["Data Engineer", "Platform Engineer"]
    assert [p.source_id for p in harbor] == ["48000003", "48000003:platform-engineer"]
    for job in harbor:
        assert job.locations == ("NYC", "SF")
        assert job.remote == "onsite"
        assert job.visa_sponsorship is False
        assert job.salary is not None
        assert job.salary.yearly_min == 170_000


def test_posts_without_a_pipe_header_are_read_from_labelled_lines() -> None:
    postings = parse("hn_whoishiring", "hn_cases.json")
    lumen = [p for p in postings if p.company == "Lumen Robotics"]
    assert [p.title for p in lumen] == ["Robotics Software Engineer", "Perception Researcher"]
    assert lumen[0].locations == ("Munich, Germany", "EU")
    assert lumen[0].remote_regions == ("EU",)
    assert lumen[0].visa_sponsorship is True
    assert lumen[0].min_years is None  # "3-5 years of runway" is not experience

    acme = [p for p in postings if p.company == "Acme Health"]
    assert [p.title for p in acme] == ["Staff Data Scientist", "Product Designer"]
    assert acme[0].remote == "remote"
    assert acme[0].remote_regions == ("US",)
    assert acme[0].salary == Salary(150_000, 190_000, "USD", "year")

    quanta = [p for p in postings if p.company == "Quanta Systems"]
    assert [p.title for p in quanta] == ["Senior Frontend Engineer", "DevOps Engineer"]


def test_chatter_replies_and_roleless_posts_are_skipped() -> None:
    companies = {p.company for p in parse("hn_whoishiring", "hn_cases.json")}
    assert "Pine" not in companies  # "Part-time | Berlin | DUTCH REQUIRED": no role named
    assert not any("Rust" in c for c in companies)
    assert "Reply" not in companies
    assert len(parse("hn_whoishiring", "hn_cases.json")) == 10


def test_career_page_structured_facts() -> None:
    (job,) = parse("jsonld", "jsonld_facts.html")
    assert job.employment_type == "part-time"
    assert job.remote == "remote"
    assert job.remote_regions == ("DE", "AT")  # applicantLocationRequirements
    assert job.min_years == 3  # monthsOfExperience 36
    assert job.visa_sponsorship is False
    assert job.salary == Salary(4_200, 5_100, "EUR", "month")
    assert (job.salary.yearly_min, job.salary.yearly_max) == (50_400, 61_200)


def test_career_page_facts_from_text() -> None:
    (job,) = parse("jsonld", "career_plain.html")
    assert job.employment_type == "contract"  # "This is a contract role"
    assert job.visa_sponsorship is True
    assert job.min_years == 3
    assert job.remote_regions == ()
    assert job.salary == Salary(110_000, 135_000, "CAD", "year")


def test_archbot_parse_json_prints_the_new_fields() -> None:
    result = CliRunner().invoke(
        cli, ["parse", "jsonld", str(FIXTURES / "jsonld_facts.html"), "--json"]
    )
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in result.output.splitlines()]
    assert line["visa_sponsorship"] is False
    assert line["remote_regions"] == ["DE", "AT"]
    assert line["min_years"] == 3
    assert line["employment_type"] == "part-time"
    assert line["salary"] == {
        "min": 4200.0,
        "max": 5100.0,
        "currency": "EUR",
        "period": "month",
        "yearly_min": 50400.0,
        "yearly_max": 61200.0,
    }
    # Every field printed before is still there.
    for name in ("title", "company", "url", "locations", "remote", "seniority", "posted_at"):
        assert name in line
    for name in ("description", "employment_type", "source_id", "attribution"):
        assert name in line


@pytest.mark.parametrize(
    ("header", "company", "roles", "places", "mode"),
    [
        (
            "Stripe | Remote, US or SF | Senior Software Engineer, Staff Engineer | $200k-$300k",
            "Stripe",
            ["Senior Software Engineer", "Staff Engineer"],
            ["US", "SF"],
            "remote",
        ),
        (
            "Modal | Software Engineer, ML Infra | NYC, SF, Stockholm | ONSITE | $170k-$280k",
            "Modal",
            ["Software Engineer, ML Infra"],  # a team after the title is not a second role
            ["NYC", "SF", "Stockholm"],
            "onsite",
        ),
        (
            "*OneChronos | Technical Lead | NYC (HQ) | Full-Time*",
            "OneChronos",
            ["Technical Lead"],
            ["NYC"],
            "unknown",
        ),
        (
            "Doowii | Remote (US) | https://doowii.io Senior Software Engineer (AI)",
            "Doowii",
            ["Senior Software Engineer (AI)"],
            ["US"],
            "remote",
        ),
        (
            "Chronograph ( https://chronograph.pe ) | Platform Engineer | Austin, TX, USA",
            "Chronograph",
            ["Platform Engineer"],
            ["Austin, TX, USA"],
            "unknown",
        ),
    ],
)
def test_header_shapes_seen_in_threads(
    header: str, company: str, roles: list[str], places: list[str], mode: str
) -> None:
    post = read_post(f"{header}<p>About us.")
    assert post is not None
    assert (post.company, post.roles, post.places, post.mode) == (company, roles, places, mode)


@pytest.mark.parametrize(
    "header",
    [
        "SpruceID (YC W21) | REMOTE (US-Based Preferred) | Full-Time | spruceid.com",
        "Marketron | REMOTE (US) | Full-time | 70k - 90k | 3+ YOE required",
    ],
)
def test_headers_naming_no_role_are_skipped(header: str) -> None:
    assert read_post(f"{header}<p>We are growing.") is None


def test_time_zone_window_in_the_remote_bracket() -> None:
    comment = {
        "objectID": "1",
        "story_id": 9,
        "parent_id": 9,
        "created_at": "2026-11-02T15:00:00Z",
        "comment_text": "Foo | ML Engineer | Remote (Europe, UTC\u00b13) | \u20ac80-100k<p>Models.",
    }
    body = json.dumps({"hits": [comment]}).encode()
    (job,) = get_kind("hn_whoishiring").parse(body, ParseContext(SourceSpec("hn", "latest")))
    window = tuple(f"UTC{'-' if h < 0 else '+'}{abs(h):02d}:00" for h in range(-3, 4))
    assert job.remote_regions == ("Europe", *window)
    assert job.locations == ()  # "Europe, UTC\u00b13" is a scope, not a place
