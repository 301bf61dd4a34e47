"""Migrations: fresh databases reach the latest version, re-runs do nothing, upgrades keep data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from store import Migration, applied_versions, discover_migrations, latest_version, migrate, open_db
from store.db import transaction


def test_fresh_database_reaches_latest_version(db_path: Path) -> None:
    db = open_db(db_path)
    applied = migrate(db)
    assert [m.version for m in applied] == list(range(1, latest_version() + 1))
    assert applied_versions(db) == list(range(1, latest_version() + 1))
    assert {"guilds", "members", "schema_version"} <= set(db.table_names())


def test_pragmas_are_set(db_path: Path) -> None:
    db = open_db(db_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_rerun_is_a_no_op(db_path: Path) -> None:
    db = open_db(db_path)
    migrate(db)
    schema_before = db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    assert migrate(db) == []
    assert db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == schema_before
    count = db.execute("SELECT count(*) FROM schema_version").fetchone()[0]
    assert count == latest_version()


def test_upgrade_from_each_older_version_keeps_data(tmp_path: Path) -> None:
    """Stop at every version in turn, write a row, then upgrade to the latest: the row survives."""
    for stop_at in range(1, latest_version() + 1):
        db = open_db(tmp_path / f"v{stop_at}.db")
        migrate(db, target=stop_at)
        assert max(applied_versions(db)) == stop_at
        db.execute(
            "INSERT INTO members (user_id, created_at) VALUES (?, ?)", [42, "2026-01-01T00:00:00"]
        )
        migrate(db)
        assert applied_versions(db) == list(range(1, latest_version() + 1))
        assert db.execute("SELECT user_id FROM members").fetchall() == [(42,)]
        db.close()


def test_upgrade_with_data_changing_migration(db_path: Path) -> None:
    """A later migration that reshapes a table keeps the rows written under the old shape."""

    def split_name(db_: object) -> None:
        from sqlite_utils import Database

        assert isinstance(db_, Database)
        db_.execute("ALTER TABLE people ADD COLUMN first TEXT")
        db_.execute("UPDATE people SET first = substr(name, 1, instr(name, ' ') - 1)")

    v1 = Migration(1, "people", sql="CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT);")
    v2 = Migration(2, "split", apply=split_name)
    db = open_db(db_path)
    migrate(db, [v1])
    db.execute("INSERT INTO people (name) VALUES ('Ada Lovelace')")
    assert [m.version for m in migrate(db, [v1, v2])] == [2]
    assert db.execute("SELECT name, first FROM people").fetchall() == [("Ada Lovelace", "Ada")]


def test_failed_migration_leaves_previous_version(db_path: Path) -> None:
    v1 = Migration(1, "ok", sql="CREATE TABLE a (x INTEGER);")
    v2 = Migration(2, "broken", sql="CREATE TABLE b (y INTEGER);\nINSERT INTO nowhere VALUES (1);")
    db = open_db(db_path)
    with pytest.raises(sqlite3.OperationalError):
        migrate(db, [v1, v2])
    assert applied_versions(db) == [1]
    assert "b" not in db.table_names()


def test_database_newer_than_code_is_refused(db_path: Path) -> None:
    db = open_db(db_path)
    migrate(db)
    db.execute(
        "INSERT INTO schema_version VALUES (?, 'future', '2030-01-01')", [latest_version() + 1]
    )
    with pytest.raises(RuntimeError, match="newer than this code"):
        migrate(db)


def test_shipped_migrations_are_numbered_without_gaps() -> None:
    versions = [m.version for m in discover_migrations()]
    assert versions == list(range(1, len(versions) + 1))


def test_nested_transaction_rolls_back_inner_only(db_path: Path) -> None:
    db = open_db(db_path)
    db.execute("CREATE TABLE t (x INTEGER)")
    with transaction(db):
        db.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(ZeroDivisionError):
            _insert_then_fail(db)
    assert db.execute("SELECT x FROM t").fetchall() == [(1,)]


def _insert_then_fail(db: object) -> None:
    from sqlite_utils import Database

    assert isinstance(db, Database)
    with transaction(db):
        db.execute("INSERT INTO t VALUES (2)")
        raise ZeroDivisionError
