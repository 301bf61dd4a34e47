"""Which question comes next: the shipped bank plus the server's own questions, filtered by step
and difficulty, never the question the member saw last, unseen questions before seen ones.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from content import Content, Question


@dataclass(frozen=True)
class Pool:
    """Every question a member of one server may be asked."""

    questions: tuple[Question, ...]
    by_id: dict[str, Question] = field(default_factory=dict)

    @classmethod
    def of(cls, content: Content, server_questions: Iterable[Question] = ()) -> Pool:
        questions = (*content.questions, *server_questions)
        return cls(questions, {q.id: q for q in questions})

    def get(self, question_id: str) -> Question | None:
        return self.by_id.get(question_id)

    def matching(self, step: str | None = None, difficulty: int | None = None) -> list[Question]:
        return [
            q
            for q in self.questions
            if (step is None or q.step == step)
            and (difficulty is None or q.difficulty == difficulty)
        ]


def pick_fresh(
    candidates: Sequence[Question],
    last_seen: Mapping[str, datetime],
    avoid: str | None,
    rng: random.Random,
) -> Question | None:
    """A question for /quiz play: one the member never answered if any is left, else one of
    those answered longest ago (the oldest third, so it still feels varied). Never `avoid`
    (the question asked last), so the same question never comes twice in a row."""
    pool = [q for q in candidates if q.id != avoid]
    if not pool:
        return None
    unseen = [q for q in pool if q.id not in last_seen]
    if unseen:
        return rng.choice(unseen)
    oldest = sorted(pool, key=lambda q: (last_seen[q.id], q.id))
    return rng.choice(oldest[: max(1, len(oldest) // 3)])


def due_in_order(
    due: Sequence[tuple[str, datetime]], pool: Pool, avoid: str | None
) -> list[Question]:
    """Due cards as questions, most overdue first; cards whose question is gone (content
    edited, or another server's own question) are skipped."""
    ordered = sorted(due, key=lambda pair: (pair[1], pair[0]))
    found = [pool.get(qid) for qid, _ in ordered if qid != avoid]
    return [q for q in found if q is not None]


def pick_round(
    candidates: Sequence[Question], count: int, recent: set[str], rng: random.Random
) -> list[Question]:
    """`count` distinct questions for a group round, preferring ones this server's rounds did
    not ask recently; fewer when the filter matches fewer."""
    fresh = [q for q in candidates if q.id not in recent]
    stale = [q for q in candidates if q.id in recent]
    rng.shuffle(fresh)
    rng.shuffle(stale)
    return (fresh + stale)[:count]
