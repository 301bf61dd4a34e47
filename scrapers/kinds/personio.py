"""Personio: GET https://{sub}.jobs.personio.de/xml?language=en (XML, not JSON).

Each <position> has its descriptions as <jobDescription><name/><value/> pairs whose value is
CDATA-wrapped HTML. The job page is /job/{id} on the same host. There is no remote field, so
only an office named "Remote" makes a posting remote.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree

from scrapers.classify import parse_time, remote_from_locations
from scrapers.facts import employment_from_label
from scrapers.kinds.base import ParseContext, ParseError, SourceKind, SourceSpec, make_posting
from scrapers.posting import Posting
from scrapers.xmlsafe import child_text, local, parse_xml


def start(source: SourceSpec, base: str) -> list[str]:
    language = source.str_setting("language", "en") or "en"
    return [f"{base}/xml?language={language}"]


def _job_url(ctx: ParseContext, job_id: str) -> str:
    parts = urlsplit(ctx.url) if ctx.url else None
    if parts and parts.scheme in {"http", "https"}:
        prefix = parts.path[: -len("/xml")] if parts.path.endswith("/xml") else ""
        return f"{parts.scheme}://{parts.netloc}{prefix}/job/{job_id}"
    return f"https://{ctx.key}.jobs.personio.de/job/{job_id}"


def _employment(position: etree._Element) -> str | None:
    """`employmentType` says permanent, intern, trainee, freelance or temporary; `schedule`
    says full- or part-time. The kind of contract wins unless it is merely "permanent"."""
    kind = child_text(position, "employmentType")
    schedule = child_text(position, "schedule")
    if employment_from_label(kind) in {"internship", "contract", "temporary"}:
        return kind
    return schedule or kind or None


def _years(value: str) -> int | None:
    """'lt-1' -> 0, '1-2' -> 1, '5-7' -> 5, 'more-than-7' -> 7; anything else unknown."""
    if value.strip().lower().startswith("lt"):
        return 0
    match = re.search(r"\d+", value)
    return int(match.group()) if match else None


def parse(body: bytes, ctx: ParseContext) -> list[Posting]:
    root = parse_xml(body)
    if local(root.tag) not in {"workzag-jobs", "positions", "jobs"}:
        raise ParseError(f"a Personio feed has <workzag-jobs> at its root, not <{local(root.tag)}>")
    postings: list[Posting] = []
    for position in root.iter():
        if local(position.tag) != "position":
            continue
        job_id = child_text(position, "id")
        sections: list[str] = []
        for element in position.iter():
            if local(element.tag) == "jobDescription":
                heading = child_text(element, "name")
                value = child_text(element, "value")
                sections.append(f"<h3>{heading}</h3>{value}" if heading else value)
        offices = [child_text(position, "office")]
        offices += [
            (o.text or "").strip()
            for extra in position
            if local(extra.tag) == "additionalOffices"
            for o in extra
        ]
        offices = [o for o in offices if o]
        posting = make_posting(
            ctx,
            source_id=job_id,
            url=_job_url(ctx, job_id),
            title=child_text(position, "name"),
            company=ctx.company(child_text(position, "subcompany")),
            locations=offices,
            remote=remote_from_locations(offices),
            employment=_employment(position),
            years=_years(child_text(position, "yearsOfExperience")),
            posted_at=parse_time(child_text(position, "createdAt")),
            description_html="".join(sections),
        )
        if posting is not None:
            postings.append(posting)
    return postings


SOURCE = SourceKind(
    name="personio",
    default_base="https://{key}.jobs.personio.de",
    start=start,
    parse=parse,
    description="Personio XML feed (key: the subdomain; setting: language)",
)
