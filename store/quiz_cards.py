"""A member's spaced-repetition cards (FSRS state as JSON, due time indexed) and quiz streak.

Both belong to the member, are the same in every server, and go with the member row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from store.db import Database
from store.members import ensure_member
from store.quiz import from_ts, opt_ts, ts


@dataclass(frozen=True)
class StoredCard:
    question_id: str
    data: str
    due: datetime


def get_card(db: Database, user_id: int, question_id: str) -> StoredCard | None:
    row = db.execute(
        "SELECT question_id, card, due FROM quiz_cards WHERE user_id = ? AND question_id = ?",
        [user_id, question_id],
    ).fetchone()
    return StoredCard(row[0], row[1], from_ts(row[2])) if row else None


def save_card(
    db: Database, user_id: int, question_id: str, data: str, due: datetime, now: datetime
) -> None:
    ensure_member(db, user_id, now)
    db.execute(
        """
        INSERT INTO quiz_cards (user_id, question_id, card, due, reviews, updated_at)
        VALUES (?, ?, ?, ?, 1, ?)
        ON CONFLICT(user_id, question_id) DO UPDATE SET card = excluded.card,
            due = excluded.due, reviews = reviews + 1, updated_at = excluded.updated_at
        """,
        [user_id, question_id, data, ts(due), ts(now)],
    )


def due_cards(db: Database, user_id: int, now: datetime) -> list[tuple[str, datetime]]:
    """(question id, due) of every card due by `now`, most overdue first."""
    rows = db.execute(
        "SELECT question_id, due FROM quiz_cards WHERE user_id = ? AND due <= ? "
        "ORDER BY due, question_id",
        [user_id, ts(now)],
    ).fetchall()
    return [(qid, from_ts(due)) for qid, due in rows]


def card_overview(db: Database, user_id: int, now: datetime) -> tuple[int, int, datetime | None]:
    """(cards, due now, next due time after now)."""
    row = db.execute(
        "SELECT count(*), coalesce(sum(due <= ?), 0), min(CASE WHEN due > ? THEN due END) "
        "FROM quiz_cards WHERE user_id = ?",
        [ts(now), ts(now), user_id],
    ).fetchone()
    return int(row[0]), int(row[1]), opt_ts(row[2])


def get_streak(db: Database, user_id: int) -> tuple[int, int, str] | None:
    """(current, best, last active local date as YYYY-MM-DD)."""
    row = db.execute(
        "SELECT current, best, last_date FROM quiz_streaks WHERE user_id = ?", [user_id]
    ).fetchone()
    return (int(row[0]), int(row[1]), str(row[2])) if row else None


def save_streak(
    db: Database, user_id: int, current: int, best: int, last_date: str, now: datetime
) -> None:
    ensure_member(db, user_id, now)
    db.execute(
        """
        INSERT INTO quiz_streaks (user_id, current, best, last_date) VALUES (?, ?, ?, ?)
        ON CONFLICT(user_id) DO UPDATE SET current = excluded.current, best = excluded.best,
            last_date = excluded.last_date
        """,
        [user_id, current, best, last_date],
    )
