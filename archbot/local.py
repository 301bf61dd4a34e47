"""Running the real bot against the local Discord emulator: the guided tour, the tests and the
benchmarks all start it the same way, through here."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import discord

from bot.client import ArchBot
from bot.config import BotConfig
from bot.dbrunner import DbRunner
from bot.services import Services
from content import Content, load_content
from discord_emulator import Emulator
from discord_emulator.pointing import pointed_at


@dataclass
class ManualClock:
    """A clock that only moves when told to: schedules are tested at chosen instants."""

    now: datetime = datetime(2026, 6, 1, 6, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def set(self, moment: datetime) -> None:
        self.now = moment

    def advance(self, delta: timedelta) -> None:
        self.now += delta


class LocalBot(ArchBot):
    """The production bot, minus discord.py's 5-second pause before a re-identify."""

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None


def local_config(emu: Emulator, guild_id: int | None, **overrides: object) -> BotConfig:
    config = BotConfig(
        api_base=emu.api_base,
        gateway_url=emu.gateway_url,
        dev_guild_id=guild_id,
        daily_tick_seconds=0,
        quiz_tick_seconds=0,
        alert_tick_seconds=0,
        guild_ready_timeout=0.05,
    )
    return replace(config, **overrides)  # type: ignore[arg-type]


@contextlib.asynccontextmanager
async def running_bot(
    emu: Emulator,
    db_path: Path,
    *,
    guild_id: int | None,
    clock: Callable[[], datetime] | None = None,
    content: Content | None = None,
    limit: float = 15.0,
    bot_class: type[LocalBot] = LocalBot,
    **config: object,
) -> AsyncIterator[LocalBot]:
    """Start the bot on `db_path` against `emu`, wait until it is ready and its commands are
    synced, and stop it cleanly afterwards (even when the block fails)."""
    db = DbRunner(db_path)
    await db.start()
    services = Services(
        db=db,
        content=content or load_content(),
        config=local_config(emu, guild_id, **config),
    )
    if clock is not None:
        services.clock = clock
    bot = bot_class(services)
    task: asyncio.Task[None] | None = None
    with pointed_at(emu.api_base, emu.gateway_url):
        try:
            await bot.login(emu.bot_token)
            task = asyncio.create_task(bot.connect(reconnect=True))
            ready = asyncio.create_task(bot.wait_until_ready())
            done, _ = await asyncio.wait(
                {task, ready}, timeout=limit, return_when="FIRST_COMPLETED"
            )
            if ready not in done:
                ready.cancel()
                if task in done:
                    task.result()
                raise TimeoutError("the bot did not become ready against the emulator")
            await emu.wait_until_ready(timeout=limit)
            if guild_id is not None:
                await emu.wait_for_commands(guild_id, timeout=limit)
            yield bot
        finally:
            await bot.close()
            if task is not None:
                with contextlib.suppress(asyncio.CancelledError, discord.ConnectionClosed):
                    await asyncio.wait_for(task, timeout=limit)
            await db.close()
