"""Wiring the bot: settings become a BotConfig, the database runner and content are opened, and
discord.py is pointed at the configured endpoints."""

from __future__ import annotations

import logging
from datetime import timedelta

import click

from archbot.failures import OperatorError
from archbot.pipeline import Pipeline, Scrape, running_pipeline
from archbot.scraping import SourceSummary, scrape_configured
from archbot.settings import Settings
from bot.client import ArchBot
from bot.config import BotConfig
from bot.dbrunner import DbRunner
from bot.endpoints import use_endpoints
from bot.job_features import ensure_engine
from bot.market_service import market_of
from bot.services import Services
from content import Content, ContentError, load_content
from store import Database

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


# With scraping off in this process, postings stored by another process are matched this often.
MATCH_ONLY_MINUTES = 10


def job_pipeline(settings: Settings, services: Services, scrape: Scrape | None = None) -> Pipeline:
    """Scraping every SCRAPE_INTERVAL_MINUTES, feeding the bot's match engine. `scrape` replaces
    the configured sources (tests point it at a local board, or at nothing)."""

    async def configured(db: Database) -> list[SourceSummary]:
        return await scrape_configured(settings, db)

    async def elsewhere(db: Database) -> list[SourceSummary]:
        return []  # another process runs `archbot scrape`; only match what it stored

    minutes = settings.scrape_interval_minutes
    if scrape is None:
        scrape = configured if minutes else elsewhere
    return Pipeline(
        ensure_engine(services),
        settings.database_path,
        scrape,
        interval=timedelta(minutes=minutes or MATCH_ONLY_MINUTES),
        refresh_market=market_of(services).refresh,
    )


async def run_bot(settings: Settings, token: str, *, scrape: Scrape | None = None) -> None:
    """Run the bot, the scrape-and-match pipeline and the alert sender until stopped (Ctrl+C)
    or Discord refuses the token. `scrape` replaces the configured job sources (for tests)."""
    config = bot_config(settings)
    use_endpoints(config.api_base, config.gateway_url)
    services = await open_services(settings, config)
    try:
        async with ArchBot(services) as bot:
            pipeline = job_pipeline(settings, services, scrape)
            async with running_pipeline(pipeline, bot.wait_until_ready):
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
