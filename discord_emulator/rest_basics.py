"""REST routes for identity and lookups: the bot user, application, gateway, guilds,
channels, members, users and DM channels."""

from __future__ import annotations

import math

from aiohttp import web

from discord_emulator import payloads
from discord_emulator.context import services
from discord_emulator.models import JSON, ChannelType
from discord_emulator.permissions import Permission
from discord_emulator.responses import (
    MISSING_ACCESS,
    BadBody,
    error,
    json_response,
    read_json,
    refuse,
    unknown,
)


def _snowflake(request: web.Request, name: str) -> int | None:
    raw = request.match_info.get(name, "")
    return int(raw) if raw.isdigit() else None


async def get_me(request: web.Request) -> web.Response:
    """GET /users/@me: the bot user (what discord.py's login checks)."""
    svc = services(request)
    return json_response(payloads.user_payload(svc.world.bot_user))


async def get_user(request: web.Request) -> web.Response:
    """GET /users/{user_id}."""
    svc = services(request)
    user = svc.world.users.get(_snowflake(request, "user_id") or 0)
    if user is None:
        return unknown("User", 10013)
    return json_response(payloads.user_payload(user))


async def get_application(request: web.Request) -> web.Response:
    """GET /oauth2/applications/@me: the fields discord.py's AppInfo requires."""
    svc = services(request)
    world = svc.world
    owner = world.developer
    return json_response(
        {
            "id": str(world.application_id),
            "name": world.bot_user.username,
            "description": "A bot running against the local Discord emulator.",
            "icon": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": payloads.user_payload(owner),
            "team": None,
            "verify_key": "0" * 64,
            "flags": 0,
            "approximate_guild_count": len(world.guilds),
            "bot": payloads.user_payload(world.bot_user),
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "tags": [],
        }
    )


async def get_gateway(request: web.Request) -> web.Response:
    """GET /gateway: where to connect."""
    svc = services(request)
    return json_response({"url": svc.base_url.replace("http://", "ws://", 1) + "/gateway"})


async def get_gateway_bot(request: web.Request) -> web.Response:
    """GET /gateway/bot: url, recommended shards (1 per 1,000 guilds) and session limits."""
    svc = services(request)
    shards = max(1, math.ceil(len(svc.world.guilds) / 1000))
    return json_response(
        {
            "url": svc.base_url.replace("http://", "ws://", 1) + "/gateway",
            "shards": shards,
            "session_start_limit": {
                "total": 1000,
                "remaining": 1000,
                "reset_after": 86_400_000,
                "max_concurrency": 1,
            },
        }
    )


async def get_guild(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}."""
    svc = services(request)
    guild = svc.world.guilds.get(_snowflake(request, "guild_id") or 0)
    if guild is None:
        return unknown("Guild", 10004)
    return json_response(payloads.guild_payload(guild, svc.world.guild_channels(guild)))


async def get_guild_channels(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/channels."""
    svc = services(request)
    guild = svc.world.guilds.get(_snowflake(request, "guild_id") or 0)
    if guild is None:
        return unknown("Guild", 10004)
    return json_response([payloads.channel_payload(c) for c in svc.world.guild_channels(guild)])


async def get_guild_roles(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/roles."""
    svc = services(request)
    guild = svc.world.guilds.get(_snowflake(request, "guild_id") or 0)
    if guild is None:
        return unknown("Guild", 10004)
    return json_response([payloads.role_payload(r) for r in guild.roles.values()])


async def get_member(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/members/{user_id}."""
    svc = services(request)
    guild = svc.world.guilds.get(_snowflake(request, "guild_id") or 0)
    if guild is None:
        return unknown("Guild", 10004)
    member = guild.members.get(_snowflake(request, "user_id") or 0)
    if member is None:
        return unknown("Member", 10007)
    return json_response(payloads.member_payload(member))


async def list_members(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/members?limit=&after= (ordered by user id)."""
    svc = services(request)
    guild = svc.world.guilds.get(_snowflake(request, "guild_id") or 0)
    if guild is None:
        return unknown("Guild", 10004)
    limit = min(max(int(request.query.get("limit", "1")), 1), 1000)
    after = int(request.query.get("after", "0"))
    members = sorted((m for m in guild.members.values() if m.user.id > after), key=lambda m: m.id)
    return json_response([payloads.member_payload(m) for m in members[:limit]])


async def list_my_guilds(request: web.Request) -> web.Response:
    """GET /users/@me/guilds: partial guilds the bot is in."""
    svc = services(request)
    world = svc.world
    listed: list[JSON] = []
    for guild in world.guilds.values():
        permissions = world.guild_permissions(guild.id, world.bot_user.id)
        listed.append(
            {
                "id": str(guild.id),
                "name": guild.name,
                "icon": None,
                "owner": False,
                "permissions": str(permissions),
                "features": [],
            }
        )
    return json_response(listed)


async def get_channel(request: web.Request) -> web.Response:
    """GET /channels/{channel_id}."""
    svc = services(request)
    world = svc.world
    channel = world.channels.get(_snowflake(request, "channel_id") or 0)
    if channel is None or channel.deleted:
        return unknown("Channel", 10003)
    if channel.type is ChannelType.DM:
        recipient = world.users.get(channel.recipient_id or 0)
        return json_response(payloads.channel_payload(channel, recipient=recipient))
    if not world.permissions_in(channel.id, world.bot_user.id) & Permission.VIEW_CHANNEL:
        return refuse(MISSING_ACCESS)
    return json_response(payloads.channel_payload(channel))


async def create_dm(request: web.Request) -> web.Response:
    """POST /users/@me/channels {recipient_id}: open (or reuse) the DM channel.

    Opening always works, even when the user has closed their DMs: Discord refuses only the
    message sent there (403, 50007).
    """
    svc = services(request)
    try:
        body = await read_json(request)
        recipient_id = int(body["recipient_id"])
    except (BadBody, KeyError, TypeError, ValueError):
        return error(400, 50035, "Invalid Form Body")
    user = svc.world.users.get(recipient_id)
    if user is None:
        return unknown("User", 10013)
    channel = svc.world.dm_channel(recipient_id)
    return json_response(payloads.channel_payload(channel, recipient=user))


def routes(prefix: str) -> list[web.RouteDef]:
    """The routes of this module under the API prefix."""
    return [
        web.get(f"{prefix}/users/@me", get_me),
        web.get(f"{prefix}/users/@me/guilds", list_my_guilds),
        web.post(f"{prefix}/users/@me/channels", create_dm),
        web.get(f"{prefix}/users/{{user_id}}", get_user),
        web.get(f"{prefix}/oauth2/applications/@me", get_application),
        web.get(f"{prefix}/applications/@me", get_application),
        web.get(f"{prefix}/gateway", get_gateway),
        web.get(f"{prefix}/gateway/bot", get_gateway_bot),
        web.get(f"{prefix}/guilds/{{guild_id}}", get_guild),
        web.get(f"{prefix}/guilds/{{guild_id}}/channels", get_guild_channels),
        web.get(f"{prefix}/guilds/{{guild_id}}/roles", get_guild_roles),
        web.get(f"{prefix}/guilds/{{guild_id}}/members", list_members),
        web.get(f"{prefix}/guilds/{{guild_id}}/members/{{user_id}}", get_member),
        web.get(f"{prefix}/channels/{{channel_id}}", get_channel),
    ]
