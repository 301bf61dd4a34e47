"""`archbot worker`: the matching worker as a process of its own."""

from __future__ import annotations

import click

from archbot.context import AppContext, pass_app
from archbot.startup import prepare_database


@click.command("worker")
@click.option(
    "--parent",
    type=int,
    default=None,
    hidden=True,
    help="Stop when this process (the bot that started the worker) is gone.",
)
@pass_app
def worker_command(app: AppContext, parent: int | None) -> None:
    """Match apart from the bot: rebuild the index, re-score changed profiles, and scrape and
    match every SCRAPE_INTERVAL_MINUTES, until stopped (Ctrl+C or SIGTERM).

    `archbot run` starts one itself; run this instead when the bot runs with RUN_WORKER=0.
    """
    settings = app.settings()
    prepare_database(settings.database_path)
    from archbot.worker import run_worker_process

    if parent is None:
        click.echo(
            f"Starting the matching worker (database {settings.database_path}). Stop with Ctrl+C."
        )
    run_worker_process(settings, parent=parent)
