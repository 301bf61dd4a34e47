"""The incremental match index: skill -> postings and skill -> members, never members x postings.

Two inverted indexes share the parent expansion of `Taxonomy.credit_map`:
* members_by_skill[s] = {member: credit the member earns for s} (own skills, their ancestors,
  and descendants two levels down);
* postings_by_skill[s] = {posting: weight of s in the posting}.
A new posting is scored against the members found under its own skills only; a changed member
against the postings found under the skills of its credit map only. A pair that shares no skill
scores 0 and is never looked at.

Scores at or above `floor` are kept, per member and per posting, so `/jobs`, alert selection and
the property tests can read them. Filters (remote preference, location) are applied with the
same vectorised lookups. Every score equals `matcher.score.raw_score` for the pair, bit for bit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from matcher.inverted import Column, InvertedLists, Slots, accumulate
from matcher.models import (
    REMOTE_MODES,
    REMOTE_PREFERENCES,
    Match,
    MemberProfile,
    PostingFacts,
    RecordId,
)
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
from matcher.taxonomy import Taxonomy

DEFAULT_FLOOR = 30.0

_SCALE = np.array(SCALE, dtype=np.float64)
_ALLOWED = np.array(
    [[mode in REMOTE_ALLOWED[pref] for mode in REMOTE_MODES] for pref in REMOTE_PREFERENCES],
    dtype=bool,
)
_MODE_CODE = {mode: i for i, mode in enumerate(REMOTE_MODES)}
_PREF_CODE = {pref: i for i, pref in enumerate(REMOTE_PREFERENCES)}
_REMOTE = _MODE_CODE["remote"]


@dataclass(frozen=True, slots=True)
class Scored:
    """A (member, posting) pair at or above the floor, as alert selection needs it."""

    member_id: RecordId
    posting_id: RecordId
    score: float


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
        self._m_rank = Column(np.int64, UNKNOWN_RANK)
        self._m_pref = Column(np.int64, 0)
        self._m_located = Column(np.bool_, False)
        self._p_rank = Column(np.int64, UNKNOWN_RANK)
        self._p_mode = Column(np.int64, 0)
        self._p_total = Column(np.float64, 1.0)
        self._p_located = Column(np.bool_, False)
        self._by_member: dict[int, dict[int, float]] = {}
        self._by_posting: dict[int, dict[int, float]] = {}

    # -- members ---------------------------------------------------------------------------

    def upsert_member(self, profile: MemberProfile) -> list[Scored]:
        """Add or replace a member; return all of the member's matches at or above the floor."""
        if profile.member_id in self._members.slot_of:
            self.remove_member(profile.member_id)
        member = prepare_member(profile, self.taxonomy)
        slot = self._members.add(profile.member_id)
        self._member_data[slot] = member
        for skill, credit in member.credits.items():
            self.members_by_skill.set(skill, slot, credit.value)
        for key in member.places:
            self._members_by_place.set(key, slot, 1.0)
        self._m_rank[slot] = UNKNOWN_RANK if member.rank is None else member.rank
        self._m_pref[slot] = _PREF_CODE[profile.remote]
        self._m_located[slot] = bool(member.places)
        found = self._score_member(slot, member)
        self._by_member[slot] = found
        for p_slot, score in found.items():
            self._by_posting[p_slot][slot] = score
        return [Scored(profile.member_id, self._postings.record(p), s) for p, s in found.items()]

    def remove_member(self, member_id: RecordId) -> None:
        slot = self._members.slot_of.get(member_id)
        if slot is None:
            return
        member = self._member_data.pop(slot)
        for skill in member.credits:
            self.members_by_skill.discard(skill, slot)
        for key in member.places:
            self._members_by_place.discard(key, slot)
        for p_slot in self._by_member.pop(slot, {}):
            self._by_posting[p_slot].pop(slot, None)
        self._members.remove(member_id)

    def _score_member(self, slot: int, member: PreparedMember) -> dict[int, float]:
        parts = []
        for skill, credit in member.credits.items():
            slots, weights = self.postings_by_skill.arrays(skill)
            if slots.size:
                parts.append((slots, weights, credit.value))
        reached, sums = accumulate(parts, self._postings.capacity)
        if not reached.size:
            return {}
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
        scores = sums / self._p_total.values[reached] * scale
        keep = scores >= self.floor
        return dict(zip(reached[keep].tolist(), scores[keep].tolist(), strict=True))

    # -- postings --------------------------------------------------------------------------

    def add_postings(self, postings: Iterable[PostingFacts]) -> list[Scored]:
        """Add (or replace) open postings; return the new pairs at or above the floor."""
        new: list[Scored] = []
        for facts in postings:
            if facts.posting_id in self._postings.slot_of:
                self.remove_posting(facts.posting_id)
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
            found = self._score_posting(posting)
            self._by_posting[slot] = found
            for m_slot, score in found.items():
                self._by_member[m_slot][slot] = score
                new.append(Scored(self._members.record(m_slot), facts.posting_id, score))
        return new

    def remove_posting(self, posting_id: RecordId) -> None:
        """A closed or removed posting: it leaves the index and every member's matches."""
        slot = self._postings.slot_of.get(posting_id)
        if slot is None:
            return
        posting = self._posting_data.pop(slot)
        for skill in posting.weights:
            self.postings_by_skill.discard(skill, slot)
        for key in posting.places:
            self._postings_by_place.discard(key, slot)
        for m_slot in self._by_posting.pop(slot, {}):
            self._by_member[m_slot].pop(slot, None)
        self._postings.remove(posting_id)

    def _score_posting(self, posting: PreparedPosting) -> dict[int, float]:
        parts = []
        for skill, weight in posting.weights.items():
            slots, credits = self.members_by_skill.arrays(skill)
            if slots.size:
                parts.append((slots, credits, weight))
        reached, sums = accumulate(parts, self._members.capacity)
        if not reached.size:
            return {}
        self._m_pref.ensure(self._members.capacity)
        self._m_rank.ensure(self._members.capacity)
        self._m_located.ensure(self._members.capacity)
        mode = _MODE_CODE[posting.facts.remote]
        ok = _ALLOWED[self._m_pref.values[reached], mode]
        if posting.places and mode != _REMOTE:
            near = np.zeros(self._members.capacity, dtype=bool)
            for key in posting.places:
                near[self._members_by_place.slots(key)] = True
            ok &= ~self._m_located.values[reached] | near[reached]
        reached, sums = reached[ok], sums[ok]
        rank = UNKNOWN_RANK if posting.rank is None else posting.rank
        scale = _SCALE[self._m_rank.values[reached], rank]
        scores = sums / posting.total * scale
        keep = scores >= self.floor
        return dict(zip(reached[keep].tolist(), scores[keep].tolist(), strict=True))

    # -- reading ---------------------------------------------------------------------------

    def scores(self) -> dict[tuple[RecordId, RecordId], float]:
        """Every kept pair: (member id, posting id) -> score."""
        member, posting = self._members.record, self._postings.record
        return {
            (member(m), posting(p)): score
            for m, found in self._by_member.items()
            for p, score in found.items()
        }

    def member_scores(self, member_id: RecordId) -> dict[RecordId, float]:
        slot = self._members.slot_of.get(member_id)
        if slot is None:
            return {}
        return {self._postings.record(p): s for p, s in self._by_member.get(slot, {}).items()}

    def posting_scores(self, posting_id: RecordId) -> dict[RecordId, float]:
        slot = self._postings.slot_of.get(posting_id)
        if slot is None:
            return {}
        return {self._members.record(m): s for m, s in self._by_posting.get(slot, {}).items()}

    def explain(self, member_id: RecordId, posting_id: RecordId) -> Match | None:
        m_slot = self._members.slot_of.get(member_id)
        p_slot = self._postings.slot_of.get(posting_id)
        if m_slot is None or p_slot is None:
            return None
        return explain(self._member_data[m_slot], self._posting_data[p_slot])

    def matches_for_member(
        self, member_id: RecordId, *, min_score: float = 0.0, limit: int | None = None
    ) -> list[Match]:
        """The member's kept matches at or above `min_score`, explained, best and newest first."""
        slot = self._members.slot_of.get(member_id)
        if slot is None:
            return []
        member = self._member_data[slot]
        matches = [
            match
            for p_slot, score in self._by_member.get(slot, {}).items()
            if score >= min_score
            and (match := explain(member, self._posting_data[p_slot])) is not None
        ]
        ranked = rank_matches(matches)
        return ranked if limit is None else ranked[:limit]

    @property
    def member_count(self) -> int:
        return len(self._member_data)

    @property
    def posting_count(self) -> int:
        return len(self._posting_data)
