"""What the bounded match index keeps per member: a prefix of the member's ranking.

Members see their best matches, never all of them, so the worker keeps for each member only the
best pairs in the order /jobs shows them (score, then the newer posting, then the lower posting
id): at least `refill_below` of them when there are that many, trimmed back to `keep` once more
than `trim_at` have gathered. Whatever the updates, what is kept is always a *prefix* of the
member's full ranking of pairs at or above the floor: every pair ranked above the last kept one
is kept. That is what lets a reader filter the kept rows (remote only, a higher minimum score)
and know that what passes is the true top of the filtered ranking, up to its length.

* A new pair is kept only when it ranks above the member's cutoff (the last kept pair after the
  last trim), so what is kept stays a prefix; a member never trimmed is *complete* (everything
  at or above the floor is kept) and takes every pair.
* A closed posting leaves the prefix (still a prefix, one shorter); when an incomplete member's
  prefix falls under `refill_below`, the member is scored again against every posting.

The order's tie-breaks need the posting's date and a numeric id, so a bounded index needs
integer posting ids (the database's).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from matcher.inverted import Column, FloatArray, IntArray

BoolArray = npt.NDArray[np.bool_]

DEFAULT_KEEP = 200
NO_DATE = float("-inf")  # postings without a date rank after dated ones of the same score


def better(
    scores: FloatArray,
    dates: FloatArray,
    keys: IntArray,
    cut_scores: FloatArray,
    cut_dates: FloatArray,
    cut_keys: IntArray,
) -> BoolArray:
    """Element-wise: does (score, date, key) rank strictly above the cutoff?"""
    later = (dates > cut_dates) | ((dates == cut_dates) & (keys < cut_keys))
    result: BoolArray = (scores > cut_scores) | ((scores == cut_scores) & later)
    return result


def ranked(scores: FloatArray, dates: FloatArray, keys: IntArray) -> IntArray:
    """Positions best first: higher score, then later date, then lower key."""
    order: IntArray = np.lexsort((keys, -dates, -scores))
    return order


def ranked_by_member(
    members: npt.NDArray[np.integer], scores: FloatArray, dates: FloatArray, keys: IntArray
) -> tuple[IntArray, IntArray]:
    """(order, rank): rows grouped by member, best first within each; rank counts from 0."""
    order: IntArray = np.lexsort((keys, -dates, -scores, members))
    grouped = members[order]
    if not grouped.size:
        return order, np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    counts = np.diff(np.r_[starts, grouped.size])
    rank: IntArray = np.arange(grouped.size) - np.repeat(starts, counts)
    return order, rank


class KeptState:
    """Per member slot: the cutoff of the kept prefix, whether it is complete, its length."""

    def __init__(self, keep: int, *, trim_at: int | None = None, refill_below: int | None = None):
        if keep < 1:
            raise ValueError("keep must be at least 1")
        self.keep = keep
        self.trim_at = trim_at if trim_at is not None else keep + keep // 2
        self.refill_below = refill_below if refill_below is not None else max(1, keep // 2)
        if not self.refill_below <= keep <= self.trim_at:
            raise ValueError("need refill_below <= keep <= trim_at")
        self.cut_score = Column(np.float64, float("-inf"))
        self.cut_date = Column(np.float64, float("-inf"))
        self.cut_key = Column(np.int64, np.iinfo(np.int64).max)
        self.count = Column(np.int64, 0)
        self.complete = Column(np.bool_, True)

    def ensure(self, capacity: int) -> None:
        for column in (self.cut_score, self.cut_date, self.cut_key, self.count, self.complete):
            column.ensure(capacity)

    def reset(self, slot: int) -> None:
        """A member with nothing kept yet (new, removed or about to be scored again)."""
        self.cut_score[slot] = float("-inf")
        self.cut_date[slot] = float("-inf")
        self.cut_key[slot] = np.iinfo(np.int64).max
        self.count[slot] = 0
        self.complete[slot] = True

    def set_cut(
        self, slots: IntArray, scores: FloatArray, dates: FloatArray, keys: IntArray
    ) -> None:
        """These members were trimmed: the given pair is the last one each of them keeps."""
        self.cut_score.values[slots] = scores
        self.cut_date.values[slots] = dates
        self.cut_key.values[slots] = keys
        self.complete.values[slots] = False

    def admits(
        self, members: IntArray, scores: FloatArray, dates: FloatArray, keys: IntArray
    ) -> BoolArray:
        """Which new pairs rank above their member's cutoff (all of a complete member's)."""
        return better(
            scores,
            dates,
            keys,
            self.cut_score.values[members],
            self.cut_date.values[members],
            self.cut_key.values[members],
        )
