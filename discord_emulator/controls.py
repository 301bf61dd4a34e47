"""The world-building and reading half of the test API, mixed into `Emulator`.

Guild, channel, role and member helpers change the world and dispatch what Discord would
dispatch to the connected bot (CHANNEL_CREATE, GUILD_ROLE_UPDATE, ...), so the bot's cache and
the emulator agree. Readers return the stored records, which keep deleted messages and edit
history for assertions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from discord_emulator.commands import CommandRegistry
from discord_emulator.models import (
    JSON,
    Channel,
    Guild,
    Member,
    Message,
    Overwrite,
    OverwriteType,
    Role,
    User,
)
from discord_emulator.permissions import (
    ALL_PERMISSIONS,
    DEFAULT_BOT_PERMISSIONS,
    DEFAULT_EVERYONE_PERMISSIONS,
    Permission,
)
from discord_emulator.state import World


class WorldControls:
    """Helpers over `self.world`; see `Emulator` for the whole API."""

    world: World
    registry: CommandRegistry

    # -- guilds ---------------------------------------------------------------------------

    def create_guild(
        self,
        name: str,
        *,
        owner_name: str = "owner",
        channel_names: Iterable[str] = ("general",),
        everyone_permissions: int = DEFAULT_EVERYONE_PERMISSIONS,
        bot_permissions: int = DEFAULT_BOT_PERMISSIONS,
    ) -> Guild:
        """A guild the bot is in, with an owner, @everyone, the bot's role and `channel_names`.

        Created after the bot connected, it reaches the bot as GUILD_CREATE (a join).
        """
        return self.world.create_guild(
            name,
            owner_name=owner_name,
            channel_names=channel_names,
            everyone_permissions=everyone_permissions,
            bot_permissions=bot_permissions,
        )

    def delete_guild(self, guild_id: int) -> None:
        """Remove the bot from a guild (GUILD_DELETE)."""
        self.world.delete_guild(guild_id)

    def guild(self, guild_id: int) -> Guild:
        """A guild by id."""
        return self.world.guild(guild_id)

    def owner(self, guild_id: int) -> Member:
        """The guild owner's membership (owners hold every permission)."""
        guild = self.world.guild(guild_id)
        return guild.members[guild.owner_id]

    # -- channels -------------------------------------------------------------------------

    def create_channel(
        self,
        guild_id: int,
        name: str,
        *,
        overwrites: Iterable[Overwrite] | Mapping[int, tuple[int, int]] = (),
        topic: str | None = None,
    ) -> Channel:
        """A text channel (CHANNEL_CREATE).

        `overwrites`: Overwrite records, or {role or user id: (allow, deny)}.
        """
        guild = self.world.guild(guild_id)
        if isinstance(overwrites, Mapping):
            records = [
                Overwrite(
                    id=target,
                    type=OverwriteType.ROLE if target in guild.roles else OverwriteType.MEMBER,
                    allow=int(allow),
                    deny=int(deny),
                )
                for target, (allow, deny) in overwrites.items()
            ]
        else:
            records = list(overwrites)
        return self.world.create_channel(guild_id, name, overwrites=records, topic=topic)

    def delete_channel(self, channel_id: int) -> Channel:
        """Delete a channel (CHANNEL_DELETE); posting there then answers 404, code 10003."""
        return self.world.delete_channel(channel_id)

    def channel(self, channel_id: int) -> Channel:
        """A channel by id (deleted ones too)."""
        return self.world.channel(channel_id)

    def set_overwrite(
        self, channel_id: int, target_id: int, *, allow: int = 0, deny: int = 0
    ) -> Channel:
        """Set a role's or member's overwrite in a channel (allow=deny=0 removes it)."""
        return self.world.set_overwrite(channel_id, target_id, allow=allow, deny=deny)

    def deny_bot(self, channel_id: int, permissions: int) -> Channel:
        """Deny the bot some permissions in one channel, e.g. Permission.SEND_MESSAGES."""
        return self.world.set_overwrite(channel_id, self.world.bot_user.id, deny=int(permissions))

    # -- roles, members, users ------------------------------------------------------------

    def create_role(
        self, guild_id: int, name: str, permissions: int = 0, *, mentionable: bool = False
    ) -> Role:
        """A role with these permissions (GUILD_ROLE_CREATE)."""
        return self.world.create_role(guild_id, name, permissions, mentionable=mentionable)

    def set_role_permissions(self, guild_id: int, role_id: int, permissions: int) -> Role:
        """Change a role's permissions; the @everyone role's id is the guild id."""
        return self.world.set_role_permissions(guild_id, role_id, permissions)

    def set_bot_permissions(self, guild_id: int, permissions: int) -> Role:
        """Set the permissions of the bot's own managed role in a guild."""
        guild = self.world.guild(guild_id)
        assert guild.bot_role_id is not None
        return self.world.set_role_permissions(guild_id, guild.bot_role_id, permissions)

    def create_user(self, username: str, *, global_name: str | None = None) -> User:
        """A user in no guild yet (add with `add_member`)."""
        return self.world.create_user(username, global_name=global_name)

    def create_member(
        self,
        guild_id: int,
        username: str,
        *,
        roles: Iterable[Role | int] = (),
        permissions: int | None = None,
    ) -> Member:
        """A new user joined to the guild with `roles`.

        `permissions`, when given, becomes a personal role "<username> perms" holding them.
        """
        role_ids = [r.id if isinstance(r, Role) else int(r) for r in roles]
        if permissions is not None:
            role_ids.append(self.world.create_role(guild_id, f"{username} perms", permissions).id)
        user = self.world.create_user(username)
        return self.world.add_member(guild_id, user, role_ids)

    def create_admin(self, guild_id: int, username: str) -> Member:
        """A member holding Administrator."""
        return self.create_member(guild_id, username, permissions=int(Permission.ADMINISTRATOR))

    def create_manager(self, guild_id: int, username: str) -> Member:
        """A member holding Manage Server but not Administrator."""
        return self.create_member(guild_id, username, permissions=int(Permission.MANAGE_GUILD))

    def add_member(self, guild_id: int, user: User, roles: Iterable[Role | int] = ()) -> Member:
        """Join an existing user to another guild."""
        role_ids = [r.id if isinstance(r, Role) else int(r) for r in roles]
        return self.world.add_member(guild_id, user, role_ids)

    def set_member_roles(self, guild_id: int, user_id: int, roles: Iterable[Role | int]) -> Member:
        """Replace a member's roles (GUILD_MEMBER_UPDATE)."""
        role_ids = [r.id if isinstance(r, Role) else int(r) for r in roles]
        return self.world.set_member_roles(guild_id, user_id, role_ids)

    def member(self, guild_id: int, user_id: int) -> Member:
        """A guild member by user id."""
        return self.world.member(guild_id, user_id)

    def permissions_in(self, channel_id: int, user_id: int) -> int:
        """A user's computed permissions in a channel (what interactions report)."""
        return self.world.permissions_in(channel_id, user_id)

    def is_admin_in(self, channel_id: int, user_id: int) -> bool:
        """Whether the user holds every permission there (owner or Administrator)."""
        return self.world.permissions_in(channel_id, user_id) == ALL_PERMISSIONS

    # -- DMs ------------------------------------------------------------------------------

    def dm_channel(self, user_id: int) -> Channel:
        """The bot's DM channel with a user (created on first use)."""
        return self.world.dm_channel(user_id)

    def close_dms(self, user_id: int) -> None:
        """The user stops accepting DMs: the bot's DMs then fail with 403, code 50007."""
        self.world.users[user_id].dms_open = False

    def open_dms(self, user_id: int) -> None:
        """The user accepts DMs again."""
        self.world.users[user_id].dms_open = True

    # -- reading what the bot did ---------------------------------------------------------

    def message(self, message_id: int) -> Message:
        """A stored message by id (deleted ones too)."""
        return self.world.messages[message_id]

    def channel_messages(
        self, channel_id: int, include_deleted: bool = False, *, include_ephemeral: bool = True
    ) -> list[Message]:
        """Messages in a channel, oldest first, with edit history and deletion marks."""
        return self.world.channel_messages(
            channel_id, include_deleted=include_deleted, include_ephemeral=include_ephemeral
        )

    def dm_messages(self, user_id: int, include_deleted: bool = False) -> list[Message]:
        """Messages the bot sent a user by DM, oldest first."""
        channel_id = self.world.dm_channel_ids.get(user_id)
        if channel_id is None:
            return []
        return self.world.channel_messages(channel_id, include_deleted=include_deleted)

    def all_messages(self, include_deleted: bool = False) -> list[Message]:
        """Every message the bot posted anywhere, oldest first."""
        return [m for m in self.world.messages.values() if include_deleted or not m.deleted]

    def commands(self, guild_id: int | None = None) -> list[JSON]:
        """Commands as the bot synced them: global with None, else the guild's own."""
        return self.registry.listing(guild_id)
