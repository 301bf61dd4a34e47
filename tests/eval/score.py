"""Scoring predicted skill mentions against the gold labels, by mention.

The scorer knows nothing of how predictions were made: the project's extraction and the naive
baseline both hand it plain `Prediction` records. A prediction is correct when it overlaps a gold
span whose skill is the same one (equal taxonomy ids, or a shared name or alias) and that gold
mention counts (its level is not `context`). Predictions the extractor itself marks `context` are
left out: they are its way of saying "this asks for nothing".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from tests.eval.corpus import Label, Posting

# Maps a skill id to the normalised names it is known by (name and aliases); unknown ids: empty.
NamesOf = Callable[[str | None], frozenset[str]]
Normalise = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Prediction:
    start: int
    end: int
    skill_id: str | None
    name: str
    level: str
    surface: str = ""


@dataclass
class Tally:
    predicted: int = 0
    correct: int = 0
    gold: int = 0
    found: int = 0

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None
        return 2 * p * r / (p + r)


@dataclass(frozen=True, slots=True)
class Error:
    posting_id: str
    kind: str  # "extra" (a wrong prediction) or "missed" (a gold mention nobody found)
    surface: str
    skill: str
    section: str


@dataclass
class Report:
    overall: Tally = field(default_factory=Tally)
    by_section: dict[str, Tally] = field(default_factory=dict)
    by_role: dict[str, Tally] = field(default_factory=dict)
    errors: list[Error] = field(default_factory=list)


class SkillMatcher:
    """Decides whether a prediction and a gold label name the same skill."""

    def __init__(self, names_of: NamesOf, normalise: Normalise) -> None:
        self._names_of = names_of
        self._normalise = normalise

    def same(self, prediction: Prediction, label: Label) -> bool:
        if prediction.skill_id is not None and prediction.skill_id == label.taxonomy_id:
            return True
        predicted = self._names_of(prediction.skill_id) | {self._normalise(prediction.name)}
        gold = self._names_of(label.taxonomy_id) | {self._normalise(label.skill)}
        return bool(predicted & gold)


def _overlap(prediction: Prediction, label: Label) -> bool:
    return prediction.start < label.end and label.start < prediction.end


def score(
    postings: Iterable[Posting],
    predictions: Mapping[str, list[Prediction]],
    matcher: SkillMatcher,
) -> Report:
    report = Report()
    for posting in postings:
        scored = [p for p in predictions.get(posting.id, []) if p.level != "context"]
        gold = [label for label in posting.labels if label.counts]
        role = report.by_role.setdefault(posting.role_family, Tally())
        for prediction in scored:
            section = posting.section_at(prediction.start)
            correct = any(
                _overlap(prediction, label) and matcher.same(prediction, label) for label in gold
            )
            for tally in (report.overall, role, report.by_section.setdefault(section, Tally())):
                tally.predicted += 1
                tally.correct += correct
            if not correct:
                report.errors.append(
                    Error(posting.id, "extra", prediction.surface, prediction.name, section)
                )
        for label in gold:
            found = any(
                _overlap(prediction, label) and matcher.same(prediction, label)
                for prediction in scored
            )
            for tally in (
                report.overall,
                role,
                report.by_section.setdefault(label.section, Tally()),
            ):
                tally.gold += 1
                tally.found += found
            if not found:
                report.errors.append(
                    Error(posting.id, "missed", label.surface, label.skill, label.section)
                )
    return report
