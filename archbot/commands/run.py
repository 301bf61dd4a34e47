"""`archbot run`, `archbot demo` and `archbot sync-commands`."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import click

from archbot.context import AppContext, pass_app
from store import migrate, open_db

DEMO_DIR = Path("data/demo")

NO_CREDENTIALS_HELP = """No DISCORD_TOKEN is set, so the bot cannot log in to Discord.
To run it on Discord: open the Discord developer portal, create an application, add a Bot user,
press "Reset Token" and put the token in .env (see .env.example) as DISCORD_TOKEN=...
The README section "Create the Discord application" covers intents and the invite link."""

TOUR_BANNER = """No DISCORD_TOKEN is set: starting the project's local Discord emulator on 127.0.0.1
and the real bot against it, for a short guided tour. Nothing leaves this machine.
"""


def _migrate(path: Path) -> None:
    db = open_db(path)
    try:
        migrate(db)
    except RuntimeError as exc:
        raise click.ClickException(f"{path} (setting DATABASE_PATH): {exc}") from None
    finally:
        db.close()


def _tour() -> None:
    from archbot.tour import play_tour

    shutil.rmtree(DEMO_DIR, ignore_errors=True)
    DEMO_DIR.mkdir(parents=True)
    ok = asyncio.run(play_tour(click.echo, DEMO_DIR))
    click.echo("Tour finished." if ok else "The tour hit a problem; see the lines marked !!.")
    click.echo(NO_CREDENTIALS_HELP)
    if not ok:
        raise SystemExit(1)


@click.command("run")
@pass_app
def run_command(app: AppContext) -> None:
    """Run the bot on Discord; without DISCORD_TOKEN, play the guided tour locally.

    Beside the bot it scrapes the enabled job sources every SCRAPE_INTERVAL_MINUTES, matches new
    postings against members' profiles and sends the opted-in members job-match digests by DM.
    """
    settings = app.settings()
    _migrate(settings.database_path)
    token = settings.token
    if token is None:
        click.echo(TOUR_BANNER)
        _tour()
        return
    from archbot.botrun import run_bot

    click.echo(f"Starting the bot (database {settings.database_path}). Stop with Ctrl+C.")
    try:
        asyncio.run(run_bot(settings, token, start_worker=settings.run_worker))
    except KeyboardInterrupt:
        click.echo("Stopped.")


@click.command("demo")
@pass_app
def demo_command(app: AppContext) -> None:
    """Play the guided tour against the local Discord emulator (no token needed).

    The tour's database and the progress picture are written to data/demo/.
    """
    app.settings()
    click.echo(TOUR_BANNER)
    _tour()


@click.command("sync-commands")
@click.option("--guild", "guild_id", type=int, default=None, help="Sync to one server only.")
@pass_app
def sync_command(app: AppContext, guild_id: int | None) -> None:
    """Publish the slash commands: to one server instantly, or globally (up to an hour).

    The bot does not sync globally on every start; run this after adding or changing commands.
    With DEV_GUILD_ID set, `run` syncs to that server at start.
    """
    settings = app.settings()
    token = settings.token
    if token is None:
        click.echo(NO_CREDENTIALS_HELP, err=True)
        raise SystemExit(2)
    from archbot.botrun import sync_commands

    count = asyncio.run(sync_commands(settings, token, guild_id))
    where = f"server {guild_id}" if guild_id else "all servers (may take up to an hour to show)"
    click.echo(f"Synced {count} commands to {where}.")
