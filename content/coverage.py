"""Which skills the job market asks for that no roadmap topic teaches.

The input is demand: how many postings ask for each skill (and how many require it), counted by
the caller from the database or from a postings file. The output is the list a content editor
works from: the most demanded untaught skills, each with its share of postings and a suggestion
of where in the roadmap it would fit, so the fix is "add it to topic X", not a search.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from content.loader import Content
from content.models import Skill

DEFAULT_GAP_LIMIT = 200


@dataclass(frozen=True)
class SkillDemand:
    """Postings asking for one skill; `required` counts those that require it."""

    postings: int
    required: int = 0


@dataclass(frozen=True)
class Demand:
    """Skill demand over `postings` postings, and where the figures came from."""

    postings: int
    skills: Mapping[str, SkillDemand]
    source: str


@dataclass(frozen=True)
class Suggestion:
    """Where an untaught skill would fit: a step, usually a topic, and why."""

    step_id: str
    topic_id: str | None
    reason: str


@dataclass(frozen=True)
class Gap:
    skill_id: str
    name: str
    category: str
    postings: int
    required: int
    share: float
    required_share: float
    suggestion: Suggestion | None

    def as_dict(self) -> dict[str, object]:
        return {
            "skill_id": self.skill_id,
            "name": self.name,
            "category": self.category,
            "postings": self.postings,
            "required": self.required,
            "share": round(self.share, 4),
            "required_share": round(self.required_share, 4),
            "suggested_step": self.suggestion.step_id if self.suggestion else None,
            "suggested_topic": self.suggestion.topic_id if self.suggestion else None,
            "why": self.suggestion.reason if self.suggestion else None,
        }


class _Placer:
    """Suggests a topic for a skill from what the roadmap already teaches around it.

    In order: a topic teaching one of its ancestors, then the topic teaching most of its
    siblings, then the topic (inside the skill's own steps) teaching most of its category, then
    the first step the taxonomy files it under. Each lookup is a dictionary read.
    """

    def __init__(self, content: Content) -> None:
        self.content = content
        self.taught = content.topics_by_skill
        self.children: dict[str, list[str]] = {}
        self.by_category: dict[str, Counter[str]] = {}
        for skill in content.skills:
            if skill.parent is not None:
                self.children.setdefault(skill.parent, []).append(skill.id)
            for topic_id in self.taught.get(skill.id, ()):
                self.by_category.setdefault(skill.category, Counter())[topic_id] += 1

    def _step_of(self, topic_id: str) -> str:
        return self.content.step_of_topic[topic_id].id

    def place(self, skill: Skill) -> Suggestion | None:
        skills = self.content.skills_by_id
        seen = {skill.id}
        parent = skill.parent
        while parent is not None and parent not in seen:
            seen.add(parent)
            topics = self.taught.get(parent)
            if topics:
                name = skills[parent].name if parent in skills else parent
                return Suggestion(self._step_of(topics[0]), topics[0], f"teaches {name}")
            parent = skills[parent].parent if parent in skills else None
        if skill.parent is not None:
            siblings = Counter(
                t for s in self.children.get(skill.parent, ()) for t in self.taught.get(s, ())
            )
            if siblings:
                topic_id, count = siblings.most_common(1)[0]
                return Suggestion(
                    self._step_of(topic_id),
                    topic_id,
                    f"teaches {count} skill{'s' if count != 1 else ''} beside it under "
                    f"{skills[skill.parent].name if skill.parent in skills else skill.parent}",
                )
        category = self.by_category.get(skill.category, Counter())
        in_steps = [
            (topic_id, count)
            for topic_id, count in category.most_common()
            if not skill.steps or self._step_of(topic_id) in skill.steps
        ]
        if in_steps:
            topic_id, count = in_steps[0]
            return Suggestion(
                self._step_of(topic_id),
                topic_id,
                f"teaches {count} other {skill.category} skill{'s' if count != 1 else ''}",
            )
        if skill.steps:
            return Suggestion(skill.steps[0], None, "the taxonomy files the skill under it")
        return None


def untaught_skills(content: Content, demand: Demand, limit: int = DEFAULT_GAP_LIMIT) -> list[Gap]:
    """The `limit` most demanded skills that no topic names, most demanded first.

    Required mentions break ties, then the skill id, so the list is stable between runs.
    Skill ids the taxonomy no longer knows (a database older than the content) are skipped.
    """
    placer = _Placer(content)
    known = content.skills_by_id
    taught = content.topics_by_skill
    ranked = sorted(
        (
            (skill_id, counts)
            for skill_id, counts in demand.skills.items()
            if counts.postings > 0 and skill_id in known and skill_id not in taught
        ),
        key=lambda item: (-item[1].postings, -item[1].required, item[0]),
    )
    total = max(demand.postings, 1)
    gaps: list[Gap] = []
    for skill_id, counts in ranked[:limit]:
        skill = known[skill_id]
        gaps.append(
            Gap(
                skill_id=skill_id,
                name=skill.name,
                category=skill.category,
                postings=counts.postings,
                required=counts.required,
                share=counts.postings / total,
                required_share=counts.required / total,
                suggestion=placer.place(skill),
            )
        )
    return gaps


def taught_share(content: Content, demand: Demand) -> float:
    """Share of all skill mentions in the postings whose skill some topic teaches."""
    taught = content.topics_by_skill
    mentions = sum(c.postings for c in demand.skills.values())
    if not mentions:
        return 0.0
    covered = sum(c.postings for s, c in demand.skills.items() if s in taught)
    return covered / mentions
