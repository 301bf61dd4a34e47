"""Runs the real `archbot` CLI in this process after installing one fault, for subprocess tests
of failures that cannot be produced for real on every machine.

    python tests/cli_boot.py FAULT [archbot arguments...]

FAULT is `none`, `disk-full` (every SQLite connection may not grow its database file: SQLite
then fails with "database or disk is full", as on a full disk) or `no-dns` (every name lookup
fails, as without network or DNS).
"""

from __future__ import annotations

import socket
import sqlite3
import sys
from typing import Any


def _disk_full() -> None:
    real = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn: sqlite3.Connection = real(*args, **kwargs)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {max(int(pages), 1)}")
        return conn

    sqlite3.connect = connect  # type: ignore[assignment]


def _no_dns() -> None:
    def getaddrinfo(*args: Any, **kwargs: Any) -> Any:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    socket.getaddrinfo = getaddrinfo


FAULTS = {"none": lambda: None, "disk-full": _disk_full, "no-dns": _no_dns}

if __name__ == "__main__":
    # Run as a script, this folder is first on the path, and its packages (tests/content,
    # tests/bot) would shadow the project's own.
    sys.path.pop(0)
    FAULTS[sys.argv[1]]()
    sys.argv = ["archbot", *sys.argv[2:]]
    from archbot.cli import main

    main()
