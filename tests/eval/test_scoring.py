"""The scorer and the baseline on small hand-made cases, and the whole run on the real corpus."""

from __future__ import annotations

from content.text import normalise_alias
from tests.eval import baseline
from tests.eval.corpus import Label, Posting, Section, load_corpus
from tests.eval.run import evaluate, table
from tests.eval.score import Prediction, SkillMatcher, score

TEXT = "About us: we love Kubernetes. You need Python and k8s. Perks: free Python books."
NAMES = {
    "python": frozenset({"python"}),
    "kubernetes": frozenset({"kubernetes", "k8s"}),
}


def _matcher() -> SkillMatcher:
    return SkillMatcher(lambda sid: NAMES.get(sid or "", frozenset()), normalise_alias)


def _label(surface: str, skill: str, tax: str | None, section: str, level: str) -> Label:
    start = TEXT.index(surface) if surface != "Python " else TEXT.rindex("Python")
    surface = surface.strip()
    return Label(start, start + len(surface), surface, skill, tax, section, level)


def _posting(labels: list[Label]) -> Posting:
    req = TEXT.index("You need")
    perks = TEXT.index("Perks")
    return Posting(
        id="p1",
        title="Engineer",
        role_family="backend",
        text=TEXT,
        source={},
        sections=(
            Section(0, req, "company"),
            Section(req, perks, "requirements"),
            Section(perks, len(TEXT), "benefits"),
        ),
        labels=tuple(labels),
    )


def _pred(surface: str, skill_id: str | None, name: str, level: str = "required") -> Prediction:
    start = TEXT.index(surface) if surface != "Python " else TEXT.rindex("Python")
    surface = surface.strip()
    return Prediction(start, start + len(surface), skill_id, name, level, surface)


GOLD = [
    _label("Kubernetes", "Kubernetes", "kubernetes", "company", "context"),
    _label("Python", "Python", "python", "requirements", "required"),
    _label("k8s", "Kubernetes", "kubernetes", "requirements", "required"),
    _label("Python ", "Python", "python", "benefits", "context"),
]


def test_a_prediction_counts_when_it_overlaps_a_counting_label_of_the_same_skill() -> None:
    report = score(
        [_posting(GOLD)],
        {"p1": [_pred("Python", "python", "Python"), _pred("k8s", "kubernetes", "Kubernetes")]},
        _matcher(),
    )
    assert (report.overall.correct, report.overall.predicted) == (2, 2)
    assert (report.overall.found, report.overall.gold) == (2, 2)
    assert report.overall.precision == 1.0
    assert report.overall.recall == 1.0


def test_reading_a_blurb_or_a_perk_as_a_requirement_is_an_error() -> None:
    report = score(
        [_posting(GOLD)],
        {
            "p1": [
                _pred("Kubernetes", "kubernetes", "Kubernetes"),
                _pred("Python ", "python", "Python"),
            ]
        },
        _matcher(),
    )
    assert report.overall.correct == 0
    assert report.overall.predicted == 2
    assert report.by_section["company"].predicted == 1
    assert report.by_section["benefits"].predicted == 1
    assert report.overall.recall == 0.0
    assert {e.kind for e in report.errors} == {"extra", "missed"}


def test_mentions_the_extractor_marks_context_are_not_scored() -> None:
    report = score(
        [_posting(GOLD)],
        {"p1": [_pred("Kubernetes", "kubernetes", "Kubernetes", level="context")]},
        _matcher(),
    )
    assert report.overall.predicted == 0
    assert report.overall.precision is None


def test_the_wrong_skill_on_the_right_span_is_an_error() -> None:
    report = score([_posting(GOLD)], {"p1": [_pred("k8s", "python", "Python")]}, _matcher())
    assert report.overall.correct == 0
    assert report.overall.found == 0


def test_a_skill_outside_the_taxonomy_matches_by_name() -> None:
    label = Label(0, 5, "About", "Widget Studio", None, "company", "required")
    posting = _posting([label])
    report = score(
        [posting], {"p1": [Prediction(0, 5, "new-id", "widget-studio", "unknown")]}, _matcher()
    )
    assert report.overall.correct == 1
    assert report.overall.found == 1


def test_the_baseline_matches_whole_names_in_any_case() -> None:
    found = baseline.predict("JavaScript, java, C# and GitHub; Git; postgres; NoSQL")
    assert [p.name for p in found] == [
        "JavaScript",
        "Java",
        "C#",
        "GitHub",
        "Git",
        "PostgreSQL",
        "NoSQL",
    ]
    assert len(baseline.NAMES) >= 80


def test_the_whole_evaluation_runs_on_the_corpus() -> None:
    evaluation = evaluate()
    countable = sum(1 for p in load_corpus() for label in p.labels if label.counts)
    assert evaluation.extraction.overall.gold == countable
    assert evaluation.baseline.overall.gold == countable
    assert evaluation.extraction.overall.predicted > 0
    assert "overall" in table(evaluation)
