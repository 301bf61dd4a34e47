"""Database calls from the event loop, run on one dedicated thread.

SQLite calls are fast, but a write can wait on another process's lock for up to the busy
timeout; running them on a worker thread keeps the gateway heartbeat and every other
interaction moving. One thread owns the connection, so calls are naturally serialised.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from store import Database, migrate, open_db

P = ParamSpec("P")
T = TypeVar("T")


class DbRunner:
    def __init__(self, path: Path) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="archbot-db")
        self._db: Database | None = None
        self._path = path

    def _open(self) -> None:
        self._db = open_db(self._path)
        migrate(self._db)

    async def start(self) -> None:
        await asyncio.get_running_loop().run_in_executor(self._executor, self._open)

    async def __call__(
        self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        if self._db is None:
            raise RuntimeError("DbRunner.start() was not awaited")
        call = partial(fn, self._db, *args, **kwargs)
        return await asyncio.get_running_loop().run_in_executor(self._executor, call)

    async def close(self) -> None:
        def _close() -> None:
            if self._db is not None:
                self._db.close()
                self._db = None

        await asyncio.get_running_loop().run_in_executor(self._executor, _close)
        self._executor.shutdown(wait=True)
