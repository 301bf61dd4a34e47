"""`archbot content`: validate and count the learning content."""

from __future__ import annotations

import json
from pathlib import Path
from typing import NoReturn

import click

from archbot.commands.content_report import (
    demand_from_database,
    demand_from_file,
    gaps_report,
    report_json,
    tells_report,
)
from archbot.context import AppContext
from archbot.settings import SettingsError, load_settings
from content import DATA_DIR, Content, ContentError, check_extra, load_collection, load_content
from content.coverage import DEFAULT_GAP_LIMIT, Demand, Gap
from content.loader import freeze


@click.group("content")
def content_group() -> None:
    """Check and summarise the roadmap, tips, quiz bank, skills and job sources in data/."""


@content_group.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--data-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=DATA_DIR,
    show_default=True,
    help="The shipped content to check (or to check PATHS against).",
)
@click.option(
    "--postings",
    "postings_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Count skill demand in this JSON-lines file (as `archbot parse --json` prints) "
    "instead of the postings in the database.",
)
@click.option(
    "--gaps",
    type=click.IntRange(0),
    default=DEFAULT_GAP_LIMIT,
    show_default=True,
    help="How many of the most demanded untaught skills to list (0: skip the demand report).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def check_command(
    paths: tuple[Path, ...],
    data_dir: Path,
    postings_file: Path | None,
    gaps: int,
    as_json: bool,
) -> None:
    """Validate the shipped content, or extra PATHS (such as a server's own tips) against it.

    Also reports how well the quiz bank resists answer tells, and which skills the job postings
    ask for most that no roadmap topic teaches, with the topic each would fit. Exits with status
    1 and lists every problem with its file and entry id; a tell above 30% is a problem.
    """
    if paths:
        problems = check_extra(list(paths), data_dir)
        if problems:
            raise_problems(ContentError(problems))
        click.echo(f"ok: {len(paths)} file(s) valid against {data_dir}")
        return
    collection, found = load_collection(data_dir)
    tells, tell_lines = tells_report(collection.questions)
    content = None if found else freeze(collection)
    demand: Demand | str | None = None
    gap_list: list[Gap] = []
    gap_lines: list[str] = []
    if content is not None and gaps > 0:
        demand = _demand(content, postings_file)
        if isinstance(demand, Demand):
            gap_list, gap_lines = gaps_report(content, demand, gaps)
        else:
            gap_lines = [f"skill demand: {demand}"]
    stats = content.stats() if content is not None else None
    if as_json:
        lines = [str(p) for p in sorted(found)]
        data = report_json(stats, lines, tells, demand, gap_list, content)
        click.echo(json.dumps(data, ensure_ascii=False))
        if found:
            raise SystemExit(1)
        return
    for line in tell_lines:
        click.echo(line)
    if found:
        raise_problems(ContentError(found))
    for line in gap_lines:
        click.echo(line)
    summary = ", ".join(f"{value} {name}" for name, value in (stats or {}).items())
    click.echo(f"ok: {summary}")


def _demand(content: Content, postings_file: Path | None) -> Demand | str:
    """Demand from the file if given, else from the database; a string says why there is none."""
    if postings_file is not None:
        return demand_from_file(postings_file, content)
    try:
        return demand_from_database(_database_path())
    except click.ClickException as exc:
        # A broken setting must not stop an editor checking content.
        return f"cannot find the database: {exc.message}"


def _database_path() -> Path:
    ctx = click.get_current_context(silent=True)
    app = ctx.find_object(AppContext) if ctx is not None else None
    if app is not None:
        return app.settings().database_path
    try:
        return load_settings(None).database_path
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None


def raise_problems(exc: ContentError) -> NoReturn:
    click.echo(str(exc), err=True)
    raise SystemExit(1)


@content_group.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--data-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=DATA_DIR,
    show_default=True,
)
def stats_command(as_json: bool, data_dir: Path) -> None:
    """Count steps, topics, pages, tips, questions, skills, aliases and sources."""
    try:
        content = load_content(data_dir, cached=False)
    except ContentError as exc:
        raise_problems(exc)
    stats = content.stats()
    if as_json:
        click.echo(json.dumps(stats, sort_keys=True))
        return
    for name, value in stats.items():
        click.echo(f"{name:<10} {value:>6}")
