"""Injected trouble (latency, 500/502 errors) and counters of what the bot asked for.

Tests use faults to prove the bot survives a slow or failing Discord; benchmarks use the
counters to report requests and 429s. Fault selection is seeded, so a given configuration
fails the same requests on every run.
"""

from __future__ import annotations

import random
from collections import Counter, deque
from dataclasses import dataclass, field


class Faults:
    """What to inject into REST responses. Change attributes at any time; `clear()` resets.

    - `latency_ms`: added before every selected request is handled.
    - `error_rate`: share (0..1) of selected requests answered with an error instead.
    - `error_statuses`: statuses to pick from (Discord's transient ones are 500, 502, 504).
    - `routes`: route keys ("POST /channels/{channel_id}/messages") or path prefixes
      ("/interactions") to affect; None means every route.
    - `max_errors`: stop injecting after this many errors (None: no cap), so "fail once,
      then succeed" is exact.
    """

    def __init__(self, *, seed: int = 0) -> None:
        self.latency_ms: float = 0.0
        self.error_rate: float = 0.0
        self.error_statuses: tuple[int, ...] = (500,)
        self.routes: frozenset[str] | None = None
        self.max_errors: int | None = None
        self.injected = 0
        self._random = random.Random(seed)  # noqa: S311 - reproducible test faults, not secrets

    def configure(
        self,
        *,
        latency_ms: float = 0.0,
        error_rate: float = 0.0,
        error_statuses: tuple[int, ...] = (500,),
        routes: frozenset[str] | set[str] | None = None,
        max_errors: int | None = None,
    ) -> None:
        """Replace the whole configuration in one call."""
        self.latency_ms = latency_ms
        self.error_rate = error_rate
        self.error_statuses = error_statuses
        self.routes = frozenset(routes) if routes is not None else None
        self.max_errors = max_errors

    def clear(self) -> None:
        """No latency, no errors."""
        self.configure()

    def applies(self, route_key: str, path: str) -> bool:
        """Whether a request is selected by `routes`."""
        if self.routes is None:
            return True
        return route_key in self.routes or any(path.startswith(p) for p in self.routes)

    def pick_error(self, route_key: str, path: str) -> int | None:
        """The status to fail this request with, or None to let it through."""
        if self.error_rate <= 0 or not self.applies(route_key, path):
            return None
        if self.max_errors is not None and self.injected >= self.max_errors:
            return None
        if self._random.random() >= self.error_rate:
            return None
        self.injected += 1
        return self._random.choice(self.error_statuses)


@dataclass(frozen=True)
class RequestRecord:
    """One REST request as the emulator answered it."""

    method: str
    path: str
    route: str
    status: int


@dataclass
class RequestStats:
    """Counters of REST traffic. `recent` keeps the last `recent.maxlen` requests."""

    total: int = 0
    by_route: Counter[str] = field(default_factory=Counter)
    by_status: Counter[int] = field(default_factory=Counter)
    rate_limited: int = 0
    global_rate_limited: int = 0
    injected_errors: int = 0
    recent: deque[RequestRecord] = field(default_factory=lambda: deque(maxlen=2000))

    def record(self, method: str, path: str, route: str, status: int) -> None:
        """Count one answered request."""
        self.total += 1
        self.by_route[route] += 1
        self.by_status[status] += 1
        self.recent.append(RequestRecord(method, path, route, status))

    def count(self, route: str) -> int:
        """How many requests hit a route key such as "POST /channels/{channel_id}/messages"."""
        return self.by_route[route]

    def reset(self) -> None:
        """Zero every counter."""
        self.total = self.rate_limited = self.global_rate_limited = self.injected_errors = 0
        self.by_route.clear()
        self.by_status.clear()
        self.recent.clear()
