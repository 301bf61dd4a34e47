"""The reports `archbot content check` prints beside its verdict: answer tells over the quiz
bank, and the most demanded skills in the job postings that no roadmap topic teaches.

Demand comes from the database's extracted skills, or from a postings file (the JSON lines
`archbot parse --json` prints) read through the same extraction the worker runs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from content import Content, Question
from content.coverage import Demand, Gap, SkillDemand, taught_share, untaught_skills
from content.tells import CHANCE, TELL_LIMIT, Tell, bank_tells


def tells_report(questions: Sequence[Question]) -> tuple[list[Tell], list[str]]:
    if not questions:
        return [], []
    tells = bank_tells(questions)
    lines = [
        f"answer tells over {len(questions)} questions "
        f"(chance {CHANCE:.0%}, fails above {TELL_LIMIT:.0%}):"
    ]
    width = max(len(t.strategy) for t in tells)
    for tell in tells:
        flag = "  over the limit" if tell.over_limit else ""
        lines.append(f"  {tell.strategy:<{width}}  {tell.score:6.1%}{flag}")
    return tells, lines


def demand_from_file(path: Path, content: Content) -> Demand:
    """Run the project's extraction over each posting in the file and count skills."""
    from matcher.postings import PostingFileError, posting_facts, read_postings_jsonl
    from matcher.taxonomy import taxonomy_of

    taxonomy = taxonomy_of(content.skills)
    asked: Counter[str] = Counter()
    required: Counter[str] = Counter()
    count = 0
    try:
        for record in read_postings_jsonl(path):
            facts, _ = posting_facts(record, taxonomy)
            count += 1
            for skill_id, level in facts.skills.items():
                asked[skill_id] += 1
                if level == "required":
                    required[skill_id] += 1
    except PostingFileError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot read {path}: {exc.strerror or exc}") from None
    skills = {s: SkillDemand(n, required[s]) for s, n in asked.items()}
    return Demand(postings=count, skills=skills, source=str(path))


def demand_from_database(path: Path) -> Demand | str:
    """The stored postings' demand, or a one-line reason why there is none to read."""
    from store import open_db
    from store.demand import skill_demand

    if not path.exists():
        return f"no database at {path} yet: run `archbot scrape`, or pass --postings FILE"
    db = open_db(path, create_parent=False)
    try:
        if "posting_skills" not in db.table_names():
            return f"{path} has no extracted skills yet: run `archbot db migrate` and a scrape"
        counts = skill_demand(db)
    finally:
        db.close()
    skills = {c.skill_id: SkillDemand(c.postings, c.required) for c in counts.skills}
    return Demand(postings=counts.postings, skills=skills, source=str(path))


def gaps_report(content: Content, demand: Demand, limit: int) -> tuple[list[Gap], list[str]]:
    if demand.postings == 0:
        return [], [f"skill demand: {demand.source} holds no read postings yet"]
    gaps = untaught_skills(content, demand, limit)
    lines = [
        f"skill demand over {demand.postings} postings in {demand.source}: "
        f"topics teach {taught_share(content, demand):.0%} of the skills they ask for"
    ]
    if not gaps:
        lines.append("every skill the postings ask for is taught by a topic")
        return gaps, lines
    lines.append(f"the {len(gaps)} most demanded skills no topic teaches:")
    lines.append(f"  {'#':>3}  {'skill':<40} {'postings':>8} {'share':>6} {'required':>8}  fits in")
    for rank, gap in enumerate(gaps, start=1):
        label = f"{gap.name} ({gap.skill_id})"
        if len(label) > 40:
            label = label[:39] + "…"
        where = "-"
        if gap.suggestion is not None:
            place = gap.suggestion.topic_id or f"step {gap.suggestion.step_id}"
            where = f"{place}: {gap.suggestion.reason}"
        lines.append(
            f"  {rank:>3}  {label:<40} {gap.postings:>8} {gap.share:>6.1%} "
            f"{gap.required_share:>8.1%}  {where}"
        )
    return gaps, lines


def report_json(
    stats: dict[str, int] | None,
    problems: Sequence[str],
    tells: Sequence[Tell],
    demand: Demand | str | None,
    gaps: Sequence[Gap],
    content: Content | None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "ok": not problems,
        "problems": list(problems),
        "stats": stats,
        "tells": [
            {
                "key": t.key,
                "strategy": t.strategy,
                "score": round(t.score, 4),
                "over_limit": t.over_limit,
                "giveaways": list(t.giveaways[:20]),
            }
            for t in tells
        ],
        "tell_limit": TELL_LIMIT,
    }
    if isinstance(demand, Demand) and content is not None:
        data["demand"] = {
            "source": demand.source,
            "postings": demand.postings,
            "taught_share": round(taught_share(content, demand), 4),
            "untaught": [g.as_dict() for g in gaps],
        }
    elif isinstance(demand, str):
        data["demand"] = {"unavailable": demand}
    return data
