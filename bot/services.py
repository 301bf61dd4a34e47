"""What every cog needs, bundled once: the database runner, the content, a clock and randomness.

Cogs reach it through `interaction.client.services`, so tests and the demo can substitute a
fixed clock or seed without touching Discord objects.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.config import BotConfig
from bot.dbrunner import DbRunner
from content import Content

if TYPE_CHECKING:
    from bot.market_service import MarketService
    from bot.match_engine import MatchEngine


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    db: DbRunner
    content: Content
    config: BotConfig = field(default_factory=BotConfig)
    clock: Callable[[], datetime] = utc_now
    rng: random.Random = field(default_factory=random.Random)
    # The running match index; the bot creates it from the taxonomy when none is given.
    matching: MatchEngine | None = None
    # The plan's per-role tables; created on first use (bot.cogs.plan.market_of).
    market: MarketService | None = None

    def now(self) -> datetime:
        return self.clock()


def services_of(client: object) -> Services:
    """The services of the bot behind an interaction (`interaction.client`)."""
    found = getattr(client, "services", None)
    if not isinstance(found, Services):
        raise RuntimeError("this client carries no archbot services")
    return found
