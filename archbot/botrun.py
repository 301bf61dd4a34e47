"""Wiring the bot: settings become a BotConfig, the database runner and content are opened, and
discord.py is pointed at the configured endpoints."""

from __future__ import annotations

import contextlib
import logging
from datetime import timedelta
from typing import TYPE_CHECKING

import click

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


async def sync_commands(settings: Settings, token: str, guild_id: int | None) -> int:
    """Log in over HTTP only and publish the slash commands, globally or to one server."""
    import discord

    config = bot_config(settings)
    use_endpoints(config.api_base, config.gateway_url)
    services = await open_services(settings, config)
    try:
        async with ArchBot(services, sync_on_start=False) as bot:
            await bot.login(token)
            if guild_id is not None:
                guild = discord.Object(id=guild_id)
                bot.tree.copy_global_to(guild=guild)
                synced = await bot.tree.sync(guild=guild)
            else:
                synced = await bot.tree.sync()
            return len(synced)
    finally:
        await services.db.close()
