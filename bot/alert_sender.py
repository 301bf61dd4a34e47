"""Sending job-match digests by DM: due members only, claim before send, paced globally.

Discord quarantines bots that open many DMs quickly, so every DM waits for a token from one
bucket filled at ALERT_DMS_PER_MINUTE, and each member gets at most one digest per window (see
`bot.digest`). A digest's postings are claimed in the store before the DM is sent, so a posting
is never sent to a member twice. If the process stops between the claim and recording the send,
the next sender looks in the member's DM history for the digest's buttons: found, it records the
send; not found, it releases the postings for the next digest. Nothing is repeated or lost.

A 403 with code 50007 (the member's DMs are closed) marks the member: no retries until they next
use a command, when `dm_notice` tells them how to open their DMs. A 400 (Discord refused the
message for its content) is answered with a plainer digest of the same postings, without links
or skill lists; refused again, those postings are dropped from alerts (they stay in /jobs)
rather than retried with the same content at every check.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import discord

from bot.alert_buttons import digest_id_of, digest_view
from bot.digest import is_due
from bot.job_view import job_view, skill_namer
from bot.match_reader import excluded_postings, explained_for, member_filters, with_facts
from bot.ratelimit import TokenBucket
from bot.render.jobs import CLOSED_DMS_HELP, DIGEST, bare_job_embed, digest_intro, job_embed
from bot.services import Services
from bot.ticker import Ticker
from matcher.taxonomy import taxonomy_of
from store import alerts
from store.alerts import Candidate, StaleClaim

if TYPE_CHECKING:
    from discord.ext import commands

log = logging.getLogger("archbot.bot.alerts")

CANNOT_DM = 50007
BAD_REQUEST = 400
HISTORY_LOOKBACK = 50
# A claim another sender left unfinished this long ago: that sender stopped mid-send.
STALE_CLAIM = timedelta(minutes=10)
MAX_DIGEST = 5  # the embed limits (bot.render.jobs.DIGEST) are sized for five


@dataclass
class SendReport:
    """What one tick did."""

    due: int = 0
    sent: int = 0
    closed: int = 0
    failed: int = 0
    recovered: int = 0
    released: int = 0


def _custom_ids(message: discord.Message) -> list[str]:
    found: list[str] = []
    for row in message.components:
        for child in getattr(row, "children", []):
            custom_id = getattr(child, "custom_id", None)
            if isinstance(custom_id, str):
                found.append(custom_id)
    return found


class AlertSender:
    def __init__(
        self, bot: commands.Bot, services: Services, *, bucket: TokenBucket | None = None
    ) -> None:
        self.bot = bot
        self.services = services
        config = services.config
        self.bucket = bucket or TokenBucket(config.alert_dms_per_minute / 60.0, burst=1)
        self.claimer = f"{config.instance_name}:{uuid.uuid4().hex[:12]}"
        self.ticker = Ticker(bot, "alerts", self.services.config.alert_tick_seconds, self.tick)

    async def tick(self, now: datetime | None = None) -> SendReport:
        """Resolve claims left by an earlier process, then send every due digest."""
        report = SendReport()
        await self.recover(report)
        moment = now or self.services.now()
        candidates = await self.services.db(alerts.alert_candidates, moment)
        due = [c for c in candidates if is_due(c.settings, c.zone, moment)]
        report.due = len(due)
        for candidate in due[: max(1, self.services.config.alert_dms_per_minute)]:
            await self._send(candidate, report)
        if report.sent or report.closed or report.failed or report.recovered:
            log.info(
                "alerts: %d digests sent, %d closed DMs, %d failed, %d recovered, %d released",
                report.sent,
                report.closed,
                report.failed,
                report.recovered,
                report.released,
            )
        return report

    async def _send(self, candidate: Candidate, report: SendReport) -> None:
        services = self.services
        settings = candidate.settings
        user_id = settings.user_id
        limit = max(1, min(services.config.alert_digest_size, MAX_DIGEST))
        prefs = await services.db(member_filters, user_id)
        hidden = await services.db(excluded_postings, prefs)
        jobs, total = await services.db(
            alerts.pending_alerts, user_id, settings.threshold, limit, hidden
        )
        if not jobs:
            return
        jobs = await services.db(explained_for, taxonomy_of(services.content.skills), user_id, jobs)
        jobs = await services.db(with_facts, prefs, jobs)
        await self.bucket.acquire()
        claim = await services.db(alerts.claim_digest, user_id, jobs, self.claimer, services.now())
        if claim is None:
            return
        digest_id, posting_ids = claim
        claimed = set(posting_ids)
        chosen = [j for j in jobs if j.posting_id in claimed]
        name = skill_namer(services.content)
        views = [job_view(j, name) for j in chosen]
        intro = digest_intro(len(chosen), total, settings.threshold)
        versions = [
            [job_embed(v, number=i, limits=DIGEST) for i, v in enumerate(views, 1)],
            [bare_job_embed(v, number=i) for i, v in enumerate(views, 1)],
        ]
        try:
            channel = await self.bot.create_dm(discord.Object(id=user_id))
            message = await self._post(channel, intro, versions, digest_id)
            if message is None:
                # Refused for its content in every form: never retried with the same postings.
                await services.db(alerts.drop_digest, digest_id, services.now())
                report.failed += 1
                return
        except (discord.Forbidden, discord.NotFound) as exc:
            # 50007: the member's DMs are closed; 404: the account is gone. Either way, no
            # retries until they next use a command.
            if exc.code == CANNOT_DM or isinstance(exc, discord.NotFound):
                await services.db(alerts.mark_dms_closed, user_id, digest_id, services.now())
                report.closed += 1
                return
            await services.db(alerts.release_digest, digest_id)
            report.failed += 1
            return
        except discord.HTTPException as exc:
            log.warning("digest for %s not sent (%s); its postings wait", user_id, exc.status)
            await services.db(alerts.release_digest, digest_id)
            report.failed += 1
            return
        await services.db(alerts.finish_digest, digest_id, channel.id, message.id, services.now())
        report.sent += 1

    async def _post(
        self,
        channel: discord.DMChannel,
        intro: str,
        versions: list[list[discord.Embed]],
        digest_id: int,
    ) -> discord.Message | None:
        """Send the digest as rendered; if Discord refuses it for its content (400), send the
        plainer version next. None when every version was refused."""
        for attempt, embeds in enumerate(versions, 1):
            try:
                return await channel.send(
                    content=intro,
                    embeds=embeds,
                    view=digest_view(digest_id),
                    allowed_mentions=discord.AllowedMentions.none(),
                )
            except discord.HTTPException as exc:
                if exc.status != BAD_REQUEST:
                    raise
                log.warning(
                    "digest %s refused by Discord for its content (attempt %d of %d): %s",
                    digest_id,
                    attempt,
                    len(versions),
                    exc.text[:200],
                )
        return None

    async def recover(self, report: SendReport | None = None) -> None:
        """Settle claims a stopped sender left: record the DM if it went out, else release.

        Only claims older than STALE_CLAIM count, so a second live process's send in flight
        is never mistaken for an abandoned one."""
        cutoff = self.services.now() - STALE_CLAIM
        stale = await self.services.db(alerts.stale_claims, self.claimer, cutoff)
        for claim in stale:
            try:
                found = await self._find_digest(claim)
            except discord.HTTPException as exc:
                log.warning("cannot check digest %s (%s); will retry", claim.digest_id, exc.status)
                continue
            if found is None:
                await self.services.db(alerts.release_digest, claim.digest_id)
                if report:
                    report.released += 1
            else:
                channel_id, message_id = found
                await self.services.db(
                    alerts.finish_digest,
                    claim.digest_id,
                    channel_id,
                    message_id,
                    self.services.now(),
                )
                if report:
                    report.recovered += 1

    async def _find_digest(self, claim: StaleClaim) -> tuple[int, int] | None:
        """(channel, message) when the digest is in the member's DM history, else None.

        Raises HTTPException when the history cannot be read: the claim then waits."""
        channel = await self.bot.create_dm(discord.Object(id=claim.user_id))
        async for message in channel.history(limit=HISTORY_LOOKBACK):
            if self.bot.user is not None and message.author.id != self.bot.user.id:
                continue
            if digest_id_of(_custom_ids(message)) == claim.digest_id:
                return channel.id, message.id
        return None

    async def dm_notice(self, interaction: discord.Interaction[Any]) -> bool:
        """After a member's command: if their DMs were found closed, tell them how to fix it
        (once), and let the next digest try again. True when the notice was sent."""
        if not interaction.response.is_done():
            return False
        if interaction.response.type == discord.InteractionResponseType.modal:
            return False  # a modal cannot carry a follow-up; tell them next time
        user_id = interaction.user.id
        closed = await self.services.db(alerts.take_dms_closed, user_id)
        if closed is None:
            return False
        try:
            await interaction.followup.send(CLOSED_DMS_HELP, ephemeral=True)
        except discord.HTTPException:
            await self.services.db(alerts.restore_dms_closed, user_id, closed)
            return False
        return True
