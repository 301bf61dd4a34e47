"""Scraping wired together: sources -> polite fetch -> parse -> store, one source at a time
per transaction, every source in its own task so one failure never stops the others.

`run_scrape` is a plain awaitable with no global state: `archbot scrape` runs it once and
`archbot run` can schedule it every SCRAPE_INTERVAL_MINUTES without blocking the bot. Database
calls go through one lock and a worker thread, so the event loop never waits on SQLite.

Every source and every pass has a deadline, a run row never stays 'running' after a handled
error, and a database file deleted or replaced under a running scrape fails the pass loudly
instead of reporting postings as stored that went nowhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
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
    DatabaseFileLost,
    FileIdentity,
    abandon_stale_runs,
    check_database_file,
    close_missing,
    database_file,
    finish_source_run,
    link_duplicates,
    load_validators,
    open_count,
    record_run,
    save_validators,
    settle_runs,
    spend_call,
    start_run,
    transaction,
    upsert_postings,
)
from store.scraping import STALE_AFTER

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
    warning: str | None = None  # ok, but an operator should look (a busy board now empty)
    skipped: int = 0  # postings left out because they could not be read


@dataclass(frozen=True)
class Deadlines:
    """How long one source, and one whole pass over every source, may take (seconds).

    A board that answers slowly forever, or a pacing rule gone wrong, must not stall every
    later pass of `archbot run`: when a deadline passes, the source is recorded as failed.
    """

    source: float | None = 20 * 60.0
    whole_pass: float | None = 120 * 60.0


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


def deadlines(settings: Settings) -> Deadlines:
    return Deadlines(
        source=settings.scrape_source_deadline_minutes * 60.0,
        whole_pass=settings.scrape_pass_deadline_minutes * 60.0,
    )


def utc_now() -> datetime:
    return datetime.now(UTC)


def _skipped_note(skipped: Sequence[str]) -> str | None:
    if not skipped:
        return None
    return f"{len(skipped)} posting(s) could not be read and were left out; first: {skipped[0]}"


def _write(
    db: Database, fetch: SourceFetch, row_id: int, now: datetime, identity: FileIdentity | None
) -> tuple[int, int, int, int, str | None]:
    """One source's results in ONE transaction: postings, closures, links, validators, run row.

    The database file is checked before the commit: a deleted or replaced file rolls the
    source back (and fails it) instead of reporting postings stored that nobody will see.
    """
    spec = fetch.source
    with transaction(db):
        warning = None
        if fetch.complete and not fetch.postings:
            before = open_count(db, spec.kind, spec.key)
            if before:
                warning = (
                    f"listed no postings, though {before} were open after its last run: "
                    "has the employer stopped using this board?"
                )
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
            warning=" ".join(w for w in (warning, _skipped_note(fetch.skipped)) if w) or None,
            skipped=len(fetch.skipped),
        )
        check_database_file(identity)
    return result.new, result.updated, closed, linked, warning


def _finish(db: Database, row_id: int, status: str, now: datetime, **counts: Any) -> None:
    with transaction(db):
        record_run(db, row_id, status, now, **counts)


@dataclass
class _Run:
    """What every source task of one run shares."""

    client: PoliteClient
    store: _Database | None
    run_id: str
    base_urls: Mapping[str, str] | None
    progress: Progress | None
    now: Callable[[], datetime]
    limits: Deadlines
    pass_ends: float | None
    identity: FileIdentity | None = None
    lost: str | None = None  # why the database can no longer be written, once it cannot

    async def record(self, row_id: int, status: str, **counts: Any) -> str | None:
        """Finish a run row; a failure to do so is logged and returned, never raised."""
        if self.store is None or not row_id or self.lost:
            return None
        try:
            await self.store.call(_finish, self.store.db, row_id, status, self.now(), **counts)
        except Exception as exc:
            log.warning("could not record the run of a source: %r", exc)
            return f"(and the run could not be recorded: {exc})"
        return None

    def deadline_for(self, started: float) -> tuple[float | None, str]:
        """When this source must stop (loop time), and the reason its failure will give."""
        own = started + self.limits.source if self.limits.source is not None else None
        if self.pass_ends is not None and (own is None or self.pass_ends < own):
            return self.pass_ends, (
                f"the whole scrape passed its deadline of {self.limits.whole_pass:g} s before "
                "this source finished"
            )
        return own, f"took longer than the {self.limits.source or 0:g} s a source may take"


async def _fetch_under_deadline(
    spec: SourceSpec, run: _Run, on_page: Callable[[int, int], None]
) -> tuple[int, SourceFetch]:
    """Start the run row, load validators and fetch, all before the source's deadline."""
    store, now = run.store, run.now
    row_id = 0
    validators: dict[str, Validators] = {}
    kind = get_kind(spec.kind)
    if store is not None:
        row_id = await store.call(start_run, store.db, run.run_id, spec.kind, spec.key, now())
        if kind.conditional:
            urls = kind.start(spec, kind.base_for(spec, run.base_urls))
            stored = await store.call(load_validators, store.db, urls)
            validators = {u: Validators(e, m) for u, (e, m) in stored.items()}
    fetch = await fetch_source(
        run.client, spec, base_urls=run.base_urls, validators=validators, on_page=on_page
    )
    return row_id, fetch


async def _one_source(spec: SourceSpec, run: _Run) -> SourceSummary:
    store, progress = run.store, run.progress
    loop = asyncio.get_running_loop()
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

    when, late = run.deadline_for(loop.time())
    try:
        if run.lost:
            raise SourceFailed(spec, run.lost)
        async with asyncio.timeout_at(when):
            row_id, fetch = await _fetch_under_deadline(spec, run, on_page)
    except TimeoutError:
        return done(await _failed(run, spec, "failed", late))
    except (SourceFailed, KeyError) as exc:
        skipped = isinstance(exc, SourceFailed) and exc.skipped
        status = "skipped" if skipped else "failed"
        message = exc.reason if isinstance(exc, SourceFailed) else str(exc)
        return done(await _failed(run, spec, status, message))
    except Exception as exc:  # an unexpected bug in one source must not stop the others
        return done(await _failed(run, spec, "failed", f"unexpected error: {exc!r}"))
    if fetch.not_modified:
        problem = await run.record(row_id, "unchanged", pages=fetch.pages)
        return done(SourceSummary(spec.ref, "unchanged", pages=fetch.pages, error=problem))
    if store is None:  # dry run: report what a real run would have read
        summary = SourceSummary(
            spec.ref,
            "ok",
            pages=fetch.pages,
            seen=len(fetch.postings),
            skipped=len(fetch.skipped),
            warning=_skipped_note(fetch.skipped),
        )
    else:
        summary = await _store(spec, run, row_id, fetch)
    return done(summary)


async def _failed(run: _Run, spec: SourceSpec, status: str, message: str) -> SourceSummary:
    """Record a source that could not be read. Recording itself may fail (a full disk): that
    is logged and said in the summary, and the pass settles the row once more at its end."""
    if run.store is not None and not run.lost:
        try:
            await run.store.call(
                finish_source_run,
                run.store.db,
                run.run_id,
                spec.kind,
                spec.key,
                status,
                run.now(),
                message,
            )
        except Exception as exc:
            log.warning("could not record the run of %s: %r", spec.ref, exc)
            message = f"{message} (and the run could not be recorded: {exc})"
    return SourceSummary(spec.ref, status, error=message)


async def _store(spec: SourceSpec, run: _Run, row_id: int, fetch: SourceFetch) -> SourceSummary:
    assert run.store is not None
    store = run.store
    try:
        new, updated, closed, linked, warning = await store.call(
            _write, store.db, fetch, row_id, run.now(), run.identity
        )
    except DatabaseFileLost as exc:  # rolled back; nothing more can be stored this pass
        run.lost = str(exc)
        return SourceSummary(spec.ref, "failed", pages=fetch.pages, error=run.lost)
    except Exception as exc:  # the transaction rolled back: nothing of this source was written
        message = f"could not store the postings: {exc!r}"
        problem = await run.record(row_id, "failed", error=message)
        error = f"{message} {problem or ''}".strip()
        return SourceSummary(spec.ref, "failed", pages=fetch.pages, error=error)
    return SourceSummary(
        spec.ref,
        "ok",
        pages=fetch.pages,
        seen=len(fetch.postings),
        new=new,
        updated=updated,
        closed=closed,
        duplicates=linked,
        warning=" ".join(w for w in (warning, _skipped_note(fetch.skipped)) if w) or None,
        skipped=len(fetch.skipped),
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
    limits: Deadlines | None = None,
) -> list[SourceSummary]:
    """Scrape `sources` once and return one summary per source, in the order given.

    `dry_run` fetches and parses but writes nothing (except the call ledger: a call made is a
    call spent). `allow_loopback` and `base_urls` exist for tests and the benchmark. Every
    source and the pass as a whole stop at their `limits`; when the pass ends, for whatever
    handled reason, none of its run rows is left 'running'.
    """
    limits = limits or Deadlines()
    store = _Database(db)
    identity = None if dry_run else await store.call(database_file, db)
    if not dry_run:
        stale_after = (
            timedelta(seconds=limits.whole_pass) + timedelta(minutes=10)
            if limits.whole_pass is not None
            else STALE_AFTER
        )
        try:
            await store.call(abandon_stale_runs, db, now(), stale_after)
        except sqlite3.Error as exc:  # a full disk shows here first; each source says more
            log.warning("could not tidy earlier runs: %s", exc)
    budget = _LedgerBudget(store, wallclock)
    run_id = uuid.uuid4().hex[:12]
    loop = asyncio.get_running_loop()
    pass_ends = loop.time() + limits.whole_pass if limits.whole_pass is not None else None
    async with PoliteClient(
        config, allow_loopback=allow_loopback, clock=clock, sleep=sleep, budget=budget
    ) as client:
        run = _Run(
            client,
            None if dry_run else store,
            run_id,
            base_urls,
            progress,
            now,
            limits,
            pass_ends,
            identity,
        )
        tasks = [asyncio.ensure_future(_one_source(spec, run)) for spec in sources]
        try:
            summaries = list(await asyncio.gather(*tasks))
        except BaseException as exc:
            # Cancelled (the bot is stopping) or crashing: leave no task behind still
            # fetching or writing once this call has returned, and no row 'running' after
            # an error this process handles (a real crash is tidied by the next pass).
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            if isinstance(exc, Exception | asyncio.CancelledError) and not dry_run:
                reason = (
                    "the scrape was stopped before this source finished"
                    if isinstance(exc, asyncio.CancelledError)
                    else f"the scrape stopped on an unexpected error: {exc!r}"
                )
                if not run.lost:
                    with contextlib.suppress(Exception):
                        await store.call(settle_runs, db, run_id, now(), reason)
            raise
        if not dry_run and not run.lost:  # a row whose result could not be recorded
            with contextlib.suppress(Exception):
                await store.call(
                    settle_runs, db, run_id, now(), "the source stopped without a result"
                )
        return summaries


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
    return await run_scrape(
        db,
        chosen,
        client_config(settings),
        dry_run=dry_run,
        progress=progress,
        limits=deadlines(settings),
    )
