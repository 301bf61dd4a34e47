"""Group rounds: the round, its questions (with the order options were shown in, the message
and the deadline) and each member's current answer.

A question moves pending -> posting (claimed by one process, so a restart or a timer tick never
posts it twice) -> open -> closed, or cancelled when the round is stopped. Scores are not kept
here: closing a question writes attempts (store/quiz.py), and a round's scoreboard is the sum of
its attempts, the same numbers the leaderboard adds up.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from store.db import Database, transaction
from store.guilds import ensure_guild
from store.members import ensure_member
from store.quiz import from_ts, ts


@dataclass(frozen=True)
class RoundRow:
    round_id: int
    guild_id: int
    channel_id: int
    starter_id: int
    question_count: int
    seconds: int
    step: str | None
    status: str
    current_index: int
    end_note: str | None


@dataclass(frozen=True)
class RoundQuestionRow:
    idx: int
    question_id: str
    order: str
    state: str
    claimed_by: str | None
    message_id: int | None
    deadline: datetime | None


@dataclass(frozen=True)
class LoadedRound:
    round: RoundRow
    questions: list[RoundQuestionRow]
    answers: dict[int, dict[int, int]]


_ROUND_COLUMNS = (
    "round_id, guild_id, channel_id, starter_id, question_count, seconds, step, status, "
    "current_index, end_note"
)


def create_round(
    db: Database,
    *,
    guild_id: int,
    guild_name: str,
    channel_id: int,
    starter_id: int,
    seconds: int,
    step: str | None,
    questions: list[tuple[str, str]],
    claimer: str,
    now: datetime,
) -> int | None:
    """Start a round whose first question is claimed for posting by `claimer`. None when a
    round is already running in the channel (the partial unique index decides)."""
    try:
        with transaction(db):
            ensure_guild(db, guild_id, guild_name, now)
            cursor = db.execute(
                """
                INSERT INTO quiz_rounds (guild_id, channel_id, starter_id, question_count,
                    seconds, step, status, current_index, created_at)
                VALUES (?, ?, ?, ?, ?, ?, 'running', 0, ?)
                """,
                [guild_id, channel_id, starter_id, len(questions), seconds, step, ts(now)],
            )
            round_id = int(cursor.lastrowid or 0)
            db.conn.executemany(
                "INSERT INTO quiz_round_questions (round_id, idx, question_id, option_order, "
                "state, claimed_by, claimed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        round_id,
                        i,
                        qid,
                        order,
                        "posting" if i == 0 else "pending",
                        claimer if i == 0 else None,
                        ts(now) if i == 0 else None,
                    )
                    for i, (qid, order) in enumerate(questions)
                ],
            )
    except sqlite3.IntegrityError:
        return None
    return round_id


def running_round_in(db: Database, channel_id: int) -> RoundRow | None:
    row = db.execute(
        f"SELECT {_ROUND_COLUMNS} FROM quiz_rounds WHERE channel_id = ? AND status = 'running'",
        [channel_id],
    ).fetchone()
    return RoundRow(*row) if row else None


def load_round(db: Database, round_id: int) -> LoadedRound | None:
    row = db.execute(
        f"SELECT {_ROUND_COLUMNS} FROM quiz_rounds WHERE round_id = ?", [round_id]
    ).fetchone()
    if row is None:
        return None
    questions = [
        RoundQuestionRow(idx, qid, order, state, claimed, message, from_ts(dl) if dl else None)
        for idx, qid, order, state, claimed, message, dl in db.execute(
            "SELECT idx, question_id, option_order, state, claimed_by, message_id, deadline "
            "FROM quiz_round_questions WHERE round_id = ? ORDER BY idx",
            [round_id],
        ).fetchall()
    ]
    answers: dict[int, dict[int, int]] = {}
    for idx, user_id, choice in db.execute(
        "SELECT idx, user_id, choice FROM quiz_round_answers WHERE round_id = ?", [round_id]
    ).fetchall():
        answers.setdefault(int(idx), {})[int(user_id)] = int(choice)
    return LoadedRound(RoundRow(*row), questions, answers)


def save_answer(
    db: Database, round_id: int, idx: int, user_id: int, choice: int, now: datetime
) -> None:
    """Record or change a member's answer (the last one counts)."""
    with transaction(db):
        ensure_member(db, user_id, now)
        db.execute(
            """
            INSERT INTO quiz_round_answers (round_id, idx, user_id, choice, answered_at)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(round_id, idx, user_id) DO UPDATE SET choice = excluded.choice,
                answered_at = excluded.answered_at, changes = changes + 1
            """,
            [round_id, idx, user_id, choice, ts(now)],
        )


def open_question(
    db: Database, round_id: int, idx: int, message_id: int | None, deadline: datetime
) -> None:
    db.execute(
        "UPDATE quiz_round_questions SET state = 'open', message_id = ?, deadline = ? "
        "WHERE round_id = ? AND idx = ?",
        [message_id, ts(deadline), round_id, idx],
    )


def set_question_state(db: Database, round_id: int, idx: int, state: str) -> None:
    db.execute(
        "UPDATE quiz_round_questions SET state = ? WHERE round_id = ? AND idx = ?",
        [state, round_id, idx],
    )


def advance_round(db: Database, round_id: int, next_idx: int, claimer: str, now: datetime) -> None:
    """Move to the next question and claim its posting."""
    db.execute("UPDATE quiz_rounds SET current_index = ? WHERE round_id = ?", [next_idx, round_id])
    claim_posting(db, round_id, next_idx, claimer, now)


def claim_posting(db: Database, round_id: int, idx: int, claimer: str, now: datetime) -> None:
    db.execute(
        "UPDATE quiz_round_questions SET state = 'posting', claimed_by = ?, claimed_at = ? "
        "WHERE round_id = ? AND idx = ? AND state IN ('pending', 'posting')",
        [claimer, ts(now), round_id, idx],
    )


def end_round(
    db: Database, round_id: int, status: str, now: datetime, note: str | None = None
) -> bool:
    """Finish a running round; False if it had already ended (stopped twice, raced a tick)."""
    if status not in ("finished", "stopped", "abandoned"):
        raise ValueError(f"unknown round end {status!r}")
    return (
        db.execute(
            "UPDATE quiz_rounds SET status = ?, finished_at = ?, end_note = ? "
            "WHERE round_id = ? AND status = 'running'",
            [status, ts(now), note, round_id],
        ).rowcount
        == 1
    )


def rounds_needing_work(db: Database, now: datetime, claimer: str, stale: datetime) -> list[int]:
    """Running rounds whose current question is due to close, or waits to be posted and is not
    being posted right now by this process (a claim by an earlier run, or an old one)."""
    rows = db.execute(
        """
        SELECT r.round_id FROM quiz_rounds r
        JOIN quiz_round_questions q ON q.round_id = r.round_id AND q.idx = r.current_index
        WHERE r.status = 'running' AND (
            (q.state = 'open' AND q.deadline <= ?)
            OR q.state = 'pending'
            OR (q.state = 'posting' AND (q.claimed_by IS NOT ? OR q.claimed_at < ?))
        )
        ORDER BY r.round_id
        """,
        [ts(now), claimer, ts(stale)],
    ).fetchall()
    return [int(r[0]) for r in rows]


def round_standings(db: Database, round_id: int) -> dict[int, tuple[int, int, int]]:
    """user -> (points, right answers, answers) in this round, from its attempts."""
    rows = db.execute(
        "SELECT user_id, sum(points), sum(correct), count(*) FROM quiz_attempts "
        "WHERE round_id = ? GROUP BY user_id",
        [round_id],
    ).fetchall()
    return {int(u): (int(p), int(c), int(n)) for u, p, c, n in rows}


def recent_round_questions(db: Database, guild_id: int, since: datetime) -> set[str]:
    rows = db.execute(
        "SELECT DISTINCT q.question_id FROM quiz_round_questions q "
        "JOIN quiz_rounds r ON r.round_id = q.round_id "
        "WHERE r.guild_id = ? AND r.created_at >= ?",
        [guild_id, ts(since)],
    ).fetchall()
    return {str(r[0]) for r in rows}
