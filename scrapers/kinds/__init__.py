"""The registry of supported source kinds: kind name -> its fetch plan and parser.

Adding a board of a known kind needs no code, only `kind:key` in data/sources.toml or
`archbot sources add`. Adding a kind means one module here with a `SOURCE` and a line below.
"""

from __future__ import annotations

from scrapers.kinds import (
    arbeitnow,
    ashby,
    greenhouse,
    hn_whoishiring,
    jsonld,
    lever,
    personio,
    recruitee,
    remoteok,
    remotive,
    smartrecruiters,
    weworkremotely,
    workable,
)
from scrapers.kinds.base import ParseContext, ParseError, SourceKind, SourceSpec

KINDS: dict[str, SourceKind] = {
    module.SOURCE.name: module.SOURCE
    for module in (
        greenhouse,
        lever,
        ashby,
        workable,
        smartrecruiters,
        recruitee,
        personio,
        remoteok,
        remotive,
        arbeitnow,
        weworkremotely,
        hn_whoishiring,
        jsonld,
    )
}


class UnknownKind(KeyError):
    def __str__(self) -> str:
        return f"unknown source kind {self.args[0]!r}; supported: {', '.join(sorted(KINDS))}"


def get_kind(name: str) -> SourceKind:
    try:
        return KINDS[name]
    except KeyError:
        raise UnknownKind(name) from None


def parse_ref(ref: str) -> tuple[str, str]:
    """'greenhouse:openai' -> ('greenhouse', 'openai'); the key may itself hold colons (URLs)."""
    kind, sep, key = ref.partition(":")
    if not sep or not kind.strip() or not key.strip():
        raise ValueError(f"{ref!r} is not KIND:KEY (for example greenhouse:anthropic)")
    return kind.strip().lower(), key.strip()


__all__ = [
    "KINDS",
    "ParseContext",
    "ParseError",
    "SourceKind",
    "SourceSpec",
    "UnknownKind",
    "get_kind",
    "parse_ref",
]
