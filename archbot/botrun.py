"""Wiring the bot: settings become a BotConfig, the database runner and content are opened, and
discord.py is pointed at the configured endpoints."""

from __future__ import annotations

import contextlib
import logging
from datetime import timedelta
from typing import TYPE_CHECKING

import click

from archbot.failures import OperatorError
from archbot.settings import Settings
from bot.client import ArchBot
from bot.config import BotConfig
from bot.dbrunner import DbRunner
from bot.endpoints import use_endpoints
from bot.services import Services
from content import Content, ContentError, load_content

if TYPE_CHECKING:
    from archbot.pipeline import Scrape

log = logging.getLogger("archbot.run")


def bot_config(settings: Settings, **overrides: object) -> BotConfig:
    values: dict[str, object] = {
        "api_base": settings.discord_api_base,
        "gateway_url": settings.discord_gateway_url,
        "dev_guild_id": settings.dev_guild_id,
        "daily_tip_grace": timedelta(minutes=settings.daily_tip_grace_minutes),
        "alert_dms_per_minute": settings.alert_dms_per_minute,
    }
    values.update(overrides)
    return BotConfig(**values)  # type: ignore[arg-type]


def load_checked_content() -> Content:
    try:
        return load_content()
    except ContentError as exc:
        raise click.ClickException(f"the content in data/ is invalid:\n{exc}") from None


async def open_services(settings: Settings, config: BotConfig) -> Services:
    db = DbRunner(settings.database_path)
    await db.start()
    return Services(db=db, content=load_checked_content(), config=config)


def matching_worker(
    settings: Settings, scrape: Scrape | None, start_worker: bool
) -> contextlib.AbstractAsyncContextManager[object]:
    """The matching worker beside the bot: a child process (the default), inside this process
    when `scrape` replaces the job sources (tests), or none at all. The worker's modules
    (scrapers, the index) are imported only when it runs in this process: the bot itself
    needs none of them, and importing them took a second or two of every start."""
    if scrape is not None:
        from archbot.worker import worker_task

        return worker_task(settings, scrape)
    if start_worker:
        from archbot.worker_child import worker_process

        return worker_process(settings)
    return contextlib.nullcontext()


async def run_bot(
    settings: Settings, token: str, *, scrape: Scrape | None = None, start_worker: bool = True
) -> None:
    """Run the bot and the alert sender until stopped (Ctrl+C) or Discord refuses the token,
    with the matching worker beside it (`archbot.worker`). The bot connects and answers at
    once from what is stored; it never waits for matching."""
    config = bot_config(settings)
    use_endpoints(config.api_base, config.gateway_url)
    services = await open_services(settings, config)
    try:
        async with ArchBot(services) as bot, matching_worker(settings, scrape, start_worker):
            await bot.start(token)
    finally:
        await services.db.close()


async def sync_commands(
    settings: Settings, token: str, guild_id: int | None, *, clear_global: bool = False
) -> str:
    """Log in over HTTP only and publish the slash commands, forced; returns what was done."""
    import discord

    from bot.channel_access import invite_url
    from bot.command_sync import clear_global as remove_global
    from bot.command_sync import publish_at_start, publish_to, tree_fingerprint

    config = bot_config(settings)
    use_endpoints(config.api_base, config.gateway_url)
    services = await open_services(settings, config)
    try:
        async with ArchBot(services, sync_on_start=False) as bot:
            await bot.login(token)
            app_id = bot.application_id
            assert app_id is not None
            if clear_global:
                await remove_global(bot.tree, services.db, app_id)
                return "Removed the global slash commands (per-server copies are kept)."
            if guild_id is None:
                report = await publish_at_start(
                    bot.tree, services.db, app_id, config.dev_guild_id, force=True
                )
                target = report.published[0] if report.published else 0
                where = f"server {target}" if target else "all servers (may take up to an hour)"
                return f"Published {report.count} commands to {where}."
            fingerprint, _ = tree_fingerprint(bot.tree)
            try:
                count = await publish_to(bot.tree, services.db, app_id, guild_id, fingerprint)
            except discord.Forbidden as exc:
                if exc.code != 50001:
                    raise
                raise OperatorError(
                    f"Discord refused to publish to server {guild_id} (403 Missing Access, "
                    f"50001): the bot is not in that server; invite it with {invite_url(app_id)}"
                ) from None
            return f"Published {count} commands to server {guild_id}."
    finally:
        await services.db.close()
