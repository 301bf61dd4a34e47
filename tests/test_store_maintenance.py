"""Backup and check: a backup taken while writing is a sound database at the same version."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from store import Database, backup_database, check_database, latest_version, open_db
from store.maintenance import MaintenanceError


def _fill(db: Database, rows: int, start: int = 0) -> None:
    db.table("members").insert_all(
        {"user_id": i, "created_at": "2026-01-01T00:00:00"} for i in range(start, start + rows)
    )


def test_backup_passes_integrity_check(db: Database, db_path: Path, tmp_path: Path) -> None:
    _fill(db, 500)
    target = backup_database(db_path, tmp_path / "copy.db")
    report = check_database(target)
    assert report.ok
    assert report.integrity == ["ok"]
    assert report.schema_version == latest_version()
    copy = open_db(target)
    assert copy.execute("SELECT count(*) FROM members").fetchone()[0] == 500


def test_backup_while_another_connection_writes(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    _fill(db, 100)
    writer = open_db(db_path)
    done = threading.Event()

    def keep_writing() -> None:
        start = 1000
        while not done.is_set():
            _fill(writer, 50, start)
            start += 50

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        target = backup_database(db_path, tmp_path / "live.db")
    finally:
        done.set()
        thread.join()
    assert check_database(target).ok
    count = open_db(target).execute("SELECT count(*) FROM members").fetchone()[0]
    assert count >= 100


def test_backup_refuses_to_overwrite(db: Database, db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "exists.db"
    target.write_text("keep me")
    with pytest.raises(MaintenanceError, match="already exists"):
        backup_database(db_path, target)
    assert target.read_text() == "keep me"
    backup_database(db_path, target, overwrite=True)
    assert check_database(target).ok


def test_check_reports_missing_and_corrupt_files(tmp_path: Path) -> None:
    with pytest.raises(MaintenanceError, match="does not exist"):
        check_database(tmp_path / "nope.db")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(MaintenanceError, match="is not a SQLite database, or is damaged"):
        check_database(junk)


def test_check_flags_pending_migrations(db_path: Path) -> None:
    from store import migrate

    db = open_db(db_path)
    migrate(db, target=0)
    report = check_database(db_path)
    assert report.schema_version == 0
    assert not report.ok
