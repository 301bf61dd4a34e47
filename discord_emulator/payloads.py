"""JSON payloads in the exact shapes discord.py parses.

Every field discord.py reads with `data[...]` (rather than `.get`) is always present: a missing
one is a KeyError deep inside the client, far from the emulator. The builders below are the
one place that knows which fields each object needs.
"""

from __future__ import annotations

from typing import Any

from discord_emulator.ids import iso
from discord_emulator.models import (
    JSON,
    Attachment,
    Channel,
    ChannelType,
    Guild,
    Member,
    Message,
    Overwrite,
    Role,
    User,
)


def user_payload(user: User) -> JSON:
    """A user object; `discriminator` and `avatar` are required by discord.py."""
    return {
        "id": str(user.id),
        "username": user.username,
        "discriminator": "0",
        "global_name": user.global_name,
        "avatar": None,
        "bot": user.bot,
        "public_flags": 0,
        "flags": 0,
        "locale": user.locale,
        "verified": True,
        "mfa_enabled": False,
    }


def role_payload(role: Role) -> JSON:
    """A role object with its permissions as a decimal string, as Discord sends them."""
    payload: JSON = {
        "id": str(role.id),
        "name": role.name,
        "permissions": str(role.permissions),
        "position": role.position,
        "color": role.color,
        "colors": {"primary_color": role.color, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "managed": role.managed,
        "mentionable": role.mentionable,
        "flags": 0,
    }
    if role.bot_id is not None:
        # discord.py finds the bot's own role (Guild.self_role) through this tag.
        payload["tags"] = {"bot_id": str(role.bot_id)}
    return payload


def overwrite_payload(overwrite: Overwrite) -> JSON:
    """A permission overwrite (`type` 0 for a role, 1 for a member)."""
    return {
        "id": str(overwrite.id),
        "type": int(overwrite.type),
        "allow": str(overwrite.allow),
        "deny": str(overwrite.deny),
    }


def channel_payload(
    channel: Channel, *, recipient: User | None = None, permissions: int | None = None
) -> JSON:
    """A guild channel or, with `recipient`, a DM channel object."""
    if channel.type is ChannelType.DM:
        payload: JSON = {
            "id": str(channel.id),
            "type": int(ChannelType.DM),
            "last_message_id": None,
            "flags": 0,
            "recipients": [user_payload(recipient)] if recipient is not None else [],
        }
    else:
        payload = {
            "id": str(channel.id),
            "type": int(channel.type),
            "guild_id": str(channel.guild_id),
            "name": channel.name,
            "position": channel.position,
            "topic": channel.topic,
            "nsfw": False,
            "parent_id": str(channel.parent_id) if channel.parent_id else None,
            "rate_limit_per_user": 0,
            "last_message_id": None,
            "flags": 0,
            "permission_overwrites": [overwrite_payload(o) for o in channel.overwrites.values()],
        }
    if permissions is not None:
        payload["permissions"] = str(permissions)
    return payload


def member_payload(
    member: Member, *, permissions: int | None = None, include_user: bool = True
) -> JSON:
    """A guild member; `flags` and `roles` are required, `permissions` only in interactions."""
    payload: JSON = {
        "roles": [str(r) for r in member.role_ids],
        "nick": member.nick,
        "avatar": None,
        "banner": None,
        "joined_at": iso(member.joined_at),
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
        "communication_disabled_until": None,
    }
    if include_user:
        payload["user"] = user_payload(member.user)
    if permissions is not None:
        payload["permissions"] = str(permissions)
    return payload


def guild_payload(guild: Guild, channels: list[Channel]) -> JSON:
    """A guild object as GET /guilds/{id} returns it (no members, no channels)."""
    return {
        "id": str(guild.id),
        "name": guild.name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": str(guild.owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 1,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "premium_progress_bar_enabled": False,
        "preferred_locale": guild.locale,
        "system_channel_id": str(channels[0].id) if channels else None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "safety_alerts_channel_id": None,
        "vanity_url_code": None,
        "application_id": None,
        "features": [],
        "emojis": [],
        "stickers": [],
        "roles": [role_payload(r) for r in guild.roles.values()],
        "approximate_member_count": len(guild.members),
        "approximate_presence_count": 0,
        "max_members": 500_000,
    }


def guild_create_payload(
    guild: Guild, channels: list[Channel], members: list[Member], bot_member: Member
) -> JSON:
    """The GUILD_CREATE dispatch: the guild with roles, channels and (some) members."""
    payload = guild_payload(guild, channels)
    listed = {m.user.id: m for m in members}
    listed[bot_member.user.id] = bot_member
    payload.update(
        {
            "unavailable": False,
            "member_count": len(guild.members),
            "large": len(guild.members) >= 250,
            "joined_at": iso(bot_member.joined_at),
            "channels": [channel_payload(c) for c in channels],
            "members": [member_payload(m) for m in listed.values()],
            "threads": [],
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }
    )
    return payload


def attachment_payload(attachment: Attachment) -> JSON:
    """An attachment object; `url` points back at the emulator, which serves the bytes."""
    payload: JSON = {
        "id": str(attachment.id),
        "filename": attachment.filename,
        "size": attachment.size,
        "url": attachment.url,
        "proxy_url": attachment.url,
        "content_type": attachment.content_type,
        "description": attachment.description,
        "ephemeral": attachment.ephemeral,
        "flags": 0,
    }
    if attachment.width is not None:
        payload["width"] = attachment.width
        payload["height"] = attachment.height
    return payload


def message_payload(
    message: Message,
    author: User,
    *,
    application_id: int,
    mentioned: list[User] | None = None,
) -> JSON:
    """A message object as the REST API returns it and the gateway dispatches it."""
    payload: dict[str, Any] = {
        "id": str(message.id),
        "channel_id": str(message.channel_id),
        "type": 20 if message.interaction_id is not None else 0,
        "content": message.content,
        "author": user_payload(author),
        "timestamp": iso(message.created_at),
        "edited_timestamp": iso(message.edited_at) if message.edited_at else None,
        "tts": message.tts,
        "mention_everyone": message.pings.everyone,
        "mentions": [user_payload(u) for u in mentioned or []],
        "mention_roles": [str(r) for r in message.pings.role_ids],
        "attachments": [attachment_payload(a) for a in message.attachments],
        "embeds": message.embeds,
        "components": message.components,
        "pinned": False,
        "flags": message.flags,
        "position": 0,
    }
    if message.guild_id is not None:
        payload["guild_id"] = str(message.guild_id)
    if message.webhook_id is not None:
        payload["webhook_id"] = str(message.webhook_id)
        payload["application_id"] = str(application_id)
    if message.nonce is not None:
        payload["nonce"] = message.nonce
    if message.interaction_metadata is not None:
        payload["interaction_metadata"] = message.interaction_metadata
    return payload
