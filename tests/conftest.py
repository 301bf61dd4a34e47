"""Fixtures shared by every suite: an isolated environment and a real SQLite file per test."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from archbot.settings import Settings
from scrapers import KINDS, ClientConfig, PoliteClient
from store import Database, migrate, open_db
from tests.jobboard import JobBoard

SETTING_NAMES = [name.upper() for name in Settings.model_fields]


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's own settings or .env."""
    for name in SETTING_NAMES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "archbot.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_db(db_path)
    migrate(database)
    yield database
    database.close()


# ---- job scraping: a local job-board server, injected time and a polite client ----


class FakeTime:
    """A clock that moves only when something sleeps: politeness without real waiting."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
async def jobboard() -> AsyncIterator[JobBoard]:
    board = JobBoard()
    await board.start()
    yield board
    await board.stop()


def make_config(**overrides: Any) -> ClientConfig:
    """Polite defaults, with short real time-outs so a fault test never waits long."""
    values: dict[str, Any] = {
        "user_agent": "ai-architect-bot-tests/0.1 (+https://example.org/contact)",
        "connect_timeout": 2.0,
        "read_timeout": 2.0,
        "total_timeout": 5.0,
        "retries": 2,
    }
    values.update(overrides)
    return ClientConfig(**values)


def base_urls(board: JobBoard) -> dict[str, str]:
    """Every kind pointed at the local server (templated hosts become path segments)."""
    return {
        kind: f"{board.url}/{kind}/{{key}}"
        if kind in {"recruitee", "personio"}
        else f"{board.url}/{kind}"
        for kind in KINDS
    }


@pytest.fixture
def client_factory(
    fake_time: FakeTime,
) -> Callable[..., PoliteClient]:
    def make(**overrides: Any) -> PoliteClient:
        return PoliteClient(
            make_config(**overrides),
            allow_loopback=True,
            clock=fake_time.clock,
            sleep=fake_time.sleep,
            rand=lambda: 0.5,
        )

    return make


@pytest.fixture
def jobboard_thread() -> Iterator[JobBoard]:
    """The job board on its own loop in a thread, for sync tests that call the CLI (which
    runs its own event loop with asyncio.run)."""
    loop = asyncio.new_event_loop()
    board = JobBoard()
    ready = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(board.start())
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert ready.wait(10)
    yield board
    asyncio.run_coroutine_threadsafe(board.stop(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()
