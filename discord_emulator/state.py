"""The emulator's world and every change to it, announced to the gateway as dispatches.

`World` is the single owner of guilds, channels, members, roles and messages. Each mutation
emits the gateway event Discord would send (GUILD_CREATE, CHANNEL_DELETE, MESSAGE_UPDATE, ...)
through `listeners`, so the connected client's cache stays in step with what the REST API and
the tests see. The world knows nothing about HTTP or websockets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from discord_emulator import payloads
from discord_emulator.ids import SnowflakeGenerator, utcnow
from discord_emulator.models import (
    JSON,
    Attachment,
    Channel,
    ChannelType,
    Guild,
    Member,
    Message,
    MessageVersion,
    Overwrite,
    OverwriteType,
    Role,
    User,
)
from discord_emulator.permissions import (
    DEFAULT_BOT_PERMISSIONS,
    DEFAULT_EVERYONE_PERMISSIONS,
    Permission,
    base_permissions,
    channel_permissions,
)
from discord_emulator.signals import Signal

EventListener = Callable[[str, JSON, "int | None"], None]
"""Called with (event name, payload, guild id or None for DMs) for each dispatch."""


class WorldError(LookupError):
    """A test asked for a guild, channel, member or role that does not exist."""


class World:
    """Guilds, channels, members, roles, DM channels and messages, with their dispatches."""

    def __init__(self, *, bot_name: str = "EmulatedBot") -> None:
        self.ids = SnowflakeGenerator()
        self.application_id = self.ids.next()
        self.bot_user = User(id=self.ids.next(), username=bot_name, bot=True)
        self.developer = User(id=self.ids.next(), username="developer")
        self.users: dict[int, User] = {
            self.bot_user.id: self.bot_user,
            self.developer.id: self.developer,
        }
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.messages: dict[int, Message] = {}
        self.channel_message_ids: dict[int, list[int]] = {}
        self.attachments: dict[int, Attachment] = {}
        self.dm_channel_ids: dict[int, int] = {}
        self.listeners: list[EventListener] = []
        self.changed = Signal()

    # -- events ---------------------------------------------------------------------------

    def emit(self, event: str, payload: JSON, guild_id: int | None) -> None:
        """Hand a dispatch to every listener (the gateway queues it for the right session)."""
        for listener in list(self.listeners):
            listener(event, payload, guild_id)
        self.changed.notify()

    # -- lookups --------------------------------------------------------------------------

    def guild(self, guild_id: int) -> Guild:
        """The guild with this id, or WorldError."""
        try:
            return self.guilds[guild_id]
        except KeyError:
            raise WorldError(f"no guild {guild_id}") from None

    def channel(self, channel_id: int) -> Channel:
        """The channel with this id (deleted ones included), or WorldError."""
        try:
            return self.channels[channel_id]
        except KeyError:
            raise WorldError(f"no channel {channel_id}") from None

    def member(self, guild_id: int, user_id: int) -> Member:
        """The member of a guild, or WorldError."""
        try:
            return self.guild(guild_id).members[user_id]
        except KeyError:
            raise WorldError(f"user {user_id} is not a member of guild {guild_id}") from None

    def bot_member(self, guild_id: int) -> Member:
        """The bot's own membership of a guild."""
        return self.member(guild_id, self.bot_user.id)

    def guild_channels(self, guild: Guild) -> list[Channel]:
        """The guild's live channels in creation order."""
        return [self.channels[c] for c in guild.channel_ids]

    def permissions_in(self, channel_id: int, user_id: int) -> int:
        """A user's permissions in a guild channel (0 if not a member); all bits in a DM."""
        channel = self.channel(channel_id)
        if channel.guild_id is None:
            return int(
                Permission.VIEW_CHANNEL
                | Permission.SEND_MESSAGES
                | Permission.EMBED_LINKS
                | Permission.ATTACH_FILES
                | Permission.READ_MESSAGE_HISTORY
            )
        guild = self.guild(channel.guild_id)
        member = guild.members.get(user_id)
        if member is None:
            return 0
        return channel_permissions(guild, member, channel)

    def guild_permissions(self, guild_id: int, user_id: int) -> int:
        """A member's guild-wide permissions (no channel overwrites)."""
        guild = self.guild(guild_id)
        return base_permissions(guild, self.member(guild_id, user_id))

    # -- users and guilds -----------------------------------------------------------------

    def create_user(self, username: str, *, global_name: str | None = None) -> User:
        """A new user account, not yet in any guild."""
        user = User(id=self.ids.next(), username=username, global_name=global_name)
        self.users[user.id] = user
        return user

    def create_guild(
        self,
        name: str,
        *,
        owner_name: str = "owner",
        channel_names: Iterable[str] = ("general",),
        everyone_permissions: int = DEFAULT_EVERYONE_PERMISSIONS,
        bot_permissions: int = DEFAULT_BOT_PERMISSIONS,
    ) -> Guild:
        """A guild the bot has joined: owner, @everyone, the bot's managed role and channels."""
        guild_id = self.ids.next()
        owner = self.create_user(owner_name)
        guild = Guild(id=guild_id, name=name, owner_id=owner.id)
        guild.roles[guild_id] = Role(
            id=guild_id, guild_id=guild_id, name="@everyone", permissions=everyone_permissions
        )
        bot_role = Role(
            id=self.ids.next(),
            guild_id=guild_id,
            name=self.bot_user.username,
            permissions=bot_permissions,
            position=1,
            managed=True,
            bot_id=self.bot_user.id,
        )
        guild.roles[bot_role.id] = bot_role
        guild.bot_role_id = bot_role.id
        guild.members[owner.id] = Member(guild_id=guild_id, user=owner)
        guild.members[self.bot_user.id] = Member(
            guild_id=guild_id, user=self.bot_user, role_ids=[bot_role.id]
        )
        self.guilds[guild_id] = guild
        for position, channel_name in enumerate(channel_names):
            self._add_channel(guild, channel_name, position=position, overwrites=())
        # A join carries no "unavailable" key: discord.py then dispatches on_guild_join
        # rather than on_guild_available (which follows READY's unavailable guilds).
        payload = self.guild_create_payload(guild, include_members=True)
        del payload["unavailable"]
        self.emit("GUILD_CREATE", payload, guild_id)
        return guild

    def guild_create_payload(self, guild: Guild, *, include_members: bool) -> JSON:
        """GUILD_CREATE for this guild; without `include_members` only the bot is listed."""
        members = list(guild.members.values()) if include_members else []
        return payloads.guild_create_payload(
            guild, self.guild_channels(guild), members, guild.members[self.bot_user.id]
        )

    def delete_guild(self, guild_id: int) -> None:
        """The bot leaves (or is removed from) the guild: GUILD_DELETE."""
        guild = self.guilds.pop(guild_id)
        for channel_id in guild.channel_ids:
            self.channels[channel_id].deleted = True
        self.emit("GUILD_DELETE", {"id": str(guild_id)}, guild_id)

    # -- roles and members ----------------------------------------------------------------

    def create_role(
        self, guild_id: int, name: str, permissions: int = 0, *, mentionable: bool = False
    ) -> Role:
        """A new role in the guild: GUILD_ROLE_CREATE."""
        guild = self.guild(guild_id)
        role = Role(
            id=self.ids.next(),
            guild_id=guild_id,
            name=name,
            permissions=int(permissions),
            position=len(guild.roles),
            mentionable=mentionable,
        )
        guild.roles[role.id] = role
        payload = {"guild_id": str(guild_id), "role": payloads.role_payload(role)}
        self.emit("GUILD_ROLE_CREATE", payload, guild_id)
        return role

    def set_role_permissions(self, guild_id: int, role_id: int, permissions: int) -> Role:
        """Change a role's permissions (the @everyone role's id is the guild id)."""
        role = self.guild(guild_id).roles[role_id]
        role.permissions = int(permissions)
        payload = {"guild_id": str(guild_id), "role": payloads.role_payload(role)}
        self.emit("GUILD_ROLE_UPDATE", payload, guild_id)
        return role

    def add_member(self, guild_id: int, user: User, role_ids: Iterable[int] = ()) -> Member:
        """Put an existing user into a guild: GUILD_MEMBER_ADD."""
        guild = self.guild(guild_id)
        roles = list(role_ids)
        for role_id in roles:
            if role_id not in guild.roles:
                raise WorldError(f"no role {role_id} in guild {guild_id}")
        member = Member(guild_id=guild_id, user=user, role_ids=roles)
        guild.members[user.id] = member
        payload = payloads.member_payload(member) | {"guild_id": str(guild_id)}
        self.emit("GUILD_MEMBER_ADD", payload, guild_id)
        return member

    def set_member_roles(self, guild_id: int, user_id: int, role_ids: Iterable[int]) -> Member:
        """Replace a member's roles: GUILD_MEMBER_UPDATE."""
        member = self.member(guild_id, user_id)
        member.role_ids = list(role_ids)
        payload = payloads.member_payload(member) | {"guild_id": str(guild_id)}
        self.emit("GUILD_MEMBER_UPDATE", payload, guild_id)
        return member

    # -- channels -------------------------------------------------------------------------

    def _add_channel(
        self,
        guild: Guild,
        name: str,
        *,
        position: int,
        overwrites: Iterable[Overwrite],
        topic: str | None = None,
        kind: ChannelType = ChannelType.GUILD_TEXT,
    ) -> Channel:
        channel = Channel(
            id=self.ids.next(),
            type=kind,
            name=name,
            guild_id=guild.id,
            position=position,
            topic=topic,
            overwrites={o.id: o for o in overwrites},
        )
        self.channels[channel.id] = channel
        self.channel_message_ids[channel.id] = []
        guild.channel_ids.append(channel.id)
        return channel

    def create_channel(
        self,
        guild_id: int,
        name: str,
        *,
        overwrites: Iterable[Overwrite] = (),
        topic: str | None = None,
        kind: ChannelType = ChannelType.GUILD_TEXT,
    ) -> Channel:
        """A new channel in the guild: CHANNEL_CREATE."""
        guild = self.guild(guild_id)
        channel = self._add_channel(
            guild,
            name,
            position=len(guild.channel_ids),
            overwrites=overwrites,
            topic=topic,
            kind=kind,
        )
        self.emit("CHANNEL_CREATE", payloads.channel_payload(channel), guild_id)
        return channel

    def delete_channel(self, channel_id: int) -> Channel:
        """Delete a guild channel: later posts there answer 404 Unknown Channel."""
        channel = self.channel(channel_id)
        if channel.guild_id is None or channel.deleted:
            raise WorldError(f"channel {channel_id} is not a live guild channel")
        channel.deleted = True
        self.guild(channel.guild_id).channel_ids.remove(channel_id)
        self.emit("CHANNEL_DELETE", payloads.channel_payload(channel), channel.guild_id)
        return channel

    def set_overwrite(
        self, channel_id: int, target_id: int, *, allow: int = 0, deny: int = 0
    ) -> Channel:
        """Set (or with allow=deny=0, remove) a role's or member's overwrite: CHANNEL_UPDATE."""
        channel = self.channel(channel_id)
        if channel.guild_id is None:
            raise WorldError("DM channels have no overwrites")
        guild = self.guild(channel.guild_id)
        kind = OverwriteType.ROLE if target_id in guild.roles else OverwriteType.MEMBER
        if allow == 0 and deny == 0:
            channel.overwrites.pop(target_id, None)
        else:
            channel.overwrites[target_id] = Overwrite(
                id=target_id, type=kind, allow=int(allow), deny=int(deny)
            )
        self.emit("CHANNEL_UPDATE", payloads.channel_payload(channel), channel.guild_id)
        return channel

    def dm_channel(self, user_id: int) -> Channel:
        """The bot's DM channel with a user, created on first use as Discord does."""
        channel_id = self.dm_channel_ids.get(user_id)
        if channel_id is not None:
            return self.channels[channel_id]
        if user_id not in self.users:
            raise WorldError(f"no user {user_id}")
        channel = Channel(id=self.ids.next(), type=ChannelType.DM, name="", recipient_id=user_id)
        self.channels[channel.id] = channel
        self.channel_message_ids[channel.id] = []
        self.dm_channel_ids[user_id] = channel.id
        return channel

    # -- messages -------------------------------------------------------------------------

    def add_message(self, message: Message) -> Message:
        """Store a new message and, unless ephemeral, dispatch MESSAGE_CREATE."""
        self.messages[message.id] = message
        self.channel_message_ids.setdefault(message.channel_id, []).append(message.id)
        self.changed.notify()
        if not message.ephemeral:
            self.emit("MESSAGE_CREATE", self.message_payload(message), message.guild_id)
        return message

    def snapshot(self, message: Message, at: dt.datetime) -> None:
        """Push the message's current state onto its history before an edit."""
        message.history.append(
            MessageVersion(
                content=message.content,
                embeds=list(message.embeds),
                components=list(message.components),
                attachment_ids=tuple(a.id for a in message.attachments),
                flags=message.flags,
                at=at,
            )
        )

    def announce_edit(self, message: Message) -> None:
        """Dispatch MESSAGE_UPDATE for an edited, non-ephemeral message."""
        self.changed.notify()
        if not message.ephemeral:
            self.emit("MESSAGE_UPDATE", self.message_payload(message), message.guild_id)

    def delete_message(self, message: Message) -> None:
        """Mark a message deleted (kept for tests) and dispatch MESSAGE_DELETE."""
        message.deleted = True
        message.deleted_at = utcnow()
        self.changed.notify()
        if message.ephemeral:
            return
        payload: JSON = {"id": str(message.id), "channel_id": str(message.channel_id)}
        if message.guild_id is not None:
            payload["guild_id"] = str(message.guild_id)
        self.emit("MESSAGE_DELETE", payload, message.guild_id)

    def message_payload(self, message: Message) -> JSON:
        """The message as the REST API and the gateway show it."""
        author = self.users[message.author_id]
        mentioned = [self.users[u] for u in message.pings.user_ids if u in self.users]
        return payloads.message_payload(
            message, author, application_id=self.application_id, mentioned=mentioned
        )

    def channel_messages(
        self, channel_id: int, *, include_deleted: bool = False, include_ephemeral: bool = True
    ) -> list[Message]:
        """Messages in a channel, oldest first."""
        found = []
        for message_id in self.channel_message_ids.get(channel_id, []):
            message = self.messages[message_id]
            if message.deleted and not include_deleted:
                continue
            if message.ephemeral and not include_ephemeral:
                continue
            found.append(message)
        return found
