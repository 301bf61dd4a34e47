"""`archbot match`: rank open postings for a skill list, as /jobs does, in the terminal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from archbot.commands.skills import DATA_DIR_OPTION, load_taxonomy

if TYPE_CHECKING:
    from matcher.models import Match, MemberProfile
    from matcher.postings import PostingRecord
    from matcher.taxonomy import Taxonomy


def _rank_database(
    profile: MemberProfile, taxonomy: Taxonomy, min_score: float, limit: int
) -> tuple[list[tuple[Match, PostingRecord]], int]:
    """The open postings of the store (DATABASE_PATH), ranked as /jobs ranks them: from the
    skills the worker stored, and postings it has not read yet read here."""
    from bot.match_reader import rank_stored
    from store import open_db

    path = _database_path()
    if not path.exists():
        raise click.ClickException(
            f"there is no database at {path} yet: run `archbot scrape` first, or pass "
            "--postings FILE"
        )
    db = open_db(path, create_parent=False)
    try:
        if "postings" not in db.table_names() or "match_queue" not in db.table_names():
            raise click.ClickException(
                f"{path} holds no postings table of this version: run `archbot db migrate` "
                "and `archbot scrape` first"
            )
        ranked, count = rank_stored(db, taxonomy, profile, min_score=min_score, limit=limit)
    finally:
        db.close()
    if not count:
        raise click.ClickException(
            f"{path} holds no open postings yet: run `archbot scrape` first, or pass "
            "--postings FILE"
        )
    return ranked, count


def _database_path() -> Path:
    from archbot.context import AppContext

    ctx = click.get_current_context(silent=True)
    app = ctx.find_object(AppContext) if ctx is not None else None
    if app is not None:
        return app.settings().database_path
    from archbot.settings import load_settings

    return load_settings(None).database_path


@click.command("match")
@click.option("--skills", "skills_text", required=True, help='Free-text skills: "Python, k8s".')
@click.option("--remote", is_flag=True, help="Remote roles only.")
@click.option("--location", help="Where you are, for onsite and hybrid roles: 'Berlin'.")
@click.option(
    "--seniority",
    type=click.Choice(["intern", "junior", "mid", "senior", "lead", "staff", "principal", "head"]),
    help="Your experience level.",
)
@click.option("--min-score", type=click.FloatRange(0, 100), default=30.0, show_default=True)
@click.option("--limit", type=click.IntRange(1), default=10, show_default=True)
@click.option(
    "--postings",
    "postings_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A JSON-lines file of postings in the shape `archbot parse --json` prints "
    "(default: the open postings in the database).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of matches.")
@DATA_DIR_OPTION
def match_command(
    skills_text: str,
    remote: bool,
    location: str | None,
    seniority: str | None,
    min_score: float,
    limit: int,
    postings_file: Path | None,
    as_json: bool,
    data_dir: Path,
) -> None:
    """Rank open postings for a skill list: score, why each matched and what is missing.

    Unknown skills are reported with suggestions and left out, never guessed.
    """
    from matcher.models import MemberProfile
    from matcher.normalise import normalise_skills
    from matcher.postings import PostingFileError, read_postings_jsonl
    from matcher.ranking import rank_postings

    taxonomy = load_taxonomy(data_dir)
    items = normalise_skills(skills_text, taxonomy)
    for item in items:
        if item.skill_id is None:
            hint = ", ".join(s.name for s in item.suggestions) or "no suggestion"
            click.echo(f"unknown skill {item.input!r} left out (did you mean: {hint})", err=True)
    skills = frozenset(i.skill_id for i in items if i.skill_id is not None)
    if not skills:
        raise click.ClickException("none of the skills is in the taxonomy; nothing to match")
    profile = MemberProfile(
        member_id="cli",
        skills=skills,
        seniority=seniority,
        location=location,
        remote="remote" if remote else "any",
    )
    if postings_file is None:
        ranked, count = _rank_database(profile, taxonomy, min_score, limit)
    else:
        try:
            records = list(read_postings_jsonl(postings_file))
        except PostingFileError as exc:
            raise click.ClickException(str(exc)) from None
        ranked = rank_postings(profile, records, taxonomy, min_score=min_score, limit=limit)
        count = len(records)
    if as_json:
        click.echo(json.dumps([_as_json(m, r) for m, r in ranked], ensure_ascii=False))
        return
    if not ranked:
        click.echo(f"no posting scores {min_score:g} or more among {count} open postings")
        return
    name = taxonomy.name
    for match, record in ranked:
        where = ", ".join(record.locations) or "-"
        click.echo(
            f"{match.score:5.1f}  {record.title} - {record.company} ({where}, {record.remote})"
        )
        why = ", ".join(
            name(c.skill_id) + ("" if c.how == "exact" else f" ({c.how}: {name(c.via)})")
            for c in match.matched
        )
        click.echo(f"       matched: {why or '-'}")
        if match.missing_required:
            click.echo(f"       missing: {', '.join(name(s) for s in match.missing_required)}")
        if match.missing_preferred:
            click.echo(
                f"       nice to have: {', '.join(name(s) for s in match.missing_preferred)}"
            )
        click.echo(f"       {record.url}")


def _as_json(match: Match, record: PostingRecord) -> dict[str, Any]:
    data = match.as_dict()
    del data["member_id"]
    data.update(title=record.title, company=record.company, url=record.url)
    return data
