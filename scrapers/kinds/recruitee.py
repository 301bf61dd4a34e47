"""Recruitee careers sites: GET https://{sub}.recruitee.com/api/offers/.

The base URL is a template with `{key}` in the host. `remote`, `hybrid` and `on_site` are
explicit flags. `published_at` comes as "2024-03-01 09:00:00 UTC". Salary is structured.
"""

from __future__ import annotations

from scrapers.classify import (
    first_known,
    parse_time,
    remote_from_flags,
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


def start(source: SourceSpec, base: str) -> list[str]:
    return [f"{base}/api/offers/"]


def parse(body: bytes, ctx: ParseContext) -> list[Posting]:
    data = load_json(body)
    if not isinstance(data, dict) or not isinstance(data.get("offers"), list):
        raise ParseError("a Recruitee response is an object with an 'offers' array")
    postings: list[Posting] = []
    for job in data["offers"]:
        if not isinstance(job, dict):
            continue
        locations: list[str] = []
        for loc in as_list(job.get("locations")):
            if isinstance(loc, dict):
                parts = (text_of(loc.get("city")), text_of(loc.get("country")))
                locations.append(", ".join(p for p in parts if p))
        if not any(locations):
            locations = [text_of(job.get("location")) or text_of(job.get("city"))]
        locations = [loc for loc in locations if loc]
        pay = job.get("salary") if isinstance(job.get("salary"), dict) else None
        flags = [job.get(k) for k in ("remote", "hybrid", "on_site")]
        posting = make_posting(
            ctx,
            source_id=job.get("id"),
            url=text_of(job.get("careers_url")) or text_of(job.get("url")),
            title=text_of(job.get("title")),
            company=ctx.company(job.get("company_name")),
            locations=locations,
            remote=first_known(
                remote_from_flags(
                    remote=flags[0] is True, hybrid=flags[1] is True, onsite=flags[2] is True
                ),
                remote_from_locations(locations),
            ),
            employment=job.get("employment_type_code") or job.get("employment_type"),
            salary=salary_from_range(
                pay.get("min"), pay.get("max"), pay.get("currency"), pay.get("period")
            )
            if pay
            else None,
            posted_at=parse_time(job.get("published_at")) or parse_time(job.get("created_at")),
            description_html=str(job.get("description") or "") + str(job.get("requirements") or ""),
        )
        if posting is not None:
            postings.append(posting)
    return postings


SOURCE = SourceKind(
    name="recruitee",
    default_base="https://{key}.recruitee.com",
    start=start,
    parse=parse,
    description="Recruitee careers site (key: the subdomain)",
)
