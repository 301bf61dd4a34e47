"""Building blocks of the match index: slot tables and inverted lists with numpy views.

Members and postings get small integer slots so per-record facts live in numpy arrays and a
candidate set is an index array. An inverted list maps a key (a skill id, a location key) to
{slot: value}; its numpy form is rebuilt lazily, only for keys that changed since last read, so
adding a thousand postings costs a thousand dict writes and no array work until a read needs it.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt

K = TypeVar("K", bound=Hashable)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

_EMPTY_INT: IntArray = np.zeros(0, dtype=np.int64)
_EMPTY_FLOAT: FloatArray = np.zeros(0, dtype=np.float64)


class Slots(Generic[K]):
    """Record id <-> dense slot number, reusing freed slots, with a growable capacity."""

    def __init__(self) -> None:
        self.slot_of: dict[K, int] = {}
        self.id_of: list[K | None] = []
        self._free: list[int] = []

    @property
    def capacity(self) -> int:
        return len(self.id_of)

    def add(self, record_id: K) -> int:
        if record_id in self.slot_of:
            raise KeyError(f"{record_id!r} already has a slot")
        if self._free:
            slot = self._free.pop()
            self.id_of[slot] = record_id
        else:
            slot = len(self.id_of)
            self.id_of.append(record_id)
        self.slot_of[record_id] = slot
        return slot

    def remove(self, record_id: K) -> int:
        slot = self.slot_of.pop(record_id)
        self.id_of[slot] = None
        self._free.append(slot)
        return slot

    def record(self, slot: int) -> K:
        value = self.id_of[slot]
        if value is None:
            raise KeyError(f"slot {slot} is free")
        return value


class Column:
    """A numpy array indexed by slot that grows by doubling; new cells hold `fill`."""

    def __init__(self, dtype: type[np.generic], fill: float | bool) -> None:
        self._dtype = dtype
        self._fill = fill
        self.values: npt.NDArray[Any] = np.full(16, fill, dtype=dtype)

    def ensure(self, capacity: int) -> None:
        if capacity > len(self.values):
            size = max(capacity, 2 * len(self.values))
            grown = np.full(size, self._fill, dtype=self._dtype)
            grown[: len(self.values)] = self.values
            self.values = grown

    def __setitem__(self, slot: int, value: float | bool) -> None:
        self.ensure(slot + 1)
        self.values[slot] = value


class InvertedLists:
    """key -> {slot: value}, with cached (slots, values) numpy arrays per key."""

    def __init__(self) -> None:
        self._entries: dict[Hashable, dict[int, float]] = {}
        self._arrays: dict[Hashable, tuple[IntArray, FloatArray]] = {}

    def set(self, key: Hashable, slot: int, value: float) -> None:
        self._entries.setdefault(key, {})[slot] = value
        self._arrays.pop(key, None)

    def discard(self, key: Hashable, slot: int) -> None:
        entries = self._entries.get(key)
        if entries is not None and entries.pop(slot, None) is not None:
            if not entries:
                del self._entries[key]
            self._arrays.pop(key, None)

    def slots(self, key: Hashable) -> IntArray:
        return self.arrays(key)[0]

    def arrays(self, key: Hashable) -> tuple[IntArray, FloatArray]:
        cached = self._arrays.get(key)
        if cached is not None:
            return cached
        entries = self._entries.get(key)
        if not entries:
            return _EMPTY_INT, _EMPTY_FLOAT
        slots = np.fromiter(entries.keys(), dtype=np.int64, count=len(entries))
        values = np.fromiter(entries.values(), dtype=np.float64, count=len(entries))
        self._arrays[key] = (slots, values)
        return slots, values

    def __len__(self) -> int:
        return sum(len(v) for v in self._entries.values())


def accumulate(
    parts: list[tuple[IntArray, FloatArray, float]], size: int
) -> tuple[IntArray, FloatArray]:
    """Sum value x factor per slot over several inverted lists; return the slots reached.

    The dense accumulator is a scratch array; only the slots some list reaches come back, and
    only those are filtered and scored.
    """
    if not parts:
        return _EMPTY_INT, _EMPTY_FLOAT
    slots = np.concatenate([p[0] for p in parts])
    values = np.concatenate([p[1] * p[2] for p in parts])
    sums = np.bincount(slots, weights=values, minlength=size)
    reached = np.flatnonzero(sums).astype(np.int64)
    return reached, np.asarray(sums[reached], dtype=np.float64)
