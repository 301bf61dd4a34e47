"""Turning a member's free-text skills ("Python, pytorch; k8s and Kubernets / C#") into skill ids.

Each item goes through, in order:
1. an exact alias match (`content.text.normalise_alias`, which keeps `+ # .`, so "C", "C++" and
   "C#" stay three different keys);
2. rapidfuzz `fuzz.ratio` at a cutoff of 90, only for inputs of five characters or more, or,
   for those same inputs, one swapped pair of neighbouring letters ("pytroch"): `ratio` counts a
   swap as two edits and scores it 85.7, yet it is the commonest typo there is;
3. otherwise the item is unknown: skill_id None, with up to three "did you mean" suggestions.

Short inputs are exact only. Three characters or fewer: one typo already turns one skill into
another ("sql"/"sq1", "c#"/"c+"). Four characters: also exact only. One edit on a four-letter word
scores at most 75-89 under `ratio`, so the cutoff of 90 could never accept it anyway; saying so
explicitly means a later, lower cutoff cannot make "rust" meet "rest" or "java" meet "jave".

Names that look alike but are different skills (C / C++ / C#, Java / JavaScript, R / Rust,
SQL / NoSQL / MySQL) never meet: within such a group only the member closest to the input may
be matched or suggested.

The choices are processed once, with the same normaliser as the query, so rapidfuzz runs with no
processor of its own (its `default_process` would strip `+ #` and make "C++" equal "C"). Before
each search, a bound on `ratio` from the characters the input shares with each key leaves out the
keys that cannot reach the cutoff (`Normaliser._within_reach`), so rapidfuzz compares the input
with a few hundred keys instead of all six thousand, and finds exactly what it found before.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from content.models import Skill
from content.text import normalise_alias
from matcher.taxonomy import Taxonomy, taxonomy_of

FUZZY_CUTOFF = 90.0
FUZZY_MIN_LENGTH = 5
SUGGEST_CUTOFF = 65.0
SUGGEST_LIMIT = 3

Method = Literal["exact", "fuzzy", "unknown"]


@dataclass(frozen=True, slots=True)
class Suggestion:
    skill_id: str
    name: str
    score: float


@dataclass(frozen=True)
class NormalisedItem:
    """One input item and what it became. `skill_id` is None when nothing was sure enough."""

    input: str
    skill_id: str | None
    name: str | None
    score: float
    method: Method
    suggestions: tuple[Suggestion, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "skill_id": self.skill_id,
            "name": self.name,
            "score": round(self.score, 1),
            "method": self.method,
            "suggestions": [
                {"skill_id": s.skill_id, "name": s.name, "score": round(s.score, 1)}
                for s in self.suggestions
            ],
        }


_ITEM_SEPARATORS = re.compile(r"[,;\n|•·]+")
_PART_SEPARATORS = re.compile(r"\s*/\s*|\s+(?:and|&|or|\+)\s+", re.IGNORECASE)
_LIST_MARK = re.compile(r"^\s*(?:[-*•]+|\d+[.)])\s*")


def split_items(text: str) -> list[str]:
    """Comma, semicolon, newline or bar separated items, list marks removed, empties dropped."""
    items = (_LIST_MARK.sub("", chunk).strip() for chunk in _ITEM_SEPARATORS.split(text))
    return [item for item in items if normalise_alias(item)]


class Normaliser:
    """The fuzzy choices of one taxonomy: every normalised name and alias and its owner."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.keys: list[str] = list(taxonomy.alias_owner)
        self.owners: list[str] = [taxonomy.alias_owner[k] for k in self.keys]
        self._names_of: dict[str, list[str]] = {}
        for key, owner in zip(self.keys, self.owners, strict=True):
            self._names_of.setdefault(owner, []).append(key)
        # Names and the words inside them, sorted, for "starts with the input" by bisection.
        self._word_starts = sorted(
            (key[start:], index)
            for index, key in enumerate(self.keys)
            for start in [0, *(i + 1 for i, char in enumerate(key) if char == " ")]
        )
        # Character counts of every key (one row per character), for the bound in `_within_reach`.
        alphabet = sorted({char for key in self.keys for char in key})
        self._column = {char: i for i, char in enumerate(alphabet)}
        counts = np.zeros((len(alphabet), len(self.keys)), dtype=np.int16)
        for index, key in enumerate(self.keys):
            for char, count in Counter(key).items():
                counts[self._column[char], index] = count
        self._counts = counts
        self._lengths = np.array([len(key) for key in self.keys], dtype=np.float64)
        self._last: tuple[str, npt.NDArray[np.int64]] | None = None

    def _within_reach(self, query: str, cutoff: float) -> tuple[list[str], list[int]]:
        """The keys (in their order, with their indices) that `fuzz.ratio` could score at
        `cutoff` or more against `query`.

        `ratio` is 100 x (1 - Indel distance / total length), and the Indel distance is the total
        length minus twice the longest common subsequence, which cannot be longer than the
        characters the two strings have in common, counted with repeats. That bounds the score
        of every key with a few vector operations; keys below the cutoff (with half a point to
        spare) are left out. The others keep their order, which is how rapidfuzz breaks ties, so
        `extract` and `extractOne` over this list give exactly what they give over all keys.
        """
        cached = self._last
        if cached is not None and cached[0] == query:
            common = cached[1]
        else:
            columns, counts = [], []
            for char, count in Counter(query).items():
                column = self._column.get(char)
                if column is not None:
                    columns.append(column)
                    counts.append(count)
            if columns:
                shared = np.minimum(self._counts[columns], np.array(counts, np.int16)[:, None])
                common = shared.sum(axis=0)
            else:
                common = np.zeros(len(self.keys), dtype=np.int16)
            # fuzzy() and suggest() ask about the same input one after the other.
            self._last = (query, common)
        bound = 200.0 * common / (self._lengths + len(query))
        indices: list[int] = np.flatnonzero(bound >= cutoff - 0.5).tolist()
        return [self.keys[i] for i in indices], indices

    def _starting_with(self, query: str) -> list[int]:
        """Indices of the keys that start with `query` or have a word that does."""
        words = self._word_starts
        found: set[int] = set()
        at = bisect_left(words, (query,))
        while at < len(words) and words[at][0].startswith(query):
            found.add(words[at][1])
            at += 1
        return sorted(found)

    def exact(self, query: str) -> str | None:
        return self.taxonomy.alias_owner.get(query)

    def _closeness(self, query: str, skill_id: str) -> float:
        return max(fuzz.ratio(query, key) for key in self._names_of.get(skill_id, [""]))

    def _meets(self, query: str, skill_id: str) -> bool:
        """False when the input is at least as close to a never-meet sibling of `skill_id`."""
        siblings = self.taxonomy.never_meet.get(skill_id)
        if not siblings:
            return True
        own = self._closeness(query, skill_id)
        return all(self._closeness(query, other) < own for other in siblings)

    def fuzzy(self, query: str) -> tuple[str, float] | None:
        if len(query) < FUZZY_MIN_LENGTH:
            return None
        choices, indices = self._within_reach(query, FUZZY_CUTOFF)
        best = process.extractOne(
            query, choices, scorer=fuzz.ratio, processor=None, score_cutoff=FUZZY_CUTOFF
        )
        if best is not None:
            skill_id = self.owners[indices[best[2]]]
            return (skill_id, float(best[1])) if self._meets(query, skill_id) else None
        return self._swapped(query)

    def _swapped(self, query: str) -> tuple[str, float] | None:
        """An alias that differs from the input by one swapped pair of neighbouring letters."""
        for i in range(len(query) - 1):
            if query[i] == query[i + 1]:
                continue
            variant = f"{query[:i]}{query[i + 1]}{query[i]}{query[i + 2 :]}"
            owner = self.taxonomy.alias_owner.get(variant)
            if owner is not None and self._meets(query, owner):
                return owner, float(fuzz.ratio(query, variant))
        return None

    def suggest(self, query: str, exclude: str | None = None) -> tuple[Suggestion, ...]:
        """Up to three likely skills: close by `ratio`, or names that start with the input."""
        scores: dict[str, float] = {}
        choices, indices = self._within_reach(query, SUGGEST_CUTOFF)
        for _key, score, index in process.extract(
            query,
            choices,
            scorer=fuzz.ratio,
            processor=None,
            limit=20,
            score_cutoff=SUGGEST_CUTOFF,
        ):
            owner = self.owners[indices[index]]
            scores[owner] = max(scores.get(owner, 0.0), float(score))
        if len(query) >= 3:
            for index in self._starting_with(query):
                key, owner = self.keys[index], self.owners[index]
                boost = 60.0 + 40.0 * len(query) / len(key)
                scores[owner] = max(scores.get(owner, 0.0), boost)
        ranked = sorted(
            (
                (score, skill_id)
                for skill_id, score in scores.items()
                if skill_id != exclude and self._meets(query, skill_id)
            ),
            key=lambda pair: (-pair[0], pair[1]),
        )
        by_id = self.taxonomy.by_id
        return tuple(
            Suggestion(skill_id, by_id[skill_id].name, score)
            for score, skill_id in ranked[:SUGGEST_LIMIT]
        )

    def item(self, raw: str) -> NormalisedItem:
        query = normalise_alias(raw)
        name = self.taxonomy.name
        exact = self.exact(query)
        if exact is not None:
            return NormalisedItem(raw, exact, name(exact), 100.0, "exact")
        fuzzy = self.fuzzy(query)
        if fuzzy is not None:
            skill_id, score = fuzzy
            return NormalisedItem(raw, skill_id, name(skill_id), score, "fuzzy")
        return NormalisedItem(raw, None, None, 0.0, "unknown", self.suggest(query))

    def items(self, text: str) -> list[NormalisedItem]:
        """Every item of a free-text list; "A / B" and "A and B" split unless a name as a whole."""
        results: list[NormalisedItem] = []
        for chunk in split_items(text):
            whole = self.item(chunk)
            parts = [p for p in _PART_SEPARATORS.split(chunk) if normalise_alias(p)]
            if whole.method == "exact" or len(parts) < 2:
                results.append(whole)
                continue
            split = [self.item(part) for part in parts]
            known_parts = sum(1 for p in split if p.skill_id is not None)
            if whole.method == "fuzzy" and known_parts < len(split):
                results.append(whole)
            else:
                results.extend(split)
        return results


def normaliser_for(taxonomy: Taxonomy | Sequence[Skill]) -> Normaliser:
    tax = taxonomy if isinstance(taxonomy, Taxonomy) else taxonomy_of(taxonomy)
    return tax.derived("normaliser", Normaliser)


def normalise_skills(text: str, taxonomy: Taxonomy | Sequence[Skill]) -> list[NormalisedItem]:
    """Normalise a free-text skill list; unknown items carry suggestions and no skill id."""
    return normaliser_for(taxonomy).items(text)


def normalise_skill(item: str, taxonomy: Taxonomy | Sequence[Skill]) -> NormalisedItem:
    """Normalise one skill as typed (an autocomplete choice, a single `/profile add`)."""
    return normaliser_for(taxonomy).item(item)
