"""A member's own questions (/quiz play and /quiz review) on the database thread: choosing the
question, asking it, taking the one answer that counts, expiring it when time is up.

Each function is one `services.db(...)` call, so everything it reads and writes happens in
order on one thread; the open -> answered claim makes a double click count once.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.quiz.bank import Pool, due_in_order, pick_fresh
from bot.quiz.errors import NothingDue, QuizError
from bot.quiz.options import is_right, shuffled_order
from bot.quiz.record import Recorded, record_answer
from content import Content, Question
from store import quiz as store
from store import quiz_cards as card_store
from store import quiz_settings as admin
from store.db import Database, transaction


def server_pool(db: Database, content: Content, guild_id: int) -> Pool:
    """The shipped questions plus this server's own."""
    own = [Question.model_validate(q.as_entry()) for q in admin.guild_questions(db, guild_id)]
    return Pool.of(content, own)


@dataclass(frozen=True)
class Asked:
    ask: store.Ask
    question: Question
    due: int
    fresh: bool


def start_ask(
    db: Database,
    content: Content,
    rng: random.Random,
    *,
    user_id: int,
    guild_id: int,
    guild_name: str,
    channel_id: int,
    mode: str,
    now: datetime,
    step: str | None = None,
    difficulty: int | None = None,
    session_id: int | None = None,
    message_id: int | None = None,
    only: frozenset[str] | None = None,
) -> Asked:
    """Choose and record the member's next question.

    play: by step and difficulty, unseen first. review: the member's due cards first, most
    overdue first; when none is due, a question they never answered (`fresh`). `only` keeps
    review to some questions (a plan's "quiz me" on one skill); when all of those were answered
    and none is due, the one seen longest ago comes back.
    """
    pool = server_pool(db, content, guild_id)
    if only is not None:
        kept = tuple(q for q in pool.questions if q.id in only)
        pool = Pool(kept, {q.id: q for q in kept})
    settings = admin.quiz_settings(db, guild_id)
    last = store.last_ask(db, user_id)
    avoid = last.question_id if last else None
    seen = store.last_seen_map(db, user_id)
    due_count = 0
    fresh = False
    if mode == "review":
        due = due_in_order(card_store.due_cards(db, user_id, now), pool, None)
        due_count = len(due)
        waiting = [q for q in due if q.id != avoid]
        if waiting:
            question: Question | None = waiting[0]
        else:
            unseen = [q for q in pool.questions if q.id not in seen]
            question = pick_fresh(unseen, {}, avoid, rng)
            fresh = question is not None
            if question is None and only is not None:
                question = pick_fresh(pool.questions, seen, avoid, rng)
            if question is None:
                _, _, next_due = card_store.card_overview(db, user_id, now)
                raise NothingDue(next_due)
    elif mode == "play":
        candidates = pool.matching(step, difficulty)
        if not candidates:
            raise QuizError("No question matches that step and difficulty yet.")
        question = pick_fresh(candidates, seen, avoid, rng)
        if question is None:
            raise QuizError(
                "Only the question you just had matches that choice; widen the step or "
                "difficulty for another one."
            )
    else:
        raise ValueError(f"unknown mode {mode!r}")
    assert question is not None
    ask = store.create_ask(
        db,
        user_id=user_id,
        guild_id=guild_id,
        guild_name=guild_name,
        channel_id=channel_id,
        mode=mode,
        question_id=question.id,
        order=shuffled_order(rng),
        now=now,
        deadline=now + timedelta(seconds=settings.solo_seconds),
        step=step,
        difficulty=difficulty,
        session_id=session_id,
        message_id=message_id,
    )
    return Asked(ask, question, due_count, fresh)


class Outcome(StrEnum):
    ANSWERED = "answered"
    NOT_YOURS = "not_yours"
    CLOSED = "closed"
    LATE = "late"
    GONE = "gone"
    BOT = "bot"


@dataclass(frozen=True)
class Answered:
    outcome: Outcome
    ask: store.Ask | None = None
    question: Question | None = None
    correct: bool = False
    recorded: Recorded | None = None


def _refusal(
    db: Database, ask: store.Ask | None, question: Question | None, user_id: int, now: datetime
) -> Answered | None:
    """Why this click cannot be an answer (closing the ask when its time is up), or None."""
    if ask is None:
        return Answered(Outcome.GONE)
    if ask.user_id != user_id:
        return Answered(Outcome.NOT_YOURS, ask)
    if ask.status != "open":
        return Answered(Outcome.CLOSED, ask, question)
    if question is None:
        store.close_ask(db, ask.ask_id, "stopped", now)
        return Answered(Outcome.GONE, ask)
    if now >= ask.deadline:
        store.close_ask(db, ask.ask_id, "expired", now)
        return Answered(Outcome.LATE, ask, question)
    return None


def answer_ask(
    db: Database,
    content: Content,
    *,
    ask_id: int,
    user_id: int,
    position: int,
    now: datetime,
    is_bot: bool = False,
) -> Answered:
    """Take an answer: only from the member asked, only once, only before the deadline."""
    if is_bot:
        return Answered(Outcome.BOT)
    ask = store.get_ask(db, ask_id)
    question = server_pool(db, content, ask.guild_id).get(ask.question_id) if ask else None
    refused = _refusal(db, ask, question, user_id, now)
    if refused is not None:
        return refused
    assert ask is not None
    assert question is not None
    correct = is_right(ask.order, position)
    with transaction(db):
        if not store.close_ask(db, ask_id, "answered", now, position):
            return Answered(Outcome.CLOSED, ask, question)
        recorded = record_answer(
            db,
            user_id=user_id,
            guild_id=ask.guild_id,
            question=question,
            correct=correct,
            now=now,
            repeat_days=admin.quiz_settings(db, ask.guild_id).repeat_days,
            source=ask.mode,
            seconds=(now - ask.asked_at).total_seconds(),
            ask_id=ask.ask_id,
        )
    closed = store.get_ask(db, ask_id)
    return Answered(Outcome.ANSWERED, closed, question, correct, recorded)


@dataclass(frozen=True)
class Stopped:
    ask: store.Ask
    totals: store.SessionTotals
    question: Question | None


def stop_session(db: Database, content: Content, ask_id: int, now: datetime) -> Stopped | None:
    """End a member's run of questions: an unanswered question closes unscored."""
    ask = store.get_ask(db, ask_id)
    if ask is None:
        return None
    store.close_ask(db, ask_id, "stopped", now)
    question = server_pool(db, content, ask.guild_id).get(ask.question_id)
    return Stopped(ask, store.session_totals(db, ask.session_id), question)


@dataclass(frozen=True)
class Expired:
    ask: store.Ask
    question: Question | None


def expire_due(db: Database, content: Content, now: datetime) -> list[Expired]:
    """Close every question whose time is up (the timer edits their messages)."""
    expired = store.expire_due_asks(db, now)
    pools: dict[int, Pool] = {}
    out = []
    for ask in expired:
        if ask.guild_id not in pools:
            pools[ask.guild_id] = server_pool(db, content, ask.guild_id)
        out.append(Expired(ask, pools[ask.guild_id].get(ask.question_id)))
    return out
