"""`archbot match`: rank open postings for a skill list, as /jobs does, in the terminal."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from archbot.commands.skills import DATA_DIR_OPTION, load_taxonomy
from archbot.commands.stored import configured_database_path, stored_database

if TYPE_CHECKING:
    from matcher.filters import JobFacts, Preferences, Verdict
    from matcher.models import Match, MemberProfile
    from matcher.postings import PostingRecord, PostingSource
    from matcher.taxonomy import Taxonomy


def default_posting_source(database_path: Path | None = None) -> PostingSource:
    """The open postings of the store (DATABASE_PATH unless a path is given), as the bot
    matches them: closed postings and cross-source duplicates are left out."""
    path = database_path or configured_database_path()

    def source() -> Iterator[PostingRecord]:
        from bot.match_engine import posting_record
        from store.extractions import matchable_postings

        missing = "holds no postings table: run `archbot db migrate` and `archbot scrape` first"
        with stored_database(path, ["postings"], missing) as db:
            texts = matchable_postings(db)
        if not texts:
            raise click.ClickException(
                f"{path} holds no open postings yet: run `archbot scrape` first, or pass "
                "--postings FILE"
            )
        yield from (posting_record(t) for t in texts)

    return source


def _rank_database(
    profile: MemberProfile, taxonomy: Taxonomy, min_score: float, limit: int
) -> tuple[list[tuple[Match, PostingRecord]], int]:
    """The open postings of the store (DATABASE_PATH), ranked as /jobs ranks them: from the
    skills the worker stored, and postings it has not read yet read here."""
    from bot.match_reader import rank_stored

    path = configured_database_path()
    missing = (
        "holds no postings table of this version: run `archbot db migrate` "
        "and `archbot scrape` first"
    )
    with stored_database(path, ["postings", "match_queue"], missing) as db:
        ranked, count = rank_stored(db, taxonomy, profile, min_score=min_score, limit=limit)
    if not count:
        raise click.ClickException(
            f"{path} holds no open postings yet: run `archbot scrape` first, or pass "
            "--postings FILE"
        )
    return ranked, count


@click.command("match")
@click.option("--skills", "skills_text", required=True, help='Free-text skills: "Python, k8s".')
@click.option("--remote", is_flag=True, help="Remote roles only.")
@click.option("--location", help="Where you are, for onsite and hybrid roles: 'Berlin'.")
@click.option(
    "--seniority",
    type=click.Choice(["intern", "junior", "mid", "senior", "lead", "staff", "principal", "head"]),
    help="Your experience level.",
)
@click.option("--member", "member_id", type=int, help="Start from this member's stored filters.")
@click.option("--work-in", help="Where you can work: countries, regions, UTC offsets ('DE, EU').")
@click.option("--needs-visa/--no-needs-visa", default=None, help="You need visa sponsorship.")
@click.option("--years", type=click.IntRange(0, 60), help="Your years of experience.")
@click.option("--min-salary", help="Your minimum yearly salary with currency: '90000 EUR'.")
@click.option(
    "--employment",
    multiple=True,
    help="Employment types you accept (full-time, part-time, contract, internship, temporary).",
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
    member_id: int | None,
    work_in: str | None,
    needs_visa: bool | None,
    years: int | None,
    min_salary: str | None,
    employment: tuple[str, ...],
    min_score: float,
    limit: int,
    postings_file: Path | None,
    as_json: bool,
    data_dir: Path,
) -> None:
    """Rank open postings for a skill list: score, why each matched and what is missing.

    Unknown skills are reported with suggestions and left out, never guessed. The filter
    options (or a member's stored filters) hide jobs exactly as /jobs does; a fact a posting
    does not state never hides it and is listed as unknown.
    """
    from matcher.filters import Verdict
    from matcher.models import MemberProfile
    from matcher.normalise import normalise_skills

    taxonomy = load_taxonomy(data_dir)
    items = normalise_skills(skills_text, taxonomy)
    for item in items:
        if item.skill_id is None:
            hint = ", ".join(s.name for s in item.suggestions) or "no suggestion"
            click.echo(f"unknown skill {item.input!r} left out (did you mean: {hint})", err=True)
    skills = frozenset(i.skill_id for i in items if i.skill_id is not None)
    if not skills:
        raise click.ClickException("none of the skills is in the taxonomy; nothing to match")
    prefs = _preferences(member_id, work_in, needs_visa, years, min_salary, employment)
    profile = MemberProfile(
        member_id="cli",
        skills=skills,
        seniority=seniority,
        location=location,
        remote="remote" if remote else "any",
    )
    if postings_file is None and prefs.empty:
        # The common case, ranked from the skills the worker stored: no text is read again.
        ranked, count = _rank_database(profile, taxonomy, min_score, limit)
        verdicts = {id(r): Verdict(shown=True) for _m, r in ranked}
    else:
        ranked, verdicts, count = _rank_records(
            profile, taxonomy, prefs, postings_file, min_score, limit
        )
    if as_json:
        out = [{**_as_json(m, r), "unknown": list(verdicts[id(r)].unknown)} for m, r in ranked]
        click.echo(json.dumps(out, ensure_ascii=False))
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
        if verdicts[id(record)].unknown:
            click.echo(f"       not stated: {', '.join(verdicts[id(record)].unknown)}")
        click.echo(f"       {record.url}")


def _rank_records(
    profile: MemberProfile,
    taxonomy: Taxonomy,
    prefs: Preferences,
    postings_file: Path | None,
    min_score: float,
    limit: int,
) -> tuple[list[tuple[Match, PostingRecord]], dict[int, Verdict], int]:
    """Postings from the file (or the database's texts, when filters need their facts),
    filtered by the preferences, then ranked."""
    from matcher.filters import JobFacts, split_by_verdict
    from matcher.postings import PostingFileError
    from matcher.ranking import rank_postings

    source = _source(postings_file)
    try:
        records = list(source())
    except PostingFileError as exc:
        raise click.ClickException(str(exc)) from None
    facts = _job_facts(records, postings_file) if not prefs.empty else {}
    shown, hidden = split_by_verdict(prefs, records, lambda r: facts.get(r.id, JobFacts()))
    verdicts = {id(r): v for r, v in shown}
    records = [r for r, _ in shown]
    if hidden:
        click.echo(f"{len(hidden)} posting(s) hidden by your filters", err=True)
    ranked = rank_postings(profile, records, taxonomy, min_score=min_score, limit=limit)
    return ranked, verdicts, len(records)


def _preferences(
    member_id: int | None,
    work_in: str | None,
    needs_visa: bool | None,
    years: int | None,
    min_salary: str | None,
    employment: tuple[str, ...],
) -> Preferences:
    """The filters: a member's stored ones (--member), with each given option replacing its
    stored value. A value that cannot be read stops the command with one line naming it."""
    from matcher.filters import (
        Preferences,
        parse_employment_types,
        parse_salary,
        parse_work_regions,
    )

    base = Preferences()
    if member_id is not None:
        from store import open_db
        from store.preferences import get_preferences

        path = configured_database_path()
        if not path.exists():
            raise click.ClickException(f"there is no database at {path}: --member needs one")
        db = open_db(path, create_parent=False)
        try:
            base = Preferences.of(get_preferences(db, member_id))
        finally:
            db.close()
    changes: dict[str, Any] = {}
    try:
        if work_in is not None:
            changes["work_regions"] = parse_work_regions(work_in)
        if min_salary is not None:
            changes["min_salary"], changes["salary_currency"] = parse_salary(min_salary)
        if employment:
            changes["employment_types"] = parse_employment_types(employment)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if needs_visa is not None:
        changes["needs_visa"] = needs_visa
    if years is not None:
        changes["years"] = years
    return replace(base, **changes)


def _job_facts(records: list[PostingRecord], postings_file: Path | None) -> dict[Any, JobFacts]:
    """The filter facts of each record, from the same file or database the records came from."""
    from matcher.filters import JobFacts
    from matcher.postings import record_from_dict

    if postings_file is not None:
        found: dict[Any, JobFacts] = {}
        with postings_file.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    data = json.loads(line)
                    key = record_from_dict(data, default_id=f"{postings_file.name}:{number}").id
                    found[key] = JobFacts.from_mapping(data)
        return found
    from store import open_db
    from store.postings import filter_facts

    db = open_db(configured_database_path(), create_parent=False)
    try:
        rows = filter_facts(db, [int(r.id) for r in records])
    finally:
        db.close()
    return {posting_id: JobFacts.from_mapping(row) for posting_id, row in rows.items()}


def _source(postings_file: Path | None) -> PostingSource:
    from matcher.postings import read_postings_jsonl

    if postings_file is not None:
        return lambda: read_postings_jsonl(postings_file)
    return default_posting_source()


def _as_json(match: Match, record: PostingRecord) -> dict[str, Any]:
    data = match.as_dict()
    del data["member_id"]
    data.update(title=record.title, company=record.company, url=record.url)
    return data
