"""One Aho-Corasick automaton over every name and alias of the taxonomy.

Each key is wrapped in spaces (" c++ ") and the folded text is padded the same way, so the
automaton itself only reports whole-word hits: "c" never fires inside "c++", "react" never inside
"reactive", and the text does not have to be tokenised first. Nested names ("machine learning"
and "learning") both fire; `leftmost_longest` keeps the longest at each position.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import ahocorasick

from matcher.fold import fold, fold_key
from matcher.taxonomy import Taxonomy

CapsRule = Literal["any", "upper", "exact"]


@dataclass(frozen=True, slots=True)
class Pattern:
    """What one automaton key stands for: a skill, the listed spellings, and its case rule."""

    skill_id: str
    key: str
    forms: tuple[str, ...]
    ambiguous: bool
    caps: CapsRule


@dataclass(frozen=True, slots=True)
class Hit:
    """A whole-word occurrence of a pattern at [start, end) of the original text."""

    start: int
    end: int
    pattern: Pattern


def caps_rule(forms: Sequence[str]) -> CapsRule:
    """Short acronyms ("CV", "SAM", "NAS", "MoE") must keep their capitals in the text.

    Lower-case "sam", "amp" or "cot" are ordinary words far more often than skills; longer
    names ("Kubernetes", "HIPAA") and lower-case tools ("git", "dbt") match in any case.
    """
    letters = ["".join(c for c in form if c.isalpha()) for form in forms]
    if all(word and word.isupper() and len(word) <= 3 for word in letters):
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
            pattern = Pattern(skill_id, key, tuple(forms), is_ambiguous, caps_rule(forms))
            automaton.add_word(f" {key} ", (len(self.patterns), len(key) + 2))
            self.patterns.append(pattern)
        automaton.make_automaton()
        self._automaton = automaton

    def hits(self, text: str) -> list[Hit]:
        """Whole-word hits that keep their capitals where required, leftmost-longest."""
        haystack = f" {fold(text)} "
        patterns = self.patterns
        found: list[Hit] = []
        for last, (index, width) in self._automaton.iter(haystack):
            start = last - width + 1
            end = start + width - 2
            pattern = patterns[index]
            if pattern.caps != "any" and not surface_fits(text[start:end], pattern):
                continue
            found.append(Hit(start, end, pattern))
        return leftmost_longest(found)


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
