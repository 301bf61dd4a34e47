"""Greenhouse job boards: GET {base}/{token}/jobs?content=true.

`content` is entity-escaped HTML (`&lt;p&gt;`, with `&amp;nbsp;` inside); html_to_text undoes
both layers. A job open in three cities is often posted three times with three ids: each is kept
as its own posting (they differ by location, so dedup does not merge them). The "Location Type"
metadata, when set, beats the location text, which can contradict it. No pagination; an unknown
board answers 404. Salary is only on the single-job call, so it is not fetched here.
"""

from __future__ import annotations

from typing import Any

from scrapers.classify import first_known, parse_time, remote_from_label, remote_from_locations
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


def start(source: SourceSpec, base: str) -> list[str]:
    return [f"{base}/{source.key}/jobs?content=true"]


def _metadata(job: dict[str, Any], *names: str) -> str | None:
    """A custom field by name; boards name the same field differently ("Employment Type",
    "Job Type", "Commitment"), so several names may be tried."""
    wanted = {name.casefold() for name in names}
    for item in as_list(job.get("metadata")):
        if isinstance(item, dict) and str(item.get("name", "")).casefold() in wanted:
            value = item.get("value")
            if isinstance(value, list):
                value = value[0] if value else None
            if isinstance(value, str) and value.strip():
                return value
    return None


def parse(body: bytes, ctx: ParseContext) -> list[Posting]:
    data = load_json(body)
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise ParseError("a Greenhouse board is an object with a 'jobs' array")
    postings: list[Posting] = []
    for job in data["jobs"]:
        if not isinstance(job, dict):
            continue
        location = job.get("location")
        locations = [text_of(location.get("name"))] if isinstance(location, dict) else []
        locations = [loc for loc in locations if loc]
        remote = first_known(
            remote_from_label(_metadata(job, "Location Type", "Workplace Type")),
            remote_from_locations(locations),
        )
        posting = make_posting(
            ctx,
            source_id=job.get("id"),
            url=text_of(job.get("absolute_url")),
            title=text_of(job.get("title")),
            company=ctx.company(job.get("company_name")),
            locations=locations,
            remote=remote,
            employment=_metadata(
                job, "Employment Type", "Employment type", "Job Type", "Commitment", "Time Type"
            ),
            posted_at=parse_time(job.get("first_published")) or parse_time(job.get("updated_at")),
            description_html=job.get("content") if isinstance(job.get("content"), str) else None,
        )
        if posting is not None:
            postings.append(posting)
    return postings


SOURCE = SourceKind(
    name="greenhouse",
    default_base="https://boards-api.greenhouse.io/v1/boards",
    start=start,
    parse=parse,
    description="Greenhouse job board (key: the board token)",
)
