"""Posting each server's daily tip at its local time: claim first, then send, paced.

A tick looks at the clock it is given, so tests and the guided tour drive it with chosen
instants; the background loop simply calls it with the real time every few seconds.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import TYPE_CHECKING

import discord

from bot.daily_plan import claim_next_tip, stale_claim_cutoff
from bot.render.tips import tip_embed
from bot.schedule import Slot
from bot.services import Services
from bot.slot_poster import SlotPoster, TickReport, describe_send_error, send_paced
from store import daily_tips, guilds
from store.guilds import GuildSettings

if TYPE_CHECKING:
    from discord.ext import commands

log = logging.getLogger("archbot.bot.daily")


class DailyTipPoster(SlotPoster):
    def __init__(self, bot: commands.Bot, services: Services) -> None:
        super().__init__(bot, services, "daily-tips")

    def _due(self, settings: GuildSettings, now: datetime) -> Slot | None:
        return self.due_at(
            settings.guild_id,
            settings.timezone,
            settings.tip_time,
            settings.tip_days,
            now,
            what="schedule",
            log=log,
        )

    async def tick(self, now: datetime) -> TickReport:
        db = self.services.db
        await db(daily_tips.expire_stale_claims, stale_claim_cutoff(now), now)
        candidates = await db(guilds.enabled_tip_guilds)
        due = [(s, slot) for s in candidates if (slot := self._due(s, now)) is not None]
        todo = await self.not_posted(due, daily_tips.posted_dates)
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
