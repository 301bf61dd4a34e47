"""Discord's rate limits: a global per-token limit and per-route buckets.

Discord answers every limited route with X-RateLimit-* headers describing its bucket, and
refuses with 429 plus a JSON body {message, retry_after, global} once a bucket or the global
limit (50 requests per second per bot) is spent. discord.py reads these headers to pace itself
and treats a 429 as a rate limit only when a `Via` header is present, so both are reproduced.

Buckets are fixed windows that open at their first request, as Discord's behave: `limit`
requests, then refusals until `per` seconds after the window opened. The global limit is a
sliding window, so no 1-second interval ever holds more than `global_limit` requests.
Interaction callbacks and interaction webhooks are exempt from the global limit, as on Discord.
Rate limits use real monotonic time by default, because the client sleeps in real time. A test
may swap in a counting clock with `use_clock` (one that moves a fixed step per request), so that
which requests collide depends on their number, never on the machine's speed.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RouteLimit:
    """`limit` requests per `per` seconds in one bucket."""

    limit: int
    per: float


DEFAULT_ROUTE_LIMITS: dict[str, RouteLimit] = {
    "POST /channels/{channel_id}/messages": RouteLimit(5, 5.0),
    "PATCH /channels/{channel_id}/messages/{message_id}": RouteLimit(5, 5.0),
    "DELETE /channels/{channel_id}/messages/{message_id}": RouteLimit(5, 1.0),
    "POST /users/@me/channels": RouteLimit(10, 10.0),
    "PUT /applications/{application_id}/commands": RouteLimit(5, 20.0),
    "PUT /applications/{application_id}/guilds/{guild_id}/commands": RouteLimit(5, 20.0),
    "POST /webhooks/{webhook_id}/{webhook_token}": RouteLimit(5, 2.0),
    "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}": RouteLimit(5, 2.0),
}
"""Realistic limits for the routes a bot uses most; everything else gets `default_limit`."""


@dataclass
class Decision:
    """The outcome for one request: headers to send and, if refused, how long to wait."""

    headers: dict[str, str] = field(default_factory=dict)
    retry_after: float | None = None
    is_global: bool = False
    scope: str = "user"


@dataclass
class _Bucket:
    opened: float
    count: int = 0


def _bucket_hash(route_key: str) -> str:
    return hashlib.sha1(route_key.encode(), usedforsecurity=False).hexdigest()[:16]


class RateLimiter:
    """Tracks buckets and the global window; `check` decides each request's fate.

    Every attribute may be changed while running: `enabled`, `global_limit`, `global_per`,
    `default_limit` and `routes` (route key such as "POST /channels/{channel_id}/messages");
    `use_clock` swaps the clock.
    """

    def __init__(
        self,
        *,
        global_limit: int = 50,
        global_per: float = 1.0,
        routes: dict[str, RouteLimit] | None = None,
        default_limit: RouteLimit = RouteLimit(50, 1.0),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.enabled = True
        self.global_limit = global_limit
        self.global_per = global_per
        self.routes: dict[str, RouteLimit] = dict(
            DEFAULT_ROUTE_LIMITS if routes is None else routes
        )
        self.default_limit = default_limit
        self.clock = clock
        self._buckets: dict[tuple[str, str], _Bucket] = {}
        self._global: dict[str, deque[float]] = {}

    def set_route_limit(self, route_key: str, limit: int, per: float) -> None:
        """Change one route's limit, e.g. ("POST /channels/{channel_id}/messages", 5, 5.0)."""
        self.routes[route_key] = RouteLimit(limit, per)
        self._buckets = {k: v for k, v in self._buckets.items() if k[0] != route_key}

    def use_clock(self, clock: Callable[[], float]) -> None:
        """Measure windows with `clock` from now on (every bucket and window starts afresh)."""
        self.clock = clock
        self.reset()

    def reset(self) -> None:
        """Forget every bucket and the global window."""
        self._buckets.clear()
        self._global.clear()

    def _check_global(self, token: str, now: float) -> float | None:
        window = self._global.setdefault(token, deque())
        while window and window[0] <= now - self.global_per:
            window.popleft()
        if len(window) >= self.global_limit:
            return max(window[0] + self.global_per - now, 0.001)
        window.append(now)
        return None

    def check(
        self, route_key: str, major: str, *, token: str | None, global_exempt: bool
    ) -> Decision:
        """Count one request against its bucket and the global limit."""
        if not self.enabled:
            return Decision()
        now = self.clock()
        limit = self.routes.get(route_key, self.default_limit)
        bucket_key = (route_key, major)
        bucket = self._buckets.get(bucket_key)
        if bucket is None or now >= bucket.opened + limit.per:
            bucket = self._buckets[bucket_key] = _Bucket(opened=now)
        reset_after = max(bucket.opened + limit.per - now, 0.0)
        headers = {
            "X-RateLimit-Bucket": _bucket_hash(route_key),
            "X-RateLimit-Limit": str(limit.limit),
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
        }
        if bucket.count >= limit.limit:
            headers["X-RateLimit-Remaining"] = "0"
            headers["X-RateLimit-Scope"] = "user"
            return Decision(headers=headers, retry_after=max(reset_after, 0.001))
        if token is not None and not global_exempt:
            wait = self._check_global(token, now)
            if wait is not None:
                return Decision(
                    headers={"X-RateLimit-Global": "true", "X-RateLimit-Scope": "global"},
                    retry_after=wait,
                    is_global=True,
                    scope="global",
                )
        bucket.count += 1
        headers["X-RateLimit-Remaining"] = str(limit.limit - bucket.count)
        return Decision(headers=headers)


def retry_after_header(seconds: float) -> str:
    """Discord's Retry-After header: whole seconds, rounded up."""
    return str(max(1, math.ceil(seconds)))
