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
from scrapers.text import html_to_text, inline_text
from scrapers.urls import canonical_url

SettingValue = str | int | float | bool


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
    """What a parser knows besides the body: which source, and the URL the body came from."""

    source: SourceSpec
    url: str = ""

    @property
    def kind(self) -> str:
        return self.source.kind

    @property
    def key(self) -> str:
        return self.source.key

    def company(self, stated: object = None) -> str:
        """The board's own company name, else the configured one, else the key."""
        if isinstance(stated, str) and stated.strip():
            return inline_text(stated)
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
    return inline_text(value) if isinstance(value, str) else ""


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
    the text (scrapers.facts)."""
    sid = str(source_id).strip() if source_id is not None else ""
    clean_title = inline_text(title)
    if not sid or not clean_title:
        return None
    description = (
        html_to_text(description_html) if description_html else html_to_text(description_text or "")
    )
    places = dedupe([inline_text(loc) for loc in locations if isinstance(loc, str)])
    facts = read_facts(
        title=clean_title,
        text=description,
        remote=remote,
        locations=places,
        employment_label=employment,
        scope=[inline_text(s) for s in remote_scope if isinstance(s, str) and s.strip()],
        visa=visa,
        years=years,
    )
    return Posting(
        kind=ctx.kind,
        key=ctx.key,
        source_id=sid,
        url=canonical_url(url, ctx.url or None) if url else canonical_url(ctx.url),
        title=clean_title,
        company=company,
        locations=places,
        remote=remote,
        employment_type=facts.employment_type,
        seniority=seniority_from_title(clean_title),
        salary=salary or salary_in_description(description),
        posted_at=posted_at,
        description=description,
        attribution=attribution,
        visa_sponsorship=facts.visa_sponsorship,
        remote_regions=facts.remote_regions,
        min_years=facts.min_years,
    )
