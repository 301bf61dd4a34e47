"""Quiz rows owned by members: questions asked one-to-one, attempts, FSRS cards and streaks,
plus the per-server totals kept beside the attempts (leaderboards) and a member's accuracy.

Every time is stored by `ts()`: UTC ISO-8601 with microseconds, so text order is time order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from store.db import Database, transaction
from store.guilds import ensure_guild
from store.members import ensure_member


def ts(moment: datetime) -> str:
    """A stored timestamp: fixed-width UTC text."""
    if moment.tzinfo is None:
        raise ValueError("quiz times must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_ts(text: str) -> datetime:
    return datetime.fromisoformat(text)


def opt_ts(text: str | None) -> datetime | None:
    return from_ts(text) if text else None


@dataclass(frozen=True)
class Ask:
    """One question put to one member by /quiz play or /quiz review."""

    ask_id: int
    session_id: int
    user_id: int
    guild_id: int
    channel_id: int
    message_id: int | None
    mode: str
    step: str | None
    difficulty: int | None
    question_id: str
    order: str
    asked_at: datetime
    deadline: datetime
    status: str
    choice: int | None
    answered_at: datetime | None


_ASK_COLUMNS = (
    "ask_id, session_id, user_id, guild_id, channel_id, message_id, mode, step, difficulty, "
    "question_id, option_order, asked_at, deadline, status, choice, answered_at"
)


def _ask(row: tuple[object, ...]) -> Ask:
    values = list(row)
    values[11] = from_ts(str(values[11]))
    values[12] = from_ts(str(values[12]))
    values[15] = opt_ts(values[15])  # type: ignore[arg-type]
    return Ask(*values)  # type: ignore[arg-type]


def create_ask(
    db: Database,
    *,
    user_id: int,
    guild_id: int,
    guild_name: str,
    channel_id: int,
    mode: str,
    question_id: str,
    order: str,
    now: datetime,
    deadline: datetime,
    step: str | None = None,
    difficulty: int | None = None,
    session_id: int | None = None,
    message_id: int | None = None,
) -> Ask:
    """Record a question put to a member; a new session starts when `session_id` is None."""
    with transaction(db):
        ensure_guild(db, guild_id, guild_name, now)
        ensure_member(db, user_id, now)
        cursor = db.execute(
            """
            INSERT INTO quiz_asks (session_id, user_id, guild_id, channel_id, message_id, mode,
                step, difficulty, question_id, option_order, asked_at, deadline, status)
            VALUES (coalesce(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')
            """,
            [
                session_id,
                user_id,
                guild_id,
                channel_id,
                message_id,
                mode,
                step,
                difficulty,
                question_id,
                order,
                ts(now),
                ts(deadline),
            ],
        )
        ask_id = int(cursor.lastrowid or 0)
        if session_id is None:
            db.execute("UPDATE quiz_asks SET session_id = ask_id WHERE ask_id = ?", [ask_id])
    found = get_ask(db, ask_id)
    assert found is not None
    return found


def get_ask(db: Database, ask_id: int) -> Ask | None:
    row = db.execute(f"SELECT {_ASK_COLUMNS} FROM quiz_asks WHERE ask_id = ?", [ask_id]).fetchone()
    return _ask(row) if row else None


def set_ask_message(db: Database, ask_id: int, message_id: int) -> None:
    db.execute("UPDATE quiz_asks SET message_id = ? WHERE ask_id = ?", [message_id, ask_id])


def last_ask(db: Database, user_id: int) -> Ask | None:
    row = db.execute(
        f"SELECT {_ASK_COLUMNS} FROM quiz_asks WHERE user_id = ? ORDER BY ask_id DESC LIMIT 1",
        [user_id],
    ).fetchone()
    return _ask(row) if row else None


def close_ask(
    db: Database, ask_id: int, status: str, now: datetime, choice: int | None = None
) -> bool:
    """Move an open ask to `status`; True only for the one caller that did (claim once)."""
    if status not in ("answered", "expired", "stopped"):
        raise ValueError(f"unknown ask status {status!r}")
    cursor = db.execute(
        "UPDATE quiz_asks SET status = ?, choice = ?, answered_at = ? "
        "WHERE ask_id = ? AND status = 'open'",
        [status, choice, ts(now), ask_id],
    )
    return cursor.rowcount == 1


def expire_due_asks(db: Database, now: datetime) -> list[Ask]:
    """Close every open ask whose time is up; returns them (as they were) for the message edit."""
    with transaction(db):
        rows = db.execute(
            f"SELECT {_ASK_COLUMNS} FROM quiz_asks WHERE status = 'open' AND deadline <= ? "
            "ORDER BY deadline",
            [ts(now)],
        ).fetchall()
        expired = [_ask(r) for r in rows]
        db.conn.executemany(
            "UPDATE quiz_asks SET status = 'expired', answered_at = ? WHERE ask_id = ?",
            [(ts(now), a.ask_id) for a in expired],
        )
    return expired


@dataclass(frozen=True)
class SessionTotals:
    asked: int
    answered: int
    correct: int
    points: int


def session_totals(db: Database, session_id: int) -> SessionTotals:
    row = db.execute(
        """
        SELECT count(DISTINCT a.ask_id), count(t.attempt_id), coalesce(sum(t.correct), 0),
               coalesce(sum(t.points), 0)
        FROM quiz_asks a LEFT JOIN quiz_attempts t ON t.ask_id = a.ask_id
        WHERE a.session_id = ?
        """,
        [session_id],
    ).fetchone()
    return SessionTotals(*(int(v) for v in row))


# ---- attempts ----------------------------------------------------------------------------


def insert_attempt(
    db: Database,
    *,
    user_id: int,
    guild_id: int,
    question_id: str,
    step: str,
    difficulty: int,
    source: str,
    correct: bool,
    repeat: bool,
    points: int,
    now: datetime,
    week: str | None = None,
    seconds: float | None = None,
    ask_id: int | None = None,
    round_id: int | None = None,
    round_idx: int | None = None,
) -> int:
    """Store one answer and add it to the server's all-time and weekly totals, atomically.

    `week` names the calendar week the answer counts for (its Monday, YYYY-MM-DD, in the
    server's time zone); by default the UTC week of `now`.
    """
    day = now.astimezone(UTC).date()
    week_key = week or (day - timedelta(days=day.weekday())).isoformat()
    with transaction(db):
        ensure_member(db, user_id, now)
        cursor = db.execute(
            """
            INSERT INTO quiz_attempts (user_id, guild_id, question_id, step, difficulty, source,
                correct, repeat, points, seconds, ask_id, round_id, round_idx, answered_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                user_id,
                guild_id,
                question_id,
                step,
                difficulty,
                source,
                int(correct),
                int(repeat),
                points,
                seconds,
                ask_id,
                round_id,
                round_idx,
                ts(now),
            ],
        )
        db.execute(
            """
            INSERT INTO quiz_totals (guild_id, user_id, points, correct, answered)
            VALUES (?, ?, ?, ?, 1)
            ON CONFLICT(guild_id, user_id) DO UPDATE SET points = points + excluded.points,
                correct = correct + excluded.correct, answered = answered + 1
            """,
            [guild_id, user_id, points, int(correct)],
        )
        db.execute(
            """
            INSERT INTO quiz_weekly (guild_id, week, user_id, points, correct, answered)
            VALUES (?, ?, ?, ?, ?, 1)
            ON CONFLICT(guild_id, week, user_id) DO UPDATE SET points = points + excluded.points,
                correct = correct + excluded.correct, answered = answered + 1
            """,
            [guild_id, week_key, user_id, points, int(correct)],
        )
    return int(cursor.lastrowid or 0)


def last_answered(db: Database, user_id: int, question_id: str) -> datetime | None:
    """When the member last answered this question, in any server (anti-farming)."""
    row = db.execute(
        "SELECT max(answered_at) FROM quiz_attempts WHERE user_id = ? AND question_id = ?",
        [user_id, question_id],
    ).fetchone()
    return opt_ts(row[0] if row else None)


def last_seen_map(db: Database, user_id: int) -> dict[str, datetime]:
    """question id -> when the member last answered it."""
    rows = db.execute(
        "SELECT question_id, max(answered_at) FROM quiz_attempts WHERE user_id = ? "
        "GROUP BY question_id",
        [user_id],
    ).fetchall()
    return {qid: from_ts(at) for qid, at in rows}


@dataclass(frozen=True)
class Total:
    user_id: int
    points: int
    correct: int
    answered: int


def _board(week: str | None) -> tuple[str, list[object]]:
    """The table and key columns of the all-time board (week None) or one week's board."""
    if week is None:
        return "quiz_totals WHERE guild_id = ?", []
    return "quiz_weekly WHERE guild_id = ? AND week = ?", [week]


def leaderboard(
    db: Database, guild_id: int, week: str | None = None, limit: int = 10
) -> list[Total]:
    """The server's best members by points, then right answers: all time, or one week
    (its Monday as YYYY-MM-DD). An index range read, however many answers the server has."""
    table, key = _board(week)
    rows = db.execute(
        f"SELECT user_id, points, correct, answered FROM {table} "
        "ORDER BY points DESC, correct DESC, user_id LIMIT ?",
        [guild_id, *key, limit],
    ).fetchall()
    return [Total(*row) for row in rows]


def member_total(
    db: Database, guild_id: int, user_id: int, week: str | None = None
) -> tuple[Total, int | None]:
    """The member's own total and rank (equal scores share a rank; None before any answer)."""
    table, key = _board(week)
    row = db.execute(
        f"SELECT points, correct, answered FROM {table} AND user_id = ?",
        [guild_id, *key, user_id],
    ).fetchone()
    if row is None:
        return Total(user_id, 0, 0, 0), None
    total = Total(user_id, *row)
    ahead = db.execute(
        f"SELECT count(*) FROM {table} AND (points > ? OR (points = ? AND correct > ?))",
        [guild_id, *key, total.points, total.points, total.correct],
    ).fetchone()[0]
    return total, int(ahead) + 1


def accuracy_by_step(db: Database, user_id: int) -> dict[str, tuple[int, int]]:
    """step -> (right, answered) over all the member's attempts, in every server."""
    rows = db.execute(
        "SELECT step, sum(correct), count(*) FROM quiz_attempts WHERE user_id = ? GROUP BY step",
        [user_id],
    ).fetchall()
    return {step: (int(right), int(count)) for step, right, count in rows}


def last_question_in(db: Database, user_id: int, guild_id: int) -> str | None:
    """The question the member saw last in this server (asked alone or answered in a round)."""
    row = db.execute(
        """
        SELECT question_id FROM (
            SELECT question_id, asked_at AS at FROM quiz_asks WHERE user_id = ? AND guild_id = ?
            UNION ALL
            SELECT question_id, answered_at AS at FROM quiz_attempts
            WHERE user_id = ? AND guild_id = ?
        ) ORDER BY at DESC LIMIT 1
        """,
        [user_id, guild_id, user_id, guild_id],
    ).fetchone()
    return str(row[0]) if row else None
