"""What the bot needs in a server, and whether it has it where it is configured to post.

One list of permissions serves the invite URL, the start-up report, `/settings show` and
`archbot doctor`, so the three can never disagree about what "enough" means.
"""

from __future__ import annotations

from dataclasses import dataclass

import discord

from bot.dbrunner import DbRunner
from store.guilds import guild_settings
from store.quiz_settings import channel_switches

# Post tips and quiz questions, show cards (embeds) and pictures (attachments), look up its own
# earlier messages; threads included. Nothing more: no Manage, no Mention Everyone.
REQUIRED = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
)
LABELS = {
    "view_channel": "View Channel",
    "send_messages": "Send Messages",
    "send_messages_in_threads": "Send Messages in Threads",
    "embed_links": "Embed Links",
    "attach_files": "Attach Files",
    "read_message_history": "Read Message History",
}
SCOPES = ("bot", "applications.commands")


def invite_url(application_id: int) -> str:
    """The authorisation link that adds the bot with exactly the permissions it needs."""
    return discord.utils.oauth_url(application_id, permissions=REQUIRED, scopes=SCOPES)


def missing_labels(held: discord.Permissions) -> list[str]:
    """The required permissions `held` lacks, by their names in Discord's settings."""
    return [label for name, label in LABELS.items() if not getattr(held, name)]


@dataclass(frozen=True)
class ChannelAccess:
    channel_id: int
    purpose: str
    missing: tuple[str, ...]
    found: bool = True

    def sentence(self) -> str:
        if not self.found:
            return f"{self.purpose} channel {self.channel_id} no longer exists"
        if self.missing:
            return f"{self.purpose} <#{self.channel_id}>: missing {', '.join(self.missing)}"
        return f"{self.purpose} <#{self.channel_id}>: ok"


async def configured_access(db: DbRunner, guild: discord.Guild) -> list[ChannelAccess]:
    """For each channel this server configured the bot to post in (the daily tip, quiz
    channels switched on), the required permissions the bot lacks there."""
    settings = await db(guild_settings, guild.id)
    wanted: list[tuple[int, str]] = []
    if settings.tip_channel_id:
        wanted.append((settings.tip_channel_id, "daily tip"))
    switches = await db(channel_switches, guild.id)
    wanted += [(cid, "quiz") for cid, on in sorted(switches.items()) if on]
    me = guild.me
    report: list[ChannelAccess] = []
    for channel_id, purpose in wanted:
        channel = guild.get_channel_or_thread(channel_id)
        if channel is None or me is None:
            report.append(ChannelAccess(channel_id, purpose, (), found=False))
            continue
        held = channel.permissions_for(me)
        report.append(ChannelAccess(channel_id, purpose, tuple(missing_labels(held))))
    return report
