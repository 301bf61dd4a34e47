"""`archbot db`: migrate, back up and check the SQLite database."""

from __future__ import annotations

from pathlib import Path

import click

from archbot.context import AppContext, pass_app
from archbot.startup import prepare_database
from store import backup_database, check_database
from store.maintenance import MaintenanceError


@click.group("db")
def db_group() -> None:
    """Maintain the database named by DATABASE_PATH."""


@db_group.command("migrate")
@pass_app
def migrate_command(app: AppContext) -> None:
    """Apply pending schema migrations (safe to run again; `run` does it at start)."""
    path = app.settings().database_path
    state = prepare_database(path)
    for applied in state.applied:
        click.echo(f"applied {applied}")
    click.echo(f"{path}: schema version {state.schema_version} (up to date)")


@db_group.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite TARGET if it exists, and copy even a database that fails its integrity check.",
)
@pass_app
def backup_command(app: AppContext, target: Path, force: bool) -> None:
    """Copy the database to TARGET with SQLite's online backup (safe while the bot runs).

    The database's integrity is checked first: a damaged one is refused unless --force.
    """
    source = app.settings().database_path
    try:
        backup_database(source, target, overwrite=force, allow_damaged=force)
    except MaintenanceError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"backed up {source} to {target} ({target.stat().st_size} bytes)")


@db_group.command("check")
@pass_app
def check_command(app: AppContext) -> None:
    """Run SQLite's integrity and foreign-key checks and report the schema version."""
    path = app.settings().database_path
    try:
        report = check_database(path)
    except MaintenanceError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"database:       {path}")
    click.echo(f"integrity:      {', '.join(report.integrity[:5])}")
    click.echo(f"foreign keys:   {report.foreign_key_problems} problem(s)")
    click.echo(f"schema version: {report.schema_version} of {report.latest_version}")
    click.echo(f"tables:         {report.tables}")
    if not report.ok:
        if report.integrity != ["ok"]:
            click.echo(
                f"Error: {path} is damaged: restore the latest backup (`archbot db backup` "
                "refuses to copy a damaged database unless --force)",
                err=True,
            )
        elif report.schema_version < report.latest_version:
            click.echo("pending migrations: run `archbot db migrate`", err=True)
        raise SystemExit(1)
