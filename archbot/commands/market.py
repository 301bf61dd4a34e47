"""`archbot plan` and `archbot pulse`: the /plan answer and the weekly market pulse, in the
terminal, computed by the same code as the bot from the database or a postings file."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from archbot.commands.skills import DATA_DIR_OPTION
from archbot.commands.stored import configured_database_path, stored_database

if TYPE_CHECKING:
    from content import Content
    from matcher.market import MarketPosting
    from matcher.taxonomy import Taxonomy

POSTINGS_OPTION = click.option(
    "--postings",
    "postings_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A JSON-lines file of postings in the shape `archbot parse --json` prints "
    "(default: the postings in the database).",
)


def _content(data_dir: Path) -> Content:
    from content import ContentError, load_content

    try:
        return load_content(data_dir)
    except ContentError as exc:
        raise click.ClickException(str(exc)) from None


def _postings(
    postings_file: Path | None, taxonomy: Taxonomy, since: datetime
) -> list[MarketPosting]:
    """Postings of the file (all of them) or of the database (seen since `since`)."""
    from matcher.market import read_market_file
    from matcher.postings import PostingFileError

    if postings_file is not None:
        try:
            return read_market_file(postings_file, taxonomy)
        except (PostingFileError, UnicodeDecodeError) as exc:
            raise click.ClickException(f"{postings_file}: {exc}") from None
    from bot.market_service import load_market

    missing = "holds no postings yet: run `archbot db migrate` and `archbot scrape` first"
    with stored_database(configured_database_path(), ["posting_extractions"], missing) as db:
        return load_market(db, since)


@click.command("plan")
@click.option("--skills", "skills_text", required=True, help='Your skills: "Python, SQL, Docker".')
@click.option("--role", "role_text", required=True, help='Target role: "AI architect".')
@click.option(
    "--seniority",
    type=click.Choice(["intern", "junior", "mid", "senior", "lead", "staff", "principal", "head"]),
    help="Your experience level (postings more than one level away are left out).",
)
@click.option("--remote", is_flag=True, help="Remote roles only.")
@click.option("--location", help="Where you are, for onsite and hybrid roles: 'Berlin'.")
@click.option(
    "--threshold",
    type=click.FloatRange(0, 100),
    default=60.0,
    show_default=True,
    help="Your alert threshold: the gain counts postings brought over it.",
)
@POSTINGS_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the plan as one JSON object.")
@DATA_DIR_OPTION
def plan_command(
    skills_text: str,
    role_text: str,
    seniority: str | None,
    remote: bool,
    location: str | None,
    threshold: float,
    postings_file: Path | None,
    as_json: bool,
    data_dir: Path,
) -> None:
    """What the postings for a role ask for that you lack, and what learning each would change.

    Exactly what /plan shows: fitting postings (role family from the title, seniority, place),
    skills by demand (required counts more than preferred), their roadmap topics and the gain
    computed with the matcher's scorer.
    """
    from bot.market_service import plan_from_profile
    from matcher.models import MemberProfile
    from matcher.normalise import normalise_skills
    from matcher.plan import PLAN_WEEKS, build_tables
    from matcher.taxonomy import taxonomy_of

    content = _content(data_dir)
    taxonomy = taxonomy_of(content.skills)
    items = normalise_skills(skills_text, taxonomy)
    for item in items:
        if item.skill_id is None:
            hint = ", ".join(s.name for s in item.suggestions) or "no suggestion"
            click.echo(f"unknown skill {item.input!r} left out (did you mean: {hint})", err=True)
    skills = frozenset(i.skill_id for i in items if i.skill_id is not None)
    since = datetime.now(UTC) - timedelta(weeks=PLAN_WEEKS)
    tables = build_tables(_postings(postings_file, taxonomy, since))
    profile = MemberProfile(
        member_id="cli",
        skills=skills,
        seniority=seniority,
        location=location,
        remote="remote" if remote else "any",
    )
    plan = plan_from_profile(tables, taxonomy, content, profile, role_text, threshold)
    if plan.status == "no-role":
        raise click.ClickException(
            f"no role family fits {role_text!r}: try a job title such as 'AI architect', "
            "'ML engineer', 'data scientist', 'data engineer' or 'solutions architect'"
        )
    if as_json:
        click.echo(json.dumps(plan.as_dict(), ensure_ascii=False))
        return
    click.echo(
        f"{plan.role}: {plan.postings} fitting postings of the last {plan.weeks} weeks; "
        f"your median match {plan.median:g}, {plan.over_threshold} at or over {threshold:g}"
    )
    if plan.status != "ok":
        click.echo("too few fitting postings to plan from with confidence", err=True)
    for skill in plan.skills:
        gain = skill.gain
        click.echo(
            f"- {skill.name}: asked by {skill.demand:.0%}, required in {skill.required_share:.0%}; "
            f"median {gain.median_before:g} -> {gain.median_after:g}, "
            f"+{gain.added_over_threshold} over {threshold:g}; "
            f"topics: {', '.join(skill.topics) or '-'}"
        )


def _since(value: str | None) -> datetime:
    """Start of the pulse week: the given date, or seven days before today (UTC)."""
    if value is None:
        today = datetime.now(UTC).date()
        return datetime.combine(today - timedelta(days=7), time(0), tzinfo=UTC)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use a date such as 2026-11-30", param_hint="--since") from None
    return datetime.combine(day, time(0), tzinfo=UTC)


@click.command("pulse")
@click.option(
    "--since", "since_text", help="First day of the week (YYYY-MM-DD; default: 7 days ago)."
)
@POSTINGS_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@DATA_DIR_OPTION
def pulse_command(
    since_text: str | None, postings_file: Path | None, as_json: bool, data_dir: Path
) -> None:
    """The weekly market pulse: demanded skills, rises and falls, remote share, salaries, hiring
    companies, for AI-architect and related roles (what a server's pulse posts)."""
    from matcher.pulse import PULSE_BASELINE_WEEKS, compute_pulse, pulse_lines
    from matcher.roles import DEFAULT_FOCUS
    from matcher.taxonomy import taxonomy_of

    content = _content(data_dir)
    taxonomy = taxonomy_of(content.skills)
    start = _since(since_text)
    postings = _postings(postings_file, taxonomy, start - timedelta(weeks=PULSE_BASELINE_WEEKS))
    pulse = compute_pulse(postings, taxonomy, start, DEFAULT_FOCUS)
    if as_json:
        click.echo(json.dumps(pulse.as_dict(), ensure_ascii=False))
        return
    for line in pulse_lines(pulse):
        click.echo(line)
