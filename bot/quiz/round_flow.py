"""Group rounds on the database thread: load the round from SQLite into the state machine
(rounds.py), apply one event (start, answer, time up, stop), store the result.

Nothing about a round lives only in memory, so after a restart the timer finds running rounds
and carries on: a question whose time ran out while the bot was away is closed and scored
with the answers given in time; one overdue by more than RESUME_GRACE ends the round early
(`abandoned`) with every score kept.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.quiz.bank import pick_round
from bot.quiz.errors import QuizError
from bot.quiz.options import shuffled_order
from bot.quiz.record import record_answer
from bot.quiz.rounds import (
    RESUME_GRACE,
    Closed,
    Round,
    RoundQuestion,
    Standing,
    Verdict,
    tally,
)
from bot.quiz.scoring import Score
from bot.quiz.solo import server_pool
from content import Content, Question
from store import quiz_rounds as rounds_store
from store import quiz_settings as admin
from store.db import Database, transaction

RECENT_ROUNDS = timedelta(days=7)
# A posting claim older than this (by this process) is taken over: the post never finished.
STALE_CLAIM = timedelta(seconds=60)


def _to_round(loaded: rounds_store.LoadedRound) -> Round:
    row = loaded.round
    questions = [
        RoundQuestion(q.idx, q.question_id, q.order, q.state, q.deadline, q.message_id)
        for q in loaded.questions
    ]
    return Round(
        row.round_id,
        row.guild_id,
        row.channel_id,
        row.starter_id,
        row.seconds,
        row.status,
        row.current_index,
        questions,
        {idx: dict(given) for idx, given in loaded.answers.items()},
    )


def load(db: Database, round_id: int) -> Round | None:
    loaded = rounds_store.load_round(db, round_id)
    return _to_round(loaded) if loaded else None


def standings(db: Database, round_id: int) -> list[Standing]:
    return tally(rounds_store.round_standings(db, round_id))


@dataclass(frozen=True)
class Started:
    round: Round
    question: Question


def start_round(
    db: Database,
    content: Content,
    rng: random.Random,
    *,
    guild_id: int,
    guild_name: str,
    channel_id: int,
    starter_id: int,
    count: int,
    seconds: int,
    step: str | None,
    claimer: str,
    now: datetime,
) -> Started:
    if rounds_store.running_round_in(db, channel_id) is not None:
        raise QuizError("A round is already running in this channel; join it or wait for it.")
    pool = server_pool(db, content, guild_id)
    candidates = pool.matching(step)
    recent = rounds_store.recent_round_questions(db, guild_id, now - RECENT_ROUNDS)
    chosen = pick_round(candidates, count, recent, rng)
    if not chosen:
        raise QuizError("No question matches that step yet.")
    round_id = rounds_store.create_round(
        db,
        guild_id=guild_id,
        guild_name=guild_name,
        channel_id=channel_id,
        starter_id=starter_id,
        seconds=seconds,
        step=step,
        questions=[(q.id, shuffled_order(rng)) for q in chosen],
        claimer=claimer,
        now=now,
    )
    if round_id is None:
        raise QuizError("A round is already running in this channel; join it or wait for it.")
    started = load(db, round_id)
    assert started is not None
    return Started(started, chosen[0])


def question_of(db: Database, content: Content, game: Round, idx: int) -> Question | None:
    q = game.question(idx)
    return server_pool(db, content, game.guild_id).get(q.question_id) if q else None


def mark_posted(
    db: Database, round_id: int, idx: int, message_id: int | None, now: datetime
) -> Round | None:
    """The question's message is out: its clock starts now. None if the round moved on
    meanwhile (stopped while the message was being sent)."""
    game = load(db, round_id)
    if game is None or not game.running or game.current != idx:
        return None
    if game.questions[idx].state != "posting":
        return None
    question = game.open_current(message_id, now)
    assert question.deadline is not None
    rounds_store.open_question(db, round_id, idx, message_id, question.deadline)
    return game


def answer_round(
    db: Database,
    *,
    round_id: int,
    idx: int,
    user_id: int,
    position: int,
    now: datetime,
    is_bot: bool = False,
) -> tuple[Verdict, Round | None]:
    game = load(db, round_id)
    if game is None:
        return Verdict.OVER, None
    verdict = game.answer(user_id, idx, position, now, is_bot=is_bot)
    if verdict.stored:
        rounds_store.save_answer(db, round_id, idx, user_id, position, now)
    return verdict, game


@dataclass(frozen=True)
class CloseResult:
    round: Round
    closed: Closed
    question: Question | None
    scores: dict[int, Score]
    standings: list[Standing]
    next_question: Question | None


@dataclass(frozen=True)
class PostNeeded:
    round: Round
    idx: int
    question: Question | None


def advance(
    db: Database,
    content: Content,
    *,
    round_id: int,
    now: datetime,
    claimer: str,
    grace: timedelta = RESUME_GRACE,
) -> CloseResult | PostNeeded | None:
    """What the timer should do for this round now: close the current question (scoring it),
    or post a question nobody is posting. None when there is nothing to do."""
    game = load(db, round_id)
    if game is None or not game.running:
        return None
    current = game.questions[game.current]
    if current.state in ("pending", "posting"):
        rounds_store.claim_posting(db, round_id, current.idx, claimer, now)
        return PostNeeded(game, current.idx, question_of(db, content, game, current.idx))
    if not game.is_due(now):
        return None
    pool = server_pool(db, content, game.guild_id)
    repeat_days = admin.quiz_settings(db, game.guild_id).repeat_days
    with transaction(db):
        closed = game.close_current(now, grace)
        rounds_store.set_question_state(db, round_id, closed.idx, "closed")
        question = pool.get(closed.question_id)
        scores: dict[int, Score] = {}
        if question is not None:
            for user_id in sorted(closed.answers):
                scores[user_id] = record_answer(
                    db,
                    user_id=user_id,
                    guild_id=game.guild_id,
                    question=question,
                    correct=closed.right[user_id],
                    now=now,
                    repeat_days=repeat_days,
                    source="round",
                    round_id=round_id,
                    round_idx=closed.idx,
                ).score
        if closed.next_idx is not None:
            rounds_store.advance_round(db, round_id, closed.next_idx, claimer, now)
        if closed.end is not None:
            note = (
                "ended early: the bot was offline past the question's time"
                if closed.end.value == "abandoned"
                else None
            )
            rounds_store.end_round(db, round_id, closed.end.value, now, note)
    following = (
        pool.get(game.questions[closed.next_idx].question_id)
        if closed.next_idx is not None
        else None
    )
    return CloseResult(game, closed, question, scores, standings(db, round_id), following)


def due_rounds(db: Database, now: datetime, claimer: str) -> list[int]:
    return rounds_store.rounds_needing_work(db, now, claimer, now - STALE_CLAIM)


@dataclass(frozen=True)
class StopResult:
    round: Round
    cancelled: RoundQuestion | None
    standings: list[Standing]


def stop_round(db: Database, round_id: int, now: datetime, by: int) -> StopResult | None:
    """Stop a running round: the question in progress is cancelled (not scored)."""
    game = load(db, round_id)
    if game is None or not game.running:
        return None
    with transaction(db):
        cancelled = game.stop()
        if cancelled is not None:
            rounds_store.set_question_state(db, round_id, cancelled.idx, "cancelled")
        rounds_store.end_round(db, round_id, "stopped", now, f"stopped by {by}")
    return StopResult(game, cancelled, standings(db, round_id))


def running_in(db: Database, channel_id: int) -> Round | None:
    row = rounds_store.running_round_in(db, channel_id)
    return load(db, row.round_id) if row else None
