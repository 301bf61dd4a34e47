"""Reading what a member types into the profile form. Discord-free, so it is tested directly.

Skills go through the matcher's normaliser (exact alias, then careful fuzzy matching). The policy
for items it does not recognise, documented in the README: the recognised skills are saved and
the reply lists, beside them, every item that was not recognised with its "did you mean"
suggestions, offered as buttons. Nothing unrecognised is ever saved, and no suggestion is saved
unless the member presses its button.

Experience level and remote preference accept the usual ways of saying them ("Sr", "mid-level",
"on-site", "remote only"); anything else is refused with the list of accepted words, and then
nothing of the form is saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from content.text import normalise_alias
from matcher.normalise import NormalisedItem, Suggestion, normalise_skills
from matcher.taxonomy import Taxonomy
from store.profiles import EXPERIENCE_LEVELS

MAX_SKILLS = 60


class ProfileInputError(ValueError):
    """Something typed into the profile that cannot be used; the message says what to type."""


_EXPERIENCE_WORDS: dict[str, str] = {
    "intern": "intern",
    "internship": "intern",
    "student": "intern",
    "trainee": "intern",
    "junior": "junior",
    "jr": "junior",
    "entry": "junior",
    "entry level": "junior",
    "graduate": "junior",
    "grad": "junior",
    "mid": "mid",
    "mid level": "mid",
    "midlevel": "mid",
    "intermediate": "mid",
    "regular": "mid",
    "senior": "senior",
    "sr": "senior",
    "experienced": "senior",
    "lead": "lead",
    "tech lead": "lead",
    "team lead": "lead",
    "staff": "staff",
    "principal": "principal",
    "head": "head",
    "director": "head",
}

_REMOTE_WORDS: dict[str, str] = {
    "remote": "remote",
    "remote only": "remote",
    "fully remote": "remote",
    "hybrid": "hybrid",
    "remote or hybrid": "hybrid",
    "onsite": "onsite",
    "on site": "onsite",
    "office": "onsite",
    "in office": "onsite",
    "any": "any",
    "anything": "any",
    "either": "any",
    "no preference": "any",
    "flexible": "any",
}


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z]+", " ", text.casefold().replace("-", " ")).split())


def parse_experience(text: str) -> str | None:
    """'Senior', 'sr.', 'mid-level' -> a level; empty -> None (not stated). Text without a
    single letter ('5', '???') is refused, not taken for empty."""
    key = _key(text)
    if not text.strip():
        return None
    level = _EXPERIENCE_WORDS.get(key) or _EXPERIENCE_WORDS.get(key.removesuffix(" level"))
    if level is None:
        raise ProfileInputError(
            "I did not understand the experience level. Use one of: "
            + ", ".join(EXPERIENCE_LEVELS)
            + " (or leave it empty)."
        )
    return level


def parse_remote(text: str) -> str:
    """'remote only', 'hybrid', 'on-site', 'any' -> a preference; empty -> any. Text without a
    single letter is refused, not taken for empty."""
    key = _key(text)
    if not text.strip():
        return "any"
    choice = _REMOTE_WORDS.get(key)
    if choice is None:
        raise ProfileInputError(
            "I did not understand the remote preference. Use remote (remote only), hybrid "
            "(remote or hybrid), onsite, or any."
        )
    return choice


@dataclass(frozen=True)
class Unrecognised:
    text: str
    suggestions: tuple[Suggestion, ...]


@dataclass
class SkillReading:
    """What a skills text became: recognised ids (in order, once each) and the rest."""

    recognised: list[NormalisedItem] = field(default_factory=list)
    unknown: list[Unrecognised] = field(default_factory=list)

    @property
    def skill_ids(self) -> list[str]:
        seen: dict[str, None] = {}
        for item in self.recognised:
            if item.skill_id is not None:
                seen.setdefault(item.skill_id, None)
        return list(seen)

    def suggestions(self, limit: int = 5) -> list[Suggestion]:
        """The best suggestion of each unrecognised item, once each (for the Add buttons)."""
        taken: set[str] = set(self.skill_ids)
        chosen: list[Suggestion] = []
        for item in self.unknown:
            for suggestion in item.suggestions[:1]:
                if suggestion.skill_id not in taken:
                    taken.add(suggestion.skill_id)
                    chosen.append(suggestion)
        return chosen[:limit]


def read_skills(text: str, taxonomy: Taxonomy) -> SkillReading:
    reading = SkillReading()
    for item in normalise_skills(text, taxonomy):
        if item.skill_id is None:
            reading.unknown.append(Unrecognised(item.input, item.suggestions))
        else:
            reading.recognised.append(item)
    if len(reading.skill_ids) > MAX_SKILLS:
        raise ProfileInputError(
            f"That is more than {MAX_SKILLS} skills; keep the ones you would want a job to ask for."
        )
    return reading


def clean_line(text: str, limit: int) -> str | None:
    """A one-line free-text field (location, target roles): flattened, None when empty."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        raise ProfileInputError(f"Keep that under {limit} characters.")
    return flat or None


def describe_item(item: NormalisedItem) -> str:
    """'kubernets → Kubernetes' for fuzzy matches; just the name for exact ones."""
    name = item.name or item.input
    if item.method == "fuzzy" or normalise_alias(item.input) != normalise_alias(name):
        return f"{item.input.strip()} → {name}"
    return name


def _choice_keys(taxonomy: Taxonomy) -> list[tuple[str, str, str]]:
    """(normalised name or alias, skill id, label) for every name, names before aliases."""
    keys: list[tuple[str, str, str]] = []
    for skill in taxonomy.skills:
        keys.append((normalise_alias(skill.name), skill.id, skill.name))
    for skill in taxonomy.skills:
        for alias in skill.aliases:
            keys.append((normalise_alias(alias), skill.id, f"{skill.name} ({alias})"))
    return keys


def skill_choices(taxonomy: Taxonomy, current: str, limit: int = 25) -> list[tuple[str, str]]:
    """(label, skill id) for autocomplete: names starting with the text first, then names or
    aliases containing it. With nothing typed, the first skills alphabetically."""
    query = normalise_alias(current)
    keys = taxonomy.derived("skill_choices", _choice_keys)
    if not query:
        names = sorted((s.name, s.id) for s in taxonomy.skills)
        return names[:limit]
    best: dict[str, tuple[int, int, str]] = {}
    for key, skill_id, label in keys:
        if key == query:
            rank = 0
        elif key.startswith(query):
            rank = 1
        elif query in key:
            rank = 2
        else:
            continue
        found = (rank, len(key), label[:100])
        if skill_id not in best or found < best[skill_id]:
            best[skill_id] = found
    ranked = sorted((found, skill_id) for skill_id, found in best.items())
    return [(found[2], skill_id) for found, skill_id in ranked[:limit]]
