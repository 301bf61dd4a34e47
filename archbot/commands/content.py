"""`archbot content`: validate and count the learning content."""

from __future__ import annotations

import json
from pathlib import Path
from typing import NoReturn

import click

from content import DATA_DIR, ContentError, check_extra, load_content


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
def check_command(paths: tuple[Path, ...], data_dir: Path) -> None:
    """Validate the shipped content, or extra PATHS (such as a server's own tips) against it.

    Exits with status 1 and lists every problem with its file and entry id.
    """
    if paths:
        problems = check_extra(list(paths), data_dir)
        if problems:
            raise_problems(ContentError(problems))
        click.echo(f"ok: {len(paths)} file(s) valid against {data_dir}")
        return
    try:
        content = load_content(data_dir, cached=False)
    except ContentError as exc:
        raise_problems(exc)
    stats = content.stats()
    summary = ", ".join(f"{value} {name}" for name, value in stats.items())
    click.echo(f"ok: {summary}")


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
