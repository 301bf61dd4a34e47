"""Publishing the slash commands: only when they changed, and never listed twice in one server.

The command tree's definition (what Discord receives) is hashed; the hash of the last publish
is kept in the database per application and scope. At start:

- without DEV_GUILD_ID the commands are published globally when the hash differs from the
  last global publish. Per-server copies this database recorded earlier (from a development
  run) are removed, because a server lists a global and a per-server copy of a command twice;
- with DEV_GUILD_ID the commands are published to that server only (they appear at once) and
  not globally; if the application already has global commands, the log says that server
  lists them twice and how to remove the global ones.

`archbot sync-commands` forces a publish, whatever the stored hash says.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import discord
from discord import app_commands

from bot.dbrunner import DbRunner
from store.published_commands import (
    GLOBAL,
    forget_published,
    published,
    published_scopes,
    record_published,
)

log = logging.getLogger("archbot.commands")

Tree = app_commands.CommandTree[Any]


def command_definitions(tree: Tree) -> list[dict[str, Any]]:
    """The global commands exactly as a sync sends them, in a stable order."""
    payload = [command.to_dict(tree) for command in tree.get_commands()]
    return sorted(payload, key=lambda c: (int(c.get("type", 1)), str(c["name"])))


def tree_fingerprint(tree: Tree) -> tuple[str, int]:
    """A short hash of the command definitions, and how many top-level commands there are."""
    payload = command_definitions(tree)
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()[:16], len(payload)


def where(guild_id: int) -> str:
    return "globally" if guild_id == GLOBAL else f"to server {guild_id}"


@dataclass(frozen=True)
class PublishReport:
    """What one start (or one `sync-commands`) did; `published` is empty when nothing was due."""

    fingerprint: str
    count: int
    published: tuple[int, ...] = ()
    cleared: tuple[int, ...] = ()
    unchanged: tuple[int, ...] = ()


async def publish_to(
    tree: Tree, db: DbRunner, application_id: int, guild_id: int, fingerprint: str
) -> int:
    """Publish the commands to one scope (global or a server) and record it. Returns the count
    Discord acknowledged."""
    if guild_id == GLOBAL:
        synced = await tree.sync()
    else:
        guild = discord.Object(id=guild_id)
        tree.copy_global_to(guild=guild)
        synced = await tree.sync(guild=guild)
    await db(
        record_published, application_id, guild_id, fingerprint, len(synced), datetime.now(UTC)
    )
    return len(synced)


async def clear_guild_copy(tree: Tree, db: DbRunner, application_id: int, guild_id: int) -> bool:
    """Remove the per-server copy from `guild_id`; False when Discord no longer lets us (the
    bot left that server, so it lists nothing anyway)."""
    guild = discord.Object(id=guild_id)
    tree.clear_commands(guild=guild)
    try:
        await tree.sync(guild=guild)
    except discord.Forbidden:
        log.info("server %s no longer has the bot: its command copy is gone with it", guild_id)
        await db(forget_published, application_id, guild_id)
        return False
    await db(forget_published, application_id, guild_id)
    return True


async def publish_at_start(
    tree: Tree,
    db: DbRunner,
    application_id: int,
    dev_guild_id: int | None,
    *,
    force: bool = False,
) -> PublishReport:
    """The start-up policy described in the module docstring."""
    fingerprint, count = tree_fingerprint(tree)
    target = dev_guild_id if dev_guild_id is not None else GLOBAL
    done: list[int] = []
    unchanged: list[int] = []
    cleared: list[int] = []
    last = await db(published, application_id, target)
    if force or last is None or last.fingerprint != fingerprint:
        acknowledged = await publish_to(tree, db, application_id, target, fingerprint)
        done.append(target)
        later = " (global commands can take up to an hour to appear)" if target == GLOBAL else ""
        log.info(
            "published %d slash commands %s (definition %s)%s",
            acknowledged,
            where(target),
            fingerprint,
            later,
        )
    else:
        unchanged.append(target)
        log.info(
            "slash commands unchanged since %s (definition %s): nothing to publish %s",
            last.published_at[:16],
            fingerprint,
            where(target),
        )
    if target == GLOBAL:
        for scope in await db(published_scopes, application_id):
            if scope.is_global:
                continue
            if await clear_guild_copy(tree, db, application_id, scope.guild_id):
                cleared.append(scope.guild_id)
                log.info(
                    "removed the development copy of the commands from server %s, so that it "
                    "does not list every command twice",
                    scope.guild_id,
                )
    else:
        global_commands = await tree.fetch_commands()
        if global_commands:
            log.warning(
                "this application also has %d global slash commands, so server %s lists them "
                "twice; use a separate application for development, or remove the global "
                "ones with `archbot sync-commands --clear-global`",
                len(global_commands),
                target,
            )
    return PublishReport(fingerprint, count, tuple(done), tuple(cleared), tuple(unchanged))


async def clear_global(tree: Tree, db: DbRunner, application_id: int) -> None:
    """Remove every global command of the application (development servers keep theirs)."""
    tree.clear_commands(guild=None)
    await tree.sync()
    await db(forget_published, application_id, GLOBAL)
    log.info("removed the global slash commands")
