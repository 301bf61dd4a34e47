"""What a test gets back from running a command, clicking or submitting a modal.

`InteractionResult` is a live view: its `message` and `followups` are the stored messages, so
a test that waits for more follow-ups (or later edits) sees them without asking again.
"""

from __future__ import annotations

from dataclasses import dataclass

from discord_emulator.interactions import (
    AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE,
    DEFERRED_MESSAGE,
    DEFERRED_UPDATE,
    MODAL,
    UPDATE_MESSAGE,
    InteractionRecord,
)
from discord_emulator.models import JSON, Message
from discord_emulator.state import World


@dataclass
class InteractionResult:
    """The bot's answer to one interaction.

    - `response_type`: the callback type (4 message, 5 deferred, 6 deferred update, 7 update,
      8 autocomplete, 9 modal) or None if the bot never answered in time.
    - `message`: the resulting message: the reply (4, or 5 once filled in by an edit or
      follow-up) or the updated component message (6, 7). None for a modal or no answer.
    - `deferred`, `late`, `failed`, `errors`: how the exchange went.
    """

    record: InteractionRecord
    world: World

    @property
    def interaction_id(self) -> int:
        """The interaction's id."""
        return self.record.id

    @property
    def response_type(self) -> int | None:
        """The callback type the bot answered with, or None."""
        return self.record.response_type

    @property
    def deferred(self) -> bool:
        """The bot deferred (type 5 or 6) before answering for real."""
        return self.record.response_type in (DEFERRED_MESSAGE, DEFERRED_UPDATE)

    @property
    def late(self) -> bool:
        """The bot's callback came after the acknowledgement deadline and was refused."""
        return self.record.late

    @property
    def failed(self) -> bool:
        """Anything went wrong: late, no answer, refused body, never completed a deferral."""
        return self.record.failed

    @property
    def errors(self) -> list[str]:
        """What went wrong, in words."""
        return list(self.record.errors)

    @property
    def message(self) -> Message | None:
        """The message the interaction produced or updated (live)."""
        kind = self.record.response_type
        if kind in (CHANNEL_MESSAGE, DEFERRED_MESSAGE) and self.record.original_message_id:
            return self.world.messages.get(self.record.original_message_id)
        if kind in (UPDATE_MESSAGE, DEFERRED_UPDATE) and self.record.source_message_id:
            return self.world.messages.get(self.record.source_message_id)
        return None

    @property
    def followups(self) -> list[Message]:
        """Follow-up messages the bot sent, oldest first (live)."""
        return [self.world.messages[m] for m in self.record.followup_ids]

    @property
    def modal(self) -> JSON | None:
        """The modal the bot opened (type 9): custom_id, title, components."""
        return self.record.modal if self.record.response_type == MODAL else None

    @property
    def choices(self) -> list[JSON]:
        """Autocomplete choices (type 8)."""
        if self.record.response_type != AUTOCOMPLETE_RESULT:
            return []
        return list(self.record.choices or [])

    @property
    def ephemeral(self) -> bool:
        """Only the invoking user would see the reply."""
        message = self.message
        if message is not None:
            return message.ephemeral
        return self.record.defer_ephemeral

    @property
    def content(self) -> str:
        """The resulting message's content ('' if none)."""
        return self.message.content if self.message is not None else ""

    @property
    def embeds(self) -> list[JSON]:
        """The resulting message's embeds."""
        return list(self.message.embeds) if self.message is not None else []

    @property
    def components(self) -> list[JSON]:
        """The resulting message's components."""
        return list(self.message.components) if self.message is not None else []
