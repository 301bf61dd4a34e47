"""Running the project's extraction and the baseline over the corpus, and printing the table.

The extraction is called exactly as `archbot skills extract --json` calls it, and its JSON
mentions (skill_id, name, start, end, text, level) are what gets scored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from content import load_content
from content.text import normalise_alias
from matcher.extract import extract
from matcher.taxonomy import Taxonomy, taxonomy_of
from tests.eval import baseline
from tests.eval.corpus import ROLE_FAMILIES, SECTIONS, Posting, load_corpus
from tests.eval.score import Prediction, Report, SkillMatcher, Tally, score


@dataclass(frozen=True)
class Evaluation:
    postings: int
    extraction: Report
    baseline: Report


def skill_matcher(taxonomy: Taxonomy) -> SkillMatcher:
    names: dict[str, frozenset[str]] = {
        skill.id: frozenset(normalise_alias(n) for n in skill.all_names)
        for skill in taxonomy.skills
    }

    def names_of(skill_id: str | None) -> frozenset[str]:
        return names.get(skill_id, frozenset()) if skill_id else frozenset()

    return SkillMatcher(names_of, normalise_alias)


def extraction_predictions(posting: Posting, taxonomy: Taxonomy) -> list[Prediction]:
    result = extract(posting.text, taxonomy, title=posting.title).as_dict()
    return [
        Prediction(m["start"], m["end"], m["skill_id"], m["name"], m["level"], m["text"])
        for m in result["mentions"]
    ]


def evaluate(postings: Sequence[Posting] | None = None) -> Evaluation:
    corpus = list(postings) if postings is not None else load_corpus()
    taxonomy = taxonomy_of(load_content().skills)
    matcher = skill_matcher(taxonomy)
    extracted = {p.id: extraction_predictions(p, taxonomy) for p in corpus}
    naive = {p.id: baseline.predict(p.text) for p in corpus}
    return Evaluation(
        postings=len(corpus),
        extraction=score(corpus, extracted, matcher),
        baseline=score(corpus, naive, matcher),
    )


def _cell(value: float | None) -> str:
    return "   -  " if value is None else f"{value:6.3f}"


def _row(name: str, ours: Tally, theirs: Tally) -> str:
    left = f"{_cell(ours.precision)} {_cell(ours.recall)} {ours.gold:>5} {ours.predicted:>5}"
    right = f"{_cell(theirs.precision)} {_cell(theirs.recall)} {theirs.predicted:>5}"
    return f"{name:<18} {left}   {right}"


def table(evaluation: Evaluation) -> str:
    ours, theirs = evaluation.extraction, evaluation.baseline
    header = (
        f"{'':<18} {'extraction':^28}   {'naive list':^19}\n"
        f"{'':<18} {'prec':>6} {'recall':>6} {'gold':>5} {'pred':>5}"
        f"   {'prec':>6} {'recall':>6} {'pred':>5}"
    )
    lines = [
        f"{evaluation.postings} postings written by others, scored by mention",
        header,
        _row("overall", ours.overall, theirs.overall),
        "by section",
    ]
    for section in SECTIONS:
        if section in ours.by_section or section in theirs.by_section:
            lines.append(
                _row(
                    f"  {section}",
                    ours.by_section.get(section, Tally()),
                    theirs.by_section.get(section, Tally()),
                )
            )
    lines.append("by role family")
    for role in ROLE_FAMILIES:
        if role in ours.by_role:
            lines.append(_row(f"  {role}", ours.by_role[role], theirs.by_role.get(role, Tally())))
    return "\n".join(lines)


def misses(report: Report, limit: int | None = None) -> str:
    rows = [
        f"{e.posting_id:<22} {e.kind:<6} {e.section:<16} {e.surface!r} ({e.skill})"
        for e in report.errors
    ]
    return "\n".join(rows[:limit] if limit else rows)
