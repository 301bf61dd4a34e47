"""Role families: which kind of job a title (or a member's target role) names.

A plan compares a member with the postings for the job they want, and the market pulse reports
on the postings that fit a server's focus; both need "is this an ML engineer job?" answered from
a free-text title. Rules are ordered, the first that fits wins, so "Machine Learning Architect"
is an AI architect role before it is an ML engineering one. Discord-free and store-free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from matcher.fold import fold_key


@dataclass(frozen=True)
class RoleFamily:
    id: str
    name: str
    pattern: re.Pattern[str]


def _rule(family_id: str, name: str, pattern: str) -> RoleFamily:
    return RoleFamily(family_id, name, re.compile(pattern))


_AI = r"(?:ai|a\.i\.|ml|machine learning|genai|gen ai|generative ai|llm|deep learning|mlops)"

FAMILIES: tuple[RoleFamily, ...] = (
    _rule("ai-architect", "AI architect", rf"\b{_AI}\b.*\barchitect|\barchitect\b.*\b{_AI}\b"),
    _rule(
        "ml-engineer",
        "ML / AI engineer",
        rf"\b{_AI}\b.*\b(?:engineer|developer|specialist|ops)\b|\bmlops\b|\bapplied scientist\b"
        r"|\bresearch (?:engineer|scientist)\b|\bprompt engineer\b|\bcomputer vision\b|\bnlp\b",
    ),
    _rule("data-scientist", "Data scientist", r"\bdata scien|\bdecision scien"),
    _rule(
        "data-engineer",
        "Data engineer",
        r"\bdata (?:engineer|platform|architect)|\banalytics engineer",
    ),
    _rule(
        "solutions-architect",
        "Solutions / cloud architect",
        r"\b(?:solutions?|cloud|enterprise|software|technical|platform|systems?) architect",
    ),
    _rule(
        "software-engineer",
        "Software engineer",
        r"\b(?:software|backend|back end|full stack|fullstack|platform|infrastructure|devops"
        r"|site reliability|python|cloud) (?:engineer|developer)\b|\bsre\b",
    ),
)
BY_ID: dict[str, RoleFamily] = {f.id: f for f in FAMILIES}

# A server's pulse covers these unless it chooses otherwise: the roles this community trains for.
DEFAULT_FOCUS: tuple[str, ...] = ("ai-architect", "ml-engineer", "solutions-architect")


def _folded(text: str) -> str:
    return fold_key(text)


@lru_cache(maxsize=16_384)
def family_of(title: str) -> str | None:
    """The family of a job title, or None when no rule fits (sales, HR, ...). Cached: boards
    repeat the same few thousand titles."""
    folded = _folded(title)
    for family in FAMILIES:
        if family.pattern.search(folded):
            return family.id
    return None


def families_of_targets(text: str) -> tuple[str, ...]:
    """The families of a member's target roles ("ML engineer, AI architect"), in their order.

    A bare family name ("data engineer") counts too, so the profile form's free text works.
    """
    found: list[str] = []
    for part in re.split(r"[,;/\n]| or | and ", text):
        if not part.strip():
            continue
        family = family_of(part) or _by_name(part)
        if family is not None and family not in found:
            found.append(family)
    return tuple(found)


def _by_name(text: str) -> str | None:
    folded = _folded(text)
    for family in FAMILIES:
        if folded in {family.id.replace("-", " "), _folded(family.name)}:
            return family.id
    return None


def family_name(family_id: str) -> str:
    family = BY_ID.get(family_id)
    return family.name if family else family_id
