"""`archbot skills`: extract skills from a posting and normalise a free-text skill list."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from content import DATA_DIR, ContentError, load_content
from matcher.taxonomy import Taxonomy, taxonomy_of

DATA_DIR_OPTION = click.option(
    "--data-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=DATA_DIR,
    show_default=True,
    help="Where the skills taxonomy (skills/*.toml) is read from.",
)


def load_taxonomy(data_dir: Path) -> Taxonomy:
    """The validated taxonomy of `data_dir`, or a one-line error naming the problem."""
    try:
        content = load_content(data_dir)
    except ContentError as exc:
        raise click.ClickException(str(exc)) from None
    if not content.skills:
        raise click.ClickException(f"{data_dir} holds no skills taxonomy (skills/*.toml)")
    return taxonomy_of(content.skills)


@click.group("skills")
def skills_group() -> None:
    """Read skills: from a job posting's text, or from a member's free-text list."""


@skills_group.command("extract")
@click.argument("source", type=click.Path(allow_dash=True, dir_okay=False, path_type=Path))
@click.option("--title", help="The posting's title: read for seniority and skills it names.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@DATA_DIR_OPTION
def extract_command(source: Path, title: str | None, as_json: bool, data_dir: Path) -> None:
    """Print the skills a posting's text (a FILE, or - for standard input) asks for.

    Each mention has its skill id, offsets into the text, the text itself, a level (required,
    preferred, unknown, or context for company, benefits, legal and apply text, which never
    counts), the section it was read in and its either-or group, if any. Years of experience
    and seniority are read as well.
    """
    from matcher.extract import extract

    if str(source) == "-":
        text = sys.stdin.read()
    else:
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise click.ClickException(f"cannot read {source}: {exc}") from None
    result = extract(text, load_taxonomy(data_dir), title=title)
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False))
        return
    for m in result.mentions:
        click.echo(f"{m.level:<9} {m.skill_id:<28} {m.start:>6}-{m.end:<6} {m.surface}")
    for group in result.alternatives():
        click.echo("one of: " + ", ".join(group))
    years = f"{result.years.min}+" if result.years else "-"
    if result.years and result.years.max:
        years = f"{result.years.min}-{result.years.max}"
    click.echo(f"years: {years}   seniority: {result.seniority or '-'}")


@skills_group.command("normalize")
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, one object per item.")
@DATA_DIR_OPTION
def normalize_command(text: str, as_json: bool, data_dir: Path) -> None:
    """Map a free-text skill list ("Python, pytorch; k8s / C#") to taxonomy skills.

    Unknown items keep skill_id null and come with "did you mean" suggestions.
    """
    from matcher.normalise import normalise_skills

    items = normalise_skills(text, load_taxonomy(data_dir))
    if as_json:
        click.echo(json.dumps([item.as_dict() for item in items], ensure_ascii=False))
        return
    for item in items:
        if item.skill_id is None:
            hint = ", ".join(s.name for s in item.suggestions) or "no suggestion"
            click.echo(f"?  {item.input!r}: unknown (did you mean: {hint})")
        else:
            click.echo(f"ok {item.input!r} -> {item.name} [{item.skill_id}] ({item.score:.0f})")
