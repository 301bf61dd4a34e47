"""Any career page with schema.org JobPosting data in <script type="application/ld+json">.

The key is a page URL, or a sitemap URL (a <urlset> or <sitemapindex> response is followed to
its pages; setting `url_contains` keeps only matching page URLs, `max_pages` caps them, default
50); setting `urls` adds more pages (separated by spaces or commas). The JSON may sit in
@graph or a list, be entity-encoded (`&quot;`) or wrapped in CDATA comments. Remote only when
jobLocationType is TELECOMMUTE.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterator
from typing import Any

from bs4 import BeautifulSoup

from scrapers.classify import parse_time
from scrapers.facts import min_years_from_text
from scrapers.kinds.base import (
    ParseContext,
    ParseError,
    SourceKind,
    SourceSpec,
    as_list,
    make_posting,
    text_of,
)
from scrapers.posting import Posting, RemoteMode, Salary
from scrapers.salary import salary_from_range
from scrapers.xmlsafe import local, parse_xml

_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")
_SITEMAP = re.compile(rb"<(?:\w+:)?(urlset|sitemapindex)\b")
# A career page bigger than this is not handed to the HTML parser whole (a 24 MB page once
# took 38 s and 1.9 GB): only its ld+json script elements are cut out and parsed.
WHOLE_PAGE_LIMIT = 2 * 1024 * 1024
_SCRIPT_OPEN = re.compile(rb"<script\b[^>]{0,2000}>", re.IGNORECASE)
_SCRIPT_CLOSE = re.compile(rb"</script\s*>", re.IGNORECASE)


def start(source: SourceSpec, base: str) -> list[str]:
    urls = [source.key] if source.key.startswith(("http://", "https://")) else []
    extra = re.split(r"[\s,]+", source.str_setting("urls"))
    urls += [u for u in extra if u.startswith(("http://", "https://"))]
    if "base_url" in source.settings and not urls:
        urls = [f"{base}/{source.key.lstrip('/')}"]
    return list(dict.fromkeys(urls))


def is_sitemap(body: bytes) -> bool:
    return bool(_SITEMAP.search(body[:2048]))


def follow(source: SourceSpec, base: str, url: str, body: bytes) -> list[str]:
    if not is_sitemap(body):
        return []
    try:
        root = parse_xml(body)
    except ParseError:
        return []
    wanted = source.str_setting("url_contains")
    found = [
        (el.text or "").strip()
        for el in root.iter()
        if local(el.tag) == "loc" and (el.text or "").strip().startswith(("http://", "https://"))
    ]
    found = [u for u in found if not wanted or wanted in u]
    return found[: source.int_setting("max_pages", 50)]


def ld_json_elements(body: bytes) -> bytes:
    """Only the `<script ... ld+json ...>...</script>` elements of a page, found by a linear
    scan of the bytes: what a huge page is reduced to before the HTML parser sees it."""
    found: list[bytes] = []
    position = 0
    while (opening := _SCRIPT_OPEN.search(body, position)) is not None:
        closing = _SCRIPT_CLOSE.search(body, opening.end())
        end = closing.end() if closing else len(body)
        if b"ld+json" in opening.group(0).lower():
            found.append(body[opening.start() : end])
        position = end
    return b"\n".join(found)


def _scripts(body: bytes) -> Iterator[str]:
    if len(body) > WHOLE_PAGE_LIMIT:
        body = ld_json_elements(body)
    soup = BeautifulSoup(body, "lxml")
    for tag in soup.find_all("script"):
        kind = str(tag.get("type") or "").lower()
        if "ld+json" in kind:
            yield tag.string or tag.get_text() or ""


def _decode(raw: str) -> Any:
    text = _CDATA.sub("", raw.strip())
    text = re.sub(r"^\s*<!\[CDATA\[|\]\]>\s*$", "", text).strip()
    for candidate in (text, html.unescape(text)):
        try:
            return json.loads(candidate, strict=False)
        except json.JSONDecodeError:
            continue
    return None


def _job_objects(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from _job_objects(item)
    elif isinstance(node, dict):
        types = {str(t) for t in as_list(node.get("@type"))}
        if "JobPosting" in types:
            yield node
        for key in ("@graph", "mainEntity", "itemListElement", "item"):
            if key in node:
                yield from _job_objects(node[key])


def _address(place: Any) -> str:
    if isinstance(place, str):
        return text_of(place)
    if not isinstance(place, dict):
        return ""
    address = place.get("address", place)
    if isinstance(address, str):
        return text_of(address)
    if not isinstance(address, dict):
        return text_of(place.get("name"))
    parts = [
        text_of(address.get(k))
        for k in ("addressLocality", "addressRegion", "addressCountry")
        if isinstance(address.get(k), str)
    ]
    country = address.get("addressCountry")
    if isinstance(country, dict):
        parts.append(text_of(country.get("name")))
    joined = ", ".join(p for p in parts if p)
    return joined or text_of(place.get("name"))


def _salary(job: dict[str, Any]) -> Salary | None:
    pay = job.get("baseSalary") or job.get("estimatedSalary")
    pay = pay[0] if isinstance(pay, list) and pay else pay
    if not isinstance(pay, dict):
        return None
    value = pay.get("value")
    if isinstance(value, dict):
        low = value.get("minValue", value.get("value"))
        high = value.get("maxValue")
        unit = value.get("unitText") or pay.get("unitText")
        return salary_from_range(low, high, pay.get("currency"), unit)
    return salary_from_range(value, None, pay.get("currency"), pay.get("unitText"))


def _years(requirements: object) -> int | None:
    """experienceRequirements is an OccupationalExperienceRequirements with
    monthsOfExperience, or free text ("3+ years of experience")."""
    for item in as_list(requirements):
        if isinstance(item, dict):
            months = item.get("monthsOfExperience")
            if isinstance(months, int | float) and not isinstance(months, bool) and months >= 0:
                return int(months) // 12
            text = item.get("description")
            if isinstance(text, str) and (found := min_years_from_text(text)) is not None:
                return found
        elif isinstance(item, str) and (found := min_years_from_text(item)) is not None:
            return found
    return None


def _identifier(job: dict[str, Any], fallback: str) -> str:
    ident = job.get("identifier")
    if isinstance(ident, dict):
        ident = ident.get("value") or ident.get("@id")
    if isinstance(ident, str | int) and str(ident).strip():
        return str(ident).strip()
    return hashlib.sha1(fallback.encode(), usedforsecurity=False).hexdigest()[:16]


def parse(body: bytes, ctx: ParseContext) -> list[Posting]:
    if is_sitemap(body):
        return []  # a sitemap holds links, its pages hold the postings
    postings: list[Posting] = []
    for index, raw in enumerate(_scripts(body)):
        data = _decode(raw)
        for number, job in enumerate(_job_objects(data)):
            org = job.get("hiringOrganization")
            org_name = org.get("name") if isinstance(org, dict) else org
            places = [_address(p) for p in as_list(job.get("jobLocation"))]
            needs = [_address(p) for p in as_list(job.get("applicantLocationRequirements"))]
            location_type = " ".join(str(t) for t in as_list(job.get("jobLocationType")))
            remote: RemoteMode = "remote" if "TELECOMMUTE" in location_type.upper() else "unknown"
            url = text_of(job.get("url")) or ctx.url
            title = text_of(job.get("title"))
            description = job.get("description")
            posting = make_posting(
                ctx,
                source_id=_identifier(job, f"{url}#{title}#{index}.{number}"),
                url=url,
                title=title,
                company=ctx.company(org_name),
                locations=[p for p in places + needs if p],
                remote=remote,
                employment=as_list(job.get("employmentType")),
                remote_scope=needs if remote == "remote" else [],
                years=_years(job.get("experienceRequirements")),
                salary=_salary(job),
                posted_at=parse_time(job.get("datePosted")),
                description_html=description if isinstance(description, str) else None,
            )
            if posting is not None:
                postings.append(posting)
    return postings


SOURCE = SourceKind(
    name="jsonld",
    default_base="",
    start=start,
    follow=follow,
    parse=parse,
    conditional=False,  # a sitemap's 304 says nothing about the pages it lists
    key_pattern=r"^(https?://\S+|[A-Za-z0-9][A-Za-z0-9._/\-]{0,200})$",
    description="Career page(s) or sitemap with schema.org JobPosting (key: a URL)",
)
