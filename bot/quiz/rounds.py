"""A group round as a state machine, without Discord or SQL.

    running ── each question: posting -> open (deadline) -> closed ──> next question ...
       │                                                   └──> finished (after the last)
       ├── stop (starter or moderator): the open question is cancelled, unscored -> stopped
       └── the bot was away long past a deadline: the question closes, scored -> abandoned

While a question is open every member may answer once and change that answer until the
deadline; the last answer counts. Answers to another question, after the deadline or from bots
are refused. The cog loads a Round from SQLite, asks it what to do, and stores the outcome, so
the whole game survives a restart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from bot.quiz.options import is_right

MIN_QUESTIONS, MAX_QUESTIONS = 1, 20
MIN_SECONDS, MAX_SECONDS = 10, 120
DEFAULT_QUESTIONS, DEFAULT_SECONDS = 5, 20
# A round whose open question is overdue by more than this when the bot comes back is closed
# (scores kept) rather than resumed into a channel that has moved on.
RESUME_GRACE = timedelta(minutes=10)


class Verdict(StrEnum):
    ACCEPTED = "accepted"
    CHANGED = "changed"
    SAME = "same"
    LATE = "late"
    NOT_CURRENT = "not_current"
    NOT_OPEN = "not_open"
    OVER = "over"
    BOT = "bot"

    @property
    def stored(self) -> bool:
        return self in (Verdict.ACCEPTED, Verdict.CHANGED)


class End(StrEnum):
    FINISHED = "finished"
    STOPPED = "stopped"
    ABANDONED = "abandoned"


@dataclass
class RoundQuestion:
    idx: int
    question_id: str
    order: str
    state: str = "pending"  # pending | posting | open | closed | cancelled
    deadline: datetime | None = None
    message_id: int | None = None


@dataclass
class Closed:
    """What closing a question decided: who answered what, whether each was right, and what
    comes next (the index to post, or the end)."""

    idx: int
    question_id: str
    order: str
    answers: dict[int, int]
    right: dict[int, bool]
    next_idx: int | None
    end: End | None


@dataclass
class Round:
    round_id: int
    guild_id: int
    channel_id: int
    starter_id: int
    seconds: int
    status: str
    current: int
    questions: list[RoundQuestion]
    answers: dict[int, dict[int, int]] = field(default_factory=dict)

    @property
    def running(self) -> bool:
        return self.status == "running"

    def question(self, idx: int) -> RoundQuestion | None:
        return self.questions[idx] if 0 <= idx < len(self.questions) else None

    def current_question(self) -> RoundQuestion | None:
        return self.question(self.current) if self.running else None

    def refusal(self, idx: int, now: datetime, *, is_bot: bool = False) -> Verdict | None:
        """Why an answer to question `idx` at `now` cannot count, or None if it can."""
        if is_bot:
            return Verdict.BOT
        if not self.running:
            return Verdict.OVER
        if idx != self.current:
            return Verdict.NOT_CURRENT
        question = self.questions[idx]
        if question.state in ("pending", "posting"):
            return Verdict.NOT_OPEN
        if question.state != "open" or question.deadline is None or now >= question.deadline:
            return Verdict.LATE
        return None

    def answer(
        self, user_id: int, idx: int, choice: int, now: datetime, *, is_bot: bool = False
    ) -> Verdict:
        refused = self.refusal(idx, now, is_bot=is_bot)
        if refused is not None:
            return refused
        given = self.answers.setdefault(idx, {})
        before = given.get(user_id)
        if before == choice:
            return Verdict.SAME
        given[user_id] = choice
        return Verdict.ACCEPTED if before is None else Verdict.CHANGED

    def open_current(self, message_id: int | None, now: datetime) -> RoundQuestion:
        question = self.questions[self.current]
        question.state = "open"
        question.message_id = message_id
        question.deadline = now + timedelta(seconds=self.seconds)
        return question

    def is_due(self, now: datetime) -> bool:
        question = self.current_question()
        return bool(
            question
            and question.state == "open"
            and question.deadline is not None
            and now >= question.deadline
        )

    def overdue_long(self, now: datetime, grace: timedelta = RESUME_GRACE) -> bool:
        question = self.current_question()
        return bool(question and question.deadline and now - question.deadline > grace)

    def close_current(self, now: datetime, grace: timedelta = RESUME_GRACE) -> Closed:
        """Close the open question once its time is up and say what comes next."""
        if not self.is_due(now):
            raise ValueError("the current question is not due")
        abandon = self.overdue_long(now, grace)
        question = self.questions[self.current]
        question.state = "closed"
        answers = dict(self.answers.get(question.idx, {}))
        right = {user: is_right(question.order, choice) for user, choice in answers.items()}
        next_idx: int | None = None
        end: End | None = None
        if abandon:
            end = End.ABANDONED
        elif self.current + 1 < len(self.questions):
            self.current += 1
            next_idx = self.current
            self.questions[next_idx].state = "posting"
        else:
            end = End.FINISHED
        if end is not None:
            self.status = end.value
        return Closed(
            question.idx, question.question_id, question.order, answers, right, next_idx, end
        )

    def stop(self) -> RoundQuestion | None:
        """Stop now; the question in progress is cancelled and not scored."""
        if not self.running:
            raise ValueError("the round is not running")
        question = self.questions[self.current]
        cancelled = None
        if question.state in ("pending", "posting", "open"):
            question.state = "cancelled"
            cancelled = question
        self.status = End.STOPPED.value
        return cancelled


@dataclass(frozen=True)
class Standing:
    user_id: int
    points: int
    correct: int
    answered: int


def ranked(standings: list[Standing]) -> list[tuple[int, Standing]]:
    """Standings by points, then right answers; equal scores share a rank (1, 1, 3)."""
    ordered = sorted(standings, key=lambda s: (-s.points, -s.correct, s.user_id))
    out: list[tuple[int, Standing]] = []
    for position, standing in enumerate(ordered, start=1):
        previous = out[-1] if out else None
        same = previous and (previous[1].points, previous[1].correct) == (
            standing.points,
            standing.correct,
        )
        out.append((previous[0] if same and previous else position, standing))
    return out


def winners(standings: list[Standing]) -> list[Standing]:
    """Everyone tied at the top, if the top scored anything."""
    top = [s for rank, s in ranked(standings) if rank == 1]
    return [s for s in top if s.points > 0 or s.correct > 0]


def tally(points: Mapping[int, tuple[int, int, int]]) -> list[Standing]:
    """Standings from {user: (points, correct, answered)}."""
    return [Standing(u, p, c, a) for u, (p, c, a) in points.items()]
