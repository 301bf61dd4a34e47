"""The skills taxonomy as the matcher needs it: lookups, the parent tree and partial credit.

Built once per taxonomy (content's tuple of `Skill`) and cached by the identity of that tuple, so
the bot, the CLI and the benchmarks share one copy without any other global state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from threading import Lock
from typing import Any, TypeVar

from content.models import Skill
from content.text import normalise_alias
from matcher.models import How

# Partial credit through the parent tree. Each value is a small binary fraction, so weighted
# sums are exact in floating point and do not depend on the order they are added in: the
# incremental index and a full recompute then agree bit for bit.
EXACT_CREDIT = 1.0
# The member knows something more specific than asked (has PyTorch Lightning, asked PyTorch):
# a specialisation implies working knowledge of what it specialises.
CHILD_CREDIT = 0.75
DEEPER_CHILD_CREDIT = 0.5
# The member knows something broader than asked (has PyTorch, asked PyTorch Lightning): useful,
# but it does not show the specific tool, so it earns less, and nothing beyond two levels.
PARENT_CREDIT = 0.5
GRANDPARENT_CREDIT = 0.25

# Names that look alike but are different skills; fuzzy matching must never turn one into another.
NEVER_MEET_NAMES: tuple[tuple[str, ...], ...] = (
    ("c", "c++", "c#", "objective-c"),
    ("java", "javascript", "typescript"),
    ("r", "rust", "ruby"),
    ("sql", "nosql", "mysql", "postgresql", "t-sql", "pl/sql"),
    ("go", "google cloud"),
)


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Credit:
    """The best credit one member skill set earns for one asked skill, and through which skill."""

    value: float
    how: How
    via: str


@dataclass
class Taxonomy:
    """Lookups over a tuple of `Skill`: by id, by normalised alias, up and down the tree."""

    skills: tuple[Skill, ...]
    by_id: dict[str, Skill] = field(init=False)
    parent: dict[str, str] = field(init=False)
    children: dict[str, tuple[str, ...]] = field(init=False)
    alias_owner: dict[str, str] = field(init=False)
    never_meet: dict[str, frozenset[str]] = field(init=False)
    _derived: dict[str, Any] = field(init=False, default_factory=dict, repr=False)
    _lock: Lock = field(init=False, default_factory=Lock, repr=False)

    def __post_init__(self) -> None:
        self.by_id = {s.id: s for s in self.skills}
        self.parent = {
            s.id: s.parent for s in self.skills if s.parent is not None and s.parent in self.by_id
        }
        kids: dict[str, list[str]] = {}
        for child, parent in self.parent.items():
            kids.setdefault(parent, []).append(child)
        self.children = {k: tuple(sorted(v)) for k, v in kids.items()}
        self.alias_owner = {}
        for skill in self.skills:
            for name in skill.all_names:
                key = normalise_alias(name)
                if key:
                    self.alias_owner.setdefault(key, skill.id)
        self.never_meet = {}
        for names in NEVER_MEET_NAMES:
            ids = frozenset(self.alias_owner[n] for n in names if n in self.alias_owner)
            for skill_id in ids:
                self.never_meet[skill_id] = self.never_meet.get(skill_id, frozenset()) | (
                    ids - {skill_id}
                )

    def derived(self, name: str, build: Callable[[Taxonomy], T]) -> T:
        """A structure computed from this taxonomy once (the automaton, the fuzzy choices).

        Kept on the taxonomy itself, so it lives exactly as long as the taxonomy does.
        """
        with self._lock:
            if name not in self._derived:
                self._derived[name] = build(self)
            value: T = self._derived[name]
            return value

    def name(self, skill_id: str) -> str:
        skill = self.by_id.get(skill_id)
        return skill.name if skill else skill_id

    def ancestors(self, skill_id: str) -> list[tuple[str, int]]:
        """(ancestor, depth) from the parent (depth 1) upwards; stops on a loop."""
        found: list[tuple[str, int]] = []
        seen = {skill_id}
        current = self.parent.get(skill_id)
        depth = 1
        while current is not None and current not in seen:
            found.append((current, depth))
            seen.add(current)
            current = self.parent.get(current)
            depth += 1
        return found

    def descendants(self, skill_id: str, max_depth: int) -> list[tuple[str, int]]:
        """(descendant, depth) down to `max_depth` levels, breadth first."""
        found: list[tuple[str, int]] = []
        frontier = [skill_id]
        seen = {skill_id}
        for depth in range(1, max_depth + 1):
            nxt = []
            for node in frontier:
                for child in self.children.get(node, ()):
                    if child not in seen:
                        seen.add(child)
                        found.append((child, depth))
                        nxt.append(child)
            frontier = nxt
        return found

    def credit_map(self, member_skills: Iterable[str]) -> dict[str, Credit]:
        """Every skill a member's skills earn credit for, with the best credit and its reason.

        This is the parent expansion the index is built on: a posting asking for any key of the
        map is a candidate for the member, and no other posting can score above zero.
        """
        best: dict[str, Credit] = {}

        def offer(skill_id: str, credit: Credit) -> None:
            current = best.get(skill_id)
            if current is None or (credit.value, credit.via) > (current.value, current.via):
                best[skill_id] = credit

        for own in sorted(set(member_skills)):
            if own not in self.by_id:
                continue
            offer(own, Credit(EXACT_CREDIT, "exact", own))
            for ancestor, depth in self.ancestors(own):
                value = CHILD_CREDIT if depth == 1 else DEEPER_CHILD_CREDIT
                offer(ancestor, Credit(value, "via child", own))
            for child, depth in self.descendants(own, 2):
                value = PARENT_CREDIT if depth == 1 else GRANDPARENT_CREDIT
                offer(child, Credit(value, "via parent", own))
        return best


_CACHE: dict[int, tuple[Sequence[Skill], Taxonomy]] = {}
_CACHE_LOCK = Lock()
_CACHE_SIZE = 4


def taxonomy_of(skills: Sequence[Skill]) -> Taxonomy:
    """The Taxonomy of a skills tuple, built once per tuple (keyed by its identity).

    The cache holds a reference to the tuple itself, so its id cannot be reused while cached.
    """
    key = id(skills)
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit is not None and hit[0] is skills:
            return hit[1]
    built = Taxonomy(tuple(skills))
    with _CACHE_LOCK:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = (skills, built)
    return built
