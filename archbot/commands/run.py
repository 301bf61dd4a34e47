"""`archbot run`, `archbot demo` and `archbot sync-commands`."""

from __future__ import annotations

import asyncio
import logging
import signal
import tempfile
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import click

from archbot.context import AppContext, pass_app
from archbot.failures import OperatorError
from archbot.settings import Settings
from archbot.startup import prepare_database
from content import DATA_DIR

log = logging.getLogger("archbot.start")

NO_CREDENTIALS_HELP = """No DISCORD_TOKEN is set, so the bot cannot log in to Discord.
To run it on Discord: open the Discord developer portal, create an application, add a Bot user,
press "Reset Token" and put the token in .env (see .env.example) as DISCORD_TOKEN=...
The README section "Create the Discord application" covers intents and the invite link."""

DEMO_NOTE = """A DISCORD_TOKEN is set, but the demo never uses it: it runs only against the
local emulator. `archbot run` logs in to Discord with it (`archbot doctor` checks it first)."""

TOUR_BANNER = """Starting the project's local Discord emulator on 127.0.0.1 and the real bot against
it, for a short guided tour. Nothing leaves this machine.
"""


def demo_dir(chosen: Path | None) -> Path:
    """Where the tour writes its database and picture: the chosen folder, else data/demo in the
    project (never the current folder by accident), else a new temporary folder."""
    if chosen is not None:
        return chosen
    candidate = DATA_DIR / "demo"
    try:
        candidate.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=candidate):
            pass
    except OSError:
        return Path(tempfile.mkdtemp(prefix="archbot-demo-"))
    return candidate


def _tour(settings: Settings, chosen: Path | None) -> None:
    from archbot.tour import play_tour

    workdir = demo_dir(chosen)
    workdir.mkdir(parents=True, exist_ok=True)
    for stale in (*workdir.glob("demo.db*"), workdir / "progress.png"):
        stale.unlink(missing_ok=True)
    click.echo(f"The tour's files (database, progress picture) are written to {workdir}.")
    click.echo()
    ok = asyncio.run(play_tour(click.echo, workdir))
    click.echo("Tour finished." if ok else "The tour hit a problem; see the lines marked !!.")
    click.echo(DEMO_NOTE if settings.token else NO_CREDENTIALS_HELP)
    if not ok:
        raise SystemExit(1)


def content_summary() -> str:
    from content import ContentError, load_content

    try:
        content = load_content()
    except ContentError as exc:
        first = str(exc.problems[0]) if exc.problems else str(exc)
        raise OperatorError(
            f"the content in {DATA_DIR} is invalid: {first} ({len(exc.problems)} problem(s); "
            "`archbot content check` lists them)"
        ) from None
    stats = ", ".join(f"{value} {name}" for name, value in content.stats().items())
    return f"content: {stats}"


@click.command("run")
@pass_app
def run_command(app: AppContext) -> None:
    """Run the bot on Discord; without DISCORD_TOKEN, play the guided tour locally.

    Before connecting it checks the settings, the database (writable, sound, migrated) and the
    content; after logging in it logs the application id, the invite URL, what slash commands
    it published and, per server, whether it may post where it is configured to. Beside the bot
    its matching worker (a child process; RUN_WORKER=0 leaves it to `archbot worker`) scrapes
    the enabled job sources every SCRAPE_INTERVAL_MINUTES and matches new postings; the bot
    sends opted-in members job-match digests by DM.
    """
    settings = app.settings()
    token = settings.token
    if token is None:
        click.echo("No DISCORD_TOKEN is set. " + TOUR_BANNER)
        _tour(settings, None)
        return
    from archbot.botrun import run_bot

    log.info("settings ok (from the environment%s)", f" and {app.env_file}" if app.env_file else "")
    log.info("%s", prepare_database(settings.database_path).sentence())
    log.info("%s", content_summary())
    click.echo(f"Starting the bot (database {settings.database_path}). Stop with Ctrl+C.")
    asyncio.run(until_stopped(run_bot(settings, token, start_worker=settings.run_worker)))
    click.echo("Stopped.")


async def until_stopped(work: Coroutine[Any, Any, None]) -> None:
    """Run `work` until it ends or the process is asked to stop: Ctrl+C (SIGINT), or SIGTERM
    from systemd, Docker or `kill`. Either cancels the work, so the bot closes its gateway
    session and the database cleanly instead of dying mid-write."""
    loop = asyncio.get_running_loop()
    task = asyncio.ensure_future(work)
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, task.cancel)
    try:
        await task
    except asyncio.CancelledError:
        log.info("stop requested: the bot closed its connections")
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)


@click.command("demo")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write the tour's database and picture here (default: data/demo in the project).",
)
@pass_app
def demo_command(app: AppContext, directory: Path | None) -> None:
    """Play the guided tour against the local Discord emulator (no token needed, none used)."""
    settings = app.settings()
    click.echo(TOUR_BANNER)
    _tour(settings, directory)


@click.command("sync-commands")
@click.option("--guild", "guild_id", type=int, default=None, help="Publish to this server only.")
@click.option(
    "--clear-global",
    is_flag=True,
    help="Remove the application's global commands (after using it for development).",
)
@pass_app
def sync_command(app: AppContext, guild_id: int | None, clear_global: bool) -> None:
    """Publish the slash commands now, even when they did not change since the last publish.

    `run` publishes them by itself when they changed: globally, or with DEV_GUILD_ID set only
    to that server (instantly). Without options this does what `run` would, forced; --guild
    publishes to one server (the bot must be in it).
    """
    settings = app.settings()
    token = settings.token
    if token is None:
        click.echo(NO_CREDENTIALS_HELP, err=True)
        raise SystemExit(2)
    from archbot.botrun import sync_commands

    prepare_database(settings.database_path)
    click.echo(asyncio.run(sync_commands(settings, token, guild_id, clear_global=clear_global)))
