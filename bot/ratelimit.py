"""A token bucket for the bot's own fan-outs (daily tips, alert digests).

discord.py reacts to 429s after the fact; a fan-out to thousands of servers should never
provoke them, so the bot paces itself just under Discord's global 50 requests per second.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable


class TokenBucket:
    def __init__(
        self,
        rate: float,
        burst: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.max_rate = rate
        self.capacity = float(burst if burst is not None else max(1, int(rate)))
        self._tokens = self.capacity
        self._clock = clock
        self._sleep = sleep
        self._updated = clock()
        self._lock = asyncio.Lock()

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
        self._updated = now

    async def acquire(self) -> None:
        async with self._lock:
            self._refill()
            while self._tokens < 1:
                await self._sleep((1 - self._tokens) / self.rate)
                self._refill()
            self._tokens -= 1

    def slow_down(self) -> None:
        """Halve the pace after a 429: the server knows its limits better than our settings."""
        self._refill()
        self.rate = max(1.0, self.rate / 2)

    def recover(self, step: float = 0.5) -> None:
        """Creep back towards the configured pace after each success."""
        self.rate = min(self.max_rate, self.rate + step)
