"""Plain values the bot needs, handed over by archbot/ (the bot never reads the environment)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from content import DATA_DIR


@dataclass(frozen=True)
class BotConfig:
    api_base: str = "https://discord.com/api/v10"
    gateway_url: str = "wss://gateway.discord.gg"
    dev_guild_id: int | None = None
    daily_tip_grace: timedelta = timedelta(hours=2)
    # How often the daily-tip scheduler looks for due servers; 0 turns the loop off (tests tick
    # it by hand with a chosen clock).
    daily_tick_seconds: float = 30.0
    # How often the quiz timer closes questions whose time is up; 0 turns the loop off.
    quiz_tick_seconds: float = 1.0
    # Sends per second for the daily fan-out, kept under Discord's global 50 requests/s.
    fanout_per_second: float = 45.0
    fanout_concurrency: int = 16
    guild_ready_timeout: float = 2.0
    instance_name: str = "archbot"
    # Job-match digests by DM: a global pace (Discord quarantines bots that open many DMs
    # quickly), how often the sender looks for due members (0 turns the loop off: tests tick it
    # by hand), and how many postings one digest shows at most.
    alert_dms_per_minute: int = 20
    alert_tick_seconds: float = 60.0
    alert_digest_size: int = 5
    # Where the shipped content lives; server-added tips are validated against it.
    content_dir: Path = DATA_DIR
