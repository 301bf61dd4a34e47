"""A learning plan from the job market: what the postings a member wants ask for and they lack,
and what learning each skill would change, computed with the real scorer.

Per role family a `FamilyTable` holds that family's postings as sparse columns (one entry per
posting and skill: its scoring weight and level), built once after each scrape and match pass.
A plan then costs a few vector operations over one family, not a loop over postings:
* the member's score for every posting is `matcher.score.raw_score` done in bulk: the same
  weights, credits (`Taxonomy.credit_map`), exact sum, division by the posting's total and
  multiplication by `SCALE` (weights and credits are small binary fractions, so every sum is
  exact whatever order it is added in and each figure is the scorer's number bit for bit);
* adding a skill changes the member's credit for a few skills (the skill, its ancestors and
  descendants); only the postings under those columns get a new score.
Which postings fit: the member's filters as the scorer applies them (`score.allowed`: work mode
and place), their seniority within one level, and the last weeks of open and recently closed
postings (chosen when the table is built). Discord-free and store-free.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from matcher.market import MarketPosting
from matcher.models import REMOTE_MODES, MemberProfile, RemotePreference
from matcher.places import REMOTE_ALLOWED, posting_keys
from matcher.score import LEVEL_WEIGHT, SCALE, UNKNOWN_RANK, prepare_member, rank_of
from matcher.taxonomy import Credit, Taxonomy

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

PLAN_WEEKS = 8  # postings seen in the last eight weeks, open or closed since then
MIN_POSTINGS = 10  # fewer fitting postings than this is too little to plan from
PLAN_SKILLS = 8  # skills shown in a plan
_SCALE = np.array(SCALE, dtype=np.float64)


class FamilyTable:
    """One role family's postings as columns: the precomputed half of every plan."""

    def __init__(self, family: str, postings: Sequence[MarketPosting]) -> None:
        self.family = family
        self.posting_ids = [p.facts.posting_id for p in postings]
        col_of: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        weights: list[float] = []
        required: list[bool] = []
        totals: list[float] = []
        ranks: list[int] = []
        modes: list[int] = []
        place_codes: list[int] = []
        place_sets: dict[frozenset[str], int] = {}
        keys_of: dict[tuple[str, ...], frozenset[str]] = {}
        mode_code = {mode: i for i, mode in enumerate(REMOTE_MODES)}
        for row, posting in enumerate(postings):
            facts = posting.facts
            # What `score.prepare_posting` computes, without building a record per posting.
            total = 0.0
            for skill, level in facts.skills.items():
                weight = LEVEL_WEIGHT.get(level)
                if weight is None:  # a level that never counts (a mention for context only)
                    continue
                rows.append(row)
                cols.append(col_of.setdefault(skill, len(col_of)))
                weights.append(weight)
                required.append(level == "required")
                total += weight
            # An either-or group counts once in the total, at its heaviest option.
            for group in facts.alternatives:
                options = [
                    LEVEL_WEIGHT[facts.skills[skill]]
                    for skill in dict.fromkeys(group)
                    if skill in facts.skills and facts.skills[skill] in LEVEL_WEIGHT
                ]
                if len(options) > 1:
                    total -= sum(options) - max(options)
            totals.append(total)
            rank = rank_of(facts.seniority)
            ranks.append(UNKNOWN_RANK if rank is None else rank)
            modes.append(mode_code[facts.remote])
            if facts.locations not in keys_of:
                keys_of[facts.locations] = posting_keys(facts.locations)
            place_codes.append(place_sets.setdefault(keys_of[facts.locations], len(place_sets)))
        self.skill_ids: list[str] = list(col_of)
        self.col_of = col_of
        col_array = np.array(cols, dtype=np.int64)
        order = np.argsort(col_array, kind="stable")
        self.rows: IntArray = np.array(rows, dtype=np.int64)[order]
        self.cols: IntArray = col_array[order]
        self.weights: FloatArray = np.array(weights, dtype=np.float64)[order]
        self.required: BoolArray = np.array(required, dtype=np.bool_)[order]
        self.colptr: IntArray = np.searchsorted(
            self.cols, np.arange(len(self.skill_ids) + 1, dtype=np.int64)
        ).astype(np.int64)
        self.totals: FloatArray = np.array(totals, dtype=np.float64)
        self.ranks: IntArray = np.array(ranks, dtype=np.int64)
        self.modes: IntArray = np.array(modes, dtype=np.int64)
        self.place_codes: IntArray = np.array(place_codes, dtype=np.int64)
        self.place_sets = list(place_sets)
        # Each column's place in `MarketTables.skill_ids` (set by `build_tables`).
        self.global_cols: IntArray = np.arange(len(self.skill_ids), dtype=np.int64)

    def __len__(self) -> int:
        return len(self.posting_ids)


@dataclass(frozen=True)
class MarketTables:
    """Every family's table, built from one read of the postings, and one sorted list of the
    skills of all of them: a plan over several families adds their counts in those columns."""

    families: Mapping[str, FamilyTable]
    postings: int  # all postings read (fitting a family or not)
    weeks: int = PLAN_WEEKS
    skill_ids: tuple[str, ...] = ()
    col_of: Mapping[str, int] = field(default_factory=dict)


def build_tables(postings: Iterable[MarketPosting], weeks: int = PLAN_WEEKS) -> MarketTables:
    by_family: dict[str, list[MarketPosting]] = {}
    count = 0
    for posting in postings:
        count += 1
        if posting.family is not None:
            by_family.setdefault(posting.family, []).append(posting)
    families = {family: FamilyTable(family, found) for family, found in by_family.items()}
    skill_ids = tuple(sorted({s for t in families.values() for s in t.skill_ids}))
    col_of = {s: i for i, s in enumerate(skill_ids)}
    for table in families.values():
        table.global_cols = np.array([col_of[s] for s in table.skill_ids], dtype=np.int64)
    return MarketTables(families, count, weeks, skill_ids, col_of)


@dataclass(frozen=True)
class Gain:
    median_before: float
    median_after: float
    added_over_threshold: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "median_before": self.median_before,
            "median_after": self.median_after,
            "added_over_threshold": self.added_over_threshold,
        }


@dataclass(frozen=True)
class PlanSkill:
    skill_id: str
    name: str
    asked: int  # fitting postings that ask for it
    required: int  # ... that require it
    demand: float  # asked / fitting postings
    required_share: float
    topics: tuple[str, ...]
    gain: Gain

    def as_dict(self) -> dict[str, Any]:
        return {
            "skill_id": self.skill_id,
            "name": self.name,
            "demand": round(self.demand, 4),
            "required_share": round(self.required_share, 4),
            "topics": list(self.topics),
            "gain": self.gain.as_dict(),
        }


@dataclass(frozen=True)
class Plan:
    """`status` says whether there was enough to plan from: ok, no-role, no-postings, few-postings.

    With too little data the skills list may still hold what the few postings ask for; callers
    say so and point to the roadmap's next step.
    """

    role: str
    families: tuple[str, ...]
    postings: int
    threshold: float
    median: float
    over_threshold: int
    skills: tuple[PlanSkill, ...]
    status: str
    weeks: int = PLAN_WEEKS

    def as_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "postings": self.postings,
            "skills": [s.as_dict() for s in self.skills],
        }


@dataclass
class _Fit:
    """One family's fitting postings for one member and their scores now."""

    table: FamilyTable
    mask: BoolArray
    acc: FloatArray
    scale: FloatArray
    before: FloatArray = field(init=False)

    def __post_init__(self) -> None:
        self.before = self.scores(self.acc)

    def scores(self, acc: FloatArray) -> FloatArray:
        totals = self.table.totals
        safe = np.where(totals == 0, 1.0, totals)
        # As `score.raw_score`: a member with several options of an either-or group is not
        # credited past the whole.
        result: FloatArray = np.where(totals == 0, 0.0, np.minimum(acc, totals) / safe * self.scale)
        return result


def _fit(
    table: FamilyTable,
    member_rank: int | None,
    places: frozenset[str],
    remote: RemotePreference,
    credits: Mapping[str, Credit],
) -> _Fit:
    allowed = REMOTE_ALLOWED[remote]
    modes_ok = np.array([mode in allowed for mode in REMOTE_MODES], dtype=np.bool_)[table.modes]
    # `location_compatible`: remote postings and either side without a place always pass.
    places_ok = np.array(
        [not places or not ps or not places.isdisjoint(ps) for ps in table.place_sets],
        dtype=np.bool_,
    )
    is_remote = table.modes == REMOTE_MODES.index("remote")
    where_ok = is_remote | places_ok[table.place_codes] if len(table) else is_remote
    mask = modes_ok & where_ok
    if member_rank is not None:
        mask &= (table.ranks == UNKNOWN_RANK) | (np.abs(table.ranks - member_rank) <= 1)
    credit = _credit_vector(table, credits)
    acc: FloatArray = np.bincount(
        table.rows, weights=table.weights * credit[table.cols], minlength=len(table)
    ).astype(np.float64)
    member_index = UNKNOWN_RANK if member_rank is None else member_rank
    scale: FloatArray = _SCALE[member_index][table.ranks]
    return _Fit(table, mask, acc, scale)


def _credit_vector(table: FamilyTable, credits: Mapping[str, Credit]) -> FloatArray:
    vector = np.zeros(len(table.skill_ids), dtype=np.float64)
    for skill, credit in credits.items():
        col = table.col_of.get(skill)
        if col is not None:
            vector[col] = credit.value
    return vector


def _median(parts: list[FloatArray]) -> float:
    joined = np.concatenate(parts) if parts else np.zeros(0)
    return round(float(np.median(joined)), 1) if joined.size else 0.0


def make_plan(
    tables: MarketTables,
    taxonomy: Taxonomy,
    profile: MemberProfile,
    families: Sequence[str],
    *,
    role: str,
    threshold: float,
    topics_by_skill: Mapping[str, Sequence[str]],
    limit: int = PLAN_SKILLS,
    min_postings: int = MIN_POSTINGS,
) -> Plan:
    """The member's plan for the given role families (most useful skill first)."""
    member = prepare_member(profile, taxonomy)
    if not families:
        return Plan(role, (), 0, threshold, 0.0, 0, (), "no-role", tables.weeks)
    fits = [
        _fit(tables.families[f], member.rank, member.places, profile.remote, member.credits)
        for f in families
        if f in tables.families
    ]
    fitting = sum(int(f.mask.sum()) for f in fits)
    if fitting == 0:
        return Plan(role, tuple(families), 0, threshold, 0.0, 0, (), "no-postings", tables.weeks)
    total = len(tables.skill_ids)
    asked = np.zeros(total, dtype=np.int64)
    required = np.zeros(total, dtype=np.int64)
    weighted = np.zeros(total, dtype=np.float64)
    for fit in fits:
        table = fit.table
        chosen = fit.mask[table.rows]
        cols = table.cols[chosen]
        n = len(table.skill_ids)
        # A family's columns map to distinct global columns, so plain fancy adds are exact.
        asked[table.global_cols] += np.bincount(cols, minlength=n)
        required[table.global_cols] += np.bincount(cols[table.required[chosen]], minlength=n)
        weighted[table.global_cols] += np.bincount(cols, weights=table.weights[chosen], minlength=n)
    credited = np.zeros(total, dtype=np.bool_)
    for skill in member.credits:
        col = tables.col_of.get(skill)
        if col is not None:
            credited[col] = True
    candidates = np.flatnonzero((asked > 0) & ~credited)
    # Most weighted demand first, then most often required, then by id (the columns are in
    # id order): np.lexsort sorts by its last key first.
    order = np.lexsort((candidates, -required[candidates], -weighted[candidates]))
    missing = [tables.skill_ids[c] for c in candidates[order[:limit]]]
    before_parts = [f.before[f.mask] for f in fits]
    median = _median(before_parts)
    over = sum(int((f.before[f.mask] >= threshold).sum()) for f in fits)
    skills: list[PlanSkill] = []
    for skill in missing:
        col = tables.col_of[skill]
        # Adding a skill raises the credit of the keys of its expansion where it offers more
        # than the member has: exactly the values `credit_map` of the larger set would hold.
        raised: dict[str, float] = {}
        for key, credit in taxonomy.expansion(skill):
            have = member.credits.get(key)
            if credit.value > max(have.value if have else 0.0, raised.get(key, 0.0)):
                raised[key] = credit.value
        after_parts = [_after(fit, member.credits, raised)[fit.mask] for fit in fits]
        over_after = sum(int((part >= threshold).sum()) for part in after_parts)
        skills.append(
            PlanSkill(
                skill_id=skill,
                name=taxonomy.name(skill),
                asked=int(asked[col]),
                required=int(required[col]),
                demand=int(asked[col]) / fitting,
                required_share=int(required[col]) / fitting,
                topics=tuple(topics_by_skill.get(skill, ())),
                gain=Gain(median, _median(after_parts), over_after - over),
            )
        )
    status = "ok" if fitting >= min_postings else "few-postings"
    return Plan(
        role, tuple(families), fitting, threshold, median, over, tuple(skills), status, tables.weeks
    )


def _after(fit: _Fit, before: Mapping[str, Credit], raised: Mapping[str, float]) -> FloatArray:
    """The member's scores with some credits raised: only those columns are touched."""
    table = fit.table
    acc = fit.acc.copy()
    for skill, new in raised.items():
        col = table.col_of.get(skill)
        if col is None:
            continue
        old = before[skill].value if skill in before else 0.0
        start, end = table.colptr[col], table.colptr[col + 1]
        # One entry per posting and skill, so the rows of a column are distinct.
        acc[table.rows[start:end]] += table.weights[start:end] * (new - old)
    return fit.scores(acc)
