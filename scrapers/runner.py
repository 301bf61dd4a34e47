"""Fetching one source end to end: its plan's URLs, paging and follow-ups, parsed postings.

The runner returns records and never writes anything: the caller decides what to store. A
source either completes (every page fetched and parsed: postings missing from it may be
closed), is unchanged (its start URLs answered 304), or fails with SourceFailed, in which case
the caller must keep the last good postings. A broken board is never mistaken for an empty one.
"""

from __future__ import annotations

import asyncio
import weakref
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from scrapers.client import PoliteClient, Validators
from scrapers.errors import BudgetExhausted, CrawlDelayTooLong, FetchError
from scrapers.kinds import SourceKind, get_kind
from scrapers.kinds.base import ParseContext, ParseError, SourceSpec
from scrapers.posting import Posting

THREAD_THRESHOLD = 256 * 1024  # parse bodies larger than this off the event loop
MAX_REQUESTS = 200
# Big bodies are parsed one at a time (per event loop): four 24 MB pages parsed at once would
# need four times the memory of one, for no gain while parsing holds the interpreter anyway.
_BIG_PARSES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


def _big_parse_slot() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    slot = _BIG_PARSES.get(loop)
    if slot is None:
        slot = _BIG_PARSES[loop] = asyncio.Semaphore(1)
    return slot


class SourceFailed(Exception):
    """The source could not be read this time. Nothing about its postings may be concluded."""

    def __init__(
        self, source: SourceSpec, reason: str, *, status: int | None = None, skipped: bool = False
    ) -> None:
        super().__init__(f"{source.ref}: {reason}")
        self.source = source
        self.reason = reason
        self.status = status
        self.skipped = skipped  # not a failure: e.g. today's call allowance is spent


@dataclass(frozen=True)
class SourceFetch:
    """What one source yielded. `complete` is the licence to close postings it no longer lists."""

    source: SourceSpec
    postings: tuple[Posting, ...]
    complete: bool
    not_modified: bool
    pages: int
    bytes_read: int
    validators: dict[str, Validators] = field(default_factory=dict)
    skipped: tuple[str, ...] = ()  # postings left out because they could not be read


def _parse_page(
    kind: SourceKind, source: SourceSpec, base: str, url: str, body: bytes
) -> tuple[list[Posting], list[str], list[str]]:
    ctx = ParseContext(source=source, url=url)
    return kind.parse(body, ctx), kind.follow(source, base, url, body), ctx.skipped


def _rate(source: SourceSpec) -> float | None:
    value = source.settings.get("rate_per_second")
    try:
        rate = float(value) if value is not None and not isinstance(value, bool) else 0.0
    except (TypeError, ValueError):
        return None
    return 1.0 / rate if rate > 0 else None


@dataclass
class _Walk:
    """The state of one source's fetch while its pages are walked."""

    kind: SourceKind
    source: SourceSpec
    base: str
    starts: list[str]
    collected: dict[str, Posting] = field(default_factory=dict)
    fresh: dict[str, Validators] = field(default_factory=dict)
    pages: int = 0
    unchanged: int = 0
    size: int = 0
    truncated: bool = False
    skipped: list[str] = field(default_factory=list)

    def result(self) -> SourceFetch:
        all_unchanged = self.unchanged > 0 and self.unchanged == len(self.starts)
        return SourceFetch(
            source=self.source,
            postings=tuple(self.collected.values()),
            complete=not self.truncated and self.unchanged == 0,
            not_modified=all_unchanged and not self.collected,
            pages=self.pages,
            bytes_read=self.size,
            validators=self.fresh,
            skipped=tuple(self.skipped),
        )


async def _parse(walk: _Walk, url: str, body: bytes, threshold: int) -> list[str]:
    """Parse one body (off the loop when big), keep its postings, return the URLs it leads to."""
    try:
        if len(body) > threshold:
            async with _big_parse_slot():
                found, more, skipped = await asyncio.to_thread(
                    _parse_page, walk.kind, walk.source, walk.base, url, body
                )
        else:
            found, more, skipped = _parse_page(walk.kind, walk.source, walk.base, url, body)
    except ParseError as exc:
        raise SourceFailed(walk.source, f"{url}: {exc}") from None
    except Exception as exc:  # a parser bug on odd input must not take down the run
        raise SourceFailed(walk.source, f"{url}: parser failed: {exc!r}") from None
    walk.skipped.extend(skipped)
    for posting in found:
        walk.collected[posting.source_id] = posting  # a detail page refines its list entry
    return more


def _refuse_moved(walk: _Walk, asked: str, answered: str) -> None:
    """Some boards answer a board or category that does not exist with a redirect elsewhere
    (We Work Remotely: 301, empty body); reading wherever it leads would be wrong data."""
    if walk.kind.moved_is_missing and asked in walk.starts and answered != asked:
        raise SourceFailed(
            walk.source,
            f"{asked} redirects to {answered}: the board answers this way for a category or "
            "board that does not exist; check the key",
            status=301,
        )


async def fetch_source(
    client: PoliteClient,
    source: SourceSpec,
    *,
    base_urls: Mapping[str, str] | None = None,
    validators: Mapping[str, Validators] | None = None,
    on_page: Callable[[int, int], None] | None = None,
    thread_threshold: int = THREAD_THRESHOLD,
) -> SourceFetch:
    """Fetch and parse every page of `source`; raise SourceFailed on any failure."""
    try:
        kind = get_kind(source.kind)
    except KeyError as exc:
        raise SourceFailed(source, str(exc)) from None
    problem = kind.check_key(source.key)
    if problem:
        raise SourceFailed(source, problem)
    base = kind.base_for(source, base_urls)
    walk = _Walk(kind, source, base, kind.start(source, base))
    if not walk.starts:
        raise SourceFailed(source, f"no URL to fetch: {kind.description}")
    known = validators or {}
    daily = source.int_setting("calls_per_day", kind.daily_limit or 0) or None
    budget = source.int_setting("max_requests", MAX_REQUESTS)
    queue: deque[str] = deque(walk.starts)
    seen: set[str] = set()
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        if walk.pages >= budget:
            walk.truncated = True  # bigger than we may fetch: close nothing
            break
        seen.add(url)
        conditional = kind.conditional and url in walk.starts
        try:
            response = await client.get(
                url,
                validators=known.get(url) if conditional else None,
                interval=_rate(source),
                daily_limit=daily,
            )
        except (BudgetExhausted, CrawlDelayTooLong) as exc:
            raise SourceFailed(source, str(exc), skipped=True) from None
        except FetchError as exc:
            raise SourceFailed(source, str(exc), status=exc.status) from None
        _refuse_moved(walk, url, response.url)
        walk.pages += 1
        if response.not_modified:
            walk.unchanged += 1
        else:
            if conditional and response.validators:
                walk.fresh[url] = response.validators
            walk.size += len(response.body)
            more = await _parse(walk, response.url, response.body, thread_threshold)
            queue.extend(u for u in more if u not in seen)
        if on_page:
            on_page(walk.pages, len(walk.collected))
    return walk.result()
