"""Sources added at run time, per-URL HTTP validators, scrape run records and the call ledger."""

from __future__ import annotations

import json
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
) -> None:
    """Finish a run row. Call inside the source's write transaction so both land together."""
    if status not in RUN_STATUSES:
        raise ValueError(f"unknown run status {status!r}")
    db.execute(
        "UPDATE scrape_runs SET finished_at = ?, status = ?, pages = ?, seen = ?, new = ?, "
        "updated = ?, closed = ?, error = ? WHERE id = ?",
        [now.isoformat(), status, pages, seen, new, updated, closed, error, row_id],
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
