"""The real `archbot` CLI in a child process, reaching a local job board.

`python -m tests.cli_child BOARD_URL [--max-pages-growth N] ARGS...` runs `archbot ARGS...`
with the scrape commands' test seam pointing every kind at BOARD_URL, loopback allowed and
pacing on a clock that only moves when something waits (so nothing really sleeps). With
`--max-pages-growth N` the database may grow by at most N pages, which is what a full disk
looks like to SQLite ("database or disk is full").
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

from archbot.cli import main
from archbot.commands import scrape as scrape_module
from scrapers import KINDS
from store import Database
from store.db import open_db


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)


def base_urls(board: str) -> dict[str, str]:
    return {
        kind: f"{board}/{kind}/{{key}}" if kind in {"recruitee", "personio"} else f"{board}/{kind}"
        for kind in KINDS
    }


def _full_disk(growth: int) -> Any:
    def opener(path: str | Path, **kw: Any) -> Database:
        db = open_db(path, **kw)
        pages = int(db.execute("PRAGMA page_count").fetchone()[0])
        db.execute(f"PRAGMA max_page_count = {max(pages, 1) + growth}")
        return db

    return opener


def run(argv: list[str]) -> None:
    board, rest = argv[0], argv[1:]
    if rest[:1] == ["--max-pages-growth"]:
        scrape_module.open_db = _full_disk(int(rest[1]))  # type: ignore[attr-defined]
        rest = rest[2:]
    fake = _Clock()

    def options() -> dict[str, Any]:
        return {
            "allow_loopback": True,
            "base_urls": base_urls(board),
            "clock": fake.clock,
            "sleep": fake.sleep,
        }

    scrape_module.client_options = options
    sys.argv = ["archbot", *rest]
    main()


if __name__ == "__main__":
    run(sys.argv[1:])
