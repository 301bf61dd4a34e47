"""The Discord half of `archbot doctor`: a handful of GET requests, each with a time-out.

Is the token accepted, which application is it, which servers is the bot in, does it hold the
permissions it needs there and in the channels each server configured, and are the published
slash commands those of this version of the bot. Only REST is used (no gateway session), so a
running bot is not disturbed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from archbot.doctor import NETWORK_SECONDS, Check
from archbot.settings import Settings
from bot.channel_access import LABELS, REQUIRED, invite_url

ADMINISTRATOR = 1 << 3
PERMISSION_BITS = {label: getattr(type(REQUIRED), name).flag for name, label in LABELS.items()}


class Unreachable(Exception):
    """No answer: no network, DNS, refused connection or a time-out."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any


async def _get(http: aiohttp.ClientSession, url: str) -> Answer:
    try:
        async with http.get(url) as response:
            body = await response.json(content_type=None) if response.content_length != 0 else None
            return Answer(response.status, body)
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        raise Unreachable(str(exc) or type(exc).__name__) from None


def missing_labels(bits: int) -> list[str]:
    if bits & ADMINISTRATOR:
        return []
    return [label for label, flag in PERMISSION_BITS.items() if not bits & flag]


def channel_permissions(
    guild_id: int,
    base: int,
    role_ids: list[int],
    member_id: int,
    overwrites: list[dict[str, Any]],
) -> int:
    """Discord's rule: the guild-level permissions, then the @everyone overwrite, then the
    member's roles' overwrites (denies before allows), then the member's own overwrite."""
    if base & ADMINISTRATOR:
        return base
    by_id = {int(o["id"]): o for o in overwrites}
    perms = base

    def apply(overwrite: dict[str, Any] | None) -> None:
        nonlocal perms
        if overwrite is not None:
            perms = (perms & ~int(overwrite.get("deny", 0))) | int(overwrite.get("allow", 0))

    apply(by_id.get(guild_id))
    deny = allow = 0
    for role_id in role_ids:
        found = by_id.get(role_id)
        if found is not None:
            deny |= int(found.get("deny", 0))
            allow |= int(found.get("allow", 0))
    perms = (perms & ~deny) | allow
    apply(by_id.get(member_id))
    return perms


async def _tree_fingerprint() -> tuple[str, int]:
    """The fingerprint of this version's commands, from a bot that is built but never started."""
    from bot.client import ArchBot
    from bot.command_sync import tree_fingerprint
    from bot.config import BotConfig
    from bot.dbrunner import DbRunner
    from bot.services import Services
    from content import load_content

    content = load_content()
    db = DbRunner(Path(":memory:"))
    await db.start()
    try:
        # Every timer off: this bot is only built, never started.
        config = BotConfig(daily_tick_seconds=0, quiz_tick_seconds=0, alert_tick_seconds=0)
        bot = ArchBot(Services(db=db, content=content, config=config), sync_on_start=False)
        await bot.install_features()
        return tree_fingerprint(bot.tree)
    finally:
        await db.close()


def _configured_channels(path: Path, guild_id: int) -> list[tuple[int, str]]:
    from store.guilds import guild_settings
    from store.maintenance import open_read_only
    from store.quiz_settings import channel_switches

    db = open_read_only(path)
    try:
        if "guild_settings" not in db.table_names():
            return []
        wanted: list[tuple[int, str]] = []
        settings = guild_settings(db, guild_id)
        if settings.tip_channel_id:
            wanted.append((settings.tip_channel_id, "daily tip"))
        switches = channel_switches(db, guild_id)
        wanted += [(cid, "quiz") for cid, on in sorted(switches.items()) if on]
        return wanted
    finally:
        db.close()


def _published(path: Path, application_id: int, scope: int) -> Any:
    from store.maintenance import open_read_only
    from store.published_commands import published

    db = open_read_only(path)
    try:
        if "published_commands" not in db.table_names():
            return None
        return published(db, application_id, scope)
    finally:
        db.close()


async def discord_checks(settings: Settings, database_ok: bool) -> list[Check]:
    token = settings.token
    assert token is not None
    base = settings.discord_api_base
    headers = {"Authorization": f"Bot {token}", "User-Agent": "DiscordBot (ai-architect-bot, 0.1)"}
    timeout = aiohttp.ClientTimeout(total=NETWORK_SECONDS)
    checks: list[Check] = []
    async with aiohttp.ClientSession(headers=headers, timeout=timeout) as http:
        try:
            me = await _get(http, f"{base}/users/@me")
        except Unreachable as exc:
            return [
                Check(
                    "discord",
                    "fail",
                    f"unreachable: {exc}",
                    "check the network connection (or DISCORD_API_BASE)",
                )
            ]
        if me.status == 401:
            return [
                Check(
                    "discord",
                    "fail",
                    "the token was refused (401 Unauthorized)",
                    "copy a new token (developer portal, Bot > Reset Token) into DISCORD_TOKEN",
                )
            ]
        if me.status >= 500 or me.status != 200:
            return [Check("discord", "fail", f"Discord answered HTTP {me.status}", "try later")]
        try:
            app = await _get(http, f"{base}/oauth2/applications/@me")
            guilds = await _get(http, f"{base}/users/@me/guilds")
        except Unreachable as exc:
            return [Check("discord", "fail", f"unreachable: {exc}", "try again")]
        app_id = int(app.body["id"])
        checks.append(
            Check(
                "discord",
                "ok",
                f"token accepted: bot {me.body.get('username')}, application id {app_id}",
            )
        )
        checks.append(Check("invite URL", "ok", invite_url(app_id)))
        servers = guilds.body if guilds.status == 200 and isinstance(guilds.body, list) else []
        if not servers:
            checks.append(
                Check("servers", "warn", "the bot is in no server", "open the invite URL above")
            )
        else:
            checks.append(Check("servers", "ok", f"in {len(servers)} server(s)"))
        bot_id = int(me.body["id"])
        for server in servers[:25]:
            checks += await _server_checks(http, base, settings, server, bot_id, database_ok)
        if len(servers) > 25:
            checks.append(Check("servers", "warn", f"only the first 25 of {len(servers)} checked"))
        checks.append(await _commands_check(http, base, settings, app_id, database_ok))
    return checks


async def _server_checks(
    http: aiohttp.ClientSession,
    base: str,
    settings: Settings,
    server: dict[str, Any],
    bot_id: int,
    database_ok: bool,
) -> list[Check]:
    guild_id = int(server["id"])
    name = f"server {server.get('name', guild_id)}"
    held = int(server.get("permissions", 0))
    lacking = missing_labels(held)
    checks: list[Check] = []
    if lacking:
        checks.append(
            Check(
                name,
                "warn",
                f"the bot's roles lack {', '.join(lacking)}",
                "give its role these permissions, or re-invite it with the URL above",
            )
        )
    path = settings.database_path
    wanted = _configured_channels(path, guild_id) if database_ok and path.is_file() else []
    if not wanted:
        if not lacking:
            checks.append(Check(name, "ok", "permissions ok; no channel configured yet"))
        return checks
    try:
        roles = await _get(http, f"{base}/guilds/{guild_id}/roles")
        member = await _get(http, f"{base}/guilds/{guild_id}/members/{bot_id}")
    except Unreachable as exc:
        return [*checks, Check(name, "fail", f"unreachable: {exc}", "try again")]
    role_ids = (
        [int(r) for r in (member.body or {}).get("roles", [])] if member.status == 200 else []
    )
    role_perms = {
        int(r["id"]): int(r["permissions"]) for r in (roles.body if roles.status == 200 else [])
    }
    base_bits = role_perms.get(guild_id, 0)
    for role_id in role_ids:
        base_bits |= role_perms.get(role_id, 0)
    problems: list[str] = []
    for channel_id, purpose in wanted:
        channel = await _get(http, f"{base}/channels/{channel_id}")
        if channel.status == 404:
            problems.append(f"{purpose} channel {channel_id} no longer exists")
            continue
        if channel.status == 403:
            problems.append(f"{purpose} #{channel_id}: cannot see it (View Channel)")
            continue
        bits = channel_permissions(
            guild_id,
            base_bits,
            role_ids,
            bot_id,
            channel.body.get("permission_overwrites", []),
        )
        missing = missing_labels(bits)
        if missing:
            problems.append(f"{purpose} #{channel.body.get('name')}: missing {', '.join(missing)}")
    if problems:
        checks.append(
            Check(
                name,
                "warn",
                "; ".join(problems),
                "allow these in the channel's permissions, or choose another channel",
            )
        )
    elif not lacking:
        checks.append(Check(name, "ok", f"permissions ok in {len(wanted)} configured channel(s)"))
    return checks


async def _commands_check(
    http: aiohttp.ClientSession, base: str, settings: Settings, app_id: int, database_ok: bool
) -> Check:
    scope = settings.dev_guild_id or 0
    where = f"server {scope}" if scope else "globally"
    route = f"/guilds/{scope}/commands" if scope else "/commands"
    try:
        listed = await _get(http, f"{base}/applications/{app_id}{route}")
    except Unreachable as exc:
        return Check("slash commands", "fail", f"unreachable: {exc}", "try again")
    on_discord = len(listed.body) if listed.status == 200 and isinstance(listed.body, list) else 0
    from content import ContentError

    try:
        fingerprint, count = await _tree_fingerprint()
    except ContentError:
        return Check("slash commands", "warn", f"{on_discord} listed {where}", "fix the content")
    path = settings.database_path
    stored = _published(path, app_id, scope) if database_ok and path.is_file() else None
    if on_discord == 0 or stored is None:
        return Check(
            "slash commands",
            "warn",
            f"not published {where} yet ({on_discord} listed)",
            "`archbot run` publishes them at start (or `archbot sync-commands`)",
        )
    if stored.fingerprint != fingerprint:
        return Check(
            "slash commands",
            "warn",
            f"stale: {on_discord} published {where} on {stored.published_at[:16]}, this version "
            f"has {count} with another definition",
            "the next `archbot run` publishes them (or `archbot sync-commands`)",
        )
    return Check(
        "slash commands",
        "ok",
        f"{on_discord} published {where} on {stored.published_at[:16]}, current",
    )
