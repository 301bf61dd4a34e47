"""The learning content of data/ (roadmap, reference pages, tips, quiz bank, skills taxonomy and
default job sources), loaded once, validated, and immutable while the bot runs.

Discord-free and database-free: the bot, the matcher and the CLI all read it through here.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from content.checks import run_all
from content.loader import (
    DATA_DIR,
    Collection,
    Content,
    ContentError,
    Problem,
    collect,
    data_files,
    freeze,
    parse_entries,
)
from content.models import Page, Question, Section, Skill, Source, Step, Tip, Topic

__all__ = [
    "DATA_DIR",
    "Content",
    "ContentError",
    "Page",
    "Problem",
    "Question",
    "Section",
    "Skill",
    "Source",
    "Step",
    "Tip",
    "Topic",
    "check_entries",
    "check_extra",
    "load_collection",
    "load_content",
]


def load_collection(data_dir: Path = DATA_DIR) -> tuple[Collection, list[Problem]]:
    files = data_files(data_dir)
    if not files:
        return Collection(), [Problem(str(data_dir), "", "holds no .toml content files")]
    collection, problems = collect(files, root=data_dir)
    problems += run_all(collection)
    return collection, problems


def _load(data_dir: Path) -> Content:
    collection, problems = load_collection(data_dir)
    if problems:
        raise ContentError(problems)
    return freeze(collection)


@lru_cache(maxsize=4)
def _collected(data_dir: Path) -> tuple[Collection, list[Problem]]:
    """The shipped files read once per process: content loaded at start-up and the checks of
    a modal's entries (`check_entries`) share them, so a first entry is not kept waiting for
    the whole of data/ to be parsed again."""
    return load_collection(data_dir)


@lru_cache(maxsize=4)
def _load_cached(data_dir: Path) -> Content:
    collection, problems = _collected(data_dir)
    if problems:
        raise ContentError(problems)
    return freeze(collection)


def load_content(data_dir: Path = DATA_DIR, *, cached: bool = True) -> Content:
    """Load and validate every file under `data_dir`; raise ContentError listing every problem."""
    resolved = data_dir.resolve()
    return _load_cached(resolved) if cached else _load(resolved)


def check_extra(paths: Sequence[Path], data_dir: Path = DATA_DIR) -> list[Problem]:
    """Validate extra files (a server's own tips or questions) against the shipped content."""
    base, base_problems = load_collection(data_dir)
    extra, problems = collect(paths)
    problems += run_all(extra, base)
    return base_problems + problems


def _shipped(data_dir: Path) -> Collection:
    return _collected(data_dir)[0]


def check_entries(
    kind: str,
    entries: list[dict[str, object]],
    existing: Sequence[dict[str, object]] = (),
    data_dir: Path = DATA_DIR,
) -> list[Problem]:
    """Validate entries typed in Discord (a modal) exactly as `archbot content check` would.

    `existing` holds what the server already added, so its own entries cannot collide either.
    """
    base = Collection()
    base.extend(_shipped(data_dir.resolve()))
    if existing:
        parse_entries(kind, list(existing), "this server's entries", base)
    new, problems = parse_entries(kind, entries, label="your entry")
    problems += run_all(new, base)
    return problems
