"""`archbot run`: start the bot."""

from __future__ import annotations

import click

from archbot.context import AppContext, pass_app
from store import migrate, open_db

NO_CREDENTIALS_HELP = """DISCORD_TOKEN is not set, so the bot cannot log in to Discord.
To get a token: open the Discord developer portal, create an application, add a Bot user,
press "Reset Token" and copy it. Put it in .env (see .env.example) as DISCORD_TOKEN=...
The README section "Create the Discord application" covers intents and the invite link."""


@click.command("run")
@pass_app
def run_command(app: AppContext) -> None:
    """Migrate the database, then run the bot until stopped.

    Beside the bot it scrapes the enabled job sources every SCRAPE_INTERVAL_MINUTES, matches
    new postings against members' profiles and sends job-match digests by DM.
    """
    settings = app.settings()
    db = open_db(settings.database_path)
    try:
        migrate(db)
    finally:
        db.close()
    token = settings.token
    if token is None:
        click.echo(NO_CREDENTIALS_HELP, err=True)
        raise SystemExit(2)
    import asyncio

    import discord

    from archbot.botrun import run_bot

    try:
        asyncio.run(run_bot(settings, token))
    except discord.LoginFailure:
        raise click.ClickException(
            "Discord refused the token (DISCORD_TOKEN): reset it in the developer portal"
        ) from None
    except KeyboardInterrupt:
        click.echo("stopped")
