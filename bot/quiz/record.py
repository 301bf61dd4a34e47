"""One answered question, recorded everywhere it counts, in one transaction: the attempt with
its points (anti-farming applied), the member's FSRS card and their streak.

Runs on the database thread (`services.db(record_answer, ...)` or from solo/round_flow).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.quiz import cards, streaks
from bot.quiz.scoring import Score, is_repeat, score
from content import Question
from store import quiz as store
from store import quiz_cards as card_store
from store.db import Database, transaction
from store.guilds import guild_settings
from store.members import member_timezone


@dataclass(frozen=True)
class Recorded:
    score: Score
    streak: streaks.Streak
    today: date
    next_due: datetime


def record_answer(
    db: Database,
    *,
    user_id: int,
    guild_id: int,
    question: Question,
    correct: bool,
    now: datetime,
    repeat_days: int,
    source: str,
    seconds: float | None = None,
    ask_id: int | None = None,
    round_id: int | None = None,
    round_idx: int | None = None,
) -> Recorded:
    with transaction(db):
        last = store.last_answered(db, user_id, question.id)
        result = score(
            question.difficulty, correct, is_repeat(last, now, timedelta(days=repeat_days))
        )
        server_zone = guild_settings(db, guild_id).timezone
        store.insert_attempt(
            db,
            week=streaks.week_of(now, streaks.zone_for(None, server_zone)),
            user_id=user_id,
            guild_id=guild_id,
            question_id=question.id,
            step=question.step,
            difficulty=question.difficulty,
            source=source,
            correct=correct,
            repeat=result.repeat,
            points=result.points,
            seconds=seconds,
            ask_id=ask_id,
            round_id=round_id,
            round_idx=round_idx,
            now=now,
        )
        stored = card_store.get_card(db, user_id, question.id)
        before = cards.CardState(stored.question_id, stored.data, stored.due) if stored else None
        rating_seconds = seconds if source != "round" else None
        card = cards.review(question.id, before, cards.rating_for(correct, rating_seconds), now)
        card_store.save_card(db, user_id, question.id, card.data, card.due, now)
        zone = streaks.zone_for(member_timezone(db, user_id), guild_settings(db, guild_id).timezone)
        today = streaks.local_date(now, zone)
        row = card_store.get_streak(db, user_id)
        previous = streaks.Streak(row[0], row[1], date.fromisoformat(row[2])) if row else None
        streak = streaks.advance(previous, today)
        if streak != previous:
            card_store.save_streak(
                db, user_id, streak.current, streak.best, streak.last_date.isoformat(), now
            )
    return Recorded(result, streak, today, card.due)
