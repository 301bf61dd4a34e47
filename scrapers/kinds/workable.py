"""Workable accounts: GET {base}/{subdomain}?details=true.

The response names the company (`name`). `telecommuting: true` means remote; false does not
prove on-site (hybrid jobs are false too), so it leaves remote unknown unless the location says.
Workable answers 429 readily: the client backs off and honours Retry-After.
"""

from __future__ import annotations

from typing import Any

from scrapers.classify import first_known, parse_time, remote_from_locations
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
from scrapers.posting import Posting, RemoteMode


def start(source: SourceSpec, base: str) -> list[str]:
    return [f"{base}/{source.key}?details=true"]


def _place(item: dict[str, Any]) -> str:
    parts = [text_of(item.get(k)) for k in ("city", "region", "state", "country")]
    return ", ".join(p for p in parts if p)


def parse(body: bytes, ctx: ParseContext) -> list[Posting]:
    data = load_json(body)
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise ParseError("a Workable account is an object with a 'jobs' array")
    company = ctx.company(data.get("name"))
    postings: list[Posting] = []
    for job in data["jobs"]:
        if not isinstance(job, dict):
            continue
        locations = [_place(x) for x in as_list(job.get("locations")) if isinstance(x, dict)]
        if not any(locations):
            locations = [_place(job)]
        locations = [loc for loc in locations if loc]
        flagged: RemoteMode = "remote" if job.get("telecommuting") is True else "unknown"
        posting = make_posting(
            ctx,
            source_id=job.get("shortcode") or job.get("id"),
            url=text_of(job.get("url")) or text_of(job.get("application_url")),
            title=text_of(job.get("title")),
            company=company,
            locations=locations,
            remote=first_known(flagged, remote_from_locations(locations)),
            employment=job.get("employment_type"),
            posted_at=parse_time(job.get("published_on")) or parse_time(job.get("created_at")),
            description_html=str(job.get("description") or ""),
        )
        if posting is not None:
            postings.append(posting)
    return postings


SOURCE = SourceKind(
    name="workable",
    default_base="https://apply.workable.com/api/v1/widget/accounts",
    start=start,
    parse=parse,
    description="Workable account (key: the account subdomain)",
)
