"""Hacker News "Ask HN: Who is hiring?" through the Algolia API.

Two steps: the latest story by the `whoishiring` account whose title says "Who is hiring"
(not "Who wants to be hired" or the freelancer thread), then that story's comments. Only
top-level comments (parent_id == story_id) are job posts. Their first line is by habit
"Company | Role | Location | REMOTE | salary"; a comment without that shape, or whose header
names no role, is skipped, since there is no reliable title to give it. REMOTE, ONSITE and
HYBRID in that header line (a structured field by convention) set the remote mode; the body
text never does.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from scrapers.classify import employment_type, parse_time, remote_from_label
from scrapers.kinds.base import (
    ParseContext,
    ParseError,
    SourceKind,
    SourceSpec,
    load_json,
    make_posting,
)
from scrapers.posting import Posting, RemoteMode
from scrapers.salary import salary_from_text
from scrapers.text import html_to_text

ITEM_URL = "https://news.ycombinator.com/item?id="
_HIRING = re.compile(r"who is hiring", re.I)
_ROLE = re.compile(
    r"\b(engineer|engineering|developer|scientist|architect|manager|designer|lead|head|"
    r"director|researcher|analyst|sre|devops|ml|ai|intern|founding|cto|staff|principal|"
    r"programmer|consultant|specialist|administrator|product|data|backend|back-end|frontend|"
    r"front-end|full[- ]?stack|mobile|ios|android|platform|infrastructure|security|qa|"
    r"recruiter|writer|marketing|sales|support|operations|swe|mle)\b",
    re.I,
)
_MODE = re.compile(r"\b(remote|onsite|on-site|hybrid|in[- ]office)\b", re.I)
_EMPLOYMENT = re.compile(r"\b(full[- ]?time|part[- ]?time|contract(or)?|intern(ship)?)\b", re.I)
_URL = re.compile(r"^(https?://|www\.)\S+$", re.I)
_MONEY = re.compile(r"[$€£]\s*\d|\d\s*[kK]\b|\b(USD|EUR|GBP)\b")


def start(source: SourceSpec, base: str) -> list[str]:
    return [f"{base}/search_by_date?tags=story,author_whoishiring&hitsPerPage=20"]


def _hits(body: bytes) -> dict[str, Any]:
    data = load_json(body)
    if not isinstance(data, dict) or not isinstance(data.get("hits"), list):
        raise ParseError("an Algolia search response is an object with a 'hits' array")
    return data


def follow(source: SourceSpec, base: str, url: str, body: bytes) -> list[str]:
    try:
        data = _hits(body)
    except ParseError:
        return []
    per_page = max(1, min(source.int_setting("hits_per_page", 1000), 1000))
    if "search_by_date" in url:
        stories = [
            h
            for h in data["hits"]
            if isinstance(h, dict) and _HIRING.search(str(h.get("title") or ""))
        ]
        stories.sort(key=lambda h: str(h.get("created_at") or ""), reverse=True)
        if not stories:
            return []
        story = stories[0].get("story_id") or stories[0].get("objectID")
        return [f"{base}/search?tags=comment,story_{story}&hitsPerPage={per_page}&page=0"]
    query = parse_qs(urlsplit(url).query)
    page = int(query.get("page", ["0"])[0])
    pages = data.get("nbPages")
    max_pages = source.int_setting("max_pages", 3)
    if isinstance(pages, int) and page + 1 < pages and page + 1 < max_pages:
        tags = query.get("tags", [""])[0]
        return [f"{base}/search?tags={tags}&hitsPerPage={per_page}&page={page + 1}"]
    return []


def _header(comment_html: str) -> list[str]:
    first = re.split(r"<p>|<br\s*/?>|\n", comment_html, maxsplit=1)[0]
    line = " ".join(html_to_text(first).split())
    return [part.strip() for part in line.split("|") if part.strip()]


def _read_header(parts: list[str]) -> dict[str, Any]:
    """Sort the header's parts into role, places, remote mode, pay and employment type."""
    found: dict[str, Any] = {"company": parts[0], "role": "", "places": [], "mode": "unknown"}
    rest = parts[1:]
    for part in rest:
        if _URL.match(part):
            continue
        if _MONEY.search(part) and found.get("salary") is None:
            found["salary"] = salary_from_text(part)
            if found["salary"] is not None:
                continue
        mode = _MODE.search(part)
        if mode:
            label = mode.group(1).lower().replace("-", "").replace(" ", "")
            if found["mode"] == "unknown" or label == "hybrid":
                found["mode"] = remote_from_label("onsite" if label == "inoffice" else label)
            place = re.sub(r"\s+(or|and|/)$", "", _MODE.sub("", part).strip(" ()-,/;"))
            place = place.strip(" ()-,/;")
            if place and not _ROLE.search(place):
                found["places"].append(place)
            if not _ROLE.search(place):
                continue
        if _EMPLOYMENT.fullmatch(part.strip()):
            found["employment"] = employment_type(part)
            continue
        if not found["role"] and _ROLE.search(part):
            found["role"] = part
            continue
        found["places"].append(part)
    return found  # no part names a role: the caller skips the comment


def parse(body: bytes, ctx: ParseContext) -> list[Posting]:
    data = _hits(body)
    postings: list[Posting] = []
    for hit in data["hits"]:
        if not isinstance(hit, dict):
            continue
        text = hit.get("comment_text")
        story, parent = hit.get("story_id"), hit.get("parent_id")
        if not isinstance(text, str) or story is None or str(parent) != str(story):
            continue  # the story search itself, a reply, or a deleted comment
        parts = _header(text)
        if len(parts) < 2:
            continue
        header = _read_header(parts)
        mode: RemoteMode = header["mode"]
        posting = make_posting(
            ctx,
            source_id=hit.get("objectID"),
            url=f"{ITEM_URL}{hit.get('objectID')}",
            title=header["role"],
            company=header["company"],
            locations=header["places"],
            remote=mode,
            employment_type=header.get("employment"),
            salary=header.get("salary"),
            posted_at=parse_time(hit.get("created_at")),
            description_html=text,
        )
        if posting is not None:
            postings.append(posting)
    return postings


SOURCE = SourceKind(
    name="hn_whoishiring",
    default_base="https://hn.algolia.com/api/v1",
    start=start,
    follow=follow,
    parse=parse,
    conditional=False,
    description="Hacker News 'Who is hiring' thread (key: any label, e.g. latest)",
)
