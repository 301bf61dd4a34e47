"""Turning a request body (JSON or multipart with files) into a stored message, or an edit.

Three routes create messages (channel posts, interaction callbacks, webhook follow-ups) and
three edit them; they share this module so that attachments, pings, flags and edit history
behave identically whichever route the bot used.
"""

from __future__ import annotations

import mimetypes
import struct
from dataclasses import dataclass, field

from discord_emulator.ids import utcnow
from discord_emulator.mentions import compute_pings
from discord_emulator.models import (
    COMPONENTS_V2_FLAG,
    EPHEMERAL_FLAG,
    JSON,
    LOADING_FLAG,
    Attachment,
    Channel,
    Message,
)
from discord_emulator.state import World

SUPPRESS_EMBEDS_FLAG = 1 << 2
SUPPRESS_NOTIFICATIONS_FLAG = 1 << 12
SETTABLE_FLAGS = SUPPRESS_EMBEDS_FLAG | SUPPRESS_NOTIFICATIONS_FLAG | COMPONENTS_V2_FLAG


@dataclass
class Upload:
    """One file part of a multipart request (`files[n]`)."""

    index: int
    filename: str
    data: bytes
    content_type: str | None = None


@dataclass
class Body:
    """A message request: its JSON fields (`payload_json` when multipart) and uploaded files."""

    fields: JSON
    uploads: list[Upload] = field(default_factory=list)


def sniff_image(data: bytes) -> tuple[str | None, int | None, int | None]:
    """Content type and size of a PNG or GIF, read from its header (as Discord reports them)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return "image/png", width, height
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return "image/gif", width, height
    return None, None, None


def _attachment_from_upload(
    world: World, channel_id: int, upload: Upload, spec: JSON, *, base_url: str, ephemeral: bool
) -> Attachment:
    sniffed, width, height = sniff_image(upload.data)
    guessed = mimetypes.guess_type(upload.filename)[0]
    declared = upload.content_type
    if declared in (None, "application/octet-stream"):
        declared = None
    content_type = sniffed or guessed or declared or "application/octet-stream"
    attachment_id = world.ids.next()
    filename = str(spec.get("filename") or upload.filename)
    attachment = Attachment(
        id=attachment_id,
        filename=filename,
        data=upload.data,
        content_type=content_type,
        url=f"{base_url}/attachments/{channel_id}/{attachment_id}/{filename}",
        description=spec.get("description"),
        width=width,
        height=height,
        ephemeral=ephemeral,
    )
    world.attachments[attachment_id] = attachment
    return attachment


def build_attachments(
    world: World,
    channel_id: int,
    body: Body,
    existing: list[Attachment],
    base_url: str,
    *,
    ephemeral: bool = False,
) -> list[Attachment]:
    """The message's attachments after this request.

    `attachments` in the JSON lists what to keep (existing ids) and describes new files (by
    their upload index). Without it, existing attachments stay and every upload is added.
    """
    uploads = {u.index: u for u in body.uploads}
    specs = body.fields.get("attachments")
    if specs is None:
        added = [
            _attachment_from_upload(
                world, channel_id, u, {}, base_url=base_url, ephemeral=ephemeral
            )
            for u in body.uploads
        ]
        return [*existing, *added]
    kept = {a.id: a for a in existing}
    result: list[Attachment] = []
    for spec in specs:
        ident = int(spec.get("id", -1))
        if ident in kept:
            result.append(kept[ident])
        elif ident in uploads:
            upload = uploads.pop(ident)
            result.append(
                _attachment_from_upload(
                    world, channel_id, upload, spec, base_url=base_url, ephemeral=ephemeral
                )
            )
    for upload in uploads.values():
        result.append(
            _attachment_from_upload(
                world, channel_id, upload, {}, base_url=base_url, ephemeral=ephemeral
            )
        )
    return result


def new_message(
    world: World,
    channel: Channel,
    body: Body,
    base_url: str,
    *,
    extra_flags: int = 0,
    interaction_id: int | None = None,
    webhook_id: int | None = None,
    metadata: JSON | None = None,
    store: bool = True,
) -> Message:
    """A message posted by the bot from a request body; stored and dispatched unless not `store`."""
    fields = body.fields
    flags = (int(fields.get("flags") or 0) & SETTABLE_FLAGS) | extra_flags
    if interaction_id is not None:
        flags |= int(fields.get("flags") or 0) & EPHEMERAL_FLAG
    message = Message(
        id=world.ids.next(),
        channel_id=channel.id,
        guild_id=channel.guild_id,
        author_id=world.bot_user.id,
        content=str(fields.get("content") or ""),
        embeds=list(fields.get("embeds") or []),
        components=list(fields.get("components") or []),
        flags=flags,
        tts=bool(fields.get("tts", False)),
        allowed_mentions=fields.get("allowed_mentions"),
        interaction_id=interaction_id,
        webhook_id=webhook_id,
        nonce=fields.get("nonce"),
        interaction_metadata=metadata,
    )
    message.attachments = build_attachments(
        world, channel.id, body, [], base_url, ephemeral=message.ephemeral
    )
    refresh_pings(world, message)
    if store:
        world.add_message(message)
    return message


def refresh_pings(world: World, message: Message) -> None:
    """Recompute who the message pings, with the bot's permissions in its channel."""
    channel = world.channel(message.channel_id)
    guild = world.guilds.get(channel.guild_id) if channel.guild_id is not None else None
    message.pings = compute_pings(
        message.content,
        message.allowed_mentions,
        guild=guild,
        author_permissions=world.permissions_in(channel.id, world.bot_user.id),
    )


def apply_edit(world: World, message: Message, body: Body, base_url: str) -> Message:
    """Edit a message in place, keeping its previous state in `history`."""
    fields = body.fields
    now = utcnow()
    was_loading = message.loading
    world.snapshot(message, now)
    if "content" in fields:
        message.content = str(fields["content"] or "")
    if "embeds" in fields:
        message.embeds = list(fields["embeds"] or [])
    if "components" in fields:
        message.components = list(fields["components"] or [])
    if "allowed_mentions" in fields:
        message.allowed_mentions = fields["allowed_mentions"]
    if "flags" in fields and fields["flags"] is not None:
        keep = message.flags & ~(SUPPRESS_EMBEDS_FLAG | COMPONENTS_V2_FLAG)
        message.flags = keep | (int(fields["flags"]) & (SUPPRESS_EMBEDS_FLAG | COMPONENTS_V2_FLAG))
    if "attachments" in fields or body.uploads:
        message.attachments = build_attachments(
            world,
            message.channel_id,
            body,
            message.attachments,
            base_url,
            ephemeral=message.ephemeral,
        )
    message.flags &= ~LOADING_FLAG
    if was_loading:
        # A deferred response becomes a real message now: this is when its mentions ping.
        refresh_pings(world, message)
        message.history.clear()
    else:
        message.edited_at = now
    world.announce_edit(message)
    return message
