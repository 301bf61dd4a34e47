"""How often the stored postings ask for each skill, from the skills read out of them.

Counted over the postings members can be matched with (open, not a cross-source duplicate, read
since their last change), so a closed or duplicated posting does not inflate demand.
"""

from __future__ import annotations

from dataclasses import dataclass

from store.db import Database
from store.extractions import MATCHABLE

_READ = "e.content_hash = p.content_hash"


@dataclass(frozen=True)
class SkillCount:
    skill_id: str
    postings: int
    required: int


@dataclass(frozen=True)
class SkillDemandCounts:
    """`postings` postings were counted; `skills` lists each skill asked for, most asked first."""

    postings: int
    skills: list[SkillCount]


def skill_demand(db: Database) -> SkillDemandCounts:
    """Per skill, how many matchable postings ask for it and how many require it."""
    total = db.execute(
        "SELECT COUNT(*) FROM postings p JOIN posting_extractions e ON e.posting_id = p.id "
        f"WHERE {MATCHABLE} AND {_READ}"
    ).fetchone()[0]
    rows = db.execute(
        "SELECT s.skill_id, COUNT(*), SUM(s.level = 'required') FROM posting_skills s "
        "JOIN postings p ON p.id = s.posting_id "
        "JOIN posting_extractions e ON e.posting_id = p.id "
        f"WHERE {MATCHABLE} AND {_READ} "
        "GROUP BY s.skill_id ORDER BY COUNT(*) DESC, s.skill_id"
    ).fetchall()
    return SkillDemandCounts(
        postings=int(total),
        skills=[SkillCount(str(r[0]), int(r[1]), int(r[2] or 0)) for r in rows],
    )
