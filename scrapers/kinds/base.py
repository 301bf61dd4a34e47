"""What every source kind module provides, and the helpers they share.

A kind is pure data plus pure functions: which URLs to ask for (`start`), which further URLs a
response leads to (`follow`: next pages, detail pages, a sitemap's pages) and how a response body
becomes postings (`parse`). No kind does I/O, so each is tested with bytes alone and the same
parser serves `archbot parse FILE` offline.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from scrapers.classify import seniority_from_title
from scrapers.facts import read_facts
from scrapers.posting import Posting, RemoteMode, Salary
from scrapers.salary import salary_in_description
from scrapers.text import clip, html_to_text, inline_text
from scrapers.urls import canonical_url

SettingValue = str | int | float | bool


@dataclass(frozen=True)
class FieldLimits:
    """The most a posting's fields may hold, in characters. Real postings stay far below;
    a board sending a 20 MB title or description gets it cut here, before storage."""

    source_id: int = 200
    title: int = 300
    company: int = 200
    location: int = 200
    locations: int = 50
    label: int = 60
    url: int = 2048
    description: int = 60_000
    attribution: int = 600


LIMITS = FieldLimits()


class ParseError(Exception):
    """A response that cannot be read as the kind's format (truncated JSON, an error page)."""


@dataclass(frozen=True)
class SourceSpec:
    """One board to scrape: `kind:key` plus optional per-source settings.

    Settings a kind understands are listed in its module docstring; every kind accepts
    `base_url` (point it elsewhere, e.g. at a test server), `rate_per_second` and `max_pages`.
    """

    kind: str
    key: str
    company: str | None = None
    settings: Mapping[str, SettingValue] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.key}"

    def setting(self, name: str, default: SettingValue) -> SettingValue:
        return self.settings.get(name, default)

    def int_setting(self, name: str, default: int) -> int:
        value = self.settings.get(name, default)
        try:
            return int(value)
        except (TypeError, ValueError):
            return default

    def str_setting(self, name: str, default: str = "") -> str:
        value = self.settings.get(name, default)
        return str(value) if value is not None else default


@dataclass(frozen=True)
class ParseContext:
    """What a parser knows besides the body: which source, and the URL the body came from.

    `skipped` collects the postings that could not be built (one line each): a bad posting is
    left out and counted, and the rest of the page stands.
    """

    source: SourceSpec
    url: str = ""
    skipped: list[str] = field(default_factory=list, compare=False)

    @property
    def kind(self) -> str:
        return self.source.kind

    @property
    def key(self) -> str:
        return self.source.key

    def company(self, stated: object = None) -> str:
        """The board's own company name, else the configured one, else the key."""
        if isinstance(stated, str) and stated.strip():
            return inline_text(stated, limit=LIMITS.company)
        if self.source.company:
            return self.source.company
        return self.source.key


StartFn = Callable[[SourceSpec, str], list[str]]
FollowFn = Callable[[SourceSpec, str, str, bytes], list[str]]
ParseFn = Callable[[bytes, ParseContext], list[Posting]]


def no_follow(source: SourceSpec, base: str, url: str, body: bytes) -> list[str]:
    return []


@dataclass(frozen=True)
class SourceKind:
    """A supported kind: its default endpoint, its fetch plan and its parser.

    `conditional` says whether the whole board sits behind its start URLs, so that a 304 on them
    means "nothing changed" (false for paged kinds, where page one can stay the same while a
    later page changes). `daily_limit` enforces terms such as Remotive's few calls a day.
    """

    name: str
    default_base: str
    start: StartFn
    parse: ParseFn
    follow: FollowFn = no_follow
    conditional: bool = True
    daily_limit: int | None = None
    moved_is_missing: bool = False  # a redirect away from a start URL means "no such board"
    attribution: str | None = None
    description: str = ""
    key_pattern: str = r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,99}$"

    def check_key(self, key: str) -> str | None:
        """Why `key` cannot name a board of this kind, or None. Keys end up in URLs (some in
        the host name), so only the characters a board name can have are accepted."""
        if re.match(self.key_pattern, key):
            return None
        return f"{key!r} is not a valid {self.name} key ({self.description})"

    def base_for(self, source: SourceSpec, overrides: Mapping[str, str] | None = None) -> str:
        """The endpoint root: the source's `base_url`, a client-level override, or the default."""
        configured = source.settings.get("base_url")
        if isinstance(configured, str) and configured.strip():
            base = configured.strip()
        elif overrides and self.name in overrides:
            base = overrides[self.name]
        else:
            base = self.default_base
        return base.rstrip("/").replace("{key}", source.key)


def load_json(body: bytes | str) -> Any:
    """JSON, or a ParseError that says what arrived instead (an HTML page, a cut-off body)."""
    text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped:
        raise ParseError("empty body where JSON was expected")
    if stripped[0] == "<":
        raise ParseError("expected JSON but got an HTML or XML page (an error or login page?)")
    try:
        return json.loads(stripped)
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"invalid JSON ({exc.msg} at char {exc.pos} of {len(stripped)}: truncated?)"
        ) from None


def as_list(value: object) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def text_of(value: object) -> str:
    """A short field (a title, a city) as one line; bounded, whatever the board sent."""
    return inline_text(value, limit=LIMITS.description) if isinstance(value, str) else ""


def dedupe(values: list[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:
        cleaned = " ".join(value.split())
        if cleaned and cleaned.casefold() not in {v.casefold() for v in seen}:
            seen[cleaned] = None
    return tuple(seen)


def make_posting(
    ctx: ParseContext,
    *,
    source_id: object,
    url: str,
    title: str,
    company: str,
    locations: list[str] | tuple[str, ...] = (),
    remote: RemoteMode = "unknown",
    employment: object = None,
    remote_scope: list[str] | tuple[str, ...] = (),
    visa: bool | None = None,
    years: int | None = None,
    salary: Salary | None = None,
    posted_at: datetime | None = None,
    description_html: str | None = None,
    description_text: str | None = None,
    attribution: str | None = None,
) -> Posting | None:
    """Build a Posting with the shared rules applied; None when id or title is missing.

    `employment` is the board's own employment-type label (any shape), `remote_scope` what
    its structured fields say about where a remote job may be done, `visa` and `years` what
    they say about sponsorship and experience; the shared fact reader fills in the rest from
    the text (scrapers.facts).

    Every field is capped (`LIMITS`). A posting that cannot be built at all is recorded in
    `ctx.skipped` and left out instead of failing its whole source.
    """
    sid = str(source_id).strip()[: LIMITS.source_id] if source_id is not None else ""
    try:
        clean_title = inline_text(title, limit=LIMITS.title)
        if not sid or not clean_title:
            return None
        description = clip(
            html_to_text(description_html)
            if description_html
            else html_to_text(description_text or ""),
            LIMITS.description,
        )
        places = dedupe(
            [
                inline_text(loc, limit=LIMITS.location)
                for loc in list(locations)[: LIMITS.locations * 2]
                if isinstance(loc, str)
            ]
        )[: LIMITS.locations]
        scope = [
            inline_text(line, limit=LIMITS.location)
            for line in list(remote_scope)[: LIMITS.locations]
            if isinstance(line, str) and line.strip()
        ]
        facts = read_facts(
            title=clean_title,
            text=description,
            remote=remote,
            locations=places,
            employment_label=employment,
            scope=scope,
            visa=visa,
            years=years,
        )
        link = canonical_url(url, ctx.url or None) if url else canonical_url(ctx.url)
        if len(link) > LIMITS.url:  # a cut link would lead somewhere wrong: the board, or none
            board = canonical_url(ctx.url)
            link = board if len(board) <= LIMITS.url else ""
        return Posting(
            kind=ctx.kind,
            key=ctx.key,
            source_id=sid,
            url=link,
            title=clean_title,
            company=clip(company, LIMITS.company),
            locations=places,
            remote=remote,
            employment_type=facts.employment_type,
            seniority=seniority_from_title(clean_title),
            salary=salary or salary_in_description(description),
            posted_at=posted_at,
            description=description,
            attribution=clip(attribution, LIMITS.attribution) if attribution else None,
            visa_sponsorship=facts.visa_sponsorship,
            remote_regions=facts.remote_regions[: LIMITS.locations],
            min_years=facts.min_years,
        )
    except Exception as exc:  # one odd posting must not take its whole board down
        ctx.skipped.append(f"posting {sid or '?'}: {type(exc).__name__}: {str(exc)[:200]}")
        return None
