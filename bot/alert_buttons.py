"""The Pause and Stop buttons every digest carries.

They are DynamicItems: the custom id holds the digest id (which also lets a restarted sender
recognise a digest it sent but could not record), so they work in old DMs after any restart.
They act on whoever presses them, which in a DM is the member the digest was sent to.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.digest import PAUSE_FOR
from bot.errors import reported
from bot.services import services_of
from bot.views import StaticView
from store import alerts

Interaction = discord.Interaction[Any]

MARKER = re.compile(r"^al:(?:pause|stop):(\d+)$")


def digest_view(digest_id: int) -> discord.ui.View:
    view = StaticView()
    view.add_item(PauseAlerts(digest_id))
    view.add_item(StopAlerts(digest_id))
    return view


def digest_id_of(custom_ids: list[str]) -> int | None:
    """The digest id a message's buttons carry, if it is a digest."""
    for custom_id in custom_ids:
        found = MARKER.match(custom_id)
        if found:
            return int(found.group(1))
    return None


class PauseAlerts(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"al:pause:(?P<digest>\d+)"
):
    def __init__(self, digest_id: int) -> None:
        self.digest_id = digest_id
        super().__init__(
            discord.ui.Button(
                label="Pause alerts for a week",
                style=discord.ButtonStyle.secondary,
                custom_id=f"al:pause:{digest_id}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> PauseAlerts:
        return cls(int(match["digest"]))

    @reported
    async def callback(self, interaction: Interaction) -> None:
        services = services_of(interaction.client)
        until = services.now() + PAUSE_FOR
        await services.db(
            alerts.update_alert_settings,
            interaction.user.id,
            services.now(),
            {"paused_until": until.isoformat()},
        )
        stamp = int(until.timestamp())
        await interaction.response.send_message(
            f"Job alerts are paused until <t:{stamp}:F>. Matches found meanwhile wait for "
            "your next digest; `/alerts on` resumes now, `/alerts off` stops them.",
            ephemeral=True,
        )


class StopAlerts(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"al:stop:(?P<digest>\d+)"
):
    def __init__(self, digest_id: int) -> None:
        self.digest_id = digest_id
        super().__init__(
            discord.ui.Button(
                label="Stop alerts",
                style=discord.ButtonStyle.danger,
                custom_id=f"al:stop:{digest_id}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> StopAlerts:
        return cls(int(match["digest"]))

    @reported
    async def callback(self, interaction: Interaction) -> None:
        services = services_of(interaction.client)
        await services.db(
            alerts.update_alert_settings,
            interaction.user.id,
            services.now(),
            {"enabled": False, "paused_until": None},
        )
        await interaction.response.send_message(
            "Job alerts are off: I will not send you any more digests. `/alerts on` turns "
            "them back on; `/jobs` still shows your matches.",
            ephemeral=True,
        )


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (PauseAlerts, StopAlerts)
