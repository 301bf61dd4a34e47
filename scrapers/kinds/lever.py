"""Lever postings: GET {base}/{site}?mode=json&skip=N&limit=M (a bare array).

There is no company field, so the source's `company` (or its key) names the employer. Paging
walks `skip` by `page_size` (setting, default 100) until a short page. `workplaceType` decides
remote (seen live as remote/onsite/hybrid, documented as on-site). Set `region = "eu"` for
boards hosted on Lever's EU endpoint. `createdAt` is epoch milliseconds.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from scrapers.classify import (
    first_known,
    parse_time,
    remote_from_label,
    remote_from_locations,
)
from scrapers.kinds.base import (
    ParseContext,
    ParseError,
    SourceKind,
    SourceSpec,
    as_list,
    load_json,
    make_posting,
    text_of,
)
from scrapers.posting import Posting
from scrapers.salary import salary_from_range

EU_BASE = "https://api.eu.lever.co/v0/postings"


def _page_size(source: SourceSpec) -> int:
    return max(1, min(source.int_setting("page_size", 100), 500))


def _base(source: SourceSpec, base: str) -> str:
    if source.str_setting("region").lower() == "eu" and "base_url" not in source.settings:
        return EU_BASE
    return base


def start(source: SourceSpec, base: str) -> list[str]:
    return [f"{_base(source, base)}/{source.key}?mode=json&skip=0&limit={_page_size(source)}"]


def follow(source: SourceSpec, base: str, url: str, body: bytes) -> list[str]:
    try:
        data = load_json(body)
    except ParseError:
        return []
    size = _page_size(source)
    if not isinstance(data, list) or len(data) < size:
        return []
    query = parse_qs(urlsplit(url).query)
    skip = int(query.get("skip", ["0"])[0]) + size
    if skip // size >= source.int_setting("max_pages", 20):
        return []
    return [f"{_base(source, base)}/{source.key}?mode=json&skip={skip}&limit={size}"]


def _description(job: dict[str, Any]) -> str:
    parts: list[str] = []
    if isinstance(job.get("description"), str):
        parts.append(job["description"])
    for block in as_list(job.get("lists")):
        if isinstance(block, dict):
            heading = text_of(block.get("text"))
            content = block.get("content") if isinstance(block.get("content"), str) else ""
            parts.append(f"<h3>{heading}</h3><ul>{content}</ul>")
    if isinstance(job.get("additional"), str):
        parts.append(job["additional"])
    if parts:
        return "".join(f"<div>{p}</div>" for p in parts)
    return str(job.get("descriptionPlain") or "")


def parse(body: bytes, ctx: ParseContext) -> list[Posting]:
    data = load_json(body)
    if not isinstance(data, list):
        raise ParseError("a Lever postings response is a JSON array")
    postings: list[Posting] = []
    for job in data:
        if not isinstance(job, dict):
            continue
        cats = job.get("categories") if isinstance(job.get("categories"), dict) else {}
        assert isinstance(cats, dict)
        locations = [text_of(x) for x in as_list(cats.get("allLocations"))]
        if not any(locations):
            locations = [text_of(cats.get("location"))]
        locations = [loc for loc in locations if loc]
        pay = job.get("salaryRange") if isinstance(job.get("salaryRange"), dict) else None
        salary = (
            salary_from_range(
                pay.get("min"), pay.get("max"), pay.get("currency"), pay.get("interval")
            )
            if pay
            else None
        )
        posting = make_posting(
            ctx,
            source_id=job.get("id"),
            url=text_of(job.get("hostedUrl")) or text_of(job.get("applyUrl")),
            title=text_of(job.get("text")),
            company=ctx.company(),
            locations=locations,
            remote=first_known(
                remote_from_label(job.get("workplaceType")), remote_from_locations(locations)
            ),
            employment=cats.get("commitment"),
            salary=salary,
            posted_at=parse_time(job.get("createdAt"), epoch_unit="ms"),
            description_html=_description(job),
        )
        if posting is not None:
            postings.append(posting)
    return postings


SOURCE = SourceKind(
    name="lever",
    default_base="https://api.lever.co/v0/postings",
    start=start,
    follow=follow,
    parse=parse,
    conditional=False,
    description="Lever postings (key: the site name; settings: region = 'eu', page_size)",
)
