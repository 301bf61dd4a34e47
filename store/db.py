"""Opening the SQLite file with the pragmas every process must agree on.

WAL lets the bot read while the scraper writes; the busy timeout makes a second process wait
rather than fail; foreign keys are off by default in SQLite and must be turned on per connection.
Connections run in autocommit mode so that transactions are explicit (`transaction`), which is
what makes "one source's fetch in one transaction" and "claim before send" possible.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import count
from pathlib import Path

from sqlite_utils import Database

__all__ = ["BUSY_TIMEOUT_MS", "Database", "open_db", "transaction"]

BUSY_TIMEOUT_MS = 10_000
_savepoints = count(1)


def open_db(path: str | Path, *, create_parent: bool = True) -> Database:
    """Open (or create) the database at `path` with WAL, foreign keys and a busy timeout."""
    target = Path(path)
    if create_parent and str(target) != ":memory:":
        target.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(
        str(target),
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if str(target) != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    return Database(conn)


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """Run a block atomically; nested calls become savepoints inside the outer transaction.

    BEGIN IMMEDIATE takes the write lock up front, so two processes racing for the same row
    (two bots claiming one daily tip) serialise instead of failing half-way.
    """
    conn = db.conn
    if conn.in_transaction:
        name = f"sp{next(_savepoints)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield db
        except BaseException:
            if _active(conn):  # SQLite may have rolled back already (a full disk)
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
            raise
        conn.execute(f"RELEASE {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if _active(conn):  # after SQLITE_FULL, SQLite has rolled back on its own
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _active(conn: sqlite3.Connection) -> bool:
    """Whether a transaction is still open (SQLite ends one itself on some errors)."""
    return conn.in_transaction
