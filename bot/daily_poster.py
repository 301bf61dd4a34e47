"""Posting each server's daily tip at its local time: claim first, then send, paced.

A tick looks at the clock it is given, so tests and the guided tour drive it with chosen
instants; the background loop simply calls it with the real time every few seconds.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import discord

from bot.daily_plan import claim_next_tip, stale_claim_cutoff
from bot.ratelimit import TokenBucket
from bot.render.tips import tip_embed
from bot.schedule import ScheduleInputError, Slot, due_slot, parse_time
from bot.services import Services
from bot.ticker import Ticker
from store import daily_tips, guilds
from store.guilds import GuildSettings

if TYPE_CHECKING:
    from discord.ext import commands

log = logging.getLogger("archbot.bot.daily")

RATE_LIMIT_ATTEMPTS = 6


def _retry_after(exc: discord.HTTPException) -> float:
    try:
        return min(30.0, max(0.05, float(exc.response.headers.get("Retry-After", "1"))))
    except (TypeError, ValueError, AttributeError):
        return 1.0


@dataclass
class TickReport:
    due: int = 0
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    errors: dict[int, str] = field(default_factory=dict)


def describe_send_error(exc: discord.HTTPException, setting: str = "/settings daily-tip") -> str:
    """The admin-facing reason a post failed, phrased as what to fix."""
    if isinstance(exc, discord.NotFound):
        return f"the channel no longer exists; choose another with {setting}"
    if isinstance(exc, discord.Forbidden):
        return (
            "I am not allowed to post there (missing View Channel, Send Messages or Embed "
            "Links); give me those permissions in the channel or choose another one"
        )
    return f"Discord answered {exc.status}: {exc.text[:120] or 'no details'}"


async def send_paced(
    bucket: TokenBucket,
    channel: discord.PartialMessageable,
    embed: discord.Embed,
    files: Callable[[], list[discord.File]] | None = None,
) -> discord.Message:
    """Send under the fan-out pace; a 429 that outlasts discord.py's own retries slows the
    pace and is tried again, since a rate-limited request was never carried out. `files` makes
    fresh attachments for each attempt (a sent file cannot be read twice)."""
    for attempt in range(RATE_LIMIT_ATTEMPTS):
        await bucket.acquire()
        try:
            if files is None:
                message = await channel.send(
                    embed=embed, allowed_mentions=discord.AllowedMentions.none()
                )
            else:
                message = await channel.send(
                    embed=embed, files=files(), allowed_mentions=discord.AllowedMentions.none()
                )
        except discord.HTTPException as exc:
            if exc.status != 429 or attempt == RATE_LIMIT_ATTEMPTS - 1:
                raise
            bucket.slow_down()
            await asyncio.sleep(_retry_after(exc))
            continue
        bucket.recover()
        return message
    raise AssertionError("unreachable: the last attempt raises")


class DailyTipPoster:
    def __init__(self, bot: commands.Bot, services: Services) -> None:
        self.bot = bot
        self.services = services
        config = services.config
        self.bucket = TokenBucket(config.fanout_per_second, burst=5)
        self.limit = asyncio.Semaphore(config.fanout_concurrency)
        self.ticker = Ticker(
            bot,
            "daily-tips",
            self.services.config.daily_tick_seconds,
            lambda: self.tick(self.services.now()),
        )

    @property
    def window(self) -> timedelta:
        """The grace window, never shorter than two ticks, so a slot cannot fall between them."""
        tick = timedelta(seconds=self.services.config.daily_tick_seconds * 2)
        return max(self.services.config.daily_tip_grace, tick)

    def _due(self, settings: GuildSettings, now: datetime) -> Slot | None:
        try:
            zone = ZoneInfo(settings.timezone)
            at = parse_time(settings.tip_time)
        except (ZoneInfoNotFoundError, ScheduleInputError, ValueError):
            log.warning("guild %s has an unusable schedule; skipped", settings.guild_id)
            return None
        return due_slot(now, at, zone, settings.tip_days, self.window)

    async def tick(self, now: datetime) -> TickReport:
        db = self.services.db
        await db(daily_tips.expire_stale_claims, stale_claim_cutoff(now), now)
        candidates = await db(guilds.enabled_tip_guilds)
        due = [(s, slot) for s in candidates if (slot := self._due(s, now)) is not None]
        dates = sorted({slot.local_date.isoformat() for _, slot in due})
        done = await db(daily_tips.posted_dates, dates)
        todo = [
            (s, slot) for s, slot in due if (s.guild_id, slot.local_date.isoformat()) not in done
        ]
        report = TickReport(due=len(todo))
        await asyncio.gather(*(self._post(s, slot, now, report) for s, slot in todo))
        if report.sent or report.failed:
            log.info(
                "daily tips: %d sent, %d failed, %d skipped",
                report.sent,
                report.failed,
                report.skipped,
            )
        return report

    async def _post(
        self, settings: GuildSettings, slot: Slot, now: datetime, report: TickReport
    ) -> None:
        async with self.limit:
            channel_id = settings.tip_channel_id
            assert channel_id is not None
            local_date = slot.local_date.isoformat()
            tip = await self.services.db(
                claim_next_tip,
                self.services.content,
                guild_id=settings.guild_id,
                local_date=local_date,
                slot_utc=slot.at_utc,
                channel_id=channel_id,
                claimer=self.services.config.instance_name,
                now=now,
            )
            if tip is None:
                report.skipped += 1
                return
            channel = self.bot.get_partial_messageable(channel_id, guild_id=settings.guild_id)
            embed = tip_embed(self.services, tip, heading="Daily roadmap tip")
            try:
                message = await send_paced(self.bucket, channel, embed)
            except discord.HTTPException as exc:
                reason = describe_send_error(exc)
                report.failed += 1
                report.errors[settings.guild_id] = reason
                await self.services.db(
                    daily_tips.finish_daily_tip,
                    settings.guild_id,
                    local_date,
                    self.services.now(),
                    error=reason,
                )
                return
            report.sent += 1
            await self.services.db(
                daily_tips.finish_daily_tip,
                settings.guild_id,
                local_date,
                self.services.now(),
                message_id=message.id,
            )
