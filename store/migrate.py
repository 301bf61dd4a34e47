"""Numbered schema migrations, applied in order and recorded in `schema_version`.

A migration is a module `store/migrations/mNNNN_name.py` that defines `SQL` (a script) or
`apply(db)` (for data changes that need Python). Each one runs in its own transaction together
with the row that records it, so a crash leaves the database at the previous version, never
half-way. Re-running is a no-op because applied versions are skipped.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from store.db import Database, transaction

_NAME = re.compile(r"^m(\d{4})_([a-z0-9_]+)$")

SCHEMA_TABLE_SQL = """
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class Migration:
    """One step of the schema's history."""

    version: int
    name: str
    sql: str | None = None
    apply: Callable[[Database], None] | None = None

    def run(self, db: Database) -> None:
        if self.sql is not None:
            for statement in split_statements(self.sql):
                db.execute(statement)
        if self.apply is not None:
            self.apply(db)


def split_statements(script: str) -> list[str]:
    """Split a migration script into statements, respecting quotes and trigger bodies."""
    import sqlite3

    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def discover_migrations(package: str = "store.migrations") -> list[Migration]:
    """Every migration module of `package`, ordered by version; gaps and duplicates are errors."""
    module = importlib.import_module(package)
    found: list[Migration] = []
    for info in pkgutil.iter_modules(module.__path__):
        match = _NAME.match(info.name)
        if not match:
            continue
        mod = importlib.import_module(f"{package}.{info.name}")
        sql = getattr(mod, "SQL", None)
        apply = getattr(mod, "apply", None)
        if sql is None and apply is None:
            raise RuntimeError(f"migration {info.name} defines neither SQL nor apply()")
        found.append(Migration(int(match.group(1)), match.group(2), sql, apply))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise RuntimeError(
                f"migrations must be numbered 1, 2, 3... without gaps; found {migration.version} "
                f"({migration.name}) where {expected} was expected"
            )
    return found


def applied_versions(db: Database) -> list[int]:
    if "schema_version" not in db.table_names():
        return []
    return [row[0] for row in db.execute("SELECT version FROM schema_version ORDER BY version")]


def latest_version(migrations: Sequence[Migration] | None = None) -> int:
    chosen = discover_migrations() if migrations is None else migrations
    return max((m.version for m in chosen), default=0)


def migrate(
    db: Database,
    migrations: Sequence[Migration] | None = None,
    *,
    target: int | None = None,
) -> list[Migration]:
    """Apply every pending migration up to `target` (default: all). Returns those applied."""
    chosen = discover_migrations() if migrations is None else list(migrations)
    db.execute(SCHEMA_TABLE_SQL)
    done = set(applied_versions(db))
    newest_known = max((m.version for m in chosen), default=0)
    ahead = [v for v in done if v > newest_known]
    if ahead:
        raise RuntimeError(
            f"the database is at schema version {max(ahead)}, newer than this code knows "
            f"({newest_known}); upgrade the bot before using this database"
        )
    applied: list[Migration] = []
    for migration in chosen:
        if migration.version in done or (target is not None and migration.version > target):
            continue
        with transaction(db):
            migration.run(db)
            db.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                [migration.version, migration.name, datetime.now(UTC).isoformat()],
            )
        applied.append(migration)
    return applied
