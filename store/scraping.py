"""Sources added at run time, per-URL HTTP validators, scrape run records and the call ledger.

Also the guards a scrape needs against losing data silently: the database file it opened is
checked before each source's postings are committed (a deleted or replaced file means writes
land nowhere), and run rows of a pass are settled to `failed` if anything stopped them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from store.db import Database, transaction

STALE_AFTER = timedelta(hours=2)  # far longer than any one source's fetch may take
RUN_STATUSES = ("running", "ok", "unchanged", "failed", "skipped", "abandoned")


@dataclass(frozen=True)
class SourceRow:
    kind: str
    key: str
    company: str | None
    enabled: bool
    settings: dict[str, Any]
    added_at: str

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.key}"


def list_sources(db: Database) -> list[SourceRow]:
    """Sources stored in the database (added with `sources add`, or shipped ones switched off)."""
    return [
        SourceRow(kind, key, company, bool(enabled), json.loads(settings or "{}"), added_at)
        for kind, key, company, enabled, settings, added_at in db.execute(
            "SELECT kind, key, company, enabled, settings, added_at FROM sources ORDER BY id"
        )
    ]


def add_source(
    db: Database,
    kind: str,
    key: str,
    now: datetime,
    *,
    company: str | None = None,
    settings: Mapping[str, Any] | None = None,
    enabled: bool = True,
) -> bool:
    """Add or update a source. Returns True when it was not stored before."""
    encoded = json.dumps(dict(settings or {}), sort_keys=True)
    with transaction(db):
        before = db.execute(
            "SELECT 1 FROM sources WHERE kind = ? AND key = ?", [kind, key]
        ).fetchone()
        db.execute(
            "INSERT INTO sources (kind, key, company, enabled, settings, added_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET "
            "company = excluded.company, enabled = excluded.enabled, settings = excluded.settings",
            [kind, key, company, int(enabled), encoded, now.isoformat()],
        )
    return before is None


def remove_source(db: Database, kind: str, key: str) -> bool:
    """Delete a stored source row. Returns True when there was one. Its postings stay."""
    with transaction(db):
        cursor = db.execute("DELETE FROM sources WHERE kind = ? AND key = ?", [kind, key])
    return cursor.rowcount > 0


def load_validators(db: Database, urls: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
    """Stored (ETag, Last-Modified) for the given URLs."""
    found: dict[str, tuple[str | None, str | None]] = {}
    for url in set(urls):
        row = db.execute(
            "SELECT etag, last_modified FROM http_cache WHERE url = ?", [url]
        ).fetchone()
        if row:
            found[url] = (row[0], row[1])
    return found


def save_validators(
    db: Database, validators: Mapping[str, tuple[str | None, str | None]], now: datetime
) -> None:
    db.conn.executemany(
        "INSERT INTO http_cache (url, etag, last_modified, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
        "last_modified = excluded.last_modified, updated_at = excluded.updated_at",
        [[url, etag, modified, now.isoformat()] for url, (etag, modified) in validators.items()],
    )


def start_run(db: Database, run_id: str, kind: str, key: str, now: datetime) -> int:
    """Record that a source's scrape began; returns the row id for `record_run`."""
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO scrape_runs (run_id, kind, key, started_at, status) "
            "VALUES (?, ?, ?, ?, 'running')",
            [run_id, kind, key, now.isoformat()],
        )
    return int(cursor.lastrowid or 0)


def record_run(
    db: Database,
    row_id: int,
    status: str,
    now: datetime,
    *,
    pages: int = 0,
    seen: int = 0,
    new: int = 0,
    updated: int = 0,
    closed: int = 0,
    error: str | None = None,
    warning: str | None = None,
    skipped: int = 0,
) -> None:
    """Finish a run row. Call inside the source's write transaction so both land together."""
    if status not in RUN_STATUSES:
        raise ValueError(f"unknown run status {status!r}")
    db.execute(
        "UPDATE scrape_runs SET finished_at = ?, status = ?, pages = ?, seen = ?, new = ?, "
        "updated = ?, closed = ?, error = ?, warning = ?, skipped = ? WHERE id = ?",
        [
            now.isoformat(),
            status,
            pages,
            seen,
            new,
            updated,
            closed,
            _cap(error),
            _cap(warning),
            skipped,
            row_id,
        ],
    )


def _cap(text: str | None, limit: int = 2000) -> str | None:
    return text if text is None or len(text) <= limit else text[: limit - 1] + "\u2026"


def finish_source_run(
    db: Database, run_id: str, kind: str, key: str, status: str, now: datetime, error: str
) -> int:
    """Finish the open row of one source in one pass (a failure known before any write)."""
    if status not in RUN_STATUSES:
        raise ValueError(f"unknown run status {status!r}")
    with transaction(db):
        cursor = db.execute(
            "UPDATE scrape_runs SET status = ?, finished_at = ?, error = ? "
            "WHERE run_id = ? AND kind = ? AND key = ? AND status = 'running'",
            [status, now.isoformat(), _cap(error), run_id, kind, key],
        )
    return cursor.rowcount


def settle_runs(db: Database, run_id: str, now: datetime, reason: str) -> int:
    """Mark every row of `run_id` still 'running' as failed with `reason`. Returns how many.

    Called when a pass ends for any reason, so no handled error leaves a row 'running'.
    """
    with transaction(db):
        cursor = db.execute(
            "UPDATE scrape_runs SET status = 'failed', finished_at = ?, "
            "error = coalesce(error, ?) WHERE run_id = ? AND status = 'running'",
            [now.isoformat(), _cap(reason), run_id],
        )
    return cursor.rowcount


class DatabaseFileLost(RuntimeError):
    """The database file opened is no longer at its path: deleted, moved or replaced."""


@dataclass(frozen=True)
class FileIdentity:
    """Which file a path named when a scrape started (device and inode)."""

    path: str
    device: int
    inode: int


def database_file(db: Database) -> FileIdentity | None:
    """The identity of the main database file, or None for an in-memory database."""
    path = next((row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main"), "")
    if not path:
        return None
    info = os.stat(path)
    return FileIdentity(path, info.st_dev, info.st_ino)


def check_database_file(identity: FileIdentity | None) -> None:
    """Raise DatabaseFileLost when the path no longer holds the file that was opened.

    SQLite keeps writing to a deleted file through its open handle and reports success, so
    without this check a scrape whose database directory was removed says every source is
    ok while nothing survives the process.
    """
    if identity is None:
        return
    try:
        info = os.stat(identity.path)
    except OSError:
        raise DatabaseFileLost(
            f"the database file {identity.path} was deleted while scraping; "
            "postings from then on could not be stored"
        ) from None
    if (info.st_dev, info.st_ino) != (identity.device, identity.inode):
        raise DatabaseFileLost(
            f"the database file {identity.path} was replaced by another file while scraping; "
            "postings from then on could not be stored"
        )


def abandon_stale_runs(db: Database, now: datetime, older_than: timedelta = STALE_AFTER) -> int:
    """Mark runs left 'running' by a crashed process as abandoned. Returns how many.

    Only runs started more than `older_than` ago: another process (the bot while an operator
    runs `archbot scrape`) may be scraping right now, and its rows are not stale.
    """
    with transaction(db):
        cursor = db.execute(
            "UPDATE scrape_runs SET status = 'abandoned', finished_at = ?, "
            "error = coalesce(error, 'the process stopped before this source finished') "
            "WHERE status = 'running' AND started_at < ?",
            [now.isoformat(), (now - older_than).isoformat()],
        )
    return cursor.rowcount


def recent_runs(db: Database, limit: int = 50) -> list[dict[str, Any]]:
    cursor = db.execute("SELECT * FROM scrape_runs ORDER BY id DESC LIMIT ?", [limit])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def last_run_of(db: Database, kind: str, key: str) -> dict[str, Any] | None:
    cursor = db.execute(
        "SELECT * FROM scrape_runs WHERE kind = ? AND key = ? AND status != 'running' "
        "ORDER BY id DESC LIMIT 1",
        [kind, key],
    )
    names = [d[0] for d in cursor.description]
    row = cursor.fetchone()
    return dict(zip(names, row, strict=True)) if row else None


def spend_call(db: Database, scope: str, limit: int, window_seconds: float, now: float) -> bool:
    """Spend one call of `scope`'s allowance (at most `limit` per window); False when spent.

    Persisted, so restarting the bot does not hand out a fresh allowance.
    """
    with transaction(db):
        db.execute("DELETE FROM call_ledger WHERE called_at < ?", [now - 7 * 24 * 3600])
        used = db.execute(
            "SELECT count(*) FROM call_ledger WHERE scope = ? AND called_at > ?",
            [scope, now - window_seconds],
        ).fetchone()[0]
        if used >= limit:
            return False
        db.execute("INSERT INTO call_ledger (scope, called_at) VALUES (?, ?)", [scope, now])
    return True


def calls_used(db: Database, scope: str, window_seconds: float, now: float) -> int:
    return int(
        db.execute(
            "SELECT count(*) FROM call_ledger WHERE scope = ? AND called_at > ?",
            [scope, now - window_seconds],
        ).fetchone()[0]
    )


@dataclass(frozen=True)
class SourceHealth:
    """How a source has been doing lately, for `sources list`, `sources test` and `doctor`."""

    kind: str
    key: str
    status: str  # of the latest finished run
    finished_at: str | None
    seen: int
    warning: str | None  # the latest run's warning (a busy board that now lists nothing)
    failures: int  # failed runs in a row, counting back from the latest
    failing_since: str | None  # when the first of those failed runs started
    error: str | None  # the latest failure's reason

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.key}"

    @property
    def problem(self) -> str | None:
        """One line an operator should read, or None when the source is fine."""
        if self.failures:
            since = (self.failing_since or "")[:16].replace("T", " ")
            runs = "run" if self.failures == 1 else f"{self.failures} runs in a row"
            return f"failed its last {runs} (since {since}): {self.error or 'no reason recorded'}"
        return self.warning


def source_health(db: Database, *, history: int = 20) -> list[SourceHealth]:
    """The health of every source that has finished at least one run, worst problems first."""
    by_source: dict[tuple[str, str], list[tuple[Any, ...]]] = {}
    rows = db.execute(
        "SELECT kind, key, status, started_at, finished_at, seen, error, warning "
        "FROM scrape_runs WHERE status NOT IN ('running', 'skipped') ORDER BY id DESC"
    )
    for row in rows:
        runs = by_source.setdefault((row[0], row[1]), [])
        if len(runs) < history:
            runs.append(row)
    found: list[SourceHealth] = []
    for (kind, key), runs in by_source.items():
        latest = runs[0]
        streak = 0
        for run in runs:
            if run[2] not in {"failed", "abandoned"}:
                break
            streak += 1
        found.append(
            SourceHealth(
                kind=kind,
                key=key,
                status=latest[2],
                finished_at=latest[4],
                seen=int(latest[5] or 0),
                warning=latest[7],
                failures=streak,
                failing_since=runs[streak - 1][3] if streak else None,
                error=latest[6] if streak else None,
            )
        )
    found.sort(key=lambda h: (h.problem is None, -h.failures, h.ref))
    return found


def health_of(db: Database, kind: str, key: str) -> SourceHealth | None:
    return next((h for h in source_health(db) if (h.kind, h.key) == (kind, key)), None)


@dataclass(frozen=True)
class EmptiedSource:
    """A board whose latest successful fetch found no postings after earlier ones found some:
    more often a moved or renamed board than a company that stopped hiring."""

    kind: str
    key: str
    last_with_postings: str

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.key}"


def emptied_sources(db: Database) -> list[EmptiedSource]:
    """Sources whose latest 'ok' run saw nothing while an earlier 'ok' run saw postings."""
    rows = db.execute(
        """
        WITH latest AS (
            SELECT kind, key, MAX(id) AS id FROM scrape_runs WHERE status = 'ok'
            GROUP BY kind, key
        )
        SELECT r.kind, r.key, (
            SELECT MAX(p.finished_at) FROM scrape_runs p
            WHERE p.kind = r.kind AND p.key = r.key AND p.status = 'ok' AND p.seen > 0
        ) AS had
        FROM latest JOIN scrape_runs r ON r.id = latest.id
        WHERE r.seen = 0 AND had IS NOT NULL
        ORDER BY r.kind, r.key
        """
    ).fetchall()
    return [EmptiedSource(kind, key, str(had)) for kind, key, had in rows]
