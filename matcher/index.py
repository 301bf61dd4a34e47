"""The incremental match index: skill -> postings and skill -> members, never members x postings.

Two inverted indexes share the parent expansion of `Taxonomy.credit_map`:
* members_by_skill[s] = {member: credit the member earns for s} (own skills, their ancestors,
  and descendants two levels down);
* postings_by_skill[s] = {posting: weight of s in the posting}.
A new posting is scored against the members found under its own skills only; a changed member
against the postings found under the skills of its credit map only. A pair that shares no skill
scores 0 and is never looked at.

A posting is scored in two steps, because the skills everyone has (Python, SQL) would otherwise
make nearly every member a candidate for nearly every posting:
1. the "spare" skills are the most widely held ones whose weights together cannot lift a score
   to the floor; members are gathered through the other ("essential") skills only, since a
   member who shares nothing but spare skills scores below the floor;
2. members whose essential credit plus the spare skills' full weight still falls short are
   dropped, and the rest get their spare-skill credit from a dense (skill x member) table.
Both bounds are computed with the very floating-point operations of the score, and scores only
grow with the credit, so no pair at or above the floor is ever missed.

Scores at or above `floor` are kept in a `PairStore` (flat arrays), so `/jobs`, alert selection
and the property tests can read them per member or per posting. Filters (remote preference,
location) are applied with the same vectorised lookups. Every score equals
`matcher.score.raw_score` for the pair, bit for bit: weights and credits are small binary
fractions, so every sum is exact whatever order it is added in.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from itertools import repeat
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from matcher.inverted import Column, FloatArray, IntArray, InvertedLists, Slots, accumulate
from matcher.kept import NO_DATE
from matcher.models import (
    REMOTE_MODES,
    REMOTE_PREFERENCES,
    Match,
    MemberProfile,
    PostingFacts,
    RecordId,
)
from matcher.pairs import PairStore
from matcher.places import REMOTE_ALLOWED
from matcher.score import (
    SCALE,
    UNKNOWN_RANK,
    PreparedMember,
    PreparedPosting,
    explain,
    prepare_member,
    prepare_posting,
    rank_matches,
)
from matcher.taxonomy import Credit, Taxonomy

DEFAULT_FLOOR = 30.0

_SCALE = np.array(SCALE, dtype=np.float64)
_MAX_SCALE = float(_SCALE.max())
_ALLOWED = np.array(
    [[mode in REMOTE_ALLOWED[pref] for mode in REMOTE_MODES] for pref in REMOTE_PREFERENCES],
    dtype=bool,
)
_MODE_CODE = {mode: i for i, mode in enumerate(REMOTE_MODES)}
_PREF_CODE = {pref: i for i, pref in enumerate(REMOTE_PREFERENCES)}
_REMOTE = _MODE_CODE["remote"]

# Postings scored together, and pairs held before they go to the store, while adding a batch.
_CHUNK = 2048
_FLUSH_PAIRS = 1 << 20

_EMPTY_SLOTS: IntArray = np.zeros(0, dtype=np.int64)
_EMPTY_SCORES: FloatArray = np.zeros(0, dtype=np.float64)

# One skill of a posting as scoring sees it: (member slots, their credits, weight, skill id).
_Part = tuple[IntArray, FloatArray, float, str]


@dataclass(frozen=True, slots=True)
class Scored:
    """A (member, posting) pair at or above the floor, as alert selection needs it."""

    member_id: RecordId
    posting_id: RecordId
    score: float


def _ids(id_of: list[RecordId | None], slots: npt.NDArray[np.integer[Any]]) -> list[RecordId]:
    """The record ids of occupied slots."""
    return cast(list[RecordId], list(map(id_of.__getitem__, slots.tolist())))


# Slot setters of `Scored`: they store a field without going through `__init__` (and around the
# frozen `__setattr__`), which is all `__init__` does. Filling a column at a time through them
# runs in C and makes a record in a third of the time `__init__` takes.
_SCORED_FIELDS = tuple(f.name for f in fields(Scored))
_SCORED_SETTERS = tuple(getattr(Scored, name).__set__ for name in _SCORED_FIELDS)


def scored_list(
    member_ids: Iterable[RecordId], posting_ids: Iterable[RecordId], scores: FloatArray
) -> list[Scored]:
    """`Scored` records for parallel columns, equal to `Scored(member_id, posting_id, score)`.

    A batch of postings can produce hundreds of thousands of pairs. Each new record counts
    towards the cyclic collector's thresholds, and in a process holding a large index the
    collections this triggers cost more than making the records; the records form no cycles,
    so the collector is paused while they are made.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        records = list(map(object.__new__, repeat(Scored, scores.size)))
        for setter, column in zip(
            _SCORED_SETTERS, (member_ids, posting_ids, scores.tolist()), strict=True
        ):
            deque(map(setter, records, column), maxlen=0)
        return records
    finally:
        if was_enabled:
            gc.enable()


class CreditTable:
    """Every member's credit for every skill, as a dense (skill x member slot) table of codes.

    A code is a small integer standing for one credit value (code 0: no credit), so the table
    costs one byte per cell: 1,650 skills x 10,000 members is 16.5 MB. It answers "what credit
    do these members have for this skill" with one gather, which the inverted lists cannot.
    """

    def __init__(self) -> None:
        self.row_of: dict[str, int] = {}
        self._code_of: dict[float, int] = {}
        self._values: FloatArray = np.zeros(1, dtype=np.float64)
        self._codes = np.zeros((64, 64), dtype=np.uint8)

    def _fit(self, rows: int, columns: int) -> None:
        have_rows, have_columns = self._codes.shape
        if rows <= have_rows and columns <= have_columns:
            return
        if rows > have_rows:
            rows = max(rows, 2 * have_rows)
        if columns > have_columns:
            columns = max(columns, 2 * have_columns)
        grown = np.zeros((max(rows, have_rows), max(columns, have_columns)), dtype=np.uint8)
        grown[:have_rows, :have_columns] = self._codes
        self._codes = grown

    def set(self, slot: int, credits: Mapping[str, Credit]) -> None:
        row_of, code_of = self.row_of, self._code_of
        rows: list[int] = []
        codes: list[int] = []
        for skill, credit in credits.items():
            row = row_of.get(skill)
            if row is None:
                row = row_of[skill] = len(row_of)
            code = code_of.get(credit.value)
            if code is None:
                if len(code_of) >= 255:
                    raise ValueError("more than 255 distinct credit values")
                code = code_of[credit.value] = len(code_of) + 1
                self._values = np.append(self._values, credit.value)
            rows.append(row)
            codes.append(code)
        # Every member slot gets a column, so `credits` can gather without bounds checks.
        self._fit(len(row_of), slot + 1)
        if rows:
            self._codes[rows, slot] = codes

    def clear(self, slot: int, skills: Iterable[str]) -> None:
        rows = [self.row_of[skill] for skill in skills]
        if rows and slot < self._codes.shape[1]:
            self._codes[rows, slot] = 0

    def weighted_sum(self, skills: list[str], weights: FloatArray, slots: IntArray) -> FloatArray:
        """sum over i of weights[i] x the credit of each member of `slots` for skills[i]."""
        rows = np.array([self.row_of[skill] for skill in skills])
        cells = (rows[:, None] * self._codes.shape[1] + slots).ravel()
        credits = self._values[self._codes.ravel()[cells]].reshape(len(skills), slots.size)
        total: FloatArray = weights @ credits
        return total

    def credits(self, skill: str, slots: IntArray) -> FloatArray:
        """The credit each member of `slots` (members of the index) has for `skill`."""
        row = self.row_of.get(skill)
        if row is None:
            return np.zeros(slots.size, dtype=np.float64)
        credits: FloatArray = self._values[self._codes[row, slots]]
        return credits


class MatchIndex:
    """Members and open postings of one taxonomy, with their matches kept up to date."""

    def __init__(self, taxonomy: Taxonomy, *, floor: float = DEFAULT_FLOOR) -> None:
        self.taxonomy = taxonomy
        self.floor = floor
        self._members: Slots[RecordId] = Slots()
        self._postings: Slots[RecordId] = Slots()
        self._member_data: dict[int, PreparedMember] = {}
        self._posting_data: dict[int, PreparedPosting] = {}
        self.members_by_skill = InvertedLists()
        self.postings_by_skill = InvertedLists()
        self._members_by_place = InvertedLists()
        self._postings_by_place = InvertedLists()
        self._credit_table = CreditTable()
        self._m_rank = Column(np.int64, UNKNOWN_RANK)
        self._m_pref = Column(np.int64, 0)
        self._m_located = Column(np.bool_, False)
        self._p_rank = Column(np.int64, UNKNOWN_RANK)
        self._p_mode = Column(np.int64, 0)
        self._p_total = Column(np.float64, 1.0)
        self._p_located = Column(np.bool_, False)
        # The ranking's tie-breaks: the posting's date (a timestamp) and its numeric id.
        self._p_date = Column(np.float64, NO_DATE)
        self._p_key = Column(np.int64, 0)
        self._pairs = PairStore()
        # Members' place-key sets, interned (0: no place), for the location filter of a batch.
        self._place_sets: dict[frozenset[str], int] = {}
        self._sets_with_key: dict[str, list[int]] = {}
        self._m_place_set = Column(np.int64, 0)
        self._near_cache: dict[frozenset[str], npt.NDArray[np.bool_]] = {}

    def _place_set(self, places: frozenset[str]) -> int:
        if not places:
            return 0
        number = self._place_sets.get(places)
        if number is None:
            number = self._place_sets[places] = len(self._place_sets) + 1
            for key in places:
                self._sets_with_key.setdefault(key, []).append(number)
        return number

    # -- members ---------------------------------------------------------------------------

    def upsert_member(self, profile: MemberProfile) -> list[Scored]:
        """Add or replace a member; return all of the member's matches at or above the floor."""
        if profile.member_id in self._members.slot_of:
            self.remove_member(profile.member_id)
        member = prepare_member(profile, self.taxonomy)
        slot = self._members.add(profile.member_id)
        self._member_data[slot] = member
        self.members_by_skill.set_all(
            slot, {skill: credit.value for skill, credit in member.credits.items()}
        )
        self._credit_table.set(slot, member.credits)
        for key in member.places:
            self._members_by_place.set(key, slot, 1.0)
        self._m_rank[slot] = UNKNOWN_RANK if member.rank is None else member.rank
        self._m_pref[slot] = _PREF_CODE[profile.remote]
        self._m_located[slot] = bool(member.places)
        self._m_place_set[slot] = self._place_set(member.places)
        postings, scores = self._keep_member(slot, *self._score_member(member))
        self._pairs.append(np.full(postings.size, slot, dtype=np.int32), postings, scores)
        posting_ids = self._postings.id_of
        return scored_list(repeat(profile.member_id), _ids(posting_ids, postings), scores)

    def remove_member(self, member_id: RecordId) -> None:
        slot = self._members.slot_of.get(member_id)
        if slot is None:
            return
        member = self._member_data.pop(slot)
        for skill in member.credits:
            self.members_by_skill.discard(skill, slot)
        self._credit_table.clear(slot, member.credits)
        for key in member.places:
            self._members_by_place.discard(key, slot)
        self._pairs.kill(self._pairs.member_rows(slot))
        self._members.remove(member_id)
        self._member_left(slot)

    def _score_member(self, member: PreparedMember) -> tuple[IntArray, FloatArray]:
        """The postings (ascending slots) the member scores at or above the floor with."""
        if not self._posting_data:
            return _EMPTY_SLOTS, _EMPTY_SCORES
        parts = []
        for skill, credit in member.credits.items():
            slots, weights = self.postings_by_skill.arrays(skill)
            if slots.size:
                parts.append((slots, weights, credit.value))
        reached, sums = accumulate(parts, self._postings.capacity)
        if not reached.size:
            return _EMPTY_SLOTS, _EMPTY_SCORES
        self._p_mode.ensure(self._postings.capacity)
        modes = self._p_mode.values[reached]
        ok = _ALLOWED[_PREF_CODE[member.profile.remote], modes]
        if member.places:
            near = np.zeros(self._postings.capacity, dtype=bool)
            for key in member.places:
                near[self._postings_by_place.slots(key)] = True
            located = self._p_located.values[reached] & (modes != _REMOTE)
            ok &= ~located | near[reached]
        reached, sums = reached[ok], sums[ok]
        rank = UNKNOWN_RANK if member.rank is None else member.rank
        scale = _SCALE[rank, self._p_rank.values[reached]]
        totals = self._p_total.values[reached]
        scores = np.minimum(sums, totals) / totals * scale
        keep = scores >= self.floor
        return reached[keep], scores[keep]

    # -- postings --------------------------------------------------------------------------

    def add_postings(
        self, postings: Iterable[PostingFacts], *, report: bool = True
    ) -> list[Scored]:
        """Add (or replace) open postings; return the new pairs at or above the floor.

        With `report=False` the pairs are kept but not returned (the list is empty): loading
        every open posting at start-up can produce millions of pairs nobody reads one by one.
        """
        batch = _Batch(self, report=report)
        pending: list[tuple[int, PreparedPosting]] = []
        for facts in postings:
            if facts.posting_id in self._postings.slot_of:
                if facts.posting_id in batch.posting_ids:
                    # Replaced within the batch: score and store what came before it first.
                    batch.add(*self._score_postings(pending))
                    batch.flush()
                    batch.posting_ids.clear()
                    pending = []
                self._remove_posting(facts.posting_id)
            posting = prepare_posting(facts)
            slot = self._postings.add(facts.posting_id)
            self._posting_data[slot] = posting
            for skill, weight in posting.weights.items():
                self.postings_by_skill.set(skill, slot, weight)
            for key in posting.places:
                self._postings_by_place.set(key, slot, 1.0)
            self._p_rank[slot] = UNKNOWN_RANK if posting.rank is None else posting.rank
            self._p_mode[slot] = _MODE_CODE[facts.remote]
            self._p_total[slot] = posting.total if posting.total else 1.0
            self._p_located[slot] = bool(posting.places)
            posted = facts.posted_at
            self._p_date[slot] = posted.timestamp() if posted is not None else NO_DATE
            if isinstance(facts.posting_id, int):
                self._p_key[slot] = facts.posting_id
            pending.append((slot, posting))
            batch.posting_ids.add(facts.posting_id)
            if len(pending) >= _CHUNK:
                # Score and store as we go, so a large load never holds all its pairs twice.
                batch.add(*self._score_postings(pending))
                pending = []
                if batch.pending_pairs >= _FLUSH_PAIRS:
                    batch.flush()
        batch.add(*self._score_postings(pending))
        batch.flush()
        self._settle()
        return batch.scored

    def remove_posting(self, posting_id: RecordId) -> None:
        """A closed or removed posting: it leaves the index and every member's matches."""
        self._remove_posting(posting_id)
        self._settle()

    def _remove_posting(self, posting_id: RecordId) -> None:
        slot = self._postings.slot_of.get(posting_id)
        if slot is None:
            return
        posting = self._posting_data.pop(slot)
        for skill in posting.weights:
            self.postings_by_skill.discard(skill, slot)
        for key in posting.places:
            self._postings_by_place.discard(key, slot)
        rows = self._pairs.posting_rows(slot)
        self._posting_left(slot, self._pairs.columns(rows)[0])
        self._pairs.kill(rows)
        self._postings.remove(posting_id)

    # -- hooks of the bounded index (matcher.bounded); here everything is kept ----------------

    def _keep_member(
        self, slot: int, postings: IntArray, scores: FloatArray
    ) -> tuple[IntArray, FloatArray]:
        """Which of a member's freshly scored pairs to keep."""
        return postings, scores

    def _member_left(self, slot: int) -> None:
        """A member slot was freed."""

    def _posting_left(self, slot: int, members: npt.NDArray[np.int32]) -> None:
        """A posting is leaving; these members lose a kept pair with it."""

    def _min_scores(self, members: IntArray) -> float | FloatArray:
        """The least score worth keeping for each of these members."""
        return self.floor

    def _keep_new(
        self, members: IntArray, postings: IntArray, scores: FloatArray
    ) -> tuple[IntArray, IntArray, FloatArray]:
        """Which new pairs (found by adding postings) to store."""
        return members, postings, scores

    def _kept_more(self) -> None:
        """New pairs were stored."""

    def _settle(self) -> None:
        """The end of a public change: catch up on work deferred during it."""

    def _spare(self, parts: list[_Part], total: float) -> tuple[list[_Part], list[_Part], float]:
        """(essential, spare, spare weight): the most widely held skills go spare while the
        score of a member who has all of them, and nothing else, stays under the floor."""
        if total <= 0 or not parts:
            return parts, [], 0.0
        spare_weight = 0.0
        spare: set[int] = set()
        for i in sorted(range(len(parts)), key=lambda i: -parts[i][0].size):
            weight = spare_weight + parts[i][2]
            if weight / total * _MAX_SCALE < self.floor:
                spare.add(i)
                spare_weight = weight
        if not spare:
            return parts, [], 0.0
        essential = [part for i, part in enumerate(parts) if i not in spare]
        return essential, [parts[i] for i in sorted(spare)], spare_weight

    def _score_postings(
        self, postings: list[tuple[int, PreparedPosting]]
    ) -> tuple[IntArray, IntArray, FloatArray]:
        """(member slots, posting slots, scores) of the pairs at or above the floor, by posting
        in the order given and by member slot within a posting."""
        if not postings:
            return _EMPTY_SLOTS, _EMPTY_SLOTS, _EMPTY_SCORES
        members_now = _MemberColumns(self)
        found_members: list[IntArray] = []
        found_postings: list[IntArray] = []
        found_scores: list[FloatArray] = []
        for slot, posting in postings:
            members, scores = self._score_posting(posting, members_now)
            if members.size:
                found_members.append(members)
                found_postings.append(np.full(members.size, slot, dtype=np.int32))
                found_scores.append(scores)
        if not found_members:
            return _EMPTY_SLOTS, _EMPTY_SLOTS, _EMPTY_SCORES
        return (
            np.concatenate(found_members),
            np.concatenate(found_postings),
            np.concatenate(found_scores),
        )

    def _score_posting(
        self, posting: PreparedPosting, members_now: _MemberColumns
    ) -> tuple[IntArray, FloatArray]:
        """The members (ascending slots) who score at or above the floor with the posting."""
        parts: list[_Part] = []
        for skill, weight in posting.weights.items():
            slots, credits = self.members_by_skill.arrays(skill)
            if slots.size:
                parts.append((slots, credits, weight, skill))
        essential, spare, spare_weight = self._spare(parts, posting.total)
        reached, sums = accumulate(
            [
                (slots, members_now.weighted(skill, credits, weight), 1.0)
                for slots, credits, weight, skill in essential
            ],
            self._members.capacity,
        )
        if not reached.size:
            return _EMPTY_SLOTS, _EMPTY_SCORES
        total = posting.total
        mode = _MODE_CODE[posting.facts.remote]
        ok = members_now.allowed[mode][reached]
        if spare:
            # No score can pass the floor if even full credit for the spare skills would not.
            ok &= (sums + spare_weight) / total * _MAX_SCALE >= self.floor
        if posting.places and mode != _REMOTE:
            near = self._near_sets(posting.places)[members_now.place_set[reached]]
            ok &= ~members_now.located[reached] | near
        kept = np.flatnonzero(ok)
        reached, sums = reached[kept], sums[kept]
        if spare and reached.size:
            sums = sums + self._credit_table.weighted_sum(
                [skill for _s, _c, _w, skill in spare],
                np.array([weight for _s, _c, weight, _skill in spare]),
                reached,
            )
        rank = UNKNOWN_RANK if posting.rank is None else posting.rank
        scores = np.minimum(sums, total) / total * members_now.scale[rank][reached]
        kept = np.flatnonzero(scores >= self._min_scores(reached))
        return reached[kept], scores[kept]

    def _near_sets(self, places: frozenset[str]) -> npt.NDArray[np.bool_]:
        """For a posting's place keys: which member place sets (by number) share one."""
        near = self._near_cache.get(places)
        if near is None or near.size != len(self._place_sets) + 1:
            near = np.zeros(len(self._place_sets) + 1, dtype=bool)
            for key in places:
                near[self._sets_with_key.get(key, [])] = True
            self._near_cache[places] = near
        return near

    # -- reading ---------------------------------------------------------------------------

    def scores(self) -> dict[tuple[RecordId, RecordId], float]:
        """Every kept pair: (member id, posting id) -> score."""
        members, postings, scores = self._pairs.columns(self._pairs.alive_rows())
        member_ids, posting_ids = self._members.id_of, self._postings.id_of
        return dict(
            zip(
                zip(_ids(member_ids, members), _ids(posting_ids, postings), strict=True),
                scores.tolist(),
                strict=True,
            )
        )

    def member_scores(self, member_id: RecordId) -> dict[RecordId, float]:
        slot = self._members.slot_of.get(member_id)
        if slot is None:
            return {}
        _members, postings, scores = self._pairs.columns(self._pairs.member_rows(slot))
        posting_ids = self._postings.id_of
        return dict(zip(_ids(posting_ids, postings), scores.tolist(), strict=True))

    def posting_scores(self, posting_id: RecordId) -> dict[RecordId, float]:
        slot = self._postings.slot_of.get(posting_id)
        if slot is None:
            return {}
        members, _postings, scores = self._pairs.columns(self._pairs.posting_rows(slot))
        member_ids = self._members.id_of
        return dict(zip(_ids(member_ids, members), scores.tolist(), strict=True))

    def explain(self, member_id: RecordId, posting_id: RecordId) -> Match | None:
        m_slot = self._members.slot_of.get(member_id)
        p_slot = self._postings.slot_of.get(posting_id)
        if m_slot is None or p_slot is None:
            return None
        return explain(self._member_data[m_slot], self._posting_data[p_slot])

    def matches_for_member(
        self, member_id: RecordId, *, min_score: float = 0.0, limit: int | None = None
    ) -> list[Match]:
        """The member's kept matches at or above `min_score`, explained, best and newest first.

        Only the matches shown are explained; the index itself keeps just the scores.
        """
        slot = self._members.slot_of.get(member_id)
        if slot is None:
            return []
        member = self._member_data[slot]
        _members, postings, scores = self._pairs.columns(self._pairs.member_rows(slot))
        chosen = postings[scores >= min_score].tolist()
        matches = [
            match
            for p_slot in chosen
            if (match := explain(member, self._posting_data[p_slot])) is not None
        ]
        ranked = rank_matches(matches)
        return ranked if limit is None else ranked[:limit]

    @property
    def member_count(self) -> int:
        return len(self._member_data)

    @property
    def posting_count(self) -> int:
        return len(self._posting_data)

    @property
    def pair_count(self) -> int:
        """How many (member, posting) pairs are kept at or above the floor."""
        return len(self._pairs)


class _MemberColumns:
    """What scoring a batch of postings reads about every member slot, computed once per batch
    (members do not change while postings are added): the remote filter for each work mode and
    the seniority scale for each posting level, as one array over member slots each."""

    def __init__(self, index: MatchIndex) -> None:
        capacity = index._members.capacity
        columns = (index._m_pref, index._m_rank, index._m_located, index._m_place_set)
        for column in columns:
            column.ensure(capacity)
        pref, rank, located, place_set = (column.values[:capacity] for column in columns)
        self.allowed = [_ALLOWED[pref, mode] for mode in range(len(REMOTE_MODES))]
        self.scale = [_SCALE[rank, level] for level in range(UNKNOWN_RANK + 1)]
        self.located = located
        self.place_set = place_set
        self._weighted: dict[tuple[str, float], FloatArray] = {}

    def weighted(self, skill: str, credits: FloatArray, weight: float) -> FloatArray:
        """credits x weight, kept for the batch: the common skills recur in most postings."""
        found = self._weighted.get((skill, weight))
        if found is None:
            found = self._weighted[(skill, weight)] = credits * weight
        return found


class _Batch:
    """The pairs found while adding a batch of postings, stored and reported together."""

    def __init__(self, index: MatchIndex, *, report: bool) -> None:
        self._index = index
        self._report = report
        self._member_ids = index._members.id_of
        self._posting_ids = index._postings.id_of
        self.posting_ids: set[RecordId] = set()
        self.scored: list[Scored] = []
        self._found: list[tuple[IntArray, IntArray, FloatArray]] = []

    @property
    def pending_pairs(self) -> int:
        return sum(found[0].size for found in self._found)

    def add(self, members: IntArray, postings: IntArray, scores: FloatArray) -> None:
        if members.size:
            self._found.append((members, postings, scores))

    def flush(self) -> None:
        """Store the pairs so far and report them; needed before a posting of the batch is
        replaced, since the replacement removes its pairs from the store."""
        if not self._found:
            return
        members, postings, scores = (np.concatenate(c) for c in zip(*self._found, strict=True))
        self._found = []
        self._index._pairs.append(*self._index._keep_new(members, postings, scores))
        self._index._kept_more()
        if self._report:
            self.scored.extend(
                scored_list(
                    _ids(self._member_ids, members), _ids(self._posting_ids, postings), scores
                )
            )
