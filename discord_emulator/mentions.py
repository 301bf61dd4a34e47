"""Who a message would ping, following Discord's `allowed_mentions` rules.

Tests use this to assert that the bot never pings @everyone or roles. Discord's rules:
without `allowed_mentions` every mention in the content pings; with it, only the kinds in
`parse` and the ids listed in `users`/`roles` do. @everyone/@here additionally needs the
author's Mention Everyone permission, and a role ping needs the role to be mentionable or that
same permission. Ephemeral messages are judged as if public, so a reply that forgot
`allowed_mentions` is caught even when it happened to be ephemeral.
"""

from __future__ import annotations

import re

from discord_emulator.models import JSON, Guild, Pings
from discord_emulator.permissions import Permission

_USER = re.compile(r"<@!?(\d{1,20})>")
_ROLE = re.compile(r"<@&(\d{1,20})>")
_EVERYONE = re.compile(r"@(everyone|here)\b")


def compute_pings(
    content: str,
    allowed_mentions: JSON | None,
    *,
    guild: Guild | None,
    author_permissions: int,
) -> Pings:
    """The pings a message produces. `author_permissions` is the author's channel permissions.

    Only the content counts: mentions inside embeds never ping on Discord.
    """
    text = content
    if allowed_mentions is None:
        parse = {"users", "roles", "everyone"}
        listed_users: set[int] = set()
        listed_roles: set[int] = set()
    else:
        parse = set(allowed_mentions.get("parse") or [])
        listed_users = {int(u) for u in allowed_mentions.get("users") or []}
        listed_roles = {int(r) for r in allowed_mentions.get("roles") or []}

    can_mass_ping = bool(author_permissions & Permission.MENTION_EVERYONE)
    everyone = (
        guild is not None
        and "everyone" in parse
        and can_mass_ping
        and _EVERYONE.search(text) is not None
    )

    user_ids: list[int] = []
    for match in _USER.finditer(text):
        user_id = int(match.group(1))
        if ("users" in parse or user_id in listed_users) and user_id not in user_ids:
            user_ids.append(user_id)

    role_ids: list[int] = []
    if guild is not None:
        for match in _ROLE.finditer(text):
            role_id = int(match.group(1))
            role = guild.roles.get(role_id)
            if role is None or role_id in role_ids:
                continue
            if ("roles" in parse or role_id in listed_roles) and (
                role.mentionable or can_mass_ping
            ):
                role_ids.append(role_id)

    return Pings(everyone=everyone, role_ids=tuple(role_ids), user_ids=tuple(user_ids))
