"""Names used in another sense right where they stand: a team's name ("our Software
Development team"), or a soft skill naming a product's purpose ("communication tools").

These are not ambiguous names in general, so the taxonomy cannot mark them; the word after
the name is what tells.
"""

from __future__ import annotations

import re

from matcher.automaton import Span


# "the Data Engineering team", "our Software Development department": an organisational unit.
def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_UNIT_WORDS = _word_set(
    """team teams department departments group groups unit units division divisions org
    organisation organization office centre center guild chapter squad squads practice
    function tribe"""
)
# "communication tools", "presentation layer", "collaboration platform": a product's purpose.
_PRODUCT_WORDS = _word_set(
    """tool tools platform platforms channel channels protocol protocols api apis system
    systems service services software app apps stack layer layers network networks suite
    suites feature features module modules product products solution solutions hub
    infrastructure"""
)
_WORD_AFTER = re.compile(r"[ \t]+([A-Za-z]+)")


def _word_after(text: str, end: int) -> str:
    match = _WORD_AFTER.match(text, end, min(len(text), end + 30))
    return match.group(1).lower() if match else ""


def _title_case(surface: str) -> bool:
    words = surface.split()
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def not_a_skill_here(text: str, hit: Span) -> bool:
    """Whether the hit names a team or a product's purpose rather than a skill."""
    start, end, pattern = hit
    if pattern.soft:
        return _word_after(text, end) in _PRODUCT_WORDS
    if _word_after(text, end) not in _UNIT_WORDS:
        return False
    surface = text[start:end]
    return (" " in surface and _title_case(surface)) or _word_before(text, start) in _OWNERS


# "the supply chain team", "our data platform group": a unit named by what it does.
_OWNERS = frozenset(["the", "our", "your", "their", "its"])
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[ \t]+$")


def _word_before(text: str, start: int) -> str:
    match = _WORD_BEFORE.search(text, max(0, start - 20), start)
    return match.group(1).lower() if match else ""
