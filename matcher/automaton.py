"""One Aho-Corasick automaton over every name and alias of the taxonomy.

Each key is wrapped in spaces (" c++ ") and the folded text is padded the same way, so the
automaton itself only reports whole-word hits: "c" never fires inside "c++", "react" never inside
"reactive", and the text does not have to be tokenised first. Nested names ("machine learning"
and "learning") both fire; `leftmost_longest` keeps the longest at each position.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import ahocorasick

from content.words import EVERYDAY_WORDS, FIELD_WORDS, TITLE_WORDS
from matcher.fold import fold, fold_key
from matcher.taxonomy import Taxonomy

CapsRule = Literal["any", "upper", "exact"]
SOFT_CATEGORIES = frozenset({"soft-skills"})


@dataclass(frozen=True, slots=True)
class Pattern:
    """What one automaton key stands for: a skill, the listed spellings, and its case rule."""

    skill_id: str
    key: str
    forms: tuple[str, ...]
    ambiguous: bool
    caps: CapsRule
    name: str = ""
    soft: bool = False  # a soft skill: asked of the candidate only in a sentence about them
    # Several words that are each a name of their own ("Spark SQL"): in a list without commas
    # it may be two items side by side.
    splittable: bool = False
    # A field of work ("marketing", "AI"): a skill only where a posting asks for it.
    field: bool = False


@dataclass(slots=True)
class Hit:
    """A whole-word occurrence of a pattern at [start, end) of the original text."""

    start: int
    end: int
    pattern: Pattern


# A hit as the scan hands it on: (start, end, pattern), a plain tuple because making one costs
# far less than making an object, and a posting has dozens.
Span = tuple[int, int, Pattern]


@dataclass(frozen=True, slots=True)
class Scan:
    """One pass over a text: its folded copy, the kept hits and whether any is ambiguous."""

    folded: str
    hits: list[Span]
    ambiguous: bool
    # Hits dropped for their case ("gcp" for GCP's capitals): a tag line may still take them.
    loose: list[Span] = field(default_factory=list)


def caps_rule(forms: Sequence[str]) -> CapsRule:
    """Short acronyms that spell an everyday word ("CV", "SAM", "NAS", "MoE") must keep their
    capitals in the text.

    Lower-case "sam", "amp" or "cot" are ordinary words far more often than skills; other
    acronyms ("sql", "gcp", "c#", ".net", "Gcp"), longer names ("Kubernetes", "HIPAA") and
    lower-case tools ("git", "dbt") match in any case.
    """
    letters = ["".join(c for c in form if c.isalpha()) for form in forms]
    if all(
        word and word.isupper() and len(word) <= 3 and fold_key(form) in EVERYDAY_WORDS
        for form, word in zip(forms, letters, strict=True)
    ):
        return "upper"
    if all(
        word and len(form) <= 4 and not word.isupper() and any(c.isupper() for c in word[1:])
        for form, word in zip(forms, letters, strict=True)
    ):
        return "exact"
    return "any"


def surface_fits(surface: str, pattern: Pattern) -> bool:
    if pattern.caps == "any":
        return True
    letters = "".join(c for c in surface if c.isalpha())
    if pattern.caps == "upper":
        return letters.isupper()
    return surface in pattern.forms or letters.isupper()


_SPACED_DASH = re.compile(r"\s[-\u2010-\u2015]\s")


# Names ending in a countable tech noun are written in the plural as often as not: "OpenAI
# APIs", "Azure SDKs", "Kubernetes operators".
_PLURAL_ENDINGS = ("api", "sdk", "sdks", "operator", "connector", "plugin", "extension", "app")


def _plurals(key: str) -> list[str]:
    last = key.rsplit(" ", 1)[-1]
    if " " in key and last in _PLURAL_ENDINGS and not last.endswith("s"):
        return [key + "s"]
    return []


def _variants(key: str, forms: Sequence[str]) -> list[str]:
    """Other ways a name is written: plurals of tech nouns, and "AWS Certified Machine
    Learning - Specialty" with its dash and spaces folded to three spaces."""
    found = _plurals(key)
    if any(_SPACED_DASH.search(form) for form in forms):
        found += _spaced_variants(forms)
    return found


def _spaced_variants(forms: Sequence[str]) -> list[str]:
    """The scan keys of `forms` with each spaced dash kept as three spaces."""
    found = []
    for form in forms:
        if _SPACED_DASH.search(form):
            parts = [fold_key(part) for part in _SPACED_DASH.split(form)]
            found.append("   ".join(p for p in parts if p))
    return found


class Scanner:
    """The compiled automaton of one taxonomy. Build once; `hits` is safe to call from threads."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        grouped: dict[str, tuple[str, list[str], bool]] = {}
        for skill in taxonomy.skills:
            marked = {a.casefold() for a in skill.ambiguous}
            for name in skill.all_names:
                key = fold_key(name)
                if not key:
                    continue
                owner = grouped.get(key)
                if owner is None:
                    grouped[key] = (skill.id, [name], name.casefold() in marked)
                elif owner[0] == skill.id:
                    owner[1].append(name)
                    if name.casefold() in marked:
                        grouped[key] = (skill.id, owner[1], True)
        self.patterns: list[Pattern] = []
        automaton: Any = ahocorasick.Automaton()
        for key, (skill_id, forms, is_ambiguous) in grouped.items():
            field = key in FIELD_WORDS or key.rsplit(" ", 1)[-1] in TITLE_WORDS
            pattern = Pattern(
                skill_id,
                key,
                tuple(forms),
                is_ambiguous or field,
                caps_rule(forms),
                taxonomy.by_id[skill_id].name,
                taxonomy.by_id[skill_id].category in SOFT_CATEGORIES,
                field=field,
            )
            # The payload carries everything the scan needs, so a hit costs no lookups.
            automaton.add_word(f" {key} ", (len(key) + 2, pattern))
            self.patterns.append(pattern)
            for variant in _variants(key, forms):
                if variant not in grouped and not automaton.exists(f" {variant} "):
                    automaton.add_word(f" {variant} ", (len(variant) + 2, pattern))
        automaton.make_automaton()
        self._automaton = automaton
        self.by_key: dict[str, Pattern] = {p.key: p for p in self.patterns}
        for pattern in self.patterns:
            words = pattern.key.split()
            if len(words) >= 2 and all(w in self.by_key for w in words):
                object.__setattr__(pattern, "splittable", True)

    def hits(self, text: str) -> list[Hit]:
        """Whole-word hits that keep their capitals where required, leftmost-longest."""
        return [Hit(*span) for span in self.scan(text).hits]

    def scan(self, text: str) -> Scan:
        """Fold once, scan once, keep the leftmost-longest hits as they stream in.

        The automaton reports hits in order of their end offset, so the kept hits form a sorted,
        non-overlapping list that only ever changes at its tail. A new hit that overlaps the
        tail either starts inside a kept hit, and loses to it, or contains every kept hit it
        overlaps, and replaces them: the same result as sorting by (start, -end) and keeping
        the hits that start after the previous one ends (`leftmost_longest_spans`).
        """
        folded = fold(text)
        found: list[Span] = []
        reach = -1
        replaced = False
        ambiguous = False
        loose: list[Span] = []
        for last, (width, pattern) in self._automaton.iter(f" {folded} "):
            start = last - width + 1
            if pattern.caps != "any" and not surface_fits(text[start : last - 1], pattern):
                loose.append((start, last - 1, pattern))
                continue
            if start < reach:
                first = len(found) - 1
                while first > 0 and found[first - 1][1] > start:
                    first -= 1
                if found[first][0] < start:
                    continue
                del found[first:]
                replaced = True
            reach = last - 1
            found.append((start, reach, pattern))
            if pattern.ambiguous:
                ambiguous = True
        if replaced and ambiguous:
            ambiguous = any(span[2].ambiguous for span in found)
        return Scan(folded, found, ambiguous, loose)


def leftmost_longest_spans(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans: at each position the longest, scanning left to right."""
    spans.sort(key=lambda s: (s[0], -s[1]))
    kept: list[Span] = []
    reach = -1
    for span in spans:
        if span[0] >= reach:
            kept.append(span)
            reach = span[1]
    return kept


def leftmost_longest(hits: list[Hit]) -> list[Hit]:
    """Non-overlapping hits: at each position the longest, scanning left to right."""
    hits.sort(key=lambda h: (h.start, -h.end))
    kept: list[Hit] = []
    reach = -1
    for hit in hits:
        if hit.start >= reach:
            kept.append(hit)
            reach = hit.end
    return kept


def scanner_for(taxonomy: Taxonomy) -> Scanner:
    """The automaton of a taxonomy, compiled on first use and kept while the taxonomy lives."""
    return taxonomy.derived("scanner", Scanner)
