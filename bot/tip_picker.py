"""Choosing tips: for a member, one not seen recently; for a server's daily post, the least used,
so no tip repeats in a server until every tip has been used once.

The daily choice is deterministic for a given server, date and history, which is what lets
/settings preview the next post truthfully.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol


class TipLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def step(self) -> str: ...
    @property
    def topic(self) -> str | None: ...
    @property
    def text(self) -> str: ...


@dataclass(frozen=True)
class ServerTip:
    """A tip a server added itself, shaped like a content tip."""

    id: str
    step: str
    topic: str | None
    text: str


def pick_for_member(
    tips: Sequence[TipLike],
    seen: Mapping[str, str],
    rng: random.Random,
    step: str | None = None,
) -> TipLike | None:
    """A random never-seen tip (of `step` if given); once all are seen, the longest-ago seen."""
    pool = [t for t in tips if step is None or t.step == step]
    if not pool:
        return None
    unseen = [t for t in pool if t.id not in seen]
    if unseen:
        return rng.choice(unseen)
    return min(pool, key=lambda t: (seen[t.id], t.id))


def _tie_break(guild_id: int, local_date: str, tip_id: str) -> bytes:
    return hashlib.blake2b(f"{guild_id}|{local_date}|{tip_id}".encode(), digest_size=8).digest()


def pick_for_server(
    tips: Sequence[TipLike], use_counts: Mapping[str, int], guild_id: int, local_date: str
) -> TipLike | None:
    """The least-used tip in this server; ties broken by a hash of server, date and tip."""
    if not tips:
        return None
    return min(
        tips,
        key=lambda t: (use_counts.get(t.id, 0), _tie_break(guild_id, local_date, t.id)),
    )


def unused_count(tips: Sequence[TipLike], use_counts: Mapping[str, int]) -> int:
    """How many tips the server has not had yet in the current cycle."""
    if not tips:
        return 0
    floor = min(use_counts.get(t.id, 0) for t in tips)
    return sum(1 for t in tips if use_counts.get(t.id, 0) == floor)
