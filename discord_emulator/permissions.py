"""Discord's permission bits and the algorithm that resolves them in a channel.

The algorithm follows Discord's documented order: guild owner and Administrator get
everything; otherwise @everyone's permissions OR the member's roles, then the channel's
@everyone overwrite, the member's role overwrites (all denies, then all allows), and finally
the member's own overwrite. A member who cannot View Channel has no permissions there at all,
and one who cannot Send Messages cannot embed or attach either (Discord refuses the post).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntFlag

from discord_emulator.models import Channel, Guild, Member, OverwriteType


class Permission(IntFlag):
    """The permission bits the emulator checks or hands out (values are Discord's)."""

    CREATE_INSTANT_INVITE = 1 << 0
    KICK_MEMBERS = 1 << 1
    BAN_MEMBERS = 1 << 2
    ADMINISTRATOR = 1 << 3
    MANAGE_CHANNELS = 1 << 4
    MANAGE_GUILD = 1 << 5
    ADD_REACTIONS = 1 << 6
    VIEW_AUDIT_LOG = 1 << 7
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    SEND_TTS_MESSAGES = 1 << 12
    MANAGE_MESSAGES = 1 << 13
    EMBED_LINKS = 1 << 14
    ATTACH_FILES = 1 << 15
    READ_MESSAGE_HISTORY = 1 << 16
    MENTION_EVERYONE = 1 << 17
    USE_EXTERNAL_EMOJIS = 1 << 18
    CONNECT = 1 << 20
    SPEAK = 1 << 21
    CHANGE_NICKNAME = 1 << 26
    MANAGE_NICKNAMES = 1 << 27
    MANAGE_ROLES = 1 << 28
    MANAGE_WEBHOOKS = 1 << 29
    USE_APPLICATION_COMMANDS = 1 << 31
    CREATE_PUBLIC_THREADS = 1 << 35
    SEND_MESSAGES_IN_THREADS = 1 << 38


ALL_PERMISSIONS = (1 << 53) - 1
"""Every bit Discord currently defines (and a few spare): what owners and admins hold."""

DEFAULT_EVERYONE_PERMISSIONS = int(
    Permission.CREATE_INSTANT_INVITE
    | Permission.ADD_REACTIONS
    | Permission.VIEW_CHANNEL
    | Permission.SEND_MESSAGES
    | Permission.EMBED_LINKS
    | Permission.ATTACH_FILES
    | Permission.READ_MESSAGE_HISTORY
    | Permission.USE_EXTERNAL_EMOJIS
    | Permission.CONNECT
    | Permission.SPEAK
    | Permission.CHANGE_NICKNAME
    | Permission.USE_APPLICATION_COMMANDS
    | Permission.CREATE_PUBLIC_THREADS
    | Permission.SEND_MESSAGES_IN_THREADS
)
"""What @everyone may do in a new guild: an ordinary community server."""

DEFAULT_BOT_PERMISSIONS = 274_878_024_704
"""The README's invite integer: View, Send, Send in Threads, Embed, Attach, Read History."""


def base_permissions(guild: Guild, member: Member) -> int:
    """The member's guild-wide permissions, before any channel overwrite."""
    if member.user.id == guild.owner_id:
        return ALL_PERMISSIONS
    everyone = guild.roles[guild.id]
    value = everyone.permissions
    for role_id in member.role_ids:
        role = guild.roles.get(role_id)
        if role is not None:
            value |= role.permissions
    if value & Permission.ADMINISTRATOR:
        return ALL_PERMISSIONS
    return value


def channel_permissions(guild: Guild, member: Member, channel: Channel) -> int:
    """The member's permissions in one channel of the guild, overwrites applied."""
    base = base_permissions(guild, member)
    if base == ALL_PERMISSIONS:
        return ALL_PERMISSIONS
    value = base
    everyone = channel.overwrites.get(guild.id)
    if everyone is not None:
        value = (value & ~everyone.deny) | everyone.allow
    allow = deny = 0
    for overwrite in channel.overwrites.values():
        if overwrite.type is OverwriteType.ROLE and overwrite.id in member.role_ids:
            allow |= overwrite.allow
            deny |= overwrite.deny
    value = (value & ~deny) | allow
    own = channel.overwrites.get(member.user.id)
    if own is not None and own.type is OverwriteType.MEMBER:
        value = (value & ~own.deny) | own.allow
    if not value & Permission.VIEW_CHANNEL:
        return 0
    return value


def has_all(value: int, needed: Iterable[Permission]) -> bool:
    """True when every permission in `needed` is set in `value`."""
    return all(value & bit == bit for bit in needed)


def missing(value: int, needed: Iterable[Permission]) -> list[Permission]:
    """The permissions in `needed` that `value` lacks, for readable refusals."""
    return [bit for bit in needed if value & bit != bit]
