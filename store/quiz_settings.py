"""Quiz rows owned by servers: settings, per-channel switches, the server's own questions and
reports of questions members think are wrong."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from store.db import Database, transaction
from store.guilds import ensure_guild, write_settings_row
from store.members import ensure_member
from store.quiz import ts

_SETTING_COLUMNS = ("default_on", "round_questions", "round_seconds", "solo_seconds", "repeat_days")


@dataclass(frozen=True)
class QuizSettings:
    guild_id: int
    default_on: bool = True
    round_questions: int = 5
    round_seconds: int = 20
    solo_seconds: int = 60
    repeat_days: int = 7


def quiz_settings(db: Database, guild_id: int) -> QuizSettings:
    """The server's quiz settings, or the defaults when it never changed any."""
    row = db.execute(
        f"SELECT {', '.join(_SETTING_COLUMNS)} FROM quiz_settings WHERE guild_id = ?", [guild_id]
    ).fetchone()
    if row is None:
        return QuizSettings(guild_id)
    default_on, questions, seconds, solo, repeat = row
    return QuizSettings(guild_id, bool(default_on), questions, seconds, solo, repeat)


def update_quiz_settings(
    db: Database, /, guild_id: int, guild_name: str, now: datetime, **changes: int
) -> QuizSettings:
    write_settings_row(
        db,
        table="quiz_settings",
        columns=_SETTING_COLUMNS,
        guild_id=guild_id,
        guild_name=guild_name,
        now=now,
        stamp=ts(now),
        changes=dict(changes),
    )
    return quiz_settings(db, guild_id)


def set_channel_enabled(
    db: Database, guild_id: int, guild_name: str, channel_id: int, enabled: bool, now: datetime
) -> None:
    with transaction(db):
        ensure_guild(db, guild_id, guild_name, now)
        db.execute(
            """
            INSERT INTO quiz_channels (guild_id, channel_id, enabled, updated_at)
            VALUES (?, ?, ?, ?)
            ON CONFLICT(guild_id, channel_id) DO UPDATE SET enabled = excluded.enabled,
                updated_at = excluded.updated_at
            """,
            [guild_id, channel_id, int(enabled), ts(now)],
        )


def channel_switches(db: Database, guild_id: int) -> dict[int, bool]:
    """channel id -> on/off for channels an admin switched explicitly."""
    rows = db.execute(
        "SELECT channel_id, enabled FROM quiz_channels WHERE guild_id = ?", [guild_id]
    ).fetchall()
    return {int(c): bool(e) for c, e in rows}


def quiz_allowed(db: Database, guild_id: int, channel_id: int) -> bool:
    """A channel's own switch if set, else the server's default (on unless changed)."""
    row = db.execute(
        "SELECT enabled FROM quiz_channels WHERE guild_id = ? AND channel_id = ?",
        [guild_id, channel_id],
    ).fetchone()
    if row is not None:
        return bool(row[0])
    return quiz_settings(db, guild_id).default_on


# ---- the server's own questions ----------------------------------------------------------


@dataclass(frozen=True)
class GuildQuestion:
    question_id: str
    guild_id: int
    step: str
    topic: str
    difficulty: int
    stem: str
    answer: str
    distractors: list[str]
    explanation: str
    author_id: int

    def as_entry(self) -> dict[str, object]:
        """The entry as `archbot content check` reads it from TOML."""
        return {
            "id": self.question_id,
            "step": self.step,
            "topic": self.topic,
            "difficulty": self.difficulty,
            "stem": self.stem,
            "answer": self.answer,
            "distractors": list(self.distractors),
            "explanation": self.explanation,
        }


def add_guild_question(
    db: Database,
    *,
    guild_id: int,
    guild_name: str,
    step: str,
    topic: str,
    difficulty: int,
    stem: str,
    answer: str,
    distractors: list[str],
    explanation: str,
    author_id: int,
    now: datetime,
) -> GuildQuestion:
    with transaction(db):
        ensure_guild(db, guild_id, guild_name, now)
        number = db.execute(
            "SELECT count(*) FROM guild_questions WHERE guild_id = ?", [guild_id]
        ).fetchone()[0]
        while True:
            number += 1
            question_id = f"server.{guild_id}.q{number}"
            taken = db.execute(
                "SELECT 1 FROM guild_questions WHERE question_id = ?", [question_id]
            ).fetchone()
            if not taken:
                break
        db.execute(
            """
            INSERT INTO guild_questions (question_id, guild_id, step, topic, difficulty, stem,
                answer, distractors, explanation, author_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                question_id,
                guild_id,
                step,
                topic,
                difficulty,
                stem,
                answer,
                json.dumps(distractors),
                explanation,
                author_id,
                ts(now),
            ],
        )
    return GuildQuestion(
        question_id,
        guild_id,
        step,
        topic,
        difficulty,
        stem,
        answer,
        distractors,
        explanation,
        author_id,
    )


def guild_questions(db: Database, guild_id: int) -> list[GuildQuestion]:
    rows = db.execute(
        "SELECT question_id, guild_id, step, topic, difficulty, stem, answer, distractors, "
        "explanation, author_id FROM guild_questions WHERE guild_id = ? "
        "ORDER BY created_at, question_id",
        [guild_id],
    ).fetchall()
    return [
        GuildQuestion(q, g, s, t, d, stem, a, json.loads(dis), e, au)
        for q, g, s, t, d, stem, a, dis, e, au in rows
    ]


# ---- reports -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportedQuestion:
    question_id: str
    reports: int
    reasons: list[str]
    latest: str


def add_report(
    db: Database,
    *,
    guild_id: int,
    guild_name: str,
    question_id: str,
    reporter_id: int,
    reason: str,
    now: datetime,
) -> bool:
    """Store a report; False when this member already has an open report on the question
    (the reason is then updated, so nobody can stack reports)."""
    with transaction(db):
        ensure_guild(db, guild_id, guild_name, now)
        ensure_member(db, reporter_id, now)
        updated = db.execute(
            "UPDATE quiz_reports SET reason = ?, created_at = ? WHERE guild_id = ? AND "
            "question_id = ? AND reporter_id = ? AND resolved_at IS NULL",
            [reason, ts(now), guild_id, question_id, reporter_id],
        ).rowcount
        if updated:
            return False
        db.execute(
            "INSERT INTO quiz_reports (guild_id, question_id, reporter_id, reason, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [guild_id, question_id, reporter_id, reason, ts(now)],
        )
    return True


def open_reports(db: Database, guild_id: int, limit: int = 15) -> list[ReportedQuestion]:
    """Reported questions, most reported first, with their latest reasons."""
    rows = db.execute(
        "SELECT question_id, reason, created_at FROM quiz_reports "
        "WHERE guild_id = ? AND resolved_at IS NULL ORDER BY created_at DESC, report_id DESC",
        [guild_id],
    ).fetchall()
    grouped: dict[str, list[tuple[str, str]]] = {}
    for question_id, reason, created in rows:
        grouped.setdefault(question_id, []).append((reason, created))
    reported = [
        ReportedQuestion(qid, len(items), [r for r, _ in items], items[0][1])
        for qid, items in grouped.items()
    ]
    reported.sort(key=lambda r: r.latest, reverse=True)
    reported.sort(key=lambda r: r.reports, reverse=True)
    return reported[:limit]


def resolve_reports(db: Database, guild_id: int, question_id: str, now: datetime) -> int:
    return db.execute(
        "UPDATE quiz_reports SET resolved_at = ? WHERE guild_id = ? AND question_id = ? "
        "AND resolved_at IS NULL",
        [ts(now), guild_id, question_id],
    ).rowcount
