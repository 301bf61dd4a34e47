"""robots.txt, fetched once per host and kept for a day.

Following RFC 9309: a 4xx answer (no robots.txt) allows everything; a 5xx answer or an
unreachable server disallows everything for now, because we cannot tell what the site wants.
Parsing is protego's; caching and the fetch policy are ours.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from protego import Protego

ROBOTS_TTL = 24 * 3600.0
FAILURE_TTL = 600.0  # retry an unreachable robots.txt sooner than a good one


@dataclass
class _Entry:
    rules: Protego | None  # None: allow all
    deny_all: bool
    expires_at: float


class RobotsCache:
    """Decides whether our user agent may fetch a URL, fetching robots.txt on first need.

    `fetch(url)` returns (status, body) or raises OSError / TimeoutError on failure.
    """

    def __init__(
        self,
        user_agent: str,
        fetch: Callable[[str], Awaitable[tuple[int, bytes]]],
        clock: Callable[[], float],
        ttl: float = ROBOTS_TTL,
    ) -> None:
        self._agent = user_agent.split("/", 1)[0].strip() or user_agent
        self._fetch = fetch
        self._clock = clock
        self._ttl = ttl
        self._cache: dict[str, _Entry] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def allowed(self, origin: str, url: str) -> bool:
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:  # one robots.txt fetch per host, however many callers wait
            entry = self._cache.get(origin)
            if entry is None or self._clock() >= entry.expires_at:
                entry = await self._load(origin)
                self._cache[origin] = entry
        if entry.deny_all:
            return False
        if entry.rules is None:
            return True
        return bool(entry.rules.can_fetch(url, self._agent))

    def crawl_delay(self, origin: str) -> float | None:
        entry = self._cache.get(origin)
        if entry is None or entry.rules is None:
            return None
        delay = entry.rules.crawl_delay(self._agent)
        return float(delay) if delay is not None else None

    async def _load(self, origin: str) -> _Entry:
        now = self._clock()
        try:
            status, body = await self._fetch(f"{origin}/robots.txt")
        except (OSError, TimeoutError):
            return _Entry(None, deny_all=True, expires_at=now + FAILURE_TTL)
        if 400 <= status < 500:
            return _Entry(None, deny_all=False, expires_at=now + self._ttl)
        if not 200 <= status < 300:
            return _Entry(None, deny_all=True, expires_at=now + FAILURE_TTL)
        text = body.decode("utf-8", errors="replace")
        return _Entry(Protego.parse(text), deny_all=False, expires_at=now + self._ttl)
