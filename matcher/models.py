"""The small, frozen records the matcher hands out: mentions, extractions, profiles, matches.

They are plain dataclasses on purpose: the bot renders them, the store persists them and the CLI
prints them as JSON, and none of those should need to know how they were computed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

Level = Literal["required", "preferred", "unknown"]
LEVELS: tuple[Level, ...] = ("required", "preferred", "unknown")
# A mention's level: the scoring levels, or "context" for a skill named where nothing is asked
# of the candidate (the company blurb, benefits, legal text, how to apply). Context never scores.
MentionLevel = Literal["required", "preferred", "unknown", "context"]
MENTION_LEVELS: tuple[MentionLevel, ...] = ("required", "preferred", "unknown", "context")

# A posting's work mode, in the scrapers' vocabulary.
RemoteMode = Literal["remote", "hybrid", "onsite", "unknown"]
REMOTE_MODES: tuple[RemoteMode, ...] = ("remote", "hybrid", "onsite", "unknown")

# What a member accepts: "remote" means remote only; "hybrid" accepts remote and hybrid roles.
RemotePreference = Literal["remote", "hybrid", "onsite", "any"]
REMOTE_PREFERENCES: tuple[RemotePreference, ...] = ("remote", "hybrid", "onsite", "any")

# Members are Discord user ids; postings are store row ids or, from a file, their URL.
RecordId = int | str

How = Literal["exact", "via parent", "via child"]


@dataclass(frozen=True, slots=True)
class Mention:
    """One skill found in a text. `text[start:end]` of the original is exactly `surface`.

    `section` is the part of the posting it was read in (`matcher.sections.Kind`, None when
    nothing says); `group` numbers an either-or requirement ("AWS or GCP", "PyTorch/JAX"):
    mentions sharing a group are alternatives, and any one of them meets it.
    """

    skill_id: str
    name: str
    start: int
    end: int
    surface: str
    level: MentionLevel
    section: str | None = None
    group: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "skill_id": self.skill_id,
            "name": self.name,
            "start": self.start,
            "end": self.end,
            "text": self.surface,
            "level": self.level,
            "section": self.section,
            "group": self.group,
        }


@dataclass(frozen=True, slots=True)
class Years:
    """Years of experience a posting asks for: "5+ years" is (5, None), "3-5 years" is (3, 5)."""

    min: int
    max: int | None = None

    def as_dict(self) -> dict[str, int | None]:
        return {"min": self.min, "max": self.max}


@dataclass(frozen=True)
class Extraction:
    """Everything read from one posting: its skill mentions, years and seniority."""

    mentions: tuple[Mention, ...]
    years: Years | None = None
    seniority: str | None = None
    seniority_source: Literal["title", "text", "years"] | None = None
    title_skills: tuple[str, ...] = ()

    def skill_levels(self) -> dict[str, Level]:
        """Each skill once, at the strongest level any of its mentions has.

        Skills named in the title count as required: a "Senior PyTorch Engineer" needs PyTorch
        even when the description only says "our stack". Context mentions (benefits, the
        company blurb, legal text) are left out: nothing there is asked of the candidate.
        """
        rank = {"required": 0, "preferred": 1, "unknown": 2}
        levels: dict[str, Level] = {}
        for mention in self.mentions:
            level = mention.level
            if level == "context":
                continue
            current = levels.get(mention.skill_id)
            if current is None or rank[level] < rank[current]:
                levels[mention.skill_id] = level
        for skill_id in self.title_skills:
            levels[skill_id] = "required"
        return levels

    def alternatives(self) -> tuple[tuple[str, ...], ...]:
        """Either-or requirements: the skill ids of each group of two or more alternatives,
        in text order, each group once. A skill asked on its own elsewhere in the posting
        leaves its group: it is required whatever the other options are."""
        groups: dict[int, dict[str, None]] = {}
        alone: set[str] = set()
        for mention in self.mentions:
            if mention.level == "context":
                continue
            if mention.group is None:
                alone.add(mention.skill_id)
            else:
                groups.setdefault(mention.group, {})[mention.skill_id] = None
        found: dict[tuple[str, ...], None] = {}
        for members in groups.values():
            if alone & members.keys():
                continue
            ids = tuple(members)
            if len(ids) >= 2:
                found.setdefault(ids, None)
        return tuple(found)

    def as_dict(self) -> dict[str, Any]:
        return {
            "mentions": [m.as_dict() for m in self.mentions],
            "alternatives": [list(group) for group in self.alternatives()],
            "years": self.years.as_dict() if self.years else None,
            "seniority": self.seniority,
            "seniority_source": self.seniority_source,
            "title_skills": list(self.title_skills),
        }


@dataclass(frozen=True)
class MemberProfile:
    """What a member declared: normalised skill ids, level, location and remote preference."""

    member_id: RecordId
    skills: frozenset[str]
    seniority: str | None = None
    location: str | None = None
    remote: RemotePreference = "any"


@dataclass(frozen=True)
class PostingFacts:
    """What scoring needs about one open posting; built once per posting from its extraction."""

    posting_id: RecordId
    skills: Mapping[str, Level]
    seniority: str | None = None
    remote: RemoteMode = "unknown"
    locations: tuple[str, ...] = ()
    posted_at: datetime | None = None
    # Either-or requirements ("AWS or GCP"): groups of skills of `skills`, any one of which
    # meets the requirement (see `Extraction.alternatives`).
    alternatives: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class SkillCredit:
    """How one of the posting's skills was covered: exactly, or through a related skill."""

    skill_id: str
    level: Level
    how: How
    via: str
    credit: float


@dataclass(frozen=True)
class Match:
    """A scored (member, posting) pair with the reasons a member is shown."""

    member_id: RecordId
    posting_id: RecordId
    score: float
    matched: tuple[SkillCredit, ...] = ()
    missing_required: tuple[str, ...] = ()
    missing_preferred: tuple[str, ...] = ()
    seniority_factor: float = 1.0
    posted_at: datetime | None = field(default=None, compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "member_id": self.member_id,
            "posting_id": self.posting_id,
            "score": round(self.score, 1),
            "matched": [
                {"skill_id": c.skill_id, "level": c.level, "how": c.how, "via": c.via}
                for c in self.matched
            ],
            "missing_required": list(self.missing_required),
            "missing_preferred": list(self.missing_preferred),
            "seniority_factor": self.seniority_factor,
        }
