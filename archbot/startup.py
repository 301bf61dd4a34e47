"""Checks before anything connects: is the database file usable, sound and up to date?

Each problem becomes an `OperatorError` that names the file and the setting, before a single
byte of the database is written: a damaged file is never migrated, a read-only one is found
here rather than at the first write an hour later.
"""

from __future__ import annotations

import errno
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from archbot.failures import OperatorError
from store import applied_versions, migrate, open_db
from store.maintenance import integrity_of

log = logging.getLogger("archbot.start")


@dataclass(frozen=True)
class DatabaseState:
    path: Path
    schema_version: int
    applied: tuple[str, ...]

    def sentence(self) -> str:
        done = f", applied {', '.join(self.applied)}" if self.applied else ""
        return f"database {self.path}: schema version {self.schema_version}, integrity ok{done}"


def _first_existing(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path(".")


def probe_path(path: Path, *, write: bool) -> None:
    """Fail with one line when `path` cannot hold (or, for `write`, be written as) the database.

    Only the file system is asked: a parent that is a file, a folder that cannot be created or
    written, a read-only file. A probe file made in the folder is removed at once.
    """
    where = f"{path} (setting DATABASE_PATH)"
    existing = _first_existing(path.parent if not path.exists() else path)
    if path.exists() and not path.is_file():
        raise OperatorError(f"{where} is not a file")
    if not path.exists() and not existing.is_dir():
        raise OperatorError(f"{where}: {existing} is a file, not a folder")
    if not os.access(existing if existing.is_dir() else existing.parent, os.X_OK):
        raise OperatorError(f"{where}: {existing} cannot be entered (permission denied)")
    if not write:
        return
    if path.exists():
        try:
            with path.open("r+b"):
                pass
        except OSError as exc:
            raise OperatorError(f"{where} is read-only: {_reason(exc)}") from None
    folder = path.parent if path.parent.exists() else existing
    try:
        # SQLite's WAL mode keeps two files beside the database: the folder must take new files.
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".archbot-probe-"):
            pass
    except OSError as exc:
        raise OperatorError(f"{where}: cannot create files in {folder}: {_reason(exc)}") from None


def _reason(exc: OSError) -> str:
    if exc.errno == errno.EROFS:
        return "read-only file system"
    return exc.strerror or str(exc)


def prepare_database(path: Path, *, write: bool = True) -> DatabaseState:
    """Probe, open, quick-check and migrate the database; one-line errors for every problem.

    The integrity check runs before the migrations, so a damaged file is left as it is.
    """
    probe_path(path, write=write)
    db = open_db(path)
    try:
        findings = integrity_of(db.conn, quick=True)
        if findings != ["ok"]:
            finding = findings[0].removeprefix("damaged: ")
            raise OperatorError(
                f"{path} is damaged ({finding}): nothing was changed; restore the latest "
                "backup (`archbot db check` lists the damage)"
            )
        try:
            applied = migrate(db)
        except RuntimeError as exc:
            raise OperatorError(f"{path} (setting DATABASE_PATH): {exc}") from None
        version = max(applied_versions(db), default=0)
    finally:
        db.close()
    return DatabaseState(path, version, tuple(f"{m.version:04d} {m.name}" for m in applied))
