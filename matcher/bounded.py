"""The match index the worker runs: a bounded prefix of each member's ranking (`matcher.kept`).

Storage, memory and the rows written to the database then grow with members + postings (at
most `trim_at` pairs a member), not with members x postings. Besides the kept pairs, the index
reports the new pairs that reach a member's alert threshold (`set_alert_thresholds`) whether
they are kept or not: those wait for the member's next digest.

Every change is logged (`take_changes`) so the database mirror is written incrementally: pairs
newly kept, pairs trimmed away, and members whose kept pairs were replaced wholesale (a profile
change, or a refill after closings).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from matcher.index import DEFAULT_FLOOR, MatchIndex, Scored, scored_list
from matcher.inverted import Column, FloatArray, IntArray
from matcher.kept import DEFAULT_KEEP, NO_DATE, KeptState, ranked, ranked_by_member
from matcher.models import MemberProfile, RecordId
from matcher.taxonomy import Taxonomy

_EMPTY: IntArray = np.zeros(0, dtype=np.int64)


@dataclass
class Changes:
    """What changed in the kept pairs since the last `take_changes`."""

    kept: list[Scored] = field(default_factory=list)  # newly kept (member, posting, score)
    dropped: list[tuple[RecordId, RecordId]] = field(default_factory=list)  # trimmed away
    replaced: set[RecordId] = field(default_factory=set)  # members whose prefix was rebuilt
    alerts: list[Scored] = field(default_factory=list)  # new pairs at an alert threshold


@dataclass(frozen=True)
class Kept:
    """One member's kept pairs, best first, and whether they are all the member's matches."""

    posting_ids: list[RecordId]
    scores: list[float]
    complete: bool


class BoundedMatchIndex(MatchIndex):
    def __init__(
        self,
        taxonomy: Taxonomy,
        *,
        floor: float = DEFAULT_FLOOR,
        keep: int = DEFAULT_KEEP,
        trim_at: int | None = None,
        refill_below: int | None = None,
    ) -> None:
        super().__init__(taxonomy, floor=floor)
        self.kept = KeptState(keep, trim_at=trim_at, refill_below=refill_below)
        self._alert_at = Column(np.float64, float("inf"))
        self._refill: set[int] = set()
        self._log_added: list[tuple[IntArray, IntArray, FloatArray]] = []
        self._log_dropped: list[tuple[IntArray, IntArray]] = []
        self._log_alerts: list[tuple[IntArray, IntArray, FloatArray]] = []
        self._replaced: set[RecordId] = set()
        self.logging = True

    # -- alert thresholds --------------------------------------------------------------------

    def set_alert_thresholds(self, thresholds: Mapping[RecordId, float]) -> None:
        """Members with alerts on and their thresholds; everyone else gets no alert pairs."""
        self._alert_at.ensure(self._members.capacity)
        self._alert_at.values[:] = float("inf")
        for member_id, threshold in thresholds.items():
            slot = self._members.slot_of.get(member_id)
            if slot is not None:
                self._alert_at.values[slot] = max(threshold, self.floor)

    # -- hooks -------------------------------------------------------------------------------

    def _order_keys(self, postings: npt.NDArray[np.integer]) -> tuple[FloatArray, IntArray]:
        self._p_date.ensure(self._postings.capacity)
        self._p_key.ensure(self._postings.capacity)
        return self._p_date.values[postings], self._p_key.values[postings]

    def _keep_member(
        self, slot: int, postings: IntArray, scores: FloatArray
    ) -> tuple[IntArray, FloatArray]:
        kept = self.kept
        kept.ensure(slot + 1)
        kept.reset(slot)
        dates, keys = self._order_keys(postings)
        order = ranked(scores, dates, keys)
        if order.size > kept.keep:
            order = order[: kept.keep]
            last = order[-1:]
            kept.set_cut(np.array([slot]), scores[last], dates[last], keys[last])
        kept.count[slot] = order.size
        self._refill.discard(slot)
        if self.logging:
            self._replaced.add(self._members.record(slot))
        # Rows of one member are read back in ranking order anyway; storing them ordered by
        # posting slot keeps the pair store's layout as before.
        order = np.sort(order)
        return postings[order], scores[order]

    def _member_left(self, slot: int) -> None:
        self.kept.ensure(slot + 1)
        self.kept.reset(slot)
        self._refill.discard(slot)
        self._alert_at[slot] = float("inf")

    def _posting_left(self, slot: int, members: npt.NDArray[np.int32]) -> None:
        # Pairs logged earlier in this window with the posting's old version are void now.
        for log in (self._log_added, self._log_alerts):
            log[:] = [(m[p != slot], p[p != slot], s[p != slot]) for m, p, s in log]
        self._log_dropped = [(m[p != slot], p[p != slot]) for m, p in self._log_dropped]
        if not members.size:
            return
        kept = self.kept
        kept.ensure(self._members.capacity)
        np.subtract.at(kept.count.values, members, 1)
        low = members[
            (kept.count.values[members] < kept.refill_below) & ~kept.complete.values[members]
        ]
        self._refill.update(low.tolist())

    def _min_scores(self, members: IntArray) -> float | FloatArray:
        self.kept.ensure(self._members.capacity)
        self._alert_at.ensure(self._members.capacity)
        cut = np.minimum(self.kept.cut_score.values[members], self._alert_at.values[members])
        least: FloatArray = np.maximum(cut, self.floor)
        return least

    def _keep_new(
        self, members: IntArray, postings: IntArray, scores: FloatArray
    ) -> tuple[IntArray, IntArray, FloatArray]:
        kept = self.kept
        kept.ensure(self._members.capacity)
        self._alert_at.ensure(self._members.capacity)
        if self.logging:
            alert = scores >= self._alert_at.values[members]
            if alert.any():
                self._log_alerts.append((members[alert], postings[alert], scores[alert]))
        dates, keys = self._order_keys(postings)
        admit = kept.admits(members, scores, dates, keys)
        members, postings, scores = members[admit], postings[admit], scores[admit]
        np.add.at(kept.count.values, members, 1)
        if self.logging and members.size:
            self._log_added.append((members, postings, scores))
        return members, postings, scores

    def _kept_more(self) -> None:
        kept = self.kept
        capacity = self._members.capacity
        kept.ensure(capacity)
        over = kept.count.values[:capacity] > kept.trim_at
        if over.any():
            self._trim(over)

    def _trim(self, over: npt.NDArray[np.bool_]) -> None:
        """Cut the flagged members back to `keep` pairs, best first; set their cutoffs."""
        kept = self.kept
        rows = self._pairs.rows_of_members(over)
        members, postings, scores = self._pairs.columns(rows)
        dates, keys = self._order_keys(postings)
        order, rank = ranked_by_member(members, scores, dates, keys)
        rows, members, postings = rows[order], members[order], postings[order]
        last = order[rank == kept.keep - 1]
        cut_members = members[rank == kept.keep - 1].astype(np.int64)
        kept.set_cut(cut_members, scores[last], dates[last], keys[last])
        kept.count.values[cut_members] = kept.keep
        drop = rank >= kept.keep
        if self.logging:
            self._log_dropped.append(
                (members[drop].astype(np.int64), postings[drop].astype(np.int64))
            )
        self._pairs.kill(rows[drop])

    def trim_all(self) -> None:
        """Cut every member holding more than `keep` pairs back to `keep` (after a bulk load)."""
        kept = self.kept
        capacity = self._members.capacity
        kept.ensure(capacity)
        over = kept.count.values[:capacity] > kept.keep
        if over.any():
            self._trim(over)

    def _settle(self) -> None:
        while self._refill:
            slot = self._refill.pop()
            member_id = self._members.id_of[slot]
            if member_id is None:
                continue
            self._pairs.kill(self._pairs.member_rows(slot))
            member = self._member_data[slot]
            postings, scores = self._keep_member(slot, *self._score_member(member))
            self._pairs.append(np.full(postings.size, slot, dtype=np.int32), postings, scores)

    def upsert_member(self, profile: MemberProfile) -> list[Scored]:
        """As `MatchIndex.upsert_member`, but returns only the kept pairs."""
        super().upsert_member(profile)
        kept = self.member_kept(profile.member_id)
        return [
            Scored(profile.member_id, posting_id, score)
            for posting_id, score in zip(kept.posting_ids, kept.scores, strict=True)
        ]

    # -- reading -----------------------------------------------------------------------------

    def member_kept(self, member_id: RecordId) -> Kept:
        slot = self._members.slot_of.get(member_id)
        if slot is None:
            return Kept([], [], True)
        _m, postings, scores = self._pairs.columns(self._pairs.member_rows(slot))
        dates, keys = self._order_keys(postings)
        order = ranked(scores, dates, keys)
        ids = self._postings.id_of
        self.kept.ensure(slot + 1)
        return Kept(
            [ids[p] for p in postings[order].tolist()],
            scores[order].tolist(),
            bool(self.kept.complete.values[slot]),
        )

    def posting_date(self, posting_id: RecordId) -> float | None:
        """The posting's date as the ranking sees it (a timestamp), None when undated."""
        slot = self._postings.slot_of.get(posting_id)
        if slot is None:
            return None
        date = float(self._p_date.values[slot])
        return None if date == NO_DATE else date

    def member_ids(self) -> list[RecordId]:
        return list(self._members.slot_of)

    def completeness_of(self, member_ids: Iterable[RecordId]) -> dict[RecordId, bool]:
        """For each of these members held here: is everything at or above the floor kept?"""
        self.kept.ensure(self._members.capacity)
        flags = self.kept.complete.values
        slot_of = self._members.slot_of
        return {m: bool(flags[slot_of[m]]) for m in member_ids if m in slot_of}

    def take_changes(self) -> Changes:
        """The log since the last call; pairs kept and trimmed within it cancel out."""
        member_ids, posting_ids = self._members.id_of, self._postings.id_of
        changes = Changes(replaced=self._replaced)
        slot_of = self._members.slot_of
        replaced_slots = {slot_of[m] for m in self._replaced if m in slot_of}
        added = _joined(self._log_added)
        dropped = _joined2(self._log_dropped)
        added_codes = _codes(added[0], added[1])
        dropped_codes = _codes(dropped[0], dropped[1])
        alive_added = ~np.isin(added_codes, dropped_codes)
        was_there = ~np.isin(dropped_codes, added_codes)
        if replaced_slots:
            skip = np.array(sorted(replaced_slots), dtype=np.int64)
            alive_added &= ~np.isin(added[0], skip)
            was_there &= ~np.isin(dropped[0], skip)
        m, p, s = added[0][alive_added], added[1][alive_added], added[2][alive_added]
        changes.kept = scored_list(
            [member_ids[i] for i in m.tolist()],
            [posting_ids[i] for i in p.tolist()],
            s,
        )
        dm, dp = dropped[0][was_there], dropped[1][was_there]
        changes.dropped = [
            (member_ids[a], posting_ids[b]) for a, b in zip(dm.tolist(), dp.tolist(), strict=True)
        ]
        alerts = _joined(self._log_alerts)
        changes.alerts = scored_list(
            [member_ids[i] for i in alerts[0].tolist()],
            [posting_ids[i] for i in alerts[1].tolist()],
            alerts[2],
        )
        self._log_added, self._log_dropped, self._log_alerts = [], [], []
        self._replaced = set()
        return changes


def _codes(members: IntArray, postings: IntArray) -> IntArray:
    """One int64 per (member slot, posting slot) pair, to compare pair sets."""
    codes: IntArray = members.astype(np.int64) * (1 << 32) + postings.astype(np.int64)
    return codes


_Columns = tuple[IntArray, IntArray, FloatArray]


def _joined(parts: list[_Columns]) -> _Columns:
    if not parts:
        return _EMPTY, _EMPTY, np.zeros(0, dtype=np.float64)
    return (
        np.concatenate([p[0] for p in parts]).astype(np.int64),
        np.concatenate([p[1] for p in parts]).astype(np.int64),
        np.concatenate([p[2] for p in parts]),
    )


def _joined2(parts: list[tuple[IntArray, IntArray]]) -> tuple[IntArray, IntArray]:
    if not parts:
        return _EMPTY, _EMPTY
    return (
        np.concatenate([p[0] for p in parts]).astype(np.int64),
        np.concatenate([p[1] for p in parts]).astype(np.int64),
    )
