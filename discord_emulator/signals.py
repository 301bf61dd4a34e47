"""Event-driven waiting: wake waiters whenever something changed, then re-check a predicate.

Tests and the emulator wait for things like "the bot is identified" or "the interaction was
answered". Polling with sleeps makes suites slow and flaky; a `Signal` instead wakes every
waiter on each change, and each waiter re-checks its own condition under one overall timeout.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable


class Signal:
    """A broadcast 'something changed' notification with predicate waits."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        """Wake every current waiter so it re-checks its predicate."""
        self._event.set()
        self._event = asyncio.Event()

    async def wait_for(self, predicate: Callable[[], bool], timeout: float | None) -> None:
        """Return once `predicate()` is true; raise TimeoutError after `timeout` seconds."""
        async with asyncio.timeout(timeout):
            while not predicate():
                await self._event.wait()
