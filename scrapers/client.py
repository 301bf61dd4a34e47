"""The polite, safe HTTP client every source fetches through.

Politeness: one request at a time per host, spaced by the host's interval (default 1 s, a
per-call override, robots.txt's Crawl-delay when longer; a host asking for more than
`max_crawl_delay` is skipped rather than waited on for days), a global concurrency cap, robots.txt
honoured, an honest User-Agent, conditional requests, and daily call budgets for sources whose
terms demand them. Safety: http(s) only, every address checked (redirects followed by hand, at
most five, each hop checked again), time-outs on connect/read/total, and a size cap enforced
while streaming. Retries back off exponentially with jitter and honour Retry-After.

Time is injected (`clock`, `sleep`, `rand`), so tests and the benchmark control waiting.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import aiohttp

from scrapers.errors import (
    BlockedURL,
    BudgetExhausted,
    CrawlDelayTooLong,
    FetchError,
    HttpStatusError,
    RobotsDisallowed,
    TooLarge,
)
from scrapers.guard import BlockedAddress, GuardedResolver, check_url
from scrapers.ratelimit import HostPacer
from scrapers.robots import RobotsCache
from scrapers.urls import host_of

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
DAY = 24 * 3600.0


@dataclass(frozen=True)
class ClientConfig:
    """Every knob of the client. The defaults are the polite ones."""

    user_agent: str
    requests_per_second: float = 1.0
    concurrency: int = 8
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 120.0
    max_bytes: int = 25 * 1024 * 1024
    retries: int = 3
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    max_retry_after: float = 900.0
    max_redirects: int = 5
    obey_robots: bool = True
    max_crawl_delay: float = 60.0  # a robots.txt asking for more gets the host skipped

    @property
    def interval(self) -> float:
        return 1.0 / self.requests_per_second if self.requests_per_second > 0 else 0.0


@dataclass(frozen=True)
class Validators:
    """What a server said identifies this version of a URL, sent back as If-None-Match etc."""

    etag: str | None = None
    last_modified: str | None = None

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    body: bytes
    content_type: str
    validators: Validators
    attempts: int = 1

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class CallBudget(Protocol):
    """A persisted ledger of calls, so a restart does not reset a daily allowance."""

    async def spend(self, scope: str, limit: int, window_seconds: float) -> bool: ...


class _Retryable(Exception):
    def __init__(self, message: str, retry_after: float | None = None, status: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds: either a number or an HTTP date."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class PoliteClient:
    """Use as `async with PoliteClient(config) as client: await client.get(url)`."""

    def __init__(
        self,
        config: ClientConfig,
        *,
        allow_loopback: bool = False,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rand: Callable[[], float] = random.random,
        budget: CallBudget | None = None,
    ) -> None:
        self.config = config
        self._allow_loopback = allow_loopback
        self._clock = clock
        self._sleep = sleep
        self._rand = rand
        self._budget = budget
        self._resolver = GuardedResolver(allow_loopback=allow_loopback)
        self._session: aiohttp.ClientSession | None = None
        self._slots = asyncio.Semaphore(max(1, config.concurrency))
        self._host_locks: dict[str, asyncio.Lock] = {}
        self.pacer = HostPacer(config.interval, clock, sleep)
        self.robots = RobotsCache(config.user_agent, self._fetch_robots, clock)
        self.requests_sent = 0
        self.requests_by_host: dict[str, int] = {}

    async def __aenter__(self) -> PoliteClient:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def open(self) -> None:
        if self._session is None:
            connector = aiohttp.TCPConnector(
                resolver=self._resolver, limit=max(1, self.config.concurrency), ttl_dns_cache=300
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                headers={"User-Agent": self.config.user_agent, "Accept-Encoding": "gzip, deflate"},
                auto_decompress=True,
                timeout=aiohttp.ClientTimeout(
                    total=self.config.total_timeout,
                    connect=self.config.connect_timeout,
                    sock_read=self.config.read_timeout,
                ),
            )

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def backoff(self, attempt: int) -> float:
        """Exponential back-off with "equal jitter": half fixed, half random."""
        ceiling = min(self.config.backoff_cap, self.config.backoff_base * float(2**attempt))
        return ceiling / 2 + self._rand() * ceiling / 2

    async def get(
        self,
        url: str,
        *,
        validators: Validators | None = None,
        interval: float | None = None,
        daily_limit: int | None = None,
        accept: str = "application/json, application/xml;q=0.9, text/html;q=0.8, */*;q=0.5",
    ) -> Response:
        """Fetch `url` politely. 304 comes back as a Response; other failures raise FetchError."""
        attempts = self.config.retries + 1
        for attempt in range(attempts):
            try:
                response = await self._follow(url, validators, interval, daily_limit, accept)
            except _Retryable as exc:
                if attempt + 1 >= attempts:
                    raise (
                        HttpStatusError(
                            f"{exc} after {attempts} attempts", url=url, status=exc.status
                        )
                        if exc.status
                        else FetchError(f"{exc} after {attempts} attempts", url=url)
                    ) from None
                if exc.retry_after is not None and exc.retry_after > self.config.max_retry_after:
                    raise HttpStatusError(
                        f"{exc}; the server asks to wait {exc.retry_after:.0f} s, more than "
                        f"the {self.config.max_retry_after:.0f} s allowed",
                        url=url,
                        status=exc.status,
                    ) from None
                delay = max(exc.retry_after or 0.0, self.backoff(attempt))
                self.pacer.push_back(host_of(url), delay)
                await self._sleep(delay)
                continue
            return Response(
                url=response.url,
                status=response.status,
                body=response.body,
                content_type=response.content_type,
                validators=response.validators,
                attempts=attempt + 1,
            )
        raise FetchError("no attempt was made", url=url)  # pragma: no cover - loop always returns

    async def _follow(
        self,
        url: str,
        validators: Validators | None,
        interval: float | None,
        daily_limit: int | None,
        accept: str,
    ) -> Response:
        current = url
        for hop in range(self.config.max_redirects + 1):
            await self._check(current)
            if daily_limit is not None and self._budget is not None:
                scope = host_of(current)
                if not await self._budget.spend(scope, daily_limit, DAY):
                    raise BudgetExhausted(
                        f"the daily allowance of {daily_limit} calls to {scope} is spent",
                        url=current,
                    )
            headers = {"Accept": accept}
            if hop == 0 and validators:
                if validators.etag:
                    headers["If-None-Match"] = validators.etag
                if validators.last_modified:
                    headers["If-Modified-Since"] = validators.last_modified
            status, location, response = await self._send(current, headers, interval)
            if status in REDIRECTS:
                if not location:
                    raise FetchError(f"redirect {status} without a Location", url=current)
                current = urljoin(current, location)
                continue
            return response
        raise FetchError(f"more than {self.config.max_redirects} redirects", url=url)

    async def _check(self, url: str) -> None:
        try:
            await check_url(url, self._resolver, allow_loopback=self._allow_loopback)
        except BlockedAddress as exc:
            raise BlockedURL(str(exc), url=url) from None
        if self.config.obey_robots:
            parts = urlsplit(url)
            origin = f"{parts.scheme}://{parts.netloc}"
            if not await self.robots.allowed(origin, url):
                raise RobotsDisallowed(f"robots.txt of {parts.netloc} disallows {url}", url=url)
            delay = self.robots.crawl_delay(origin)
            if delay is not None and delay > self.config.max_crawl_delay:
                raise CrawlDelayTooLong(
                    f"robots.txt of {parts.netloc} asks for a Crawl-delay of {delay:g} s between "
                    f"requests; at most {self.config.max_crawl_delay:g} s is waited, so the "
                    "host is skipped",
                    url=url,
                )

    def _host_interval(self, url: str, interval: float | None) -> float | None:
        parts = urlsplit(url)
        delay = self.robots.crawl_delay(f"{parts.scheme}://{parts.netloc}")
        if delay is None:
            return interval
        return max(delay, self.config.interval if interval is None else interval)

    async def _send(
        self, url: str, headers: dict[str, str], interval: float | None
    ) -> tuple[int, str | None, Response]:
        """One HTTP exchange, paced per host and counted against the global cap."""
        if self._session is None:
            await self.open()
        assert self._session is not None
        host = host_of(url)
        lock = self._host_locks.setdefault(host, asyncio.Lock())
        async with lock:
            await self.pacer.wait(host, self._host_interval(url, interval))
            async with self._slots:
                self.requests_sent += 1
                self.requests_by_host[host] = self.requests_by_host.get(host, 0) + 1
                try:
                    async with self._session.get(
                        url, headers=headers, allow_redirects=False
                    ) as resp:
                        status = resp.status
                        if status in REDIRECTS:
                            return status, resp.headers.get("Location"), _empty(url, status)
                        if status in RETRY_STATUSES:
                            wait = retry_after_seconds(resp.headers.get("Retry-After"))
                            raise _Retryable(f"HTTP {status} from {host}", wait, status)
                        body = b"" if status == 304 else await self._read(resp, url)
                        validators = Validators(
                            resp.headers.get("ETag"), resp.headers.get("Last-Modified")
                        )
                        if status != 304 and not 200 <= status < 300:
                            raise HttpStatusError(
                                f"HTTP {status} {resp.reason or ''}".strip() + f" from {url}",
                                url=url,
                                status=status,
                            )
                        return (
                            status,
                            None,
                            Response(
                                url=url,
                                status=status,
                                body=body,
                                content_type=resp.headers.get("Content-Type", ""),
                                validators=validators,
                            ),
                        )
                except TimeoutError:
                    raise _Retryable(f"timed out fetching {url}") from None
                except BlockedAddress as exc:  # the resolver refused (DNS changed since check)
                    raise BlockedURL(str(exc), url=url) from None
                except (aiohttp.ClientPayloadError, aiohttp.ClientConnectionError) as exc:
                    if isinstance(exc.__cause__, BlockedAddress) or "non-public" in str(exc):
                        raise BlockedURL(str(exc), url=url) from None
                    raise _Retryable(f"connection failed for {url}: {exc}") from None

    async def _read(self, resp: aiohttp.ClientResponse, url: str) -> bytes:
        cap = self.config.max_bytes
        if resp.content_length is not None and resp.content_length > cap:
            raise TooLarge(
                f"{url} announces {resp.content_length} bytes; the cap is {cap}", url=url
            )
        buffer = bytearray()
        async for chunk in resp.content.iter_chunked(64 * 1024):
            buffer += chunk
            if len(buffer) > cap:
                raise TooLarge(f"{url} sent more than {cap} bytes; abandoned", url=url)
        return bytes(buffer)

    async def _fetch_robots(self, url: str) -> tuple[int, bytes]:
        """robots.txt through the same guard and pacing; redirects followed (at most five)."""
        current = url
        try:
            for _ in range(self.config.max_redirects + 1):
                await check_url(current, self._resolver, allow_loopback=self._allow_loopback)
                status, location, response = await self._send(
                    current, {"Accept": "text/plain"}, None
                )
                if status in REDIRECTS and location:
                    current = urljoin(current, location)
                    continue
                return response.status, response.body[: 512 * 1024]
        except HttpStatusError as exc:
            return exc.status or 500, b""
        except (FetchError, _Retryable, BlockedAddress) as exc:
            raise OSError(str(exc)) from None
        raise OSError(f"robots.txt at {url} redirects too often")


def _empty(url: str, status: int) -> Response:
    return Response(url=url, status=status, body=b"", content_type="", validators=Validators())
