"""A plain discord.py bot written for these tests (not the project's bot), and a runner.

It exercises what a real bot does: slash commands with options, groups and autocomplete,
views with a button and a select, a modal, deferrals, ephemeral replies and files. Events the
tests wait on are asyncio.Events, so no test ever sleeps to let the client catch up.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import struct
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import discord
from discord import app_commands
from discord.ext import commands

from discord_emulator import Emulator

ZONES = ["Europe/Paris", "Europe/London", "America/New_York", "Asia/Tokyo"]


def tiny_png(width: int = 3, height: int = 2) -> bytes:
    """A valid PNG of the given size, built by hand so tests need no imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


class Panel(discord.ui.View):
    """A counter button and a select menu."""

    def __init__(self) -> None:
        super().__init__(timeout=None)
        self.count = 0

    @discord.ui.button(label="+1", custom_id="panel:inc", style=discord.ButtonStyle.primary)
    async def inc(self, interaction: discord.Interaction, button: discord.ui.Button[Panel]) -> None:
        self.count += 1
        await interaction.response.edit_message(content=f"count={self.count}", view=self)

    @discord.ui.select(
        custom_id="panel:pick",
        min_values=1,
        max_values=2,
        options=[discord.SelectOption(label=z, value=z) for z in ZONES],
    )
    async def pick(
        self, interaction: discord.Interaction, select: discord.ui.Select[Panel]
    ) -> None:
        await interaction.response.send_message(f"picked {','.join(select.values)}", ephemeral=True)


class Toucher(discord.ui.View):
    """A button whose handler defers an update, then edits the message by the channel route."""

    @discord.ui.button(label="touch", custom_id="touch:go")
    async def go(
        self, interaction: discord.Interaction, button: discord.ui.Button[Toucher]
    ) -> None:
        await interaction.response.defer()
        assert interaction.message is not None
        await interaction.message.edit(content="touched")


class Ask(discord.ui.Modal, title="A question"):
    """A modal with one required and one optional text field."""

    answer: discord.ui.TextInput[Ask] = discord.ui.TextInput(
        label="Your answer", custom_id="ask:answer", max_length=50
    )
    note: discord.ui.TextInput[Ask] = discord.ui.TextInput(
        label="A note", custom_id="ask:note", required=False, style=discord.TextStyle.paragraph
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            f"answer={self.answer.value} note={self.note.value}"
        )


class TestBot(commands.Bot):
    """The test bot. `events` fire as the gateway delivers things; `errors` collects failures."""

    __test__ = False

    def __init__(self, *, guild_id: int | None = None, intents: discord.Intents | None = None):
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents or discord.Intents.default(),
            guild_ready_timeout=0.05,
            allowed_mentions=discord.AllowedMentions.none(),
        )
        self.sync_guild_id = guild_id
        self.errors: list[BaseException] = []
        self.failed = asyncio.Event()
        self.release = asyncio.Event()
        self.started = asyncio.Event()
        self.resumed = asyncio.Event()
        self.readies = 0
        self.created_channels: asyncio.Queue[discord.abc.GuildChannel] = asyncio.Queue()
        self.deleted_channels: asyncio.Queue[discord.abc.GuildChannel] = asyncio.Queue()
        self.joined: asyncio.Queue[discord.Guild] = asyncio.Queue()
        self.removed: asyncio.Queue[discord.Guild] = asyncio.Queue()
        self._add_commands()

    async def setup_hook(self) -> None:
        self.add_view(Panel())
        if self.sync_guild_id is not None:
            guild = discord.Object(self.sync_guild_id)
            self.tree.copy_global_to(guild=guild)
            await self.tree.sync(guild=guild)
        else:
            await self.tree.sync()

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """discord.py waits 5 s before each re-IDENTIFY (the identify limit); tests skip it."""

    async def on_ready(self) -> None:
        self.readies += 1

    async def on_resumed(self) -> None:
        self.resumed.set()

    async def on_guild_channel_create(self, channel: discord.abc.GuildChannel) -> None:
        self.created_channels.put_nowait(channel)

    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        self.deleted_channels.put_nowait(channel)

    async def on_guild_join(self, guild: discord.Guild) -> None:
        self.joined.put_nowait(guild)

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        self.removed.put_nowait(guild)

    def _add_commands(self) -> None:
        tree = self.tree

        async def on_error(
            interaction: discord.Interaction, error: app_commands.AppCommandError
        ) -> None:
            self.errors.append(getattr(error, "original", error))
            self.failed.set()

        tree.on_error = on_error  # type: ignore[method-assign]

        @tree.command(description="Repeat some text")
        @app_commands.describe(text="what to say", times="how often", who="for whom")
        async def echo(
            interaction: discord.Interaction,
            text: str,
            times: app_commands.Range[int, 1, 5] = 1,
            who: discord.Member | None = None,
        ) -> None:
            target = who.display_name if who is not None else "nobody"
            await interaction.response.send_message(f"{text * times} for {target}")

        road = app_commands.Group(name="road", description="The roadmap")
        deep = app_commands.Group(name="deep", description="Deeper", parent=road)

        @road.command(description="Show a step")
        async def show(
            interaction: discord.Interaction, step: app_commands.Range[int, 1, 11]
        ) -> None:
            await interaction.response.send_message(f"step {step}")

        @deep.command(description="A topic")
        async def topic(interaction: discord.Interaction, name: str, done: bool = False) -> None:
            await interaction.response.send_message(f"topic {name} done={done}")

        tree.add_command(road)

        @tree.command(description="Pick a time zone")
        async def zone(interaction: discord.Interaction, tz: str) -> None:
            await interaction.response.send_message(f"zone {tz}")

        @zone.autocomplete("tz")
        async def zone_complete(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            return [
                app_commands.Choice(name=z, value=z) for z in ZONES if current.lower() in z.lower()
            ]

        @tree.command(description="A panel with a button and a select")
        async def panel(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("count=0", view=Panel())

        @tree.command(description="Ask something in a modal")
        async def ask(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(Ask())

        @tree.command(description="Think, follow up, then edit")
        async def slow(interaction: discord.Interaction, private: bool = False) -> None:
            await interaction.response.defer(thinking=True, ephemeral=private)
            await interaction.followup.send("working")
            await interaction.edit_original_response(content="done")

        @tree.command(description="Answer only once released")
        async def late(interaction: discord.Interaction) -> None:
            self.started.set()
            await self.release.wait()
            await interaction.response.send_message("finally")

        @tree.command(description="An ephemeral reply")
        async def secret(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("only you", ephemeral=True)

        @tree.command(description="A picture")
        async def card(interaction: discord.Interaction) -> None:
            file = discord.File(io.BytesIO(tiny_png()), filename="card.png")
            embed = discord.Embed(title="Progress").set_image(url="attachment://card.png")
            await interaction.response.send_message(embed=embed, file=file)

        @tree.command(description="Admins only")
        @app_commands.default_permissions(manage_guild=True)
        async def settings(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("settings")

        @tree.command(description="What may I do here")
        async def perms(interaction: discord.Interaction) -> None:
            user_perms = interaction.permissions
            bot_perms = interaction.app_permissions
            await interaction.response.send_message(
                f"manage={user_perms.manage_guild} bot_send={bot_perms.send_messages} "
                f"locale={interaction.locale.value} guild={interaction.guild_id}"
            )

        @tree.command(description="Ping everyone (for mention tests)")
        async def shout(interaction: discord.Interaction, careful: bool = True) -> None:
            mentions = discord.AllowedMentions.none() if careful else discord.AllowedMentions.all()
            await interaction.response.send_message("@everyone hello", allowed_mentions=mentions)

        @tree.command(description="Reply, follow up, edit the follow-up, delete the reply")
        async def tidy(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("first")
            second = await interaction.followup.send("second", wait=True)
            await second.edit(content="second, edited")
            await interaction.delete_original_response()

        @tree.command(description="Defer an update, then edit the message through the channel")
        async def touch(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("untouched", view=Toucher())

        @tree.command(description="Too long a reply")
        async def essay(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("x" * 2001)


@asynccontextmanager
async def running(
    bot: discord.Client, emu: Emulator, *, limit: float = 10.0
) -> AsyncIterator[None]:
    """Log the bot in, connect it, wait for on_ready and the emulator's view of readiness."""
    await bot.login(emu.bot_token)
    task = asyncio.create_task(bot.connect(reconnect=True))
    try:
        ready = asyncio.create_task(bot.wait_until_ready())
        done, _ = await asyncio.wait(
            {task, ready}, timeout=limit, return_when=asyncio.FIRST_COMPLETED
        )
        if ready not in done:
            ready.cancel()
            if task in done:
                task.result()
            raise TimeoutError("the bot never became ready")
        await emu.wait_until_ready(timeout=limit)
        yield
    finally:
        await bot.close()
        with contextlib.suppress(asyncio.CancelledError, discord.ConnectionClosed):
            await asyncio.wait_for(task, timeout=limit)
