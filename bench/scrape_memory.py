"""The child process of the scrape benchmark's memory part (not a benchmark of its own).

`python -m bench.scrape_memory BOARD_URL PATH...` scrapes each career page PATH of the local
job board in ONE run_scrape pass (into a throw-away database) and prints, as JSON, the
process's resident memory before the scrape and at its peak: a separate process, so that the
peak belongs to this scrape alone and includes what C parsers allocate (tracemalloc does not
see lexbor's or libxml2's memory).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import resource
import sys
import tempfile
from pathlib import Path

from archbot.scraping import run_scrape
from scrapers import ClientConfig, SourceSpec
from store import list_postings, migrate, open_db


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # not Linux: lifetime peak


def _reset_peak() -> None:
    """Start the peak (VmHWM) afresh, so start-up (imports, content) is not counted."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


async def _scrape(board: str, paths: list[str]) -> dict[str, object]:
    config = ClientConfig(
        user_agent="ai-architect-bot-bench/0.1 (+https://example.org/bench)",
        requests_per_second=100.0,
        total_timeout=300.0,
        read_timeout=300.0,
    )
    sources = [SourceSpec("jsonld", f"{board}{path}", "Bench Co") for path in paths]
    with tempfile.TemporaryDirectory() as folder:
        db = open_db(Path(folder) / "memory.db")
        migrate(db)
        _reset_peak()
        idle = _status_kb("VmRSS")
        summaries = await run_scrape(db, sources, config, allow_loopback=True)
        peak = _status_kb("VmHWM")
        stored = len(list_postings(db))
        db.close()
    return {
        "idle_kb": idle,
        "peak_kb": peak,
        "statuses": [s.status for s in summaries],
        "errors": [s.error for s in summaries if s.error],
        "stored": stored,
    }


def main() -> None:
    print(json.dumps(asyncio.run(_scrape(sys.argv[1], sys.argv[2:]))))


if __name__ == "__main__":
    main()
