"""Acting as a Discord user: slash commands, autocomplete, clicks and modal submits.

Each action builds the interaction Discord's client would produce (from the synced command,
the clicked message or the opened modal), refuses what a real user could not do, dispatches
INTERACTION_CREATE over the gateway, then waits, event-driven, for the bot's answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from discord_emulator import commands as cmd
from discord_emulator import payloads
from discord_emulator.commands import CommandRegistry, InvocationError, SyncedCommand
from discord_emulator.gateway import Gateway
from discord_emulator.interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    COMPONENT,
    DEFERRED_MESSAGE,
    DEFERRED_UPDATE,
    MODAL_SUBMIT,
    InteractionRecord,
    InteractionStore,
)
from discord_emulator.models import (
    JSON,
    Attachment,
    Channel,
    ChannelType,
    Guild,
    Member,
    Message,
    Role,
    User,
)
from discord_emulator.permissions import ALL_PERMISSIONS, Permission
from discord_emulator.results import InteractionResult
from discord_emulator.state import World
from discord_emulator.ui_input import fill_modal, select_data

Actor = Member | User
Target = int | Channel


class NotConnectedError(RuntimeError):
    """No gateway session exists to receive the interaction (the bot is not running)."""


class Driver:
    """Builds, dispatches and awaits interactions on behalf of emulated users."""

    def __init__(
        self,
        world: World,
        gateway: Gateway,
        registry: CommandRegistry,
        store: InteractionStore,
        *,
        enforce_command_permissions: bool = True,
    ) -> None:
        self.world = world
        self.gateway = gateway
        self.registry = registry
        self.store = store
        self.enforce_command_permissions = enforce_command_permissions

    # -- who and where --------------------------------------------------------------------

    def _place(self, actor: Actor, target: Target) -> tuple[User, Member | None, Channel]:
        channel = target if isinstance(target, Channel) else self.world.channel(target)
        channel = self.world.channel(channel.id)
        if channel.deleted:
            raise InvocationError(f"channel {channel.id} was deleted")
        user = actor.user if isinstance(actor, Member) else actor
        if channel.type is ChannelType.DM:
            if channel.recipient_id != user.id:
                raise InvocationError("that DM channel belongs to another user")
            return user, None, channel
        assert channel.guild_id is not None
        member = self.world.guild(channel.guild_id).members.get(user.id)
        if member is None:
            raise InvocationError(f"{user.username} is not a member of that guild")
        return user, member, channel

    def _command(self, name: str, channel: Channel, member: Member | None) -> SyncedCommand:
        command = self.registry.find(name, channel.guild_id)
        if command is None:
            raise InvocationError(f"no synced command /{name} here")
        contexts = command.data.get("contexts") or [0, 1, 2]
        context = 1 if channel.type is ChannelType.DM else 0
        if context not in contexts:
            raise InvocationError(f"/{name} is not available in this context")
        if not self.enforce_command_permissions or member is None:
            return command
        have = self.world.permissions_in(channel.id, member.id)
        usable = Permission.VIEW_CHANNEL | Permission.USE_APPLICATION_COMMANDS
        if have & usable != usable:
            raise InvocationError(f"{member.user.username} cannot use commands in that channel")
        needed = command.default_member_permissions
        if needed is not None and (
            (needed == 0 and have != ALL_PERMISSIONS) or have & needed != needed
        ):
            raise InvocationError(f"/{name} is hidden from members without {needed}")
        return command

    # -- option values ----------------------------------------------------------------------

    def _resolve(
        self, schema: JSON, value: Any, channel: Channel, resolved: JSON, invoker: int
    ) -> Any:
        kind = schema["type"]
        guild = self.world.guilds.get(channel.guild_id or 0)
        snowflake_kinds = (cmd.USER, cmd.CHANNEL, cmd.ROLE, cmd.MENTIONABLE)
        if kind in snowflake_kinds and isinstance(value, int) and not isinstance(value, bool):
            value = self._lookup(value, guild)
        if kind in (cmd.USER, cmd.MENTIONABLE) and isinstance(value, Member | User):
            user = value.user if isinstance(value, Member) else value
            resolved.setdefault("users", {})[str(user.id)] = payloads.user_payload(user)
            member = guild.members.get(user.id) if guild is not None else None
            if member is not None:
                perms = self.world.permissions_in(channel.id, user.id)
                resolved.setdefault("members", {})[str(user.id)] = payloads.member_payload(
                    member, permissions=perms, include_user=False
                )
            return str(user.id)
        if kind in (cmd.ROLE, cmd.MENTIONABLE) and isinstance(value, Role):
            resolved.setdefault("roles", {})[str(value.id)] = payloads.role_payload(value)
            return str(value.id)
        if kind == cmd.CHANNEL and isinstance(value, Channel):
            allowed = schema.get("channel_types")
            if allowed and int(value.type) not in allowed:
                raise InvocationError(f"option {schema['name']!r} does not take that channel type")
            data = payloads.channel_payload(value)
            data["permissions"] = str(self.world.permissions_in(value.id, invoker))
            resolved.setdefault("channels", {})[str(value.id)] = data
            return str(value.id)
        if kind == cmd.ATTACHMENT and isinstance(value, Attachment):
            resolved.setdefault("attachments", {})[str(value.id)] = payloads.attachment_payload(
                value
            )
            return str(value.id)
        if kind in (cmd.USER, cmd.ROLE, cmd.CHANNEL, cmd.MENTIONABLE, cmd.ATTACHMENT):
            raise InvocationError(
                f"option {schema['name']!r} takes an emulator User/Member, Role, Channel or "
                f"Attachment object, not {value!r}"
            )
        return cmd.check_value(schema, value)

    def _lookup(self, ident: int, guild: Guild | None) -> User | Role | Channel | int:
        """The user, role or channel an id names (options may be given as plain ids)."""
        if ident in self.world.users:
            return self.world.users[ident]
        if guild is not None and ident in guild.roles:
            return guild.roles[ident]
        return self.world.channels.get(ident, ident)

    def _options(
        self,
        command: SyncedCommand,
        subcommand: str | tuple[str, str] | None,
        given: Mapping[str, Any],
        channel: Channel,
        *,
        invoker: int,
        focused: str | None = None,
    ) -> tuple[list[JSON], JSON]:
        schema, path = cmd.leaf_schema(command, subcommand)
        resolved: JSON = {}
        leaf: list[JSON] = []
        if focused is not None:
            target = next((o for o in schema if o["name"] == focused), None)
            if target is None or not target.get("autocomplete"):
                raise InvocationError(f"option {focused!r} does not autocomplete")
        present = {k: v for k, v in given.items() if k != focused}
        chosen = (
            cmd.order_given(schema, present)
            if focused is None
            else [o for o in schema if o["name"] in given]
        )
        for option in chosen:
            name = option["name"]
            if name == focused:
                leaf.append(
                    {
                        "type": option["type"],
                        "name": name,
                        "value": str(given[name]),
                        "focused": True,
                    }
                )
                continue
            if name not in present:
                continue
            value = self._resolve(option, present[name], channel, resolved, invoker)
            leaf.append({"type": option["type"], "name": name, "value": value})
        for unknown in set(given) - {o["name"] for o in schema}:
            raise InvocationError(f"unknown option {unknown!r}")
        return cmd.wrap_options(leaf, path), resolved

    # -- dispatch and wait ----------------------------------------------------------------

    def _dispatch(self, record: InteractionRecord) -> None:
        if not self.gateway.dispatch("INTERACTION_CREATE", record.payload, record.guild_id):
            del self.store.by_id[record.id]
            del self.store.by_token[record.token]
            raise NotConnectedError("the bot has no gateway session to receive the interaction")

    async def _await(
        self, record: InteractionRecord, timeout: float | None, followup_timeout: float
    ) -> InteractionResult:
        store = self.store
        limit = timeout if timeout is not None else store.ack_deadline + 2.0
        try:
            await record.signal.wait_for(lambda: record.answered or record.failed, limit)
        except TimeoutError:
            store.fail("no_ack", f"no answer within {limit:.1f}s", record)
        if record.response_type in (DEFERRED_MESSAGE, DEFERRED_UPDATE) and not record.completed:
            try:
                await record.signal.wait_for(lambda: record.completed, followup_timeout)
            except TimeoutError:
                if record.response_type == DEFERRED_MESSAGE:
                    store.fail("never_completed", "deferred but never followed up", record)
        return InteractionResult(record=record, world=self.world)

    # -- the four user actions ------------------------------------------------------------

    async def run_command(
        self,
        actor: Actor,
        channel: Target,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        subcommand: str | tuple[str, str] | None = None,
        timeout: float | None = None,
        followup_timeout: float = 5.0,
    ) -> InteractionResult:
        """Run /name as `actor` in `channel` and return the bot's answer."""
        user, member, place = self._place(actor, channel)
        command = self._command(name, place, member)
        opts, resolved = self._options(command, subcommand, options or {}, place, invoker=user.id)
        data: JSON = {"id": str(command.id), "name": command.name, "type": 1, "options": opts}
        if resolved:
            data["resolved"] = resolved
        if command.guild_id is not None:
            data["guild_id"] = str(command.guild_id)
        record = self.store.create(
            kind=APPLICATION_COMMAND, data=data, user=user, member=member, channel=place, name=name
        )
        self._dispatch(record)
        return await self._await(record, timeout, followup_timeout)

    async def autocomplete(
        self,
        actor: Actor,
        channel: Target,
        name: str,
        options: Mapping[str, Any],
        *,
        focused: str,
        subcommand: str | tuple[str, str] | None = None,
        timeout: float | None = None,
    ) -> InteractionResult:
        """Type into option `focused` of /name; the result's `choices` hold the suggestions."""
        user, member, place = self._place(actor, channel)
        command = self._command(name, place, member)
        if focused not in options:
            raise InvocationError(f"give the partial text of {focused!r} in options")
        opts, resolved = self._options(
            command, subcommand, options, place, invoker=user.id, focused=focused
        )
        data: JSON = {"id": str(command.id), "name": command.name, "type": 1, "options": opts}
        if resolved:
            data["resolved"] = resolved
        if command.guild_id is not None:
            data["guild_id"] = str(command.guild_id)
        record = self.store.create(
            kind=AUTOCOMPLETE, data=data, user=user, member=member, channel=place, name=name
        )
        self._dispatch(record)
        return await self._await(record, timeout, 0.0)

    async def click(
        self,
        actor: Actor,
        message: Message | int,
        custom_id: str,
        values: Sequence[str] | None = None,
        *,
        timeout: float | None = None,
        followup_timeout: float = 5.0,
    ) -> InteractionResult:
        """Press a button (or choose `values` in a select) on a message the bot sent."""
        stored = self.world.messages.get(message.id if isinstance(message, Message) else message)
        if stored is None or stored.deleted:
            raise InvocationError("that message does not exist (or was deleted)")
        user, member, place = self._place(actor, stored.channel_id)
        owner = (stored.interaction_metadata or {}).get("user", {}).get("id")
        if stored.ephemeral and owner != str(user.id):
            raise InvocationError("only the user who received an ephemeral message can use it")
        component = stored.find_component(custom_id)
        if component is None:
            raise InvocationError(f"no component {custom_id!r} on that message")
        if component.get("disabled"):
            raise InvocationError(f"component {custom_id!r} is disabled")
        kind = component.get("type")
        data: JSON = {"custom_id": custom_id, "component_type": kind}
        if kind == 2:
            if values is not None:
                raise InvocationError("buttons take no values")
        elif kind in (3, 5, 6, 7, 8):
            data.update(select_data(self.world, component, values or [], place, user.id))
        else:
            raise InvocationError(f"component {custom_id!r} (type {kind}) cannot be clicked")
        record = self.store.create(
            kind=COMPONENT, data=data, user=user, member=member, channel=place, message=stored
        )
        self._dispatch(record)
        return await self._await(record, timeout, followup_timeout)

    async def submit_modal(
        self,
        actor: Actor,
        opened: InteractionResult,
        values: Mapping[str, str | Sequence[str]],
        *,
        timeout: float | None = None,
        followup_timeout: float = 5.0,
    ) -> InteractionResult:
        """Fill in and submit the modal the bot opened in `opened` (a type 9 answer)."""
        modal = opened.modal
        if modal is None:
            raise InvocationError("that interaction did not open a modal")
        source = opened.record
        user, member, place = self._place(actor, source.channel_id)
        if user.id != source.user_id:
            raise InvocationError("only the user who opened a modal can submit it")
        remaining = dict(values)
        components = [fill_modal(c, remaining) for c in modal.get("components") or []]
        if remaining:
            raise InvocationError(f"the modal has no fields {sorted(remaining)}")
        data: JSON = {
            "custom_id": modal["custom_id"],
            "components": [c for c in components if c is not None],
        }
        message = self.world.messages.get(source.source_message_id or 0)
        record = self.store.create(
            kind=MODAL_SUBMIT, data=data, user=user, member=member, channel=place, message=message
        )
        self._dispatch(record)
        return await self._await(record, timeout, followup_timeout)
