"""Interaction records, the 3-second and 15-minute clocks, and what tests get back.

Each interaction the emulator dispatches is tracked from INTERACTION_CREATE to its callback
and follow-ups. The acknowledgement deadline (3 s on Discord) and the token lifetime
(15 minutes) are measured on an injectable clock so tests can step time instead of sleeping.
A callback past the deadline is refused exactly as Discord refuses it (404, code 10062,
"Unknown interaction") and recorded in `failures`.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from discord_emulator import payloads
from discord_emulator.ids import make_interaction_token, utcnow
from discord_emulator.models import (
    JSON,
    Channel,
    ChannelType,
    Member,
    Message,
    User,
)
from discord_emulator.signals import Signal
from discord_emulator.state import World

PING, APPLICATION_COMMAND, COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
CHANNEL_MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE = 4, 5, 6, 7
AUTOCOMPLETE_RESULT, MODAL = 8, 9
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024


@dataclass(frozen=True)
class Failure:
    """Something Discord would have shown a user as an error, or refused from the bot."""

    kind: str
    detail: str
    interaction_id: int | None = None
    at: dt.datetime = field(default_factory=utcnow)


@dataclass
class InteractionRecord:
    """One interaction from dispatch to its last follow-up."""

    id: int
    token: str
    type: int
    payload: JSON
    created_at: float
    user_id: int
    channel_id: int
    guild_id: int | None
    name: str | None = None
    source_message_id: int | None = None
    response_type: int | None = None
    responded_at: float | None = None
    late: bool = False
    failed: bool = False
    errors: list[str] = field(default_factory=list)
    original_message_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)
    modal: JSON | None = None
    choices: list[JSON] | None = None
    completed: bool = False
    defer_ephemeral: bool = False
    signal: Signal = field(default_factory=Signal, repr=False, compare=False)

    @property
    def answered(self) -> bool:
        """The bot sent a callback (in time or not)."""
        return self.response_type is not None or self.late


class InteractionStore:
    """Every interaction by id and token, plus the clock and deadlines that judge them."""

    def __init__(
        self,
        world: World,
        *,
        clock: Callable[[], float] = time.monotonic,
        ack_deadline: float = 3.0,
        token_lifetime: float = 15 * 60.0,
    ) -> None:
        self.world = world
        self.clock = clock
        self.ack_deadline = ack_deadline
        self.token_lifetime = token_lifetime
        self.by_id: dict[int, InteractionRecord] = {}
        self.by_token: dict[str, InteractionRecord] = {}
        self.failures: list[Failure] = []
        self._awaiting_edit: dict[int, list[InteractionRecord]] = {}
        self.changed: Signal = world.changed

    def touch(self, record: InteractionRecord) -> None:
        """Wake whoever waits on this interaction (and on the world)."""
        record.signal.notify()
        self.changed.notify()

    def fail(self, kind: str, detail: str, record: InteractionRecord | None = None) -> None:
        """Record a failure (and mark the interaction failed)."""
        self.failures.append(Failure(kind, detail, record.id if record else None))
        if record is not None:
            record.failed = True
            record.errors.append(detail)
            self.touch(record)
        else:
            self.changed.notify()

    def expect_update(self, record: InteractionRecord) -> None:
        """A deferred update (type 6): the next edit of its message completes it."""
        if record.source_message_id is not None:
            self._awaiting_edit.setdefault(record.source_message_id, []).append(record)

    def is_late(self, record: InteractionRecord) -> bool:
        """Past the acknowledgement deadline."""
        return self.clock() - record.created_at > self.ack_deadline

    def is_expired(self, record: InteractionRecord) -> bool:
        """Past the token's lifetime: follow-ups and edits are refused."""
        return self.clock() - record.created_at > self.token_lifetime

    def create(
        self,
        *,
        kind: int,
        data: JSON,
        user: User,
        member: Member | None,
        channel: Channel,
        message: Message | None = None,
        name: str | None = None,
    ) -> InteractionRecord:
        """Register an interaction and build its INTERACTION_CREATE payload."""
        world = self.world
        interaction_id = world.ids.next()
        token = make_interaction_token()
        payload = self._payload(
            interaction_id=interaction_id,
            token=token,
            kind=kind,
            data=data,
            user=user,
            member=member,
            channel=channel,
        )
        if message is not None:
            payload["message"] = world.message_payload(message)
        record = InteractionRecord(
            id=interaction_id,
            token=token,
            type=kind,
            payload=payload,
            created_at=self.clock(),
            user_id=user.id,
            channel_id=channel.id,
            guild_id=channel.guild_id,
            name=name,
            source_message_id=message.id if message is not None else None,
        )
        self.by_id[interaction_id] = record
        self.by_token[token] = record
        return record

    def _payload(
        self,
        *,
        interaction_id: int,
        token: str,
        kind: int,
        data: JSON,
        user: User,
        member: Member | None,
        channel: Channel,
    ) -> JSON:
        world = self.world
        bot_permissions = world.permissions_in(channel.id, world.bot_user.id)
        payload: JSON = {
            "id": str(interaction_id),
            "application_id": str(world.application_id),
            "type": kind,
            "data": data,
            "token": token,
            "version": 1,
            "app_permissions": str(bot_permissions),
            "locale": user.locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
            "channel_id": str(channel.id),
        }
        if channel.type is ChannelType.DM:
            payload["user"] = payloads.user_payload(user)
            payload["channel"] = payloads.channel_payload(channel, recipient=user)
            payload["authorizing_integration_owners"] = {"0": "0"}
            payload["context"] = 1
            return payload
        assert member is not None
        assert channel.guild_id is not None
        guild = world.guild(channel.guild_id)
        member_permissions = world.permissions_in(channel.id, user.id)
        payload.update(
            {
                "guild_id": str(guild.id),
                "guild": {"id": str(guild.id), "locale": guild.locale, "features": []},
                "guild_locale": guild.locale,
                "member": payloads.member_payload(member, permissions=member_permissions),
                "channel": payloads.channel_payload(channel, permissions=member_permissions),
                "authorizing_integration_owners": {"0": str(guild.id)},
                "context": 0,
            }
        )
        return payload

    def find(self, interaction_id: int, token: str) -> InteractionRecord | None:
        """The interaction a callback URL names, if id and token agree."""
        record = self.by_token.get(token)
        if record is None or record.id != interaction_id:
            return None
        return record

    def note_message_edit(self, message: Message) -> None:
        """A message was edited by any route: this completes deferred updates of it."""
        for record in self._awaiting_edit.pop(message.id, []):
            record.completed = True
            self.touch(record)

    def metadata(self, record: InteractionRecord) -> JSON:
        """The interaction_metadata a response or follow-up message carries."""
        user = self.world.users[record.user_id]
        owners = record.payload.get("authorizing_integration_owners", {})
        data: JSON = {
            "id": str(record.id),
            "type": record.type,
            "user": payloads.user_payload(user),
            "authorizing_integration_owners": owners,
        }
        if record.name is not None:
            data["name"] = record.name
        if record.source_message_id is not None:
            data["interacted_message_id"] = str(record.source_message_id)
        return data
