"""Loading the labelled postings of tests/eval/postings/ into small typed records.

Each file holds one real posting as a public job board gave it (its provenance in `source`),
the text extraction sees (the project's own HTML-to-text of the captured HTML), the sections of
that text and every skill mention with its span. GUIDE.md says how they were labelled.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

POSTINGS_DIR = Path(__file__).resolve().parent / "postings"

SECTIONS = (
    "company",
    "role",
    "responsibilities",
    "requirements",
    "nice_to_have",
    "benefits",
    "legal",
    "apply",
)
LEVELS = ("required", "preferred", "unknown", "context")
ROLE_FAMILIES = (
    "ai_ml",
    "data",
    "backend",
    "frontend",
    "fullstack",
    "mobile",
    "qa",
    "infrastructure",
    "security",
    "product",
    "design",
    "enterprise_apps",
    "non_tech",
)


@dataclass(frozen=True, slots=True)
class Label:
    """One gold mention: `text[start:end] == surface`, naming `skill`."""

    start: int
    end: int
    surface: str
    skill: str
    taxonomy_id: str | None
    section: str
    level: str
    group: str | None = None

    @property
    def counts(self) -> bool:
        """Context mentions (company blurb, benefits, legal, how to apply) ask nothing."""
        return self.level != "context"


@dataclass(frozen=True, slots=True)
class Section:
    start: int
    end: int
    name: str


@dataclass(frozen=True)
class Posting:
    id: str
    title: str
    role_family: str
    text: str
    source: dict[str, Any]
    sections: tuple[Section, ...]
    labels: tuple[Label, ...]

    def section_at(self, offset: int) -> str:
        for section in self.sections:
            if section.start <= offset < section.end:
                return section.name
        return self.sections[-1].name if self.sections else "role"


def posting_from(data: dict[str, Any]) -> Posting:
    return Posting(
        id=data["id"],
        title=data["title"],
        role_family=data["role_family"],
        text=data["text"],
        source=data["source"],
        sections=tuple(Section(s["start"], s["end"], s["section"]) for s in data["sections"]),
        labels=tuple(
            Label(
                start=lab["start"],
                end=lab["end"],
                surface=lab["surface"],
                skill=lab["skill"],
                taxonomy_id=lab["taxonomy_id"],
                section=lab["section"],
                level=lab["level"],
                group=lab.get("group"),
            )
            for lab in data["labels"]
        ),
    )


def load_raw(directory: Path = POSTINGS_DIR) -> list[dict[str, Any]]:
    return [
        json.loads(path.read_text(encoding="utf-8")) for path in sorted(directory.glob("*.json"))
    ]


def load_corpus(directory: Path = POSTINGS_DIR) -> list[Posting]:
    return [posting_from(data) for data in load_raw(directory)]
