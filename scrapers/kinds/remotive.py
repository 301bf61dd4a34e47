"""Remotive: GET https://remotive.com/api/remote-jobs?category=&search=&limit=.

The terms allow only a few calls a day (enforced by the client through a persisted call
ledger: `calls_per_day`, default 4), ask for a link back and a credit, and say jobs appear with
a 24 h delay. `publication_date` has no time zone: it is taken as UTC. `salary` is free text.
The key is a category slug (e.g. software-dev) or `all`; setting `search` narrows it.
"""

from __future__ import annotations

from urllib.parse import urlencode

from scrapers.classify import parse_time
from scrapers.kinds.base import (
    ParseContext,
    ParseError,
    SourceKind,
    SourceSpec,
    load_json,
    make_posting,
    text_of,
)
from scrapers.posting import Posting
from scrapers.salary import salary_from_text
from scrapers.urls import canonical_url

CREDIT = "Remotive"


def start(source: SourceSpec, base: str) -> list[str]:
    query: dict[str, str] = {}
    if source.key not in {"all", "*"}:
        query["category"] = source.key
    if source.str_setting("search"):
        query["search"] = source.str_setting("search")
    if source.int_setting("limit", 0) > 0:
        query["limit"] = str(source.int_setting("limit", 0))
    suffix = f"?{urlencode(query)}" if query else ""
    return [f"{base}/api/remote-jobs{suffix}"]


def parse(body: bytes, ctx: ParseContext) -> list[Posting]:
    data = load_json(body)
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise ParseError("a Remotive response is an object with a 'jobs' array")
    postings: list[Posting] = []
    for job in data["jobs"]:
        if not isinstance(job, dict):
            continue
        where = text_of(job.get("candidate_required_location"))
        url = canonical_url(text_of(job.get("url"))) if job.get("url") else ""
        posting = make_posting(
            ctx,
            source_id=job.get("id"),
            url=url,
            title=text_of(job.get("title")),
            company=ctx.company(job.get("company_name")),
            locations=[where] if where else [],
            remote="remote",
            employment=job.get("job_type"),
            remote_scope=[where] if where else [],
            salary=salary_from_text(text_of(job.get("salary"))),
            posted_at=parse_time(job.get("publication_date")),
            description_html=str(job.get("description") or ""),
            attribution=f"Job found on {CREDIT}: {url}" if url else f"Job found on {CREDIT}",
        )
        if posting is not None:
            postings.append(posting)
    return postings


SOURCE = SourceKind(
    name="remotive",
    default_base="https://remotive.com",
    start=start,
    parse=parse,
    daily_limit=4,
    attribution=CREDIT,
    description="Remotive (key: a category slug or all; settings: search, limit, calls_per_day)",
)
