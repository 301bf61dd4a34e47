"""The shapes of the learning content in data/: roadmap steps, reference pages, tips, quiz
questions, skills and job sources.

Models are frozen and forbid unknown keys, so a misspelt key in a hand-edited TOML file is
reported instead of silently ignored.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

ID_PATTERN = r"^[a-z0-9](?:[a-z0-9.\-]*[a-z0-9])?$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


# Ceilings chosen from Discord's limits (select labels 100, field names 256, field values 1024),
# so every entry renders whole.
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Heading = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=256)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=250)]
Para = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Summary = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=700)]
Body = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1024)]

# Sources are listed in one embed field (1024 characters) with a bullet each.
SourceName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=120)]
# Discord allows 6,000 characters per embed; the rest is left for field names and the footer.
PAGE_MAX_CHARS = 5600

TIP_MAX_CHARS = 280
OPTION_COUNT = 4
FORBIDDEN_OPTIONS = re.compile(r"\b(all|none|both|neither) of (the|these)\b", re.IGNORECASE)


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Topic(Model):
    """A unit of progress inside a step; its id is stable so progress survives edits."""

    id: Id
    title: Title
    explanation: Para
    actions: list[Line] = Field(min_length=2, max_length=6)
    # Taxonomy skill ids the topic teaches: the bridge from what postings ask for to what to
    # study. Shipped topics must name at least one (content.checks.check_topic_skills).
    skills: list[Id] = Field(default_factory=list, max_length=12)


class Step(Model):
    id: Id
    number: int = Field(ge=1)
    title: Title
    summary: Summary
    weeks: int = Field(ge=1, le=52)
    milestone: Para
    skills: list[Id] = Field(min_length=1)
    topics: list[Topic] = Field(min_length=4, max_length=12)


class Section(Model):
    heading: Heading
    body: Body


class Page(Model):
    """A reference page of /career: architect vs engineer, salaries, trends and so on.

    Figures on these pages age, so each says when an editor last checked it and which public
    sources to check it against (names only; the text is our own).
    """

    id: Id
    title: Title
    summary: Para
    caveat: Para | None = None
    sections: list[Section] = Field(min_length=1, max_length=10)
    reviewed: date
    sources: list[SourceName] = Field(min_length=1, max_length=8)

    @model_validator(mode="after")
    def _fits_one_embed(self) -> Page:
        size = len(self.title) + len(self.summary) + len(self.caveat or "")
        size += sum(len(s.heading) + len(s.body) for s in self.sections)
        size += sum(len(source) + 3 for source in self.sources)
        if size > PAGE_MAX_CHARS:
            raise ValueError(
                f"page text is {size} characters; at most {PAGE_MAX_CHARS} fit one Discord embed"
            )
        return self


class Tip(Model):
    id: Id
    step: Id
    topic: Id | None = None
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=20)]

    @field_validator("text")
    @classmethod
    def _length(cls, value: str) -> str:
        if len(value) > TIP_MAX_CHARS:
            raise ValueError(f"is {len(value)} characters; a tip has at most {TIP_MAX_CHARS}")
        return value


class Question(Model):
    """A multiple-choice question: one right answer and three distractors, shuffled when shown."""

    id: Id
    step: Id
    topic: Id
    difficulty: int = Field(ge=1, le=3)
    stem: Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=600)]
    answer: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    distractors: list[
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    ] = Field(min_length=OPTION_COUNT - 1, max_length=OPTION_COUNT - 1)
    explanation: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=20, max_length=1000)
    ]
    # Taxonomy skill ids the question tests, so a member can be quizzed on a skill they lack.
    # Required of shipped questions; a server's own questions may leave it empty.
    skills: list[Id] = Field(default_factory=list, max_length=6)

    @property
    def options(self) -> list[str]:
        """The right answer first, then the distractors; callers shuffle before showing."""
        return [self.answer, *self.distractors]

    @field_validator("distractors")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        if len({v.casefold() for v in value}) != len(value):
            raise ValueError("two distractors are the same")
        return value

    @model_validator(mode="after")
    def _options_fair(self) -> Question:
        if self.answer.casefold() in {d.casefold() for d in self.distractors}:
            raise ValueError("the answer is also listed as a distractor")
        for option in self.options:
            if FORBIDDEN_OPTIONS.search(option):
                raise ValueError(f"option {option!r} is an 'all/none of the above' kind of option")
        return self


class Skill(Model):
    """A canonical skill of the taxonomy. `ambiguous` lists which of its names need context."""

    id: Id
    name: Text
    category: Id
    aliases: list[Text] = Field(default_factory=list)
    ambiguous: list[Text] = Field(default_factory=list)
    parent: Id | None = None
    steps: list[Id] = Field(default_factory=list)

    @property
    def all_names(self) -> list[str]:
        return [self.name, *self.aliases]


class Source(Model):
    """A public job source: a kind the scrapers support and the board's key at that kind."""

    kind: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
    key: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    company: Text | None = None
    enabled: bool = True
    settings: dict[str, str | int | float | bool] = Field(default_factory=dict)

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.key}"
