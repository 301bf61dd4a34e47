"""The guided tour: `make run` on a fresh machine (no DISCORD_TOKEN) and `archbot demo`.

It starts the local Discord emulator, runs the real bot against it over HTTP and websockets on
127.0.0.1, and acts out a short session (a member studies, an admin sets the daily tip, the tip
fires), printing what each side sees. Nothing here is mocked: the same code serves Discord.
"""

from __future__ import annotations

import contextlib
import logging
import re
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archbot.local import LocalBot, ManualClock, running_bot
from bot.daily_plan import plan_for
from discord_emulator import Emulator, InteractionResult, Message

Echo = Callable[[str], None]

WIDTH = 96


_CHANNEL = re.compile(r"<#(\d+)>")
_USER = re.compile(r"<@!?(\d+)>")
_STAMP = re.compile(r"<t:(\d+)(?::([A-Za-z]))?>")
_channel_names: dict[int, str] = {}
user_names: dict[int, str] = {}
# "in 3 h" and "5 min ago" are read against the tour's own clock, which jumps ahead to the next
# digest window and daily-tip slot; the wall clock would give times that make no sense there.
_now: list[Callable[[], datetime]] = [lambda: datetime.now(UTC)]


def _plain(text: str) -> str:
    """Discord markup as a terminal shows it: no asterisks, channel names, readable times."""
    text = text.replace("**", "").replace("`", "")
    text = _CHANNEL.sub(lambda m: "#" + _channel_names.get(int(m.group(1)), m.group(1)), text)
    text = _USER.sub(lambda m: "@" + user_names.get(int(m.group(1)), m.group(1)), text)

    def stamp(match: re.Match[str]) -> str:
        moment = datetime.fromtimestamp(int(match.group(1)), UTC)
        if match.group(2) == "R":
            seconds = round((moment - _now[0]()).total_seconds())
            hours, rest = divmod(abs(seconds), 3600)
            mins, secs = divmod(rest, 60)
            parts = [f"{hours} h"] if hours else []
            parts += [f"{mins} min"] if mins else []
            span = " ".join(parts) or f"{secs} s"
            return f"in {span}" if seconds >= 0 else f"{span} ago"
        return moment.strftime("%a %d %b %Y %H:%M UTC")

    return _STAMP.sub(stamp, text)


def _wrap(text: str, indent: str) -> list[str]:
    lines: list[str] = []
    for raw in _plain(text).splitlines() or [""]:
        wrapped = textwrap.wrap(raw, WIDTH - len(indent)) or [""]
        lines += [indent + w for w in wrapped]
    return lines


def render_embed(embed: dict[str, Any], indent: str = "      ") -> list[str]:
    lines: list[str] = []
    if "author" in embed:
        lines += _wrap(embed["author"].get("name", ""), indent)
    if "title" in embed:
        lines += _wrap(f"▌ {embed['title']}", indent)
    if embed.get("description"):
        lines += _wrap(embed["description"], indent + "  ")
    for field in embed.get("fields", []):
        lines += _wrap(f"{field['name']}:", indent + "  ")
        lines += _wrap(field["value"], indent + "    ")
    if "footer" in embed:
        lines += _wrap(f"({embed['footer'].get('text', '')})", indent + "  ")
    return lines


def render_message(message: Message | None, content: str = "") -> list[str]:
    if message is None:
        return ["      (no message)"]
    lines = []
    text = message.content or content
    if text:
        lines += _wrap(text, "      ")
    for embed in message.embeds:
        lines += render_embed(embed)
    for attachment in message.attachments:
        size = f"{len(attachment.data) / 1024:.0f} KB"
        lines.append(f"      [attachment {attachment.filename}, {size}]")
    buttons = [
        c.get("label") or c.get("placeholder") or c.get("custom_id", "")
        for row in message.components
        for c in row.get("components", [])
    ]
    if buttons:
        lines.append("      [" + "] [".join(str(b) for b in buttons) + "]")
    return lines


class Tour:
    def __init__(self, echo: Echo) -> None:
        self.echo = echo

    def say(self, text: str = "") -> None:
        self.echo(text)

    def show(self, who: str, action: str, result: InteractionResult) -> None:
        private = " (only they see the reply)" if result.ephemeral else ""
        self.say(f"  {who} > {action}")
        self.say(f"    bot{private}:")
        for line in render_message(result.message, result.content):
            self.say(line)
        if result.failed:
            self.say(f"    !! the interaction failed: {result.errors}")
        self.say()

    async def run(self, workdir: Path) -> bool:
        """Play the tour; True when every step succeeded."""
        clock = ManualClock(datetime.now(UTC).replace(microsecond=0))
        _now[0] = clock
        async with Emulator(bot_name="ArchBot") as emu:
            guild = emu.create_guild("AI Architects (demo)")
            general = emu.channel(guild.channel_ids[0])
            tips = emu.create_channel(guild.id, "daily-tips")
            ada = emu.create_member(guild.id, "ada")
            grace = emu.create_manager(guild.id, "grace")
            _channel_names.update({general.id: general.name, tips.id: tips.name})
            user_names.update({ada.id: "ada", grace.id: "grace"})
            self.say(f"Local Discord emulator listening on {emu.base_url}")
            self.say(
                f"Server '{guild.name}' with #general and #daily-tips; members: ada (learner), "
                "grace (has Manage Server)."
            )
            async with running_bot(emu, workdir / "demo.db", guild_id=guild.id, clock=clock) as bot:
                self.say(f"The bot is connected and synced {len(emu.commands(guild.id))} commands.")
                self.say()
                ok = await self._learner(emu, bot, general.id, ada, workdir)
                from archbot.tour_quiz import quiz_tour

                ok = await quiz_tour(self, emu, bot, clock, general.id, ada) and ok
                from archbot.tour_jobs import jobs_tour

                ok = await jobs_tour(self, emu, bot, clock, general.id, ada) and ok
                ok = await self._admin_and_daily(emu, bot, clock, general.id, tips.id, grace) and ok
        return ok

    async def _learner(
        self, emu: Emulator, bot: LocalBot, channel_id: int, ada: Any, workdir: Path
    ) -> bool:
        self.say("── A member studies ──")
        overview = await emu.run_command(ada, channel_id, "roadmap")
        self.show("ada", "/roadmap", overview)
        first = bot.services.content.steps[0]
        assert overview.message is not None
        step = await emu.click(ada, overview.message, "rm:steps", values=[first.id])
        self.show("ada", f"picks '{first.number}. {first.title}' in the menu", step)
        topic = first.topics[0]
        assert step.message is not None
        opened = await emu.click(ada, step.message, f"rm:topics:{first.id}", values=[topic.id])
        self.show("ada", f"opens the topic '{topic.title}'", opened)
        assert opened.message is not None
        marked = await emu.click(ada, opened.message, f"rm:mark:{topic.id}:done")
        self.show("ada", "presses Done", marked)
        tip = await emu.run_command(ada, channel_id, "tip")
        self.show("ada", "/tip", tip)
        progress = await emu.run_command(ada, channel_id, "progress")
        self.show("ada", "/progress", progress)
        if progress.message and progress.message.attachments:
            picture = workdir / "progress.png"
            picture.write_bytes(progress.message.attachments[0].data)
            self.say(f"    (the progress picture is saved at {picture})")
            self.say()
        results = [overview, step, opened, marked, tip, progress]
        return not any(r.failed for r in results)

    async def _admin_and_daily(
        self,
        emu: Emulator,
        bot: LocalBot,
        clock: ManualClock,
        channel_id: int,
        tips_id: int,
        grace: Any,
    ) -> bool:
        self.say("── An admin sets the daily tip ──")
        options = {
            "channel": emu.channel(tips_id),
            "time": "09:00",
            "timezone": "Europe/Paris",
            "enabled": True,
        }
        configured = await emu.run_command(
            grace, channel_id, "settings", options, subcommand="daily-tip"
        )
        self.show("grace", "/settings daily-tip #daily-tips 09:00 Europe/Paris on", configured)
        guild_id = emu.channel(tips_id).guild_id
        assert guild_id is not None
        plan = await bot.services.db(plan_for, bot.services.content, guild_id, clock())
        if plan.next_slot is None:
            self.say("    !! no next slot was planned")
            return False
        self.say("── The clock moves to the next 09:00 in Paris ──")
        clock.set(plan.next_slot.at_utc)
        report = await bot.daily.tick(clock())
        posted = [m for m in emu.channel_messages(tips_id) if m.author_id == emu.bot_user_id]
        self.say(
            f"  {plan.next_slot.at_utc:%Y-%m-%d %H:%M} UTC: the scheduler posts in #daily-tips:"
        )
        for message in posted:
            for line in render_message(message):
                self.say(line)
        self.say()
        return not configured.failed and report.sent == 1 and len(posted) == 1


@contextlib.contextmanager
def quiet_log() -> Iterator[None]:
    """The transcript is the point: no log line (the bot's start-up report, access logs) may
    land inside it. Errors still show; a failing step is marked in the transcript anyway."""
    root = logging.getLogger()
    before = root.level
    root.setLevel(logging.ERROR)
    try:
        yield
    finally:
        root.setLevel(before)


async def play_tour(echo: Echo, workdir: Path | None = None) -> bool:
    with quiet_log():
        if workdir is not None:  # the caller created it
            return await Tour(echo).run(workdir)
        with tempfile.TemporaryDirectory(prefix="archbot-demo-") as tmp:
            return await Tour(echo).run(Path(tmp))
