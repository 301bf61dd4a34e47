"""Posting each server's weekly market pulse at its local weekday and time, exactly once.

The daily tip's machinery, reused: the slot comes from `bot.schedule.due_slot` with a one-day
mask (local wall-clock time, so daylight-saving changes move the UTC instant, not the local
time), the post is claimed in the store before it is sent (`store.pulse_settings.claim_pulse`,
the daily tip's claim statement on its own table), sends are paced by the same token bucket
rules (`bot.slot_poster`), and a tick takes the clock it is given so tests drive it with
chosen instants.
"""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import datetime, timedelta

import discord
from discord.ext import commands

from bot.daily_plan import stale_claim_cutoff
from bot.market_service import MarketService, load_market, market_of
from bot.render.market_cards import render_pulse_chart
from bot.render.pulse import PULSE_IMAGE, pulse_embed
from bot.schedule import Slot
from bot.services import Services
from bot.slot_poster import SlotPoster, TickReport, describe_send_error, send_paced
from content import Content
from matcher.pulse import PULSE_BASELINE_WEEKS, Pulse, compute_pulse
from matcher.roles import DEFAULT_FOCUS
from matcher.taxonomy import taxonomy_of
from store import Database
from store import pulse_settings as pulses
from store.pulse_settings import PulseSettings

log = logging.getLogger("archbot.bot.pulse")


def _window(week_end: datetime) -> tuple[datetime, datetime]:
    start = week_end - timedelta(days=7)
    return start, start - timedelta(weeks=PULSE_BASELINE_WEEKS)


def week_pulse(db: Database, content: Content, week_end: datetime) -> Pulse:
    """The pulse of the seven days before `week_end`, read from the database (CPU-bound: run
    it off the loop)."""
    start, since = _window(week_end)
    postings = load_market(db, since, DEFAULT_FOCUS)
    return compute_pulse(postings, taxonomy_of(content.skills), start, DEFAULT_FOCUS)


def pulse_from_market(market: MarketService, week_end: datetime) -> Pulse | None:
    """The same figures from the postings the market tables were last built from, when those
    cover the pulse's five weeks (they hold the last eight); None when they do not."""
    start, since = _window(week_end)
    if market.tables is None or market.built_since is None or market.built_since > since:
        return None
    if market.built_at is None or week_end > market.built_at + timedelta(hours=1):
        return None
    return compute_pulse(market.postings, market.taxonomy, start, DEFAULT_FOCUS)


class PulsePoster(SlotPoster):
    def __init__(self, bot: commands.Bot, services: Services) -> None:
        super().__init__(bot, services, "market-pulse")

    def _due(self, settings: PulseSettings, now: datetime) -> Slot | None:
        return self.due_at(
            settings.guild_id,
            settings.timezone,
            settings.post_time,
            1 << settings.weekday,
            now,
            what="pulse schedule",
            log=log,
        )

    async def tick(self, now: datetime) -> TickReport:
        db = self.services.db
        await db(pulses.expire_stale_pulses, stale_claim_cutoff(now), now)
        due = [
            (s, slot)
            for s in await db(pulses.enabled_pulse_guilds)
            if (slot := self._due(s, now)) is not None
        ]
        todo = await self.not_posted(due, pulses.pulsed_dates)
        report = TickReport(due=len(todo))
        figures: dict[datetime, asyncio.Task[Pulse]] = {}
        await asyncio.gather(*(self._post(s, slot, now, report, figures) for s, slot in todo))
        if report.sent or report.failed:
            log.info("market pulse: %d sent, %d failed", report.sent, report.failed)
        return report

    async def _figures(
        self, week_end: datetime, cache: dict[datetime, asyncio.Task[Pulse]]
    ) -> Pulse:
        """One computation per week end and tick, however many servers share it."""
        if week_end not in cache:
            cache[week_end] = asyncio.ensure_future(self._compute(week_end))
        return await cache[week_end]

    async def _compute(self, week_end: datetime) -> Pulse:
        market = market_of(self.services)
        await market.current(self.services.db)
        found = await asyncio.to_thread(pulse_from_market, market, week_end)
        if found is not None:
            return found
        return await self.services.db(week_pulse, self.services.content, week_end)

    async def _post(
        self,
        settings: PulseSettings,
        slot: Slot,
        now: datetime,
        report: TickReport,
        cache: dict[datetime, asyncio.Task[Pulse]],
    ) -> None:
        async with self.limit:
            channel_id = settings.channel_id
            assert channel_id is not None
            local_date = slot.local_date.isoformat()
            won = await self.services.db(
                pulses.claim_pulse,
                guild_id=settings.guild_id,
                local_date=local_date,
                slot_utc=slot.at_utc,
                channel_id=channel_id,
                claimer=self.services.config.instance_name,
                now=now,
            )
            if not won:
                report.skipped += 1
                return
            error: str | None = None
            message_id: int | None = None
            try:
                pulse = await self._figures(slot.at_utc, cache)
                chart = await asyncio.to_thread(render_pulse_chart, pulse)
                channel = self.bot.get_partial_messageable(channel_id, guild_id=settings.guild_id)
                message = await send_paced(
                    self.bucket,
                    channel,
                    pulse_embed(pulse),
                    lambda: [discord.File(io.BytesIO(chart), filename=PULSE_IMAGE)],
                )
                message_id = message.id
            except discord.HTTPException as exc:
                error = describe_send_error(exc, "/settings pulse")
            except Exception:
                log.exception(
                    "the market pulse of guild %s could not be computed", settings.guild_id
                )
                error = "the figures could not be computed; the log has the details"
            if error is not None:
                report.failed += 1
                report.errors[settings.guild_id] = error
            else:
                report.sent += 1
            await self.services.db(
                pulses.finish_pulse,
                settings.guild_id,
                local_date,
                self.services.now(),
                message_id=message_id,
                error=error,
            )
