"""Per-host pacing with an injected clock, so tests and benchmarks need no real waiting.

Each host has a "next free slot". A request reserves the later of now and that slot, moves the
slot on by the host's interval, and sleeps until its reservation. Reserving before sleeping
keeps concurrent callers in order without a lock held across the sleep.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class HostPacer:
    """Spaces requests to each host at least `interval` seconds apart."""

    def __init__(self, default_interval: float, clock: Clock, sleep: Sleep) -> None:
        if default_interval < 0:
            raise ValueError("interval must be >= 0")
        self._default = default_interval
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self.waited = 0.0  # total seconds slept, for reports and tests

    def reserve(self, host: str, interval: float | None = None) -> float:
        """Claim the next slot for `host`; returns how long the caller must wait."""
        now = self._clock()
        step = self._default if interval is None else max(0.0, interval)
        slot = max(now, self._next.get(host, now))
        self._next[host] = slot + step
        return slot - now

    async def wait(self, host: str, interval: float | None = None) -> None:
        delay = self.reserve(host, interval)
        if delay > 0:
            self.waited += delay
            await self._sleep(delay)

    def push_back(self, host: str, seconds: float) -> None:
        """After a 429 or Retry-After, keep everyone away from the host for `seconds`."""
        now = self._clock()
        self._next[host] = max(self._next.get(host, now), now + max(0.0, seconds))
