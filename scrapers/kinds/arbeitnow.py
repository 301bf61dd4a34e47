"""Arbeitnow: GET https://www.arbeitnow.com/api/job-board-api?page=N.

Pages are followed through `links.next` up to `max_pages` (default 5). `remote: true` means
remote; false does not prove on-site. `created_at` is epoch seconds.
"""

from __future__ import annotations

from urllib.parse import urljoin

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

PAGES_DEFAULT = 5


def start(source: SourceSpec, base: str) -> list[str]:
    return [f"{base}/api/job-board-api?page=1"]


def follow(source: SourceSpec, base: str, url: str, body: bytes) -> list[str]:
    try:
        data = load_json(body)
    except ParseError:
        return []
    links = data.get("links") if isinstance(data, dict) else None
    nxt = links.get("next") if isinstance(links, dict) else None
    if not isinstance(nxt, str) or not nxt:
        return []
    page = nxt.rsplit("page=", 1)[-1]
    if page.isdigit() and int(page) > source.int_setting("max_pages", PAGES_DEFAULT):
        return []
    absolute = urljoin(url, nxt)
    # Keep following on the configured host even when the API names its public one.
    return [f"{base}/api/job-board-api?page={page}"] if page.isdigit() else [absolute]


def parse(body: bytes, ctx: ParseContext) -> list[Posting]:
    data = load_json(body)
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise ParseError("an Arbeitnow page is an object with a 'data' array")
    postings: list[Posting] = []
    for job in data["data"]:
        if not isinstance(job, dict):
            continue
        location = text_of(job.get("location"))
        locations = [location] if location else []
        flagged: RemoteMode = "remote" if job.get("remote") is True else "unknown"
        posting = make_posting(
            ctx,
            source_id=job.get("slug"),
            url=text_of(job.get("url")),
            title=text_of(job.get("title")),
            company=ctx.company(job.get("company_name")),
            locations=locations,
            remote=first_known(flagged, remote_from_locations(locations)),
            employment=as_list(job.get("job_types")),
            posted_at=parse_time(job.get("created_at")),
            description_html=str(job.get("description") or ""),
        )
        if posting is not None:
            postings.append(posting)
    return postings


SOURCE = SourceKind(
    name="arbeitnow",
    default_base="https://www.arbeitnow.com",
    start=start,
    follow=follow,
    parse=parse,
    conditional=False,
    description="Arbeitnow job board API (key: any label; setting: max_pages)",
)
