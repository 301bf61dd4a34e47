"""Starting the matching worker as a child process of the bot (`archbot run`).

Kept apart from `archbot.worker` so the bot process imports none of the worker's modules
(the scrapers, the index): it only starts the process and stops it with itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
from collections.abc import AsyncIterator, Mapping
from pathlib import Path

from archbot.settings import Settings

log = logging.getLogger("archbot.worker")


# Settings the worker needs, passed to the child process through its environment (the Discord
# token is not among them: the worker never talks to Discord).
WORKER_SETTINGS = (
    "database_path",
    "log_level",
    "http_user_agent",
    "scrape_interval_minutes",
    "scrape_requests_per_second",
    "scrape_concurrency",
    "scrape_timeout_seconds",
    "scrape_max_response_mb",
    "scrape_source_deadline_minutes",
    "scrape_pass_deadline_minutes",
)


def worker_environment(settings: Settings, base: Mapping[str, str]) -> dict[str, str]:
    env = {k: v for k, v in base.items() if k != "DISCORD_TOKEN"}
    for name in WORKER_SETTINGS:
        env[name.upper()] = str(getattr(settings, name))
    return env


@contextlib.asynccontextmanager
async def worker_process(settings: Settings) -> AsyncIterator[asyncio.subprocess.Process]:
    """The worker as a child process of the bot, stopped (SIGTERM, then SIGKILL) afterwards.
    It also stops by itself if the bot process dies without stopping it. Its settings come
    through its environment, which wins over any .env it reads."""
    command = [
        sys.executable,
        "-c",
        "from archbot.cli import main; main()",
        "worker",
        "--parent",
        str(os.getpid()),
    ]
    process = await asyncio.create_subprocess_exec(
        *command,
        env=worker_environment(settings, os.environ),
        stdin=asyncio.subprocess.DEVNULL,
        cwd=Path.cwd(),
    )
    log.info("matching worker started (pid %d)", process.pid)
    try:
        yield process
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), timeout=20)
            except TimeoutError:
                process.kill()
                await process.wait()
