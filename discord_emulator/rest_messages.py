"""REST routes for channel messages: post, read, edit, delete.

Posting checks what Discord checks, in Discord's order: the channel exists (404, 10003), the bot
can see it and send there (403, 50013), embeds need Embed Links and files Attach Files, a DM
recipient accepts messages (403, 50007), and the body respects Discord's limits (400, 50035).
"""

from __future__ import annotations

from aiohttp import web

from discord_emulator.bodies import Body, apply_edit, new_message
from discord_emulator.context import Services, services
from discord_emulator.interactions import ATTACHMENT_SIZE_LIMIT, InteractionRecord
from discord_emulator.models import Channel, ChannelType, Message
from discord_emulator.permissions import Permission
from discord_emulator.responses import (
    CANNOT_DM,
    MISSING_ACCESS,
    MISSING_PERMISSIONS,
    BadBody,
    error,
    json_response,
    no_content,
    read_body,
    refuse,
    unknown,
)
from discord_emulator.validate import check_message


def _channel(svc: Services, request: web.Request) -> Channel | None:
    raw = request.match_info["channel_id"]
    channel = svc.world.channels.get(int(raw)) if raw.isdigit() else None
    if channel is None or channel.deleted:
        return None
    return channel


def _message(svc: Services, channel: Channel, request: web.Request) -> Message | None:
    raw = request.match_info["message_id"]
    message = svc.world.messages.get(int(raw)) if raw.isdigit() else None
    if message is None or message.channel_id != channel.id or message.deleted or message.ephemeral:
        return None
    return message


def body_problem(
    svc: Services, body: Body, *, creating: bool, record: InteractionRecord | None = None
) -> web.Response | None:
    """Refuse oversized files or a body that breaks Discord's limits; None if it is fine.

    Either is recorded as a failure (against the interaction, when there is one).
    """
    if sum(len(u.data) for u in body.uploads) > ATTACHMENT_SIZE_LIMIT:
        svc.interactions.fail("invalid_body", "attachments over the size limit", record)
        return error(413, 40005, "Request entity too large")
    errors = check_message(body.fields, file_count=len(body.uploads), creating=creating)
    if errors:
        svc.interactions.fail("invalid_body", errors.summary(), record)
        return json_response(errors.as_json(), status=400)
    return None


def send_problem(svc: Services, channel: Channel, body: Body) -> web.Response | None:
    """The 403 Discord would answer to the bot posting this body here, or None."""
    world = svc.world
    if channel.type is ChannelType.DM:
        recipient = world.users.get(channel.recipient_id or 0)
        if recipient is None or not recipient.dms_open:
            return refuse(CANNOT_DM)
        return None
    permissions = world.permissions_in(channel.id, world.bot_user.id)
    if not permissions & Permission.VIEW_CHANNEL:
        return refuse(MISSING_ACCESS)
    needed = Permission.SEND_MESSAGES
    if body.fields.get("embeds"):
        needed |= Permission.EMBED_LINKS
    if body.uploads:
        needed |= Permission.ATTACH_FILES
    if permissions & needed != needed:
        return refuse(MISSING_PERMISSIONS)
    return None


async def post_message(request: web.Request) -> web.Response:
    """POST /channels/{channel_id}/messages."""
    svc = services(request)
    channel = _channel(svc, request)
    if channel is None:
        return unknown("Channel", 10003)
    try:
        body = await read_body(request)
    except BadBody:
        return error(400, 50109, "The request body contains invalid JSON.")
    refused = send_problem(svc, channel, body)
    if refused is not None:
        return refused
    invalid = body_problem(svc, body, creating=True)
    if invalid is not None:
        return invalid
    message = new_message(svc.world, channel, body, svc.base_url)
    return json_response(svc.world.message_payload(message))


async def get_messages(request: web.Request) -> web.Response:
    """GET /channels/{channel_id}/messages?limit=&before=&after= (newest first, as Discord)."""
    svc = services(request)
    world = svc.world
    channel = _channel(svc, request)
    if channel is None:
        return unknown("Channel", 10003)
    if channel.guild_id is not None:
        permissions = world.permissions_in(channel.id, world.bot_user.id)
        if not permissions & Permission.VIEW_CHANNEL:
            return refuse(MISSING_ACCESS)
        if not permissions & Permission.READ_MESSAGE_HISTORY:
            return json_response([])
    limit = min(max(int(request.query.get("limit", "50")), 1), 100)
    before = int(request.query.get("before", str(2**63)))
    after = int(request.query.get("after", "0"))
    found = [
        m
        for m in world.channel_messages(channel.id, include_ephemeral=False)
        if after < m.id < before
    ]
    if "after" in request.query and "before" not in request.query:
        chosen = found[:limit]
    else:
        chosen = found[-limit:]
    return json_response([world.message_payload(m) for m in reversed(chosen)])


async def get_message(request: web.Request) -> web.Response:
    """GET /channels/{channel_id}/messages/{message_id}."""
    svc = services(request)
    channel = _channel(svc, request)
    if channel is None:
        return unknown("Channel", 10003)
    message = _message(svc, channel, request)
    if message is None:
        return unknown("Message", 10008)
    return json_response(svc.world.message_payload(message))


async def edit_message(request: web.Request) -> web.Response:
    """PATCH /channels/{channel_id}/messages/{message_id}: the bot edits its own message."""
    svc = services(request)
    channel = _channel(svc, request)
    if channel is None:
        return unknown("Channel", 10003)
    message = _message(svc, channel, request)
    if message is None:
        return unknown("Message", 10008)
    if message.author_id != svc.world.bot_user.id:
        return error(403, 50005, "Cannot edit a message authored by another user")
    try:
        body = await read_body(request)
    except BadBody:
        return error(400, 50109, "The request body contains invalid JSON.")
    invalid = body_problem(svc, body, creating=False)
    if invalid is not None:
        return invalid
    apply_edit(svc.world, message, body, svc.base_url)
    svc.interactions.note_message_edit(message)
    return json_response(svc.world.message_payload(message))


async def delete_message(request: web.Request) -> web.Response:
    """DELETE /channels/{channel_id}/messages/{message_id}."""
    svc = services(request)
    world = svc.world
    channel = _channel(svc, request)
    if channel is None:
        return unknown("Channel", 10003)
    message = _message(svc, channel, request)
    if message is None:
        return unknown("Message", 10008)
    if message.author_id != world.bot_user.id and channel.guild_id is not None:
        permissions = world.permissions_in(channel.id, world.bot_user.id)
        if not permissions & Permission.MANAGE_MESSAGES:
            return refuse(MISSING_PERMISSIONS)
    world.delete_message(message)
    return no_content()


async def trigger_typing(request: web.Request) -> web.Response:
    """POST /channels/{channel_id}/typing: accepted and ignored."""
    svc = services(request)
    if _channel(svc, request) is None:
        return unknown("Channel", 10003)
    return no_content()


def routes(prefix: str) -> list[web.RouteDef]:
    """The routes of this module under the API prefix."""
    base = f"{prefix}/channels/{{channel_id}}"
    return [
        web.post(f"{base}/messages", post_message),
        web.get(f"{base}/messages", get_messages),
        web.get(f"{base}/messages/{{message_id}}", get_message),
        web.patch(f"{base}/messages/{{message_id}}", edit_message),
        web.delete(f"{base}/messages/{{message_id}}", delete_message),
        web.post(f"{base}/typing", trigger_typing),
    ]
