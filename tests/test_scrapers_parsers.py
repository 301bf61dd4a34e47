"""Every source kind parses its realistic fixture, quirks included, directly and through
`archbot parse KIND FILE --json`; broken bodies raise ParseError instead of returning nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from archbot.cli import cli
from scrapers import KINDS, ParseContext, ParseError, SourceSpec, get_kind
from scrapers.posting import Posting

FIXTURES = Path(__file__).parent / "fixtures" / "jobs"

# kind, fixture, number of postings expected
CASES = [
    ("greenhouse", "greenhouse.json", 4),
    ("greenhouse", "greenhouse_airbnb_2026_01.json", 6),
    ("lever", "lever.json", 3),
    ("ashby", "ashby.json", 2),
    ("workable", "workable.json", 2),
    ("smartrecruiters", "smartrecruiters.json", 2),
    ("smartrecruiters", "smartrecruiters_detail.json", 1),
    ("recruitee", "recruitee.json", 2),
    ("personio", "personio.xml", 2),
    ("remoteok", "remoteok.json", 2),
    ("remotive", "remotive.json", 2),
    ("arbeitnow", "arbeitnow_page1.json", 1),
    ("weworkremotely", "weworkremotely.rss", 2),
    ("hn_whoishiring", "hn_comments.json", 3),
    ("hn_whoishiring", "hn_comments_2026_09.json", 8),
    ("jsonld", "jsonld_graph.html", 1),
    ("jsonld", "jsonld_list.html", 1),
]


def parse(kind: str, name: str, key: str = "acme", company: str | None = None) -> list[Posting]:
    body = (FIXTURES / name).read_bytes()
    ctx = ParseContext(SourceSpec(kind, key, company), url=f"https://example.org/{name}")
    return get_kind(kind).parse(body, ctx)


def by_id(postings: list[Posting]) -> dict[str, Posting]:
    return {p.source_id: p for p in postings}


def test_every_kind_has_a_case() -> None:
    assert {kind for kind, _, _ in CASES} == set(KINDS)


@pytest.mark.parametrize(("kind", "name", "count"), CASES)
def test_parse_counts_and_invariants(kind: str, name: str, count: int) -> None:
    postings = parse(kind, name)
    assert len(postings) == count
    for p in postings:
        assert p.title
        assert p.company
        assert p.url.startswith("https://")
        assert "utm_" not in p.url
        assert "gh_src" not in p.url
        assert "<" not in p.description
        assert "&lt;" not in p.description
        assert "&nbsp;" not in p.description
        assert p.posted_at is None or p.posted_at.utcoffset() is not None
        assert len(p.content_hash) == 64


@pytest.mark.parametrize(("kind", "name", "count"), CASES)
def test_archbot_parse_json(kind: str, name: str, count: int) -> None:
    result = CliRunner().invoke(
        cli, ["parse", kind, str(FIXTURES / name), "--key", "acme", "--json"]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert len(lines) == count
    expected = {
        "title",
        "company",
        "url",
        "locations",
        "remote",
        "seniority",
        "salary",
        "posted_at",
        "description",
    }
    for line in lines:
        assert expected <= set(line)


def test_greenhouse_quirks() -> None:
    jobs = by_id(parse("greenhouse", "greenhouse.json"))
    first = jobs["4001"]
    assert first.url == "https://www.acme-ai.example/careers/job?gh_jid=4001"
    assert first.description.startswith("Acme AI builds safe assistants & tools.")
    assert "\u2022 Train and evaluate LLMs with PyTorch\n\u2022 Ship" in first.description
    assert first.remote == "unknown"  # "not a remote team" in the text must not matter
    assert first.seniority == "senior"
    assert first.posted_at is not None
    assert first.posted_at.isoformat() == "2026-11-01T13:00:00+00:00"
    # one job posted once per location: two postings, same title, different places
    assert jobs["4002"].title == first.title
    assert jobs["4002"].locations == ("New York, NY",)
    # metadata Location Type beats the location text
    assert jobs["4003"].remote == "remote"
    assert jobs["4003"].locations == ("London, UK",)
    assert jobs["4004"].seniority is None  # Lead Generation is not a lead role


def test_lever_fields() -> None:
    jobs = parse("lever", "lever.json", key="mistral", company="Mistral AI")
    staff, junior, onsite = jobs
    assert staff.company == "Mistral AI"
    assert staff.remote == "hybrid"
    assert staff.locations == ("Paris", "London")
    assert staff.salary is not None
    assert (staff.salary.min, staff.salary.max, staff.salary.currency, staff.salary.period) == (
        120000,
        160000,
        "EUR",
        "year",
    )
    assert "Requirements\n\n\u2022 Python\n\u2022 CUDA" in staff.description
    assert "lever-source" not in staff.url
    assert junior.seniority == "junior"
    assert junior.employment_type == "contract"
    assert onsite.remote == "onsite"  # documented spelling "on-site"


def test_ashby_null_remote_and_unlisted() -> None:
    jobs = parse("ashby", "ashby.json", company="Cohere")
    assert [j.title for j in jobs] == ["Principal AI Architect", "ML Engineer Intern"]
    architect = jobs[0]
    assert architect.remote == "unknown"  # isRemote and workplaceType null, mixed locations
    assert architect.salary is not None
    assert architect.salary.currency == "CAD"
    assert architect.seniority == "principal"
    assert jobs[1].remote == "onsite"
    assert jobs[1].seniority == "intern"


def test_workable_company_and_telecommuting() -> None:
    remote, office = parse("workable", "workable.json")
    assert remote.company == "Hugging Face"
    assert remote.remote == "remote"
    assert office.remote == "unknown"


def test_smartrecruiters_flags_and_detail() -> None:
    hybrid, student = parse("smartrecruiters", "smartrecruiters.json", key="BoschGroup")
    assert hybrid.remote == "hybrid"
    assert student.remote == "onsite"
    assert student.seniority == "intern"
    (detail,) = parse("smartrecruiters", "smartrecruiters_detail.json", key="BoschGroup")
    assert detail.source_id == hybrid.source_id
    assert "Spark & Kafka" in detail.description


def test_recruitee_personio_remote_boards() -> None:
    mlops, head = parse("recruitee", "recruitee.json")
    assert mlops.remote == "hybrid"
    assert mlops.salary is not None
    assert mlops.salary.min == 70000
    assert "source=" not in mlops.url
    assert head.salary is None
    nlp, student = parse("personio", "personio.xml", key="nordlicht")
    assert nlp.url == "https://example.org/job/1500123"
    assert "German-language" in nlp.description
    assert "\u2022 vLLM" in nlp.description
    assert nlp.company == "Nordlicht AI GmbH"
    assert student.remote == "remote"


def test_remoteok_legal_element_salary_and_attribution() -> None:
    first, second = parse("remoteok", "remoteok.json")
    assert first.source_id == "1090001"
    assert (
        first.url == "https://remoteok.com/remote-jobs/remote-senior-ai-engineer-vectorly-1090001"
    )
    assert first.salary is not None
    assert first.salary.min == 140000
    assert second.salary is None  # 0 means unknown
    assert first.attribution is not None
    assert "Remote OK" in first.attribution
    assert first.url in first.attribution


def test_remotive_naive_time_free_text_salary_attribution() -> None:
    ml, frontend = parse("remotive", "remotive.json")
    assert ml.posted_at is not None
    assert ml.posted_at.isoformat() == "2026-11-25T14:03:07+00:00"
    assert ml.salary is not None
    assert (ml.salary.min, ml.salary.max) == (120000, 150000)
    assert frontend.salary is None
    assert ml.attribution is not None
    assert "Remotive" in ml.attribution


def test_wwr_title_split_and_escaped_description() -> None:
    first, second = parse("weworkremotely", "weworkremotely.rss")
    assert (first.company, first.title) == ("Lumen Labs", "Senior Backend Engineer (Python)")
    assert "We build search & ranking." in first.description
    assert second.posted_at is not None
    assert second.posted_at.isoformat() == "2026-11-24T15:00:00+00:00"


def test_hn_top_level_comments_only() -> None:
    quill, tess, staff = parse("hn_whoishiring", "hn_comments.json")
    assert (quill.company, quill.title) == ("Quillwork", "Senior ML Engineer")
    assert quill.remote == "onsite"  # from the header line, though the text says "Remote"
    assert quill.locations == ("Berlin, Germany",)
    assert quill.salary is not None
    assert quill.salary.currency == "EUR"
    assert "https://quillwork.example/jobs" in quill.description
    assert tess.remote == "remote"
    assert tess.employment_type == "full-time"
    # "AI Architect, Staff Backend Engineer": one posting per role, same comment.
    assert (tess.title, staff.title) == ("AI Architect", "Staff Backend Engineer")
    assert tess.url == staff.url
    assert tess.source_id != staff.source_id
    assert staff.remote_regions == ("US",)


def test_jsonld_graph_cdata_and_entity_encoded_list() -> None:
    (graph,) = parse("jsonld", "jsonld_graph.html")
    assert graph.source_id == "FJ-88"
    assert graph.url == "https://fjord.example/jobs/fj-88"
    assert graph.salary is not None
    assert graph.salary.currency == "NOK"
    assert "\u2022 ROS 2" in graph.description
    (listed,) = parse("jsonld", "jsonld_list.html")
    assert listed.remote == "remote"
    assert listed.company == "Kestrel Health"
    assert listed.locations == ("Finland",)


def _follow(kind: str, url: str, body: Any, **settings: Any) -> list[str]:
    source = SourceSpec(kind, "acme", None, settings)
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return get_kind(kind).follow(source, "https://api.test", url, raw)


def test_follow_plans() -> None:
    stories = (FIXTURES / "hn_stories.json").read_bytes()
    assert _follow("hn_whoishiring", "https://api.test/search_by_date?x", stories) == [
        "https://api.test/search?tags=comment,story_47000001&hitsPerPage=1000&page=0"
    ]
    page = [{"id": str(i)} for i in range(2)]
    assert _follow(
        "lever", "https://api.test/acme?mode=json&skip=0&limit=2", page, page_size=2
    ) == ["https://api.test/acme?mode=json&skip=2&limit=2"]
    assert (
        _follow("lever", "https://api.test/acme?mode=json&skip=0&limit=2", page[:1], page_size=2)
        == []
    )
    listing = {"totalFound": 150, "content": [{"id": "7"}]}
    urls = _follow(
        "smartrecruiters",
        "https://api.test/acme/postings?limit=100&offset=0",
        listing,
        details=True,
    )
    assert urls == [
        "https://api.test/acme/postings/7",
        "https://api.test/acme/postings?limit=100&offset=100",
    ]
    arbeit = (FIXTURES / "arbeitnow_page1.json").read_bytes()
    assert _follow("arbeitnow", "https://api.test/api/job-board-api?page=1", arbeit) == [
        "https://api.test/api/job-board-api?page=2"
    ]
    sitemap = (FIXTURES / "sitemap.xml").read_text().replace("{base}", "https://c.test").encode()
    assert _follow("jsonld", "https://c.test/sitemap.xml", sitemap, url_contains="/careers/") == [
        "https://c.test/jsonld/careers/graph.html",
        "https://c.test/jsonld/careers/list.html",
    ]


@pytest.mark.parametrize(
    ("kind", "body", "message"),
    [
        ("greenhouse", b'{"jobs": [{"id": 1, "title": "x"', "truncated"),
        ("greenhouse", b"<!doctype html><h1>503</h1>", "HTML"),
        ("greenhouse", b"", "empty"),
        ("greenhouse", b'{"error": "nope"}', "'jobs'"),
        ("lever", b'{"ok": false}', "array"),
        ("personio", b"<workzag-jobs><position>", "invalid XML"),
        ("weworkremotely", b'{"not": "rss"}', "JSON"),
        ("hn_whoishiring", b"[]", "hits"),
    ],
)
def test_broken_bodies_raise(kind: str, body: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        get_kind(kind).parse(body, ParseContext(SourceSpec(kind, "acme")))


def test_xml_entities_are_not_expanded(tmp_path: Path) -> None:
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<workzag-jobs><position><id>1</id><name>&x;</name></position></workzag-jobs>"
    )
    postings = get_kind("personio").parse(evil, ParseContext(SourceSpec("personio", "a")))
    assert all("root:" not in p.title for p in postings)


def test_parse_command_reports_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"jobs": [', encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", "greenhouse", str(bad), "--json"])
    assert result.exit_code == 1
    assert "invalid JSON" in result.output


def test_facts_from_each_kinds_structured_fields() -> None:
    """Every kind hands its board's own fields to the one fact reader."""
    greenhouse = by_id(parse("greenhouse", "greenhouse.json"))
    assert greenhouse["4004"].remote_regions == ("US",)  # location "Remote - US"
    assert greenhouse["4003"].remote_regions == ()  # remote, but listed under London
    lever = by_id(parse("lever", "lever.json"))
    assert {p.employment_type for p in lever.values()} == {"full-time", "contract"}
    ashby = {p.title: p for p in parse("ashby", "ashby.json")}
    assert ashby["ML Engineer Intern"].employment_type == "internship"
    assert ashby["Principal AI Architect"].remote_regions == ("CA",)  # "Remote - Canada"
    personio = {p.title: p for p in parse("personio", "personio.xml")}
    assert personio["Senior NLP Engineer (m/f/d)"].min_years == 5  # yearsOfExperience 5-7
    assert personio["Werkstudent Data Engineering"].employment_type == "internship"
    remotive = {p.title: p for p in parse("remotive", "remotive.json")}
    assert remotive["ML Platform Engineer"].remote_regions == ("Europe",)
    assert remotive["Frontend Developer"].remote_regions == ("US",)  # "USA Only"
    assert remotive["Frontend Developer"].employment_type == "contract"
    wwr = {p.title: p for p in parse("weworkremotely", "weworkremotely.rss")}
    assert wwr["Staff AI Engineer"].remote_regions == ("US",)
    assert {p.remote_regions for p in wwr.values()} == {("Worldwide",), ("US",)}
    remoteok = {p.title: p for p in parse("remoteok", "remoteok.json")}
    salary = remoteok["Senior AI Engineer"].salary
    assert salary is not None
    assert (salary.currency, salary.yearly_min, salary.yearly_max) == ("USD", 140_000, 190_000)
    (listed,) = parse("jsonld", "jsonld_list.html")
    assert listed.remote_regions == ("FI",)


def test_real_greenhouse_board_workplace_type_and_country_scope() -> None:
    """A real capture (fixtures/jobs/PROVENANCE.md): "Workplace Type: Remote" metadata makes
    the jobs remote, and a location that is only a country is their remote scope."""
    jobs = by_id(parse("greenhouse", "greenhouse_airbnb_2026_01.json", key="airbnb"))
    assert {p.remote for p in jobs.values()} == {"remote"}
    assert jobs["7434393"].remote_regions == ("CA",)
    assert jobs["7467432"].remote_regions == ("MX",)
    assert jobs["7456094"].locations == ("United States",)
    assert jobs["7456094"].remote_regions == ("US",)
    # "(12 month contract)" in the title: the board gives no type, the title does.
    assert jobs["7467432"].employment_type == "contract"
    assert jobs["7434393"].employment_type is None
    assert jobs["7434393"].company == "Airbnb"
    assert jobs["7434393"].url == "https://careers.airbnb.com/positions/7434393?gh_jid=7434393"
