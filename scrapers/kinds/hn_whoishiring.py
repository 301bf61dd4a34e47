"""Hacker News "Ask HN: Who is hiring?" through the Algolia API.

Two steps: the latest story by the `whoishiring` account whose title says "Who is hiring"
(not "Who wants to be hired" or the freelancer thread), then that story's comments. Only
top-level comments (parent_id == story_id) are job posts. Their first line is by habit
"Company | Role | Location | REMOTE | salary"; posts without pipes are read from labelled lines
("Open roles: ...", "Location: ..."); see hn_post. A comment that names no role is skipped,
since there is no reliable title to give it, and one naming several roles gives one posting per
role. REMOTE, ONSITE and HYBRID in the header (a structured field by convention) or a "Remote:"
line set the remote mode; the body prose never does.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from scrapers.classify import parse_time
from scrapers.kinds.base import (
    ParseContext,
    ParseError,
    SourceKind,
    SourceSpec,
    load_json,
    make_posting,
)
from scrapers.kinds.hn_post import read_post
from scrapers.posting import Posting

ITEM_URL = "https://news.ycombinator.com/item?id="
_HIRING = re.compile(r"who is hiring", re.I)


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


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:60]


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
        post = read_post(text)
        if post is None:
            continue
        item = hit.get("objectID")
        for index, role in enumerate(post.roles):
            # The first role keeps the comment's id, so postings stored before posts were
            # split by role keep their identity; each further role gets the id plus its title.
            sid = item if index == 0 else f"{item}:{_slug(role)}"
            posting = make_posting(
                ctx,
                source_id=sid,
                url=f"{ITEM_URL}{item}",
                title=role,
                company=post.company,
                locations=post.places,
                remote=post.mode,
                employment=post.employment,
                remote_scope=post.scope,
                visa=post.visa,
                salary=post.salary,
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
