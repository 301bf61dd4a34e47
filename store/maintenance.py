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

from store.db import BUSY_TIMEOUT_MS, Database
from store.migrate import applied_versions, latest_version

__all__ = [
    "CheckReport",
    "backup_database",
    "check_database",
    "integrity_of",
    "open_read_only",
]


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


def integrity_of(conn: sqlite3.Connection, *, quick: bool = False) -> list[str]:
    """SQLite's integrity check as a list of findings (["ok"] when sound).

    On a damaged page SQLite may raise instead of reporting; that is a finding too, never a
    crash. `quick` runs quick_check (no index cross-checks), which is fast enough for start-up.
    """
    pragma = "quick_check" if quick else "integrity_check"
    try:
        return [str(row[0]) for row in conn.execute(f"PRAGMA {pragma}")]
    except sqlite3.DatabaseError as exc:
        return [f"damaged: {exc}"]


def _connect_existing(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise MaintenanceError(f"database file {path} does not exist (setting DATABASE_PATH)")
    problem: sqlite3.DatabaseError | None = None
    # A WAL database is read through its -shm file, which a read-only file or folder may not
    # let us create; such a file is then read as immutable (it cannot change under us: nothing
    # may write it).
    for flags in ("mode=ro", "mode=ro&immutable=1"):
        uri = f"file:{path.resolve()}?{flags}"
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.OperationalError as exc:
            problem = exc
            continue
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as exc:
            conn.close()
            problem = exc
            continue
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise MaintenanceError(
                f"{path} is not a SQLite database, or is damaged: {exc} (setting DATABASE_PATH)"
            ) from None
        return conn
    raise MaintenanceError(f"cannot read {path}: {problem} (setting DATABASE_PATH)")


def open_read_only(path: Path) -> Database:
    """The database at `path` for reading only (for reports that must change nothing)."""
    from sqlite_utils import Database

    return Database(_connect_existing(path))


def backup_database(
    source: Path, target: Path, *, overwrite: bool = False, allow_damaged: bool = False
) -> Path:
    """Copy `source` to `target` consistently, even while another process writes to it.

    A database that fails its integrity check is refused unless `allow_damaged`: a backup
    that silently copies the damage would replace the last good one in a rotation.
    """
    if target.exists() and not overwrite:
        raise MaintenanceError(f"{target} already exists; choose another path or pass --force")
    if target.resolve() == source.resolve():
        raise MaintenanceError("the backup path is the database itself; choose another path")
    src = _connect_existing(source)
    try:
        if not allow_damaged:
            findings = integrity_of(src)
            if findings != ["ok"]:
                raise MaintenanceError(
                    f"{source} fails its integrity check ({findings[0]}); nothing was copied. "
                    "Pass --force to copy it anyway, or restore an earlier backup"
                )
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        dst = sqlite3.connect(str(partial))
        try:
            src.backup(dst, pages=256)
        except BaseException:
            dst.close()
            partial.unlink(missing_ok=True)
            raise
        dst.close()
    finally:
        src.close()
    os.replace(partial, target)
    return target


def check_database(path: Path) -> CheckReport:
    """Integrity check, foreign-key check and schema version of the database at `path`."""
    conn = _connect_existing(path)
    try:
        report = CheckReport(path=path, latest_version=latest_version())
        report.integrity = integrity_of(conn)
        try:
            report.foreign_key_problems = len(conn.execute("PRAGMA foreign_key_check").fetchall())
            report.tables = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()[0]
            versions = applied_versions(Database(conn))
        except sqlite3.DatabaseError as exc:
            if report.integrity == ["ok"]:
                report.integrity = [f"damaged: {exc}"]
            return report
        report.schema_version = max(versions, default=0)
        return report
    finally:
        conn.close()
