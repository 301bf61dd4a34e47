"""Ashby job boards: GET {base}/{name}?includeCompensation=true.

`isRemote` and `workplaceType` are often null: then the location text is the only evidence.
Unlisted jobs (`isListed: false`) are skipped. Large boards run to several MB, which is why the
runner parses big bodies off the event loop. Salary comes from the compensation components of
type Salary.
"""

from __future__ import annotations

from typing import Any

from scrapers.classify import (
    first_known,
    parse_time,
    remote_from_flags,
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
from scrapers.posting import Posting, Salary
from scrapers.salary import salary_from_range, salary_from_text


def start(source: SourceSpec, base: str) -> list[str]:
    return [f"{base}/{source.key}?includeCompensation=true"]


def _salary(job: dict[str, Any]) -> Salary | None:
    comp = job.get("compensation")
    if not isinstance(comp, dict):
        return None
    for part in as_list(comp.get("summaryComponents")):
        if isinstance(part, dict) and str(part.get("compensationType", "")).lower() == "salary":
            found = salary_from_range(
                part.get("minValue"),
                part.get("maxValue"),
                part.get("currencyCode"),
                part.get("interval"),
            )
            if found:
                return found
    summary = comp.get("compensationTierSummary")
    return salary_from_text(summary) if isinstance(summary, str) else None


def _locations(job: dict[str, Any]) -> list[str]:
    found = [text_of(job.get("location"))]
    for extra in as_list(job.get("secondaryLocations")):
        if isinstance(extra, dict):
            found.append(text_of(extra.get("location")))
        elif isinstance(extra, str):
            found.append(text_of(extra))
    return [loc for loc in found if loc]


def parse(body: bytes, ctx: ParseContext) -> list[Posting]:
    data = load_json(body)
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise ParseError("an Ashby job board is an object with a 'jobs' array")
    postings: list[Posting] = []
    for job in data["jobs"]:
        if not isinstance(job, dict) or job.get("isListed") is False:
            continue
        locations = _locations(job)
        is_remote = job.get("isRemote")
        remote = first_known(
            remote_from_label(job.get("workplaceType")),
            remote_from_flags(remote=is_remote) if isinstance(is_remote, bool) else "unknown",
            remote_from_locations(locations),
        )
        html = job.get("descriptionHtml")
        posting = make_posting(
            ctx,
            source_id=job.get("id"),
            url=text_of(job.get("jobUrl")) or text_of(job.get("applyUrl")),
            title=text_of(job.get("title")),
            company=ctx.company(),
            locations=locations,
            remote=remote,
            employment=job.get("employmentType"),
            salary=_salary(job),
            posted_at=parse_time(job.get("publishedAt")),
            description_html=html if isinstance(html, str) else None,
            description_text=str(job.get("descriptionPlain") or ""),
        )
        if posting is not None:
            postings.append(posting)
    return postings


SOURCE = SourceKind(
    name="ashby",
    default_base="https://api.ashbyhq.com/posting-api/job-board",
    start=start,
    parse=parse,
    description="Ashby job board (key: the board name)",
)
