"""SmartRecruiters: GET {base}/{company}/postings?limit=100&offset=N, detail at .../{id}.

The list has no description; with `details = true` each posting's detail page is fetched too
(at most `max_details`, default 50) and its `jobAd.sections` become the description. An unknown
company answers 200 with `totalFound: 0`, indistinguishable from an empty board, so a source
that suddenly reads empty is worth a `sources test`. Location flags `remote`/`hybrid` are
explicit; both false means on-site.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from scrapers.classify import parse_time, remote_from_flags
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

PAGE = 100
JOB_PAGE = "https://jobs.smartrecruiters.com"


def start(source: SourceSpec, base: str) -> list[str]:
    return [f"{base}/{source.key}/postings?limit={PAGE}&offset=0"]


def follow(source: SourceSpec, base: str, url: str, body: bytes) -> list[str]:
    if not re.search(r"/postings\?", url):
        return []  # a detail page leads nowhere
    try:
        data = load_json(body)
    except ParseError:
        return []
    if not isinstance(data, dict):
        return []
    urls: list[str] = []
    content = [j for j in data.get("content") or [] if isinstance(j, dict)]
    offset = int(parse_qs(urlsplit(url).query).get("offset", ["0"])[0])
    if source.setting("details", False) in {True, "true", "1"}:
        budget = source.int_setting("max_details", 50) - offset
        for job in content[: max(0, budget)]:
            if job.get("id"):
                urls.append(f"{base}/{source.key}/postings/{job['id']}")
    total = data.get("totalFound")
    nxt = offset + PAGE
    if isinstance(total, int) and nxt < total and nxt // PAGE < source.int_setting("max_pages", 20):
        urls.append(f"{base}/{source.key}/postings?limit={PAGE}&offset={nxt}")
    return urls


def _posting(job: dict[str, Any], ctx: ParseContext, description: str | None) -> Posting | None:
    loc = job.get("location") if isinstance(job.get("location"), dict) else {}
    assert isinstance(loc, dict)
    place = text_of(loc.get("fullLocation")) or ", ".join(
        p for p in (text_of(loc.get("city")), text_of(loc.get("country")).upper()) if p
    )
    remote = remote_from_flags(
        remote=loc.get("remote") is True,
        hybrid=loc.get("hybrid") is True,
        onsite=loc.get("remote") is False and loc.get("hybrid") is not True,
    )
    company = job.get("company") if isinstance(job.get("company"), dict) else {}
    assert isinstance(company, dict)
    kind = job.get("typeOfEmployment")
    level = job.get("experienceLevel")
    sid = job.get("id")
    return make_posting(
        ctx,
        source_id=sid,
        url=text_of(job.get("postingUrl")) or f"{JOB_PAGE}/{ctx.key}/{sid}",
        title=text_of(job.get("name")),
        company=ctx.company(company.get("name")),
        locations=[place] if place else [],
        remote=remote,
        employment=kind,
        posted_at=parse_time(job.get("releasedDate")),
        description_html=description,
        description_text=text_of(level.get("label")) if isinstance(level, dict) else None,
    )


def parse(body: bytes, ctx: ParseContext) -> list[Posting]:
    data = load_json(body)
    if not isinstance(data, dict):
        raise ParseError("a SmartRecruiters response is a JSON object")
    if isinstance(data.get("content"), list):
        found = (_posting(j, ctx, None) for j in data["content"] if isinstance(j, dict))
        return [p for p in found if p is not None]
    if "jobAd" in data:  # a single posting's detail
        ad = data.get("jobAd")
        sections = ad.get("sections") if isinstance(ad, dict) else None
        if not isinstance(sections, dict):
            sections = {}
        html = "".join(
            f"<h3>{text_of(s.get('title'))}</h3>{s.get('text') or ''}"
            for s in sections.values()
            if isinstance(s, dict)
        )
        one = _posting(data, ctx, html)
        return [one] if one else []
    raise ParseError("a SmartRecruiters response has 'content' (a list) or 'jobAd' (a posting)")


SOURCE = SourceKind(
    name="smartrecruiters",
    default_base="https://api.smartrecruiters.com/v1/companies",
    start=start,
    follow=follow,
    parse=parse,
    conditional=False,
    description="SmartRecruiters company (key: company id; settings: details, max_details)",
)
