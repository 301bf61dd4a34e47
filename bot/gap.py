"""What a member still lacks for each roadmap step, from their declared skills. Discord-free.

Each step names its core skills (`skills` in roadmap.toml); the taxonomy tags many more skills
with the steps they belong to (`steps`). A core skill counts as covered when the member has it or
something more specific under it (declaring PyTorch covers "deep learning frameworks"); the
tagged skills are too many to list as gaps, so they are only counted ("you have 4 skills that
belong to this step").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from content import Content, Step
from matcher.taxonomy import Taxonomy


@dataclass(frozen=True)
class StepGap:
    step: Step
    core: tuple[str, ...]
    have: tuple[str, ...]
    missing: tuple[str, ...]
    related_have: int

    @property
    def fraction(self) -> float:
        return len(self.have) / len(self.core) if self.core else 1.0


def covered_skills(member_skills: Iterable[str], taxonomy: Taxonomy) -> set[str]:
    """The member's skills and every skill above them in the tree."""
    covered: set[str] = set()
    for skill_id in member_skills:
        covered.add(skill_id)
        covered.update(ancestor for ancestor, _ in taxonomy.ancestors(skill_id))
    return covered


def step_gaps(content: Content, taxonomy: Taxonomy, member_skills: Iterable[str]) -> list[StepGap]:
    own = set(member_skills)
    covered = covered_skills(own, taxonomy)
    tagged: dict[str, int] = {}
    for skill_id in own:
        skill = taxonomy.by_id.get(skill_id)
        for step_id in skill.steps if skill else ():
            tagged[step_id] = tagged.get(step_id, 0) + 1
    gaps: list[StepGap] = []
    for step in content.steps:
        core = tuple(dict.fromkeys(step.skills))
        have = tuple(s for s in core if s in covered)
        missing = tuple(s for s in core if s not in covered)
        gaps.append(StepGap(step, core, have, missing, tagged.get(step.id, 0)))
    return gaps
