"""The emulator's world: users, guilds, roles, channels, members and messages.

These are plain mutable records owned by `state.World`. Tests read them directly (a message's
content, its edit history, whether it was deleted, which mentions it would have pinged), so they
keep what Discord would keep plus what a test needs to assert on, and nothing about transport.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from discord_emulator.ids import snowflake_time

JSON = dict[str, Any]

EPHEMERAL_FLAG = 1 << 6
LOADING_FLAG = 1 << 7
COMPONENTS_V2_FLAG = 1 << 15


class ChannelType(IntEnum):
    """The channel kinds the emulator models (values are Discord's)."""

    GUILD_TEXT = 0
    DM = 1
    GUILD_CATEGORY = 4
    GUILD_ANNOUNCEMENT = 5


class OverwriteType(IntEnum):
    """Whether a permission overwrite targets a role or a single member."""

    ROLE = 0
    MEMBER = 1


@dataclass
class User:
    """A Discord account. `dms_open` is False when the user refuses direct messages."""

    id: int
    username: str
    global_name: str | None = None
    bot: bool = False
    locale: str = "en-US"
    dms_open: bool = True


@dataclass
class Role:
    """A guild role. The @everyone role has the guild's id."""

    id: int
    guild_id: int
    name: str
    permissions: int
    position: int = 0
    managed: bool = False
    mentionable: bool = False
    color: int = 0
    bot_id: int | None = None


@dataclass(frozen=True)
class Overwrite:
    """A channel permission overwrite for a role or a member."""

    id: int
    type: OverwriteType
    allow: int = 0
    deny: int = 0


@dataclass
class Channel:
    """A guild text channel or a DM channel (then `guild_id` is None)."""

    id: int
    type: ChannelType
    name: str
    guild_id: int | None = None
    position: int = 0
    topic: str | None = None
    parent_id: int | None = None
    overwrites: dict[int, Overwrite] = field(default_factory=dict)
    recipient_id: int | None = None
    deleted: bool = False


@dataclass
class Member:
    """A user's membership of one guild."""

    guild_id: int
    user: User
    role_ids: list[int] = field(default_factory=list)
    joined_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    nick: str | None = None

    @property
    def id(self) -> int:
        """The member's user id, as discord.py's Member.id."""
        return self.user.id


@dataclass
class Guild:
    """A guild with its roles, channels (ids, in creation order) and members."""

    id: int
    name: str
    owner_id: int
    roles: dict[int, Role] = field(default_factory=dict)
    channel_ids: list[int] = field(default_factory=list)
    members: dict[int, Member] = field(default_factory=dict)
    bot_role_id: int | None = None
    locale: str = "en-US"


@dataclass
class Attachment:
    """An uploaded file. `data` keeps the exact bytes so tests can inspect a PNG."""

    id: int
    filename: str
    data: bytes
    content_type: str
    url: str
    description: str | None = None
    width: int | None = None
    height: int | None = None
    ephemeral: bool = False

    @property
    def size(self) -> int:
        """The file's size in bytes."""
        return len(self.data)


@dataclass(frozen=True)
class Pings:
    """Who a message actually notified once `allowed_mentions` and permissions were applied."""

    everyone: bool = False
    role_ids: tuple[int, ...] = ()
    user_ids: tuple[int, ...] = ()

    @property
    def any_mass_ping(self) -> bool:
        """True if the message pinged @everyone/@here or any role."""
        return self.everyone or bool(self.role_ids)


@dataclass(frozen=True)
class MessageVersion:
    """One earlier state of an edited message, kept in `Message.history`."""

    content: str
    embeds: list[JSON]
    components: list[JSON]
    attachment_ids: tuple[int, ...]
    flags: int
    at: dt.datetime


@dataclass
class Message:
    """A message as Discord keeps it, plus its edit history and deletion mark."""

    id: int
    channel_id: int
    author_id: int
    guild_id: int | None = None
    content: str = ""
    embeds: list[JSON] = field(default_factory=list)
    components: list[JSON] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    flags: int = 0
    tts: bool = False
    allowed_mentions: JSON | None = None
    pings: Pings = field(default_factory=Pings)
    edited_at: dt.datetime | None = None
    history: list[MessageVersion] = field(default_factory=list)
    deleted: bool = False
    deleted_at: dt.datetime | None = None
    interaction_id: int | None = None
    webhook_id: int | None = None
    nonce: str | None = None
    interaction_metadata: JSON | None = None

    @property
    def created_at(self) -> dt.datetime:
        """When the message was posted (from its snowflake, as Discord does)."""
        return snowflake_time(self.id)

    @property
    def ephemeral(self) -> bool:
        """Only the invoking user could see this message."""
        return bool(self.flags & EPHEMERAL_FLAG)

    @property
    def loading(self) -> bool:
        """A deferred response still showing 'thinking…'."""
        return bool(self.flags & LOADING_FLAG)

    @property
    def edited(self) -> bool:
        """True once the message has been edited at least once."""
        return bool(self.history)

    def custom_ids(self) -> list[str]:
        """Every component custom_id on the message, in display order."""
        return [c["custom_id"] for c in walk_components(self.components) if "custom_id" in c]

    def find_component(self, custom_id: str) -> JSON | None:
        """The component with this custom_id, or None."""
        for component in walk_components(self.components):
            if component.get("custom_id") == custom_id:
                return component
        return None


def walk_components(components: list[JSON]) -> list[JSON]:
    """All components depth-first: action rows, sections' accessories, labels' children."""
    found: list[JSON] = []
    for component in components:
        found.append(component)
        nested = component.get("components")
        if isinstance(nested, list):
            found.extend(walk_components(nested))
        for key in ("accessory", "component"):
            child = component.get(key)
            if isinstance(child, dict):
                found.extend(walk_components([child]))
    return found
