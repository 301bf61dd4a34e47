"""The baseline of the scale benchmark: a bare discord.py bot with one slash command, `/ping`,
started as its own process against the same emulator. It reads the same settings the real bot
reads (DISCORD_TOKEN, DISCORD_API_BASE, DISCORD_GATEWAY_URL, DEV_GUILD_ID) and nothing else."""

from __future__ import annotations

import asyncio
import os
from typing import Any

import discord
from discord import app_commands

from discord_emulator.pointing import pointed_at


class Bare(discord.Client):
    def __init__(self, guild_id: int) -> None:
        super().__init__(intents=discord.Intents.default())
        self.tree = app_commands.CommandTree(self)
        self.guild = discord.Object(id=guild_id)

        @self.tree.command(name="ping", description="Answer at once")
        async def ping(interaction: discord.Interaction[Any]) -> None:
            await interaction.response.send_message("pong", ephemeral=True)

    async def setup_hook(self) -> None:
        self.tree.copy_global_to(guild=self.guild)
        await self.tree.sync(guild=self.guild)


async def main() -> None:
    with pointed_at(os.environ["DISCORD_API_BASE"], os.environ["DISCORD_GATEWAY_URL"]):
        async with Bare(int(os.environ["DEV_GUILD_ID"])) as client:
            await client.start(os.environ["DISCORD_TOKEN"])


if __name__ == "__main__":
    asyncio.run(main())
