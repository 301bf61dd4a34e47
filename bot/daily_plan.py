"""What a server's next daily tip will be and when, shared by /settings and the poster.

Kept Discord-free: it reads the store and the content and returns plain values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.schedule import Slot, next_slot, parse_time
from bot.tip_picker import ServerTip, TipLike, pick_for_server, unused_count
from content import Content
from store import Database, guilds
from store import daily_tips as posts
from store.guilds import GuildSettings


@dataclass(frozen=True)
class DailyPlan:
    settings: GuildSettings
    next_slot: Slot | None
    next_tip: TipLike | None
    unused_in_cycle: int
    pool_size: int
    last_post: posts.DailyPost | None
    own_tips: int


def server_pool(db: Database, content: Content, guild_id: int) -> list[TipLike]:
    own = guilds.guild_tips(db, guild_id)
    return [*content.tips, *(ServerTip(t.tip_id, t.step, t.topic, t.text) for t in own)]


def plan_for(db: Database, content: Content, guild_id: int, now: datetime) -> DailyPlan:
    settings = guilds.guild_settings(db, guild_id)
    pool = server_pool(db, content, guild_id)
    counts = posts.tip_use_counts(db, guild_id)
    zone = ZoneInfo(settings.timezone)
    slot = next_slot(now, parse_time(settings.tip_time), zone, settings.tip_days)
    # The next tip as the poster will choose it: if today's post is still to come and the next
    # slot is later, the poster's choice accounts for today's first.
    tip = pick_for_server(pool, counts, guild_id, slot.local_date.isoformat()) if slot else None
    return DailyPlan(
        settings=settings,
        next_slot=slot,
        next_tip=tip,
        unused_in_cycle=unused_count(pool, counts),
        pool_size=len(pool),
        last_post=posts.last_daily_post(db, guild_id),
        own_tips=len(pool) - len(content.tips),
    )


def stale_claim_cutoff(now: datetime) -> datetime:
    """A claim older than this was never confirmed: the process stopped between claim and send."""
    return now - timedelta(minutes=15)


def claim_next_tip(
    db: Database,
    content: Content,
    *,
    guild_id: int,
    local_date: str,
    slot_utc: datetime,
    channel_id: int,
    claimer: str,
    now: datetime,
) -> TipLike | None:
    """Choose the server's next tip and claim the day's post in one transaction.

    Returns the tip only to the caller whose claim won; everyone else gets None and sends nothing.
    """
    from store import transaction

    with transaction(db):
        pool = server_pool(db, content, guild_id)
        counts = posts.tip_use_counts(db, guild_id)
        tip = pick_for_server(pool, counts, guild_id, local_date)
        if tip is None:
            return None
        won = posts.claim_daily_tip(
            db,
            guild_id=guild_id,
            local_date=local_date,
            slot_utc=slot_utc,
            tip_id=tip.id,
            channel_id=channel_id,
            claimer=claimer,
            now=now,
        )
    return tip if won else None
