"""The scored pairs the match index keeps, in flat numpy arrays instead of dicts of dicts.

Millions of (member, posting, score) triples are three parallel arrays (int32, int32, float64)
and an "alive" flag: about 17 bytes a pair, where two nested dicts of Python floats took well
over 150. New pairs are appended; removed ones are flagged dead and dropped when more than half
of the store is dead.

Reading the pairs of one member or one posting goes through a grouped index (rows sorted by
slot, `np.argsort` once) that is rebuilt lazily: rows appended since the last build are found
by a linear scan of that tail, and the index is rebuilt only once the tail outgrows a quarter
of the store, so appending a batch of postings never pays for a sort.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from matcher.inverted import FloatArray, IntArray

BoolArray = npt.NDArray[np.bool_]
SlotArray = npt.NDArray[np.int32]

_MIN_TAIL = 1 << 16  # rows scanned linearly before the grouped index is worth rebuilding
_MIN_DEAD = 1 << 16  # dead rows tolerated before compaction is considered


class _Grouped:
    """Rows of the store grouped by one of its slot columns, built over a prefix of the rows."""

    def __init__(self) -> None:
        self.built = 0  # rows [0, built) are in `order`
        self.order: IntArray = np.zeros(0, dtype=np.int64)
        self.indptr: IntArray = np.zeros(1, dtype=np.int64)

    def reset(self) -> None:
        self.built = 0
        self.order = np.zeros(0, dtype=np.int64)
        self.indptr = np.zeros(1, dtype=np.int64)

    def build(self, keys: SlotArray) -> None:
        size = int(keys.max()) + 1 if keys.size else 0
        # A stable sort keeps rows of one slot in the order they were added; on 16-bit keys
        # numpy uses a radix sort, several times faster than the merge sort for int32.
        sortable = keys.astype(np.uint16) if size <= 1 << 16 else keys
        self.order = np.argsort(sortable, kind="stable").astype(np.int64)
        counts = np.bincount(keys, minlength=size)
        self.indptr = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(counts, out=self.indptr[1:])
        self.built = int(keys.size)

    def rows(self, keys: SlotArray, used: int, slot: int) -> IntArray:
        """Every row (dead or alive) whose key is `slot`, in the order the rows were added."""
        tail = used - self.built
        if tail > max(_MIN_TAIL, self.built // 4):
            self.build(keys[:used])
            tail = 0
        if slot + 1 < self.indptr.size:
            found = self.order[self.indptr[slot] : self.indptr[slot + 1]]
        else:
            found = self.order[:0]
        if tail:
            extra = np.flatnonzero(keys[self.built : used] == slot) + self.built
            if extra.size:
                found = np.concatenate([found, extra])
        return found


class PairStore:
    """(member slot, posting slot, score) triples; the pairs of one slot come back in the
    order they were added."""

    def __init__(self) -> None:
        self._m: SlotArray = np.zeros(0, dtype=np.int32)
        self._p: SlotArray = np.zeros(0, dtype=np.int32)
        self._s: FloatArray = np.zeros(0, dtype=np.float64)
        self._alive: BoolArray = np.zeros(0, dtype=np.bool_)
        self._used = 0
        self._dead = 0
        self._by_member = _Grouped()
        self._by_posting = _Grouped()

    def __len__(self) -> int:
        return self._used - self._dead

    def _reserve(self, extra: int) -> None:
        need = self._used + extra
        if need <= self._m.size:
            return
        size = max(need, self._m.size + self._m.size // 2, 1024)
        for name, dtype in (("_m", np.int32), ("_p", np.int32), ("_s", np.float64)):
            grown = np.empty(size, dtype=dtype)
            grown[: self._used] = getattr(self, name)[: self._used]
            setattr(self, name, grown)
        alive = np.zeros(size, dtype=np.bool_)
        alive[: self._used] = self._alive[: self._used]
        self._alive = alive

    def append(self, members: IntArray, postings: IntArray, scores: FloatArray) -> None:
        count = int(members.size)
        if not count:
            return
        self._reserve(count)
        end = self._used + count
        self._m[self._used : end] = members
        self._p[self._used : end] = postings
        self._s[self._used : end] = scores
        self._alive[self._used : end] = True
        self._used = end

    def member_rows(self, slot: int) -> IntArray:
        rows = self._by_member.rows(self._m, self._used, slot)
        return rows[self._alive[rows]]

    def posting_rows(self, slot: int) -> IntArray:
        rows = self._by_posting.rows(self._p, self._used, slot)
        return rows[self._alive[rows]]

    def columns(self, rows: IntArray) -> tuple[SlotArray, SlotArray, FloatArray]:
        return self._m[rows], self._p[rows], self._s[rows]

    def rows_of_members(self, chosen: BoolArray) -> IntArray:
        """The live rows of the member slots flagged in `chosen` (indexed by member slot)."""
        used = self._used
        rows: IntArray = np.flatnonzero(self._alive[:used] & chosen[self._m[:used]])
        return rows

    def alive_rows(self) -> IntArray:
        return np.flatnonzero(self._alive[: self._used])

    def kill(self, rows: IntArray) -> None:
        """Flag rows dead (they must be alive); compact once most of the store is dead."""
        if not rows.size:
            return
        self._alive[rows] = False
        self._dead += int(rows.size)
        if self._dead > max(_MIN_DEAD, self._used // 2):
            self._compact()

    def _compact(self) -> None:
        keep = self.alive_rows()
        count = int(keep.size)
        self._m[:count] = self._m[keep]
        self._p[:count] = self._p[keep]
        self._s[:count] = self._s[keep]
        self._alive[:count] = True
        self._alive[count : self._used] = False
        self._used, self._dead = count, 0
        self._by_member.reset()
        self._by_posting.reset()
