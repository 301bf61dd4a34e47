"""Reading the TOML files of data/ into one validated, immutable `Content`.

Every file is parsed once. Problems are collected rather than raised one at a time, so an
editor fixing the quiz bank sees every broken question with its file and id in a single run.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from content.models import Page, Question, Skill, Source, Step, Tip, Topic

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# The top-level key of a TOML file says what its entries are.
KINDS: dict[str, type[BaseModel]] = {
    "steps": Step,
    "pages": Page,
    "tips": Tip,
    "questions": Question,
    "skills": Skill,
    "sources": Source,
}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the content, located by file and entry id."""

    file: str
    entry: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file} [{self.entry}]" if self.entry else self.file
        return f"{where}: {self.message}"


class ContentError(Exception):
    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(problems)
        count = len(self.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} in the content:"]
        lines += [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


@dataclass
class Collection:
    """Entries as loaded, with the file each came from; cross-checks run over this."""

    steps: list[Step] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    tips: list[Tip] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    skills: list[Skill] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    origin: dict[int, str] = field(default_factory=dict)

    def add(self, kind: str, entry: BaseModel, file: str) -> None:
        getattr(self, kind).append(entry)
        self.origin[id(entry)] = file

    def file_of(self, entry: object) -> str:
        return self.origin.get(id(entry), "?")

    def extend(self, other: Collection) -> None:
        for kind in KINDS:
            getattr(self, kind).extend(getattr(other, kind))
        self.origin.update(other.origin)


@dataclass(frozen=True)
class Content:
    """All content, validated. Immutable while the bot runs; lookups are precomputed."""

    steps: tuple[Step, ...]
    pages: tuple[Page, ...]
    tips: tuple[Tip, ...]
    questions: tuple[Question, ...]
    skills: tuple[Skill, ...]
    sources: tuple[Source, ...]

    @cached_property
    def steps_by_id(self) -> dict[str, Step]:
        return {s.id: s for s in self.steps}

    @cached_property
    def topics_by_id(self) -> dict[str, Topic]:
        return {t.id: t for s in self.steps for t in s.topics}

    @cached_property
    def step_of_topic(self) -> dict[str, Step]:
        return {t.id: s for s in self.steps for t in s.topics}

    @cached_property
    def topics_by_skill(self) -> dict[str, tuple[str, ...]]:
        """Skill id -> ids of the topics that teach it, in roadmap order."""
        found: dict[str, list[str]] = {}
        for step in self.steps:
            for topic in step.topics:
                for skill_id in topic.skills:
                    found.setdefault(skill_id, []).append(topic.id)
        return {skill_id: tuple(ids) for skill_id, ids in found.items()}

    @cached_property
    def questions_by_skill(self) -> dict[str, tuple[str, ...]]:
        """Skill id -> ids of the questions that test it, in bank order."""
        found: dict[str, list[str]] = {}
        for question in self.questions:
            for skill_id in question.skills:
                found.setdefault(skill_id, []).append(question.id)
        return {skill_id: tuple(ids) for skill_id, ids in found.items()}

    @cached_property
    def pages_by_id(self) -> dict[str, Page]:
        return {p.id: p for p in self.pages}

    @cached_property
    def tips_by_id(self) -> dict[str, Tip]:
        return {t.id: t for t in self.tips}

    @cached_property
    def questions_by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @cached_property
    def skills_by_id(self) -> dict[str, Skill]:
        return {s.id: s for s in self.skills}

    def stats(self) -> dict[str, int]:
        return {
            "steps": len(self.steps),
            "topics": sum(len(s.topics) for s in self.steps),
            "pages": len(self.pages),
            "tips": len(self.tips),
            "questions": len(self.questions),
            "skills": len(self.skills),
            "aliases": sum(len(s.aliases) for s in self.skills),
            "sources": len(self.sources),
        }


def _entry_label(raw: Any, index: int) -> str:
    if isinstance(raw, dict):
        for key in ("id", "key"):
            if isinstance(raw.get(key), str):
                return str(raw[key])
    return f"#{index + 1}"


def _describe(error: Any) -> str:
    loc = ".".join(str(part) for part in error["loc"]) or "entry"
    if error["type"] == "string_pattern_mismatch":
        message = "must be an id: lower-case letters, digits, dots and hyphens"
    elif error["type"] == "extra_forbidden":
        message = "is not a known key (misspelt?)"
    else:
        message = str(error["msg"]).removeprefix("Value error, ")
    return f"{loc}: {message}"


def parse_entries(
    kind: str, entries: object, label: str, collection: Collection | None = None
) -> tuple[Collection, list[Problem]]:
    """Validate the entries of one kind (from a file or typed into a modal)."""
    target = collection if collection is not None else Collection()
    problems: list[Problem] = []
    model = KINDS.get(kind)
    if model is None:
        expected = ", ".join(f"[[{k}]]" for k in KINDS)
        return target, [Problem(label, "", f"unknown top-level key {kind!r}; use {expected}")]
    if not isinstance(entries, list):
        return target, [Problem(label, "", f"{kind!r} must be an array of tables, [[{kind}]]")]
    for index, raw in enumerate(entries):
        try:
            entry = model.model_validate(raw)
        except ValidationError as exc:
            for error in exc.errors():
                problems.append(Problem(label, _entry_label(raw, index), _describe(error)))
            continue
        target.add(kind, entry, label)
    return target, problems


def parse_file(path: Path, label: str | None = None) -> tuple[Collection, list[Problem]]:
    """Parse and validate one TOML file on its own (no cross-references yet)."""
    name = label or str(path)
    collection = Collection()
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return collection, [Problem(name, "", f"cannot be read: {exc}")]
    except tomllib.TOMLDecodeError as exc:
        return collection, [Problem(name, "", f"is not valid TOML: {exc}")]
    problems: list[Problem] = []
    if not document:
        problems.append(Problem(name, "", "holds no entries"))
    for key, entries in document.items():
        problems += parse_entries(key, entries, name, collection)[1]
    return collection, problems


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve().parent))
    except ValueError:
        return str(path)


def collect(paths: Iterable[Path], root: Path | None = None) -> tuple[Collection, list[Problem]]:
    combined = Collection()
    problems: list[Problem] = []
    for path in paths:
        label = _relative(path, root) if root else str(path)
        collection, found = parse_file(path, label)
        combined.extend(collection)
        problems.extend(found)
    return combined, problems


def data_files(data_dir: Path) -> list[Path]:
    return sorted(p for p in data_dir.rglob("*.toml") if p.is_file())


def freeze(collection: Collection) -> Content:
    return Content(
        steps=tuple(sorted(collection.steps, key=lambda s: s.number)),
        pages=tuple(collection.pages),
        tips=tuple(collection.tips),
        questions=tuple(collection.questions),
        skills=tuple(collection.skills),
        sources=tuple(collection.sources),
    )
