"""`archbot scrape`, `archbot parse` and `archbot sources`: the job-source commands."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from archbot.context import AppContext, pass_app
from archbot.failures import explain
from archbot.scraping import (
    SourceSummary,
    client_config,
    deadlines,
    probe_source,
    run_scrape,
)
from archbot.sources import SourceList, load_sources
from archbot.startup import prepare_database
from content import DATA_DIR
from scrapers import (
    KINDS,
    ParseContext,
    ParseError,
    SourceFailed,
    SourceSpec,
    get_kind,
    parse_ref,
)
from store import (
    Database,
    add_source,
    health_of,
    last_run_of,
    open_count,
    open_db,
    remove_source,
    source_health,
)

STATUS_STYLE = {"ok": "green", "unchanged": "cyan", "skipped": "yellow", "failed": "red"}


def client_options() -> dict[str, Any]:
    """Extra keyword arguments for run_scrape and PoliteClient. Production passes none; the
    test suite replaces this function to reach its local job-board server."""
    return {}


@contextmanager
def _database(app: AppContext, *, write: bool = True) -> Iterator[Database]:
    """The database, checked and migrated first (one-line errors for every problem)."""
    path = app.settings().database_path
    prepare_database(path, write=write)
    try:
        db = open_db(path)
    except (sqlite3.Error, OSError) as exc:
        line = explain(exc, database_path=path) or f"cannot open the database {path}: {exc}"
        raise click.ClickException(line) from None
    try:
        yield db
    except (RuntimeError, sqlite3.Error, OSError) as exc:  # a full disk, a vanished file
        raise click.ClickException(explain(exc, database_path=path) or f"{path}: {exc}") from None
    finally:
        with contextlib.suppress(sqlite3.Error):
            db.close()


def _ref(value: str) -> tuple[str, str]:
    try:
        kind, key = parse_ref(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    if kind not in KINDS:
        raise click.BadParameter(f"unknown kind {kind!r}; supported: {', '.join(sorted(KINDS))}")
    problem = KINDS[kind].check_key(key)
    if problem:
        raise click.BadParameter(problem)
    return kind, key


class _Bars:
    """A rich progress bar per source: pages fetched and postings read, then its status."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._tasks: dict[str, TaskID] = {}

    def started(self, ref: str) -> None:
        self._tasks[ref] = self._progress.add_task(ref, total=None, status="fetching")

    def page(self, ref: str, pages: int, postings: int) -> None:
        self._progress.update(
            self._tasks[ref], completed=pages, status=f"{pages} page(s), {postings} posting(s)"
        )

    def finished(self, summary: SourceSummary) -> None:
        style = STATUS_STYLE.get(summary.status, "white")
        self._progress.update(
            self._tasks[summary.ref],
            total=max(summary.pages, 1),
            completed=max(summary.pages, 1),
            status=f"[{style}]{summary.status}[/] {summary.seen} posting(s)",
        )


def _summary_table(summaries: Sequence[SourceSummary]) -> Table:
    table = Table(title="Scrape summary")
    table.add_column("source", no_wrap=True)
    table.add_column("status", no_wrap=True)
    for name in ("pages", "seen", "new", "upd", "closed", "dup", "secs"):
        table.add_column(name, justify="right", no_wrap=True)
    for s in summaries:
        style = STATUS_STYLE.get(s.status, "white")
        table.add_row(
            s.ref,
            f"[{style}]{s.status}[/]",
            str(s.pages),
            str(s.seen),
            str(s.new),
            str(s.updated),
            str(s.closed),
            str(s.duplicates),
            f"{s.seconds:.1f}",
        )
    return table


def _chosen(listing: SourceList, refs: Sequence[str]) -> list[SourceSpec]:
    if not refs:
        return listing.enabled()
    try:
        return listing.select(refs)
    except KeyError as exc:
        raise click.ClickException(
            f"no such source: {exc.args[0]} (see `archbot sources list`, or add it)"
        ) from None


@click.command("scrape")
@click.option("--source", "refs", multiple=True, metavar="KIND:KEY", help="Only these sources.")
@click.option("--dry-run", is_flag=True, help="Fetch and parse, but store nothing.")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=DATA_DIR)
@pass_app
def scrape_command(app: AppContext, refs: tuple[str, ...], dry_run: bool, data_dir: Path) -> None:
    """Fetch every enabled job source once (or only --source ones) and store the postings.

    Exits with status 1 when any source failed; the table says which and why.
    """
    settings = app.settings()
    for ref in refs:
        _ref(ref)
    console = Console(stderr=True)
    with _database(app) as db:
        listing = load_sources(db, data_dir)
        for problem in listing.problems:
            console.print(f"[yellow]warning:[/] {problem}")
        chosen = _chosen(listing, refs)
        if not chosen:
            raise click.ClickException("no enabled sources: add one with `archbot sources add`")
        columns = (
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[status]}"),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=False) as progress:
            summaries = asyncio.run(
                run_scrape(
                    db,
                    chosen,
                    client_config(settings),
                    dry_run=dry_run,
                    progress=_Bars(progress),
                    limits=deadlines(settings),
                    **client_options(),
                )
            )
    Console().print(_summary_table(summaries))
    for summary in summaries:
        if summary.error:
            click.echo(f"{summary.ref} {summary.status}: {summary.error}")
        if summary.warning:
            click.echo(f"{summary.ref} warning: {summary.warning}")
    if dry_run:
        click.echo("dry run: nothing was stored")
    if any(s.status == "failed" for s in summaries):
        raise SystemExit(1)


def _json_line(posting: Any) -> str:
    data = posting.as_dict()
    keep = ("title", "company", "url", "locations", "remote", "seniority", "salary")
    out = {k: data[k] for k in keep}
    out.update(
        posted_at=data["posted_at"],
        description=data["description"],
        employment_type=data["employment_type"],
        source_id=data["source_id"],
        attribution=data["attribution"],
        visa_sponsorship=data["visa_sponsorship"],
        remote_regions=data["remote_regions"],
        min_years=data["min_years"],
    )
    return json.dumps(out, ensure_ascii=False)


@click.command("parse")
@click.argument("kind", type=click.Choice(sorted(KINDS)))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--key", default="local", show_default=True, help="The board key it came from.")
@click.option("--company", default=None, help="Company name for kinds whose data has none.")
@click.option("--url", default="", help="The URL it was fetched from (resolves relative links).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line per posting.")
def parse_command(
    *, kind: str, file: Path, key: str, company: str | None, url: str, as_json: bool
) -> None:
    """Parse a saved response FILE offline, as the scraper would, and print the postings."""
    source = SourceSpec(kind, key, company)
    try:
        postings = get_kind(kind).parse(file.read_bytes(), ParseContext(source, url=url))
    except ParseError as exc:
        raise click.ClickException(f"{file}: {exc}") from None
    for posting in postings:
        if as_json:
            click.echo(_json_line(posting))
        else:
            where = "; ".join(posting.locations) or "-"
            click.echo(f"{posting.title} | {posting.company} | {where} | {posting.remote}")
            click.echo(f"    {posting.url}")
    if not as_json:
        click.echo(f"{len(postings)} posting(s)", err=True)


@click.group("sources")
def sources_group() -> None:
    """List, add, remove and test job sources (data/sources.toml plus the database)."""


@sources_group.command("list")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=DATA_DIR)
@pass_app
def list_command(app: AppContext, data_dir: Path) -> None:
    """Every configured source, where it comes from, and how its last run went."""
    with _database(app, write=False) as db:
        listing = load_sources(db, data_dir)
        table = Table(title=f"{len(listing.sources)} job source(s)")
        table.add_column("source", no_wrap=True)
        for name in ("company", "enabled", "from", "last run", "status", "seen"):
            table.add_column(name)
        problems = {h.ref: h.problem for h in source_health(db) if h.problem}
        for loaded in listing.sources:
            last = last_run_of(db, loaded.spec.kind, loaded.spec.key)
            table.add_row(
                loaded.spec.ref,
                loaded.spec.company or "",
                "yes" if loaded.enabled else "no",
                loaded.origin,
                (last["finished_at"] or "")[:16] if last else "never",
                last["status"] if last else "",
                str(last["seen"]) if last else "",
            )
    Console().print(table)
    for loaded in listing.sources:
        if loaded.spec.ref in problems and loaded.enabled:
            click.echo(f"warning: {loaded.spec.ref} {problems[loaded.spec.ref]}")
    for problem in listing.problems:
        click.echo(f"warning: {problem}", err=True)


def _setting_value(raw: str) -> str | int | float | bool:
    lowered = raw.lower()
    if lowered in {"true", "false"}:
        return lowered == "true"
    for cast in (int, float):
        try:
            return cast(raw)
        except ValueError:
            continue
    return raw


def _settings(pairs: Sequence[str]) -> dict[str, str | int | float | bool]:
    out: dict[str, str | int | float | bool] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{pair!r} is not NAME=VALUE", param_hint="--set")
        out[name.strip()] = _setting_value(value.strip())
    return out


@sources_group.command("add")
@click.argument("ref", metavar="KIND:KEY")
@click.option("--company", default=None, help="The employer's name (Lever and Ashby send none).")
@click.option("--set", "pairs", multiple=True, metavar="NAME=VALUE", help="A per-source setting.")
@click.option("--disabled", is_flag=True, help="Store it switched off.")
@pass_app
def add_command(
    app: AppContext, ref: str, company: str | None, pairs: tuple[str, ...], disabled: bool
) -> None:
    """Add a board of a supported kind (no code needed), or update its settings."""
    kind, key = _ref(ref)
    settings = _settings(pairs)
    with _database(app) as db:
        fresh = add_source(
            db,
            kind,
            key,
            datetime.now(UTC),
            company=company,
            settings=settings,
            enabled=not disabled,
        )
    click.echo(
        f"{'added' if fresh else 'updated'} {kind}:{key}; check it with "
        f"`archbot sources test {kind}:{key}`"
    )


@sources_group.command("remove")
@click.argument("ref", metavar="KIND:KEY")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=DATA_DIR)
@pass_app
def remove_command(app: AppContext, ref: str, data_dir: Path) -> None:
    """Remove a source. A shipped one (from data/sources.toml) is switched off instead."""
    kind, key = _ref(ref)
    with _database(app) as db:
        listing = load_sources(db, data_dir)
        found = {s.spec.ref: s for s in listing.sources}.get(f"{kind}:{key}")
        if found is None:
            raise click.ClickException(f"no such source: {kind}:{key}")
        if "file" in found.origin:
            add_source(
                db,
                kind,
                key,
                datetime.now(UTC),
                company=found.spec.company,
                settings=dict(found.spec.settings),
                enabled=False,
            )
            click.echo(f"{kind}:{key} is shipped in data/sources.toml: switched it off")
        else:
            remove_source(db, kind, key)
            click.echo(f"removed {kind}:{key} (its stored postings are kept)")


@sources_group.command("test")
@click.argument("ref", metavar="KIND:KEY")
@click.option("--company", default=None)
@click.option("--set", "pairs", multiple=True, metavar="NAME=VALUE")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=DATA_DIR)
@pass_app
def test_command(
    app: AppContext, ref: str, company: str | None, pairs: tuple[str, ...], data_dir: Path
) -> None:
    """Fetch a source once (nothing stored) and report what it found: verifies a board key."""
    kind, key = _ref(ref)
    with _database(app) as db:
        known = {s.spec.ref: s.spec for s in load_sources(db, data_dir).sources}
    base = known.get(f"{kind}:{key}")
    settings = dict(base.settings) if base else {}
    settings.update(_settings(pairs))
    spec = SourceSpec(kind, key, company or (base.company if base else None), settings)
    options = client_options()
    base_urls = options.pop("base_urls", None)
    with _database(app) as db:
        try:
            fetch = asyncio.run(
                probe_source(
                    db, spec, client_config(app.settings()), base_urls=base_urls, **options
                )
            )
        except SourceFailed as exc:
            raise click.ClickException(f"{spec.ref} failed: {exc.reason}") from None
        stored = open_count(db, kind, key)
        health = health_of(db, kind, key)
    postings = list(fetch.postings)
    click.echo(f"{spec.ref}: ok, {fetch.pages} request(s), {len(postings)} posting(s)")
    before = max(stored, health.seen if health else 0)
    if not postings and before:
        click.echo(
            f"warning: {spec.ref} lists no postings, though it had {before} before: has the "
            "employer stopped using this board (moved to another one)?"
        )
    if fetch.skipped:
        click.echo(
            f"warning: {len(fetch.skipped)} posting(s) could not be read and were left out; "
            f"first: {fetch.skipped[0]}"
        )
    for posting in postings[:10]:
        where = "; ".join(posting.locations) or "-"
        click.echo(f"  {posting.title} | {posting.company} | {where} | {posting.remote}")
    if len(postings) > 10:
        click.echo(f"  ... and {len(postings) - 10} more")
