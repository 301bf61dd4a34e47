"""The quiz clock: closes questions whose time is up and moves group rounds along.

A tick reads the clock it is given (services.now() by default), so tests drive it with a
ManualClock and an explicit `await timer.tick()`; in production a loop calls it every
`quiz_tick_seconds`. Everything a tick needs is in SQLite, so the first tick after a restart
picks up where the last process stopped: overdue solo questions close, overdue round
questions are scored and revealed, unposted round questions are posted.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import discord

from bot.cogs import quiz_round
from bot.cogs.quiz_solo import after_view
from bot.quiz import round_flow, solo
from bot.render.quiz import expired_embed
from bot.services import Services
from bot.ticker import Ticker

if TYPE_CHECKING:
    from discord.ext import commands

log = logging.getLogger("archbot.bot.quiz")


@dataclass
class TickReport:
    expired: int = 0
    closed: int = 0
    posted: int = 0
    ended: int = 0


class QuizTimer:
    def __init__(self, bot: commands.Bot, services: Services) -> None:
        self.bot = bot
        self.services = services
        # Claims round questions for posting; a new process (a restart) has a new one, so it
        # takes over posts the old process claimed but never finished.
        self.instance = secrets.token_hex(6)
        self.ticker = Ticker(bot, "quiz-timer", self.services.config.quiz_tick_seconds, self.tick)
        self._lock = asyncio.Lock()

    async def tick(self, now: datetime | None = None) -> TickReport:
        """Do everything that is due at `now` (default: the services' clock).

        Messages in different channels are edited concurrently, so one channel waiting on its
        rate limit does not hold back the rounds of every other server.
        """
        async with self._lock:
            moment = now or self.services.now()
            report = TickReport()
            expired = await self.services.db(solo.expire_due, self.services.content, moment)
            report.expired = len(expired)
            due = await self.services.db(round_flow.due_rounds, moment, self.instance)
            await asyncio.gather(
                *(self._close_solo(item) for item in expired),
                *(self._advance_logged(round_id, moment, report) for round_id in due),
            )
            return report

    async def _close_solo(self, item: solo.Expired) -> None:
        ask = item.ask
        if ask.message_id is None or item.question is None:
            return
        channel = self.bot.get_partial_messageable(ask.channel_id, guild_id=ask.guild_id)
        embed = expired_embed(self.services.content, item.question, ask.order, owner_id=ask.user_id)
        try:
            await channel.get_partial_message(ask.message_id).edit(
                embed=embed, view=after_view(ask, item.question)
            )
        except discord.HTTPException as exc:
            log.info("could not close quiz message %s: %s", ask.message_id, exc)

    async def _advance_logged(self, round_id: int, now: datetime, report: TickReport) -> None:
        try:
            await self._advance(round_id, now, report)
        except Exception:
            log.exception("round %s could not advance; will retry", round_id)

    async def _advance(self, round_id: int, now: datetime, report: TickReport) -> None:
        result = await self.services.db(
            round_flow.advance,
            self.services.content,
            round_id=round_id,
            now=now,
            claimer=self.instance,
        )
        if result is None:
            return
        if isinstance(result, round_flow.PostNeeded):
            await quiz_round.post_question(
                self.bot, self.services, result.round, result.idx, result.question
            )
            report.posted += 1
            return
        report.closed += 1
        await quiz_round.reveal(self.bot, self.services, result)
        closed = result.closed
        if closed.next_idx is not None:
            await quiz_round.post_question(
                self.bot, self.services, result.round, closed.next_idx, result.next_question
            )
            report.posted += 1
        elif closed.end is not None:
            await quiz_round.announce_end(
                self.bot, result.round, closed.end.value, result.standings
            )
            report.ended += 1


def timer_of(client: object) -> QuizTimer:
    """The running bot's quiz timer (owned by the quiz cog)."""
    get_cog = getattr(client, "get_cog", None)
    cog = get_cog("QuizCog") if get_cog else None
    timer = getattr(cog, "timer", None)
    if not isinstance(timer, QuizTimer):
        raise RuntimeError("the quiz cog is not loaded")
    return timer
