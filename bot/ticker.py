"""A background loop that calls a tick function every few seconds once the bot is ready.

The daily tip, the quiz timer and the alert sender all work this way: the loop is the only
part that knows about real time, so tests leave it off and call `tick()` with a chosen clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from discord.ext import commands

log = logging.getLogger("archbot.bot.ticker")


class Ticker:
    def __init__(
        self,
        bot: commands.Bot,
        name: str,
        interval: float,
        tick: Callable[[], Awaitable[object]],
    ) -> None:
        self.bot = bot
        self.name = name
        self.interval = interval
        self.tick = tick
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start the loop; an interval of 0 leaves it off (tests tick by hand)."""
        if self.interval > 0 and self._task is None:
            self._task = asyncio.create_task(self._loop(), name=f"archbot-{self.name}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _loop(self) -> None:
        await self.bot.wait_until_ready()
        while not self.bot.is_closed():
            try:
                await self.tick()
            except Exception:
                log.exception("%s tick failed; will try again next tick", self.name)
            await asyncio.sleep(self.interval)
