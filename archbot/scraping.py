"""Scraping wired together: sources -> polite fetch -> parse -> store, one source at a time
per transaction, every source in its own task so one failure never stops the others.

`run_scrape` is a plain awaitable with no global state: `archbot scrape` runs it once and
`archbot run` can schedule it every SCRAPE_INTERVAL_MINUTES without blocking the bot. Database
calls go through one lock and a worker thread, so the event loop never waits on SQLite.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

from archbot.settings import Settings
from content import DATA_DIR
from scrapers import (
    ClientConfig,
    PoliteClient,
    SourceFailed,
    SourceFetch,
    SourceSpec,
    Validators,
    fetch_source,
    get_kind,
)
from store import (
    Database,
    abandon_stale_runs,
    close_missing,
    link_duplicates,
    load_validators,
    record_run,
    save_validators,
    spend_call,
    start_run,
    transaction,
    upsert_postings,
)

T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceSummary:
    """How one source went in one run; also what the CLI's summary table shows."""

    ref: str
    status: str  # ok, unchanged, failed, skipped
    pages: int = 0
    seen: int = 0
    new: int = 0
    updated: int = 0
    closed: int = 0
    duplicates: int = 0
    error: str | None = None
    seconds: float = 0.0


class Progress(Protocol):
    """What the CLI's progress bars listen to; every method is optional in spirit."""

    def started(self, ref: str) -> None: ...
    def page(self, ref: str, pages: int, postings: int) -> None: ...
    def finished(self, summary: SourceSummary) -> None: ...


class _Database:
    """Serialises database calls onto a worker thread, one at a time."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = asyncio.Lock()

    async def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        async with self._lock:
            work = asyncio.ensure_future(asyncio.to_thread(fn, *args, **kwargs))
            try:
                return await asyncio.shield(work)
            except asyncio.CancelledError:
                # The thread cannot be stopped: let it commit or roll back before the
                # connection is handed to anyone else.
                await asyncio.wait([work])
                raise


class _LedgerBudget:
    """The client's CallBudget, backed by the persisted call ledger."""

    def __init__(self, db: _Database, wallclock: Callable[[], float]) -> None:
        self._db = db
        self._wallclock = wallclock

    async def spend(self, scope: str, limit: int, window_seconds: float) -> bool:
        return await self._db.call(
            spend_call, self._db.db, scope, limit, window_seconds, self._wallclock()
        )


def client_config(settings: Settings) -> ClientConfig:
    """The HTTP client's knobs from the operator's settings."""
    total = float(settings.scrape_timeout_seconds)
    return ClientConfig(
        user_agent=settings.http_user_agent,
        requests_per_second=settings.scrape_requests_per_second,
        concurrency=settings.scrape_concurrency,
        connect_timeout=min(10.0, total),
        read_timeout=min(30.0, total),
        total_timeout=total,
        max_bytes=settings.scrape_max_response_mb * 1024 * 1024,
    )


def utc_now() -> datetime:
    return datetime.now(UTC)


def _write(
    db: Database, fetch: SourceFetch, row_id: int, now: datetime
) -> tuple[int, int, int, int]:
    """One source's results in ONE transaction: postings, closures, links, validators, run row."""
    spec = fetch.source
    with transaction(db):
        result = upsert_postings(db, spec.kind, spec.key, fetch.postings, now)
        closed = (
            close_missing(db, spec.kind, spec.key, [p.source_id for p in fetch.postings], now)
            if fetch.complete
            else 0
        )
        linked = link_duplicates(db, result.changed_ids, now)
        save_validators(
            db, {u: (v.etag, v.last_modified) for u, v in fetch.validators.items()}, now
        )
        record_run(
            db,
            row_id,
            "ok",
            now,
            pages=fetch.pages,
            seen=len(fetch.postings),
            new=result.new,
            updated=result.updated,
            closed=closed,
        )
    return result.new, result.updated, closed, linked


def _finish(db: Database, row_id: int, status: str, now: datetime, **counts: Any) -> None:
    with transaction(db):
        record_run(db, row_id, status, now, **counts)


@dataclass(frozen=True)
class _Run:
    """What every source task of one run shares."""

    client: PoliteClient
    store: _Database | None
    run_id: str
    base_urls: Mapping[str, str] | None
    progress: Progress | None
    now: Callable[[], datetime]


async def _one_source(spec: SourceSpec, run: _Run) -> SourceSummary:
    client, store, run_id, now = run.client, run.store, run.run_id, run.now
    base_urls, progress = run.base_urls, run.progress
    started = time.perf_counter()
    if progress:
        progress.started(spec.ref)

    def on_page(pages: int, postings: int) -> None:
        if progress:
            progress.page(spec.ref, pages, postings)

    def done(summary: SourceSummary) -> SourceSummary:
        final = SourceSummary(**{**summary.__dict__, "seconds": time.perf_counter() - started})
        if progress:
            progress.finished(final)
        return final

    row_id = 0
    validators: dict[str, Validators] = {}
    try:
        kind = get_kind(spec.kind)
        if store is not None:
            row_id = await store.call(start_run, store.db, run_id, spec.kind, spec.key, now())
            if kind.conditional:
                urls = kind.start(spec, kind.base_for(spec, base_urls))
                stored = await store.call(load_validators, store.db, urls)
                validators = {u: Validators(e, m) for u, (e, m) in stored.items()}
        fetch = await fetch_source(
            client, spec, base_urls=base_urls, validators=validators, on_page=on_page
        )
    except (SourceFailed, KeyError) as exc:
        skipped = isinstance(exc, SourceFailed) and exc.skipped
        status = "skipped" if skipped else "failed"
        message = exc.reason if isinstance(exc, SourceFailed) else str(exc)
        if store is not None and row_id:
            await store.call(_finish, store.db, row_id, status, now(), error=message)
        return done(SourceSummary(spec.ref, status, error=message))
    except Exception as exc:  # an unexpected bug in one source must not stop the others
        message = f"unexpected error: {exc!r}"
        if store is not None and row_id:
            await store.call(_finish, store.db, row_id, "failed", now(), error=message)
        return done(SourceSummary(spec.ref, "failed", error=message))
    if fetch.not_modified:
        if store is not None:
            await store.call(_finish, store.db, row_id, "unchanged", now(), pages=fetch.pages)
        return done(SourceSummary(spec.ref, "unchanged", pages=fetch.pages))
    if store is None:  # dry run: report what a real run would have read
        return done(SourceSummary(spec.ref, "ok", pages=fetch.pages, seen=len(fetch.postings)))
    try:
        new, updated, closed, linked = await store.call(_write, store.db, fetch, row_id, now())
    except Exception as exc:  # the transaction rolled back: nothing of this source was written
        message = f"could not store the postings: {exc!r}"
        await store.call(_finish, store.db, row_id, "failed", now(), error=message)
        return done(SourceSummary(spec.ref, "failed", pages=fetch.pages, error=message))
    return done(
        SourceSummary(
            spec.ref,
            "ok",
            pages=fetch.pages,
            seen=len(fetch.postings),
            new=new,
            updated=updated,
            closed=closed,
            duplicates=linked,
        )
    )


async def run_scrape(
    db: Database,
    sources: Sequence[SourceSpec],
    config: ClientConfig,
    *,
    dry_run: bool = False,
    base_urls: Mapping[str, str] | None = None,
    allow_loopback: bool = False,
    progress: Progress | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    wallclock: Callable[[], float] = time.time,
    now: Callable[[], datetime] = utc_now,
) -> list[SourceSummary]:
    """Scrape `sources` once and return one summary per source, in the order given.

    `dry_run` fetches and parses but writes nothing (except the call ledger: a call made is a
    call spent). `allow_loopback` and `base_urls` exist for tests and the benchmark.
    """
    store = _Database(db)
    if not dry_run:
        await store.call(abandon_stale_runs, db, now())
    budget = _LedgerBudget(store, wallclock)
    run_id = uuid.uuid4().hex[:12]
    async with PoliteClient(
        config, allow_loopback=allow_loopback, clock=clock, sleep=sleep, budget=budget
    ) as client:
        run = _Run(client, None if dry_run else store, run_id, base_urls, progress, now)
        tasks = [asyncio.ensure_future(_one_source(spec, run)) for spec in sources]
        try:
            return list(await asyncio.gather(*tasks))
        except BaseException:
            # Cancelled (the bot is stopping) or crashing: leave no task behind still
            # fetching or writing once this call has returned.
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise


async def probe_source(
    db: Database,
    spec: SourceSpec,
    config: ClientConfig,
    *,
    base_urls: Mapping[str, str] | None = None,
    **client_options: Any,
) -> SourceFetch:
    """Fetch one source once without storing postings (`archbot sources test`).

    Calls still count against a daily allowance: the ledger is the same as a real run's.
    """
    store = _Database(db)
    budget = _LedgerBudget(store, time.time)
    async with PoliteClient(config, budget=budget, **client_options) as client:
        return await fetch_source(client, spec, base_urls=base_urls)


async def scrape_configured(
    settings: Settings,
    db: Database,
    *,
    data_dir: Path | None = None,
    refs: Sequence[str] = (),
    dry_run: bool = False,
    progress: Progress | None = None,
) -> list[SourceSummary]:
    """One scheduled scrape of the configured, enabled sources: what `archbot run` calls every
    SCRAPE_INTERVAL_MINUTES. Problems in the source list are logged, never raised."""
    from archbot.sources import load_sources

    listing = await asyncio.to_thread(load_sources, db, data_dir or DATA_DIR)
    for problem in listing.problems:
        log.warning("%s", problem)
    chosen = listing.select(refs) if refs else listing.enabled()
    return await run_scrape(db, chosen, client_config(settings), dry_run=dry_run, progress=progress)
