"""The bot's database as the terminal commands read it: where it is (the settings of this
run), and opened only when it exists and holds the tables a command reads, so a fresh machine
gets one line saying what to run instead of an SQL error.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from store import Database


def configured_database_path() -> Path:
    from archbot.context import AppContext

    ctx = click.get_current_context(silent=True)
    app = ctx.find_object(AppContext) if ctx is not None else None
    if app is not None:
        return app.settings().database_path
    from archbot.settings import load_settings

    return load_settings(None).database_path


@contextmanager
def stored_database(path: Path, tables: Collection[str], missing: str) -> Iterator[Database]:
    """The database at `path`, closed on leaving; `missing` ends the sentence "<path> ..."
    said when one of `tables` is absent (an old or never-migrated file)."""
    from store import open_db

    if not path.exists():
        raise click.ClickException(
            f"there is no database at {path} yet: run `archbot scrape` first, or pass "
            "--postings FILE"
        )
    db = open_db(path, create_parent=False)
    try:
        if not set(tables) <= set(db.table_names()):
            raise click.ClickException(f"{path} {missing}")
        yield db
    finally:
        db.close()
