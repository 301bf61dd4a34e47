"""We Work Remotely: an RSS feed per category (default: remote programming jobs).

An item's title is "Company: Role"; `description` is entity-escaped HTML (the XML parser
removes one layer, html_to_text the rest). Every job on the board is remote; `region` says
where from. The key names the category feed, e.g. `remote-programming-jobs`; a category that
does not exist answers 301 with an empty body, which fails the source instead of reading
whatever page the redirect leads to.
"""

from __future__ import annotations

from scrapers.classify import parse_time
from scrapers.kinds.base import ParseContext, ParseError, SourceKind, SourceSpec, make_posting
from scrapers.posting import Posting
from scrapers.xmlsafe import child_text, local, parse_xml


def start(source: SourceSpec, base: str) -> list[str]:
    key = source.key if source.key not in {"all", "*"} else ""
    if key:
        return [f"{base}/categories/{key}.rss"]
    return [f"{base}/remote-jobs.rss"]


def parse(body: bytes, ctx: ParseContext) -> list[Posting]:
    root = parse_xml(body)
    if local(root.tag) != "rss":
        raise ParseError(f"expected an RSS feed, got <{local(root.tag)}>")
    postings: list[Posting] = []
    for item in root.iter():
        if local(item.tag) != "item":
            continue
        heading = child_text(item, "title")
        company, _, role = heading.partition(": ")
        if not role:
            company, role = "", heading
        link = child_text(item, "link") or child_text(item, "guid")
        region = child_text(item, "region")
        country = child_text(item, "country")
        locations = [loc for loc in (region, country) if loc]
        posting = make_posting(
            ctx,
            source_id=child_text(item, "guid") or link,
            url=link,
            title=role,
            company=ctx.company(company),
            locations=locations,
            remote="remote",
            employment=child_text(item, "type"),
            remote_scope=[region] if region else [],
            posted_at=parse_time(child_text(item, "pubDate")),
            description_html=child_text(item, "description"),
        )
        if posting is not None:
            postings.append(posting)
    return postings


SOURCE = SourceKind(
    name="weworkremotely",
    default_base="https://weworkremotely.com",
    start=start,
    parse=parse,
    moved_is_missing=True,  # an unknown category answers 301 (empty body), not 404
    description="We Work Remotely RSS (key: category, e.g. remote-programming-jobs)",
)
