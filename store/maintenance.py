"""Online backup and health checks that an operator runs while the bot is up.

The backup uses SQLite's online backup API, which copies a consistent snapshot page by page
without stopping writers; it is written beside the target first and renamed into place, so a
failed backup never leaves a half-written file under the name the operator asked for.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from store.db import BUSY_TIMEOUT_MS
from store.migrate import applied_versions, latest_version

__all__ = ["CheckReport", "backup_database", "check_database"]


class MaintenanceError(Exception):
    """A maintenance command could not run; the message names the file and the reason."""


@dataclass
class CheckReport:
    path: Path
    integrity: list[str] = field(default_factory=list)
    foreign_key_problems: int = 0
    schema_version: int = 0
    latest_version: int = 0
    tables: int = 0

    @property
    def ok(self) -> bool:
        return (
            self.integrity == ["ok"]
            and self.foreign_key_problems == 0
            and self.schema_version == self.latest_version
        )


def _connect_existing(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise MaintenanceError(f"database file {path} does not exist (setting DATABASE_PATH)")
    uri = f"file:{path.resolve()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise MaintenanceError(f"{path} is not a readable SQLite database: {exc}") from None
    return conn


def backup_database(source: Path, target: Path, *, overwrite: bool = False) -> Path:
    """Copy `source` to `target` consistently, even while another process writes to it."""
    if target.exists() and not overwrite:
        raise MaintenanceError(f"{target} already exists; choose another path or pass --force")
    if target.resolve() == source.resolve():
        raise MaintenanceError("the backup path is the database itself; choose another path")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = _connect_existing(source)
    try:
        dst = sqlite3.connect(str(partial))
        try:
            src.backup(dst, pages=256)
        finally:
            dst.close()
    finally:
        src.close()
    os.replace(partial, target)
    return target


def check_database(path: Path) -> CheckReport:
    """Integrity check, foreign-key check and schema version of the database at `path`."""
    from sqlite_utils import Database

    conn = _connect_existing(path)
    try:
        report = CheckReport(path=path, latest_version=latest_version())
        report.integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        report.foreign_key_problems = len(conn.execute("PRAGMA foreign_key_check").fetchall())
        report.tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        ).fetchone()[0]
        versions = applied_versions(Database(conn))
        report.schema_version = max(versions, default=0)
        return report
    finally:
        conn.close()
