"""The `archbot` command line: one group, one module per family of subcommands."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from click.core import ParameterSource

from archbot import __version__
from archbot.commands.content import content_group
from archbot.commands.db import db_group
from archbot.commands.doctor import doctor_command
from archbot.commands.market import plan_command, pulse_command
from archbot.commands.match import match_command
from archbot.commands.run import demo_command, run_command, sync_command
from archbot.commands.scrape import parse_command, scrape_command, sources_group
from archbot.commands.skills import skills_group
from archbot.commands.worker import worker_command
from archbot.context import AppContext
from archbot.failures import EXIT_INTERRUPTED, finish


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--env-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=".env",
    show_default=True,
    help="Read settings from this file as well as the environment (the environment wins).",
)
@click.pass_context
def cli(ctx: click.Context, env_file: Path) -> None:
    """ai-architect-bot: the Discord bot and job matcher for aspiring AI architects.

    Settings come from the environment and an optional .env file; see .env.example.
    """
    explicit = ctx.get_parameter_source("env_file") is not ParameterSource.DEFAULT
    if explicit and not env_file.is_file():
        raise click.BadParameter(
            f"{env_file} does not exist (leave --env-file out to read ./.env when present)",
            param_hint="--env-file",
        )
    ctx.obj = AppContext(env_file=env_file if env_file.is_file() else None)


@cli.command("version")
def version_command() -> None:
    """Print the installed version."""
    click.echo(f"ai-architect-bot {__version__}")


cli.add_command(run_command)
cli.add_command(demo_command)
cli.add_command(sync_command)
cli.add_command(db_group)
cli.add_command(content_group)
cli.add_command(scrape_command)
cli.add_command(parse_command)
cli.add_command(sources_group)
cli.add_command(skills_group)
cli.add_command(match_command)
cli.add_command(plan_command)
cli.add_command(pulse_command)
cli.add_command(worker_command)
cli.add_command(doctor_command)


def main() -> None:
    """The console script: known failures end as one line on stderr (see archbot.failures)."""
    try:
        cli(prog_name="archbot")
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:
        settings = AppContext.current
        status = finish(
            exc,
            database_path=settings.database_path if settings else None,
            api_base=settings.discord_api_base if settings else None,
        )
        if status is None:
            raise
        sys.exit(status)
