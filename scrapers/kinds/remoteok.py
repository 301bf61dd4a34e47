"""Remote OK: GET https://remoteok.com/api (one array).

Element [0] is a legal notice, not a job: any element without an id and a position is skipped.
`salary_min`/`salary_max` of 0 mean unknown. Every job is remote. The terms ask for a link back
to the job on Remote OK and a credit, which `attribution` carries.
"""

from __future__ import annotations

from scrapers.classify import parse_time
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
from scrapers.urls import canonical_url

CREDIT = "Remote OK"


_TYPE_TAGS = frozenset(
    {"full time", "full-time", "part time", "part-time", "contract", "contractor", "freelance"}
    | {"internship", "intern", "temporary"}
)


def _is_type_tag(tag: object) -> bool:
    """Tags mix skills and job types; only the tags that are exactly a type count."""
    return isinstance(tag, str) and tag.strip().casefold() in _TYPE_TAGS


def start(source: SourceSpec, base: str) -> list[str]:
    return [f"{base}/api"]


def parse(body: bytes, ctx: ParseContext) -> list[Posting]:
    data = load_json(body)
    if not isinstance(data, list):
        raise ParseError("the Remote OK API answers a JSON array")
    postings: list[Posting] = []
    for job in data:
        if not isinstance(job, dict) or "legal" in job or not job.get("position"):
            continue
        url = canonical_url(
            text_of(job.get("url")) or f"https://remoteok.com/remote-jobs/{job.get('id')}"
        )
        location = text_of(job.get("location"))
        posting = make_posting(
            ctx,
            source_id=job.get("id") or job.get("slug"),
            url=url,
            title=text_of(job.get("position")),
            company=ctx.company(job.get("company")),
            locations=[location] if location else [],
            remote="remote",
            employment=[t for t in as_list(job.get("tags")) if _is_type_tag(t)],
            salary=salary_from_range(
                job.get("salary_min"), job.get("salary_max"), "USD", "year", zero_is_unknown=True
            ),
            posted_at=parse_time(job.get("epoch")) or parse_time(job.get("date")),
            description_html=str(job.get("description") or ""),
            attribution=f"Job found on {CREDIT}: {url}",
        )
        if posting is not None:
            postings.append(posting)
    return postings


SOURCE = SourceKind(
    name="remoteok",
    default_base="https://remoteok.com",
    start=start,
    parse=parse,
    attribution=CREDIT,
    description="Remote OK (key: any label, e.g. all)",
)
