"""Quiz storage on a real SQLite file: claims that count once, read models, the one-round-per-
channel rule, settings, reports, and who owns what (cascades on member and server erasure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store import Database, guilds, members, migrate, open_db
from store import quiz as q
from store import quiz_cards as qc
from store import quiz_rounds as r
from store import quiz_settings as s

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
G, C = 1000, 2000


def _ask(db: Database, user: int = 1, question: str = "q.a", **extra: object) -> q.Ask:
    values: dict[str, object] = {
        "user_id": user,
        "guild_id": G,
        "guild_name": "Guild",
        "channel_id": C,
        "mode": "play",
        "question_id": question,
        "order": "0123",
        "now": NOW,
        "deadline": NOW + timedelta(seconds=60),
    }
    values.update(extra)
    return q.create_ask(db, **values)  # type: ignore[arg-type]


def _attempt(
    db: Database, user: int, question: str, points: int, at: datetime, **kw: object
) -> None:
    guilds.ensure_guild(db, G, "Guild", NOW)
    values: dict[str, object] = {
        "user_id": user,
        "guild_id": G,
        "question_id": question,
        "step": "maths",
        "difficulty": max(points, 1),
        "source": "play",
        "correct": points > 0,
        "repeat": False,
        "points": points,
        "now": at,
    }
    values.update(kw)
    q.insert_attempt(db, **values)  # type: ignore[arg-type]


def _count(db: Database, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_timestamps_are_fixed_width_utc() -> None:
    assert q.ts(NOW) == "2026-06-01T12:00:00.000000+00:00"
    assert q.from_ts(q.ts(NOW)) == NOW
    with pytest.raises(ValueError, match="timezone-aware"):
        q.ts(datetime(2026, 1, 1))


def test_an_ask_is_claimed_once(db: Database) -> None:
    ask = _ask(db)
    assert ask.session_id == ask.ask_id
    follow = _ask(db, session_id=ask.session_id, question="q.b")
    assert follow.session_id == ask.session_id
    assert q.last_ask(db, 1) == follow
    assert q.close_ask(db, ask.ask_id, "answered", NOW, 2)
    assert not q.close_ask(db, ask.ask_id, "answered", NOW, 1)
    assert not q.close_ask(db, ask.ask_id, "expired", NOW)
    stored = q.get_ask(db, ask.ask_id)
    assert stored is not None
    assert (stored.status, stored.choice) == ("answered", 2)
    with pytest.raises(ValueError, match="unknown ask status"):
        q.close_ask(db, ask.ask_id, "open", NOW)


def test_expiring_returns_only_due_open_asks(db: Database) -> None:
    early = _ask(db, deadline=NOW + timedelta(seconds=10))
    late = _ask(db, user=2, deadline=NOW + timedelta(seconds=90))
    done = _ask(db, user=3, deadline=NOW + timedelta(seconds=5))
    q.close_ask(db, done.ask_id, "answered", NOW, 0)
    assert q.expire_due_asks(db, NOW + timedelta(seconds=30)) == [early]
    assert q.expire_due_asks(db, NOW + timedelta(seconds=30)) == []
    assert [a.ask_id for a in q.expire_due_asks(db, NOW + timedelta(hours=1))] == [late.ask_id]


def test_leaderboard_ranks_all_time_and_by_week(db: Database) -> None:
    _attempt(db, 1, "q.a", 3, NOW - timedelta(days=10), week="2026-05-18")
    _attempt(db, 1, "q.b", 0, NOW, week="2026-06-01")
    _attempt(db, 2, "q.a", 2, NOW, week="2026-06-01")
    _attempt(db, 3, "q.c", 2, NOW, week="2026-06-01")
    everything = q.leaderboard(db, G)
    assert [(t.user_id, t.points, t.correct, t.answered) for t in everything] == [
        (1, 3, 1, 2),
        (2, 2, 1, 1),
        (3, 2, 1, 1),
    ]
    week = q.leaderboard(db, G, "2026-06-01")
    assert [t.user_id for t in week] == [2, 3, 1]
    assert q.leaderboard(db, G, "2026-06-08") == []
    assert q.leaderboard(db, G, limit=1) == everything[:1]
    assert q.member_total(db, G, 3, "2026-06-01") == (q.Total(3, 2, 1, 1), 1)  # tied with 2
    assert q.member_total(db, G, 1, "2026-06-01")[1] == 3
    assert q.member_total(db, G, 1) == (q.Total(1, 3, 1, 2), 1)
    assert q.member_total(db, G, 9) == (q.Total(9, 0, 0, 0), None)
    assert q.accuracy_by_step(db, 1) == {"maths": (1, 2)}
    assert q.last_answered(db, 1, "q.a") == NOW - timedelta(days=10)
    assert q.last_answered(db, 1, "q.zzz") is None
    assert q.last_seen_map(db, 1) == {"q.a": NOW - timedelta(days=10), "q.b": NOW}


def test_the_default_week_is_the_utc_week_of_the_answer(db: Database) -> None:
    sunday_night = datetime(2026, 6, 7, 23, 59, tzinfo=UTC)
    _attempt(db, 1, "q.a", 1, sunday_night)
    _attempt(db, 1, "q.b", 1, sunday_night + timedelta(minutes=2))
    assert [t.points for t in q.leaderboard(db, G, "2026-06-01")] == [1]
    assert [t.points for t in q.leaderboard(db, G, "2026-06-08")] == [1]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 4), st.integers(0, 3), st.integers(0, 20)),
        min_size=1,
        max_size=30,
    )
)
def test_totals_always_equal_the_attempts(
    tmp_path_factory: pytest.TempPathFactory, answers: list[tuple[int, int, int]]
) -> None:
    db = open_db(tmp_path_factory.mktemp("totals") / "q.db")
    migrate(db)
    for user, points, days in answers:
        _attempt(db, user, f"q.{days}", points, NOW + timedelta(days=days))
    rows = db.execute(
        "SELECT user_id, sum(points), sum(correct), count(*) FROM quiz_attempts GROUP BY user_id"
    ).fetchall()
    expected = {u: (p, c, n) for u, p, c, n in rows}
    board = q.leaderboard(db, G, limit=100)
    assert {t.user_id: (t.points, t.correct, t.answered) for t in board} == expected
    weekly = db.execute("SELECT sum(points), sum(answered) FROM quiz_weekly").fetchone()
    assert weekly == (sum(p for p, _, _ in expected.values()), len(answers))
    db.close()


def test_last_question_counts_asks_and_round_answers(db: Database) -> None:
    assert q.last_question_in(db, 1, G) is None
    _ask(db, question="q.asked")
    assert q.last_question_in(db, 1, G) == "q.asked"
    _attempt(db, 1, "q.round", 1, NOW + timedelta(minutes=1), source="round")
    assert q.last_question_in(db, 1, G) == "q.round"


def test_cards_due_in_order_and_overview(db: Database) -> None:
    qc.save_card(db, 1, "q.b", "{}", NOW + timedelta(minutes=5), NOW)
    qc.save_card(db, 1, "q.a", "{}", NOW - timedelta(minutes=5), NOW)
    qc.save_card(db, 1, "q.c", "{}", NOW + timedelta(days=2), NOW)
    assert [qid for qid, _ in qc.due_cards(db, 1, NOW + timedelta(minutes=10))] == ["q.a", "q.b"]
    assert qc.card_overview(db, 1, NOW) == (3, 1, NOW + timedelta(minutes=5))
    qc.save_card(db, 1, "q.a", '{"x": 1}', NOW + timedelta(days=9), NOW)
    card = qc.get_card(db, 1, "q.a")
    assert card is not None
    assert (card.data, card.due) == ('{"x": 1}', NOW + timedelta(days=9))
    assert qc.card_overview(db, 2, NOW) == (0, 0, None)


def test_streak_round_trip(db: Database) -> None:
    assert qc.get_streak(db, 1) is None
    qc.save_streak(db, 1, 2, 5, "2026-06-01", NOW)
    qc.save_streak(db, 1, 3, 5, "2026-06-02", NOW)
    assert qc.get_streak(db, 1) == (3, 5, "2026-06-02")


def test_channel_switches_and_defaults(db: Database) -> None:
    assert s.quiz_allowed(db, G, C)
    s.set_channel_enabled(db, G, "Guild", C, False, NOW)
    assert not s.quiz_allowed(db, G, C)
    assert s.quiz_allowed(db, G, C + 1)
    s.update_quiz_settings(db, G, "Guild", NOW, default_on=0)
    assert not s.quiz_allowed(db, G, C + 1)
    s.set_channel_enabled(db, G, "Guild", C + 1, True, NOW)
    assert s.quiz_allowed(db, G, C + 1)
    assert s.channel_switches(db, G) == {C: False, C + 1: True}
    updated = s.update_quiz_settings(db, G, "Guild", NOW, repeat_days=0, round_seconds=30)
    assert (updated.repeat_days, updated.round_seconds, updated.default_on) == (0, 30, False)
    with pytest.raises(ValueError, match="unknown quiz_settings columns"):
        s.update_quiz_settings(db, G, "Guild", NOW, colour=1)


def test_own_questions_and_reports(db: Database) -> None:
    fields: dict[str, object] = {
        "guild_id": G,
        "guild_name": "Guild",
        "step": "maths",
        "topic": "maths.calculus",
        "difficulty": 2,
        "stem": "What is the derivative of x squared?",
        "answer": "2x",
        "distractors": ["x", "x squared", "2"],
        "explanation": "The power rule brings 2 down.",
        "author_id": 5,
        "now": NOW,
    }
    first = s.add_guild_question(db, **fields)  # type: ignore[arg-type]
    second = s.add_guild_question(db, **fields)  # type: ignore[arg-type]
    assert (first.question_id, second.question_id) == (f"server.{G}.q1", f"server.{G}.q2")
    assert s.guild_questions(db, G)[0].as_entry()["distractors"] == ["x", "x squared", "2"]

    def report(question: str, reporter: int, reason: str) -> bool:
        return s.add_report(
            db,
            guild_id=G,
            guild_name="Guild",
            question_id=question,
            reporter_id=reporter,
            reason=reason,
            now=NOW,
        )

    assert report("q.a", 1, "wrong")
    assert not report("q.a", 1, "still wrong")
    assert report("q.a", 2, "typo")
    assert report("q.b", 2, "unclear")
    listed = s.open_reports(db, G)
    assert [(x.question_id, x.reports) for x in listed] == [("q.a", 2), ("q.b", 1)]
    assert set(listed[0].reasons) == {"still wrong", "typo"}
    assert s.resolve_reports(db, G, "q.a", NOW) == 2
    assert [x.question_id for x in s.open_reports(db, G)] == ["q.b"]
    assert report("q.a", 1, "again")


def _round(db: Database, channel: int = C, claimer: str = "p1") -> int | None:
    return r.create_round(
        db,
        guild_id=G,
        guild_name="Guild",
        channel_id=channel,
        starter_id=1,
        seconds=20,
        step=None,
        questions=[("q.a", "0123"), ("q.b", "3210")],
        claimer=claimer,
        now=NOW,
    )


def test_one_running_round_per_channel(db: Database) -> None:
    first = _round(db)
    assert first is not None
    assert _round(db) is None
    assert _round(db, channel=C + 1) is not None
    assert r.end_round(db, first, "stopped", NOW)
    assert not r.end_round(db, first, "finished", NOW)
    assert _round(db) is not None
    with pytest.raises(ValueError, match="unknown round end"):
        r.end_round(db, first, "paused", NOW)


def test_rounds_needing_work_respects_live_claims(db: Database) -> None:
    round_id = _round(db, claimer="p1")
    assert round_id is not None
    assert r.rounds_needing_work(db, NOW, "p1", NOW - timedelta(seconds=60)) == []
    assert r.rounds_needing_work(db, NOW, "p2", NOW - timedelta(seconds=60)) == [round_id]
    later = NOW + timedelta(minutes=5)
    assert r.rounds_needing_work(db, later, "p1", later - timedelta(seconds=60)) == [round_id]
    r.open_question(db, round_id, 0, 77, NOW + timedelta(seconds=20))
    assert r.rounds_needing_work(db, NOW, "p2", NOW) == []
    assert r.rounds_needing_work(db, NOW + timedelta(seconds=20), "p2", NOW) == [round_id]
    r.save_answer(db, round_id, 0, 5, 2, NOW)
    r.save_answer(db, round_id, 0, 5, 1, NOW)
    loaded = r.load_round(db, round_id)
    assert loaded is not None
    assert loaded.answers == {0: {5: 1}}
    assert loaded.questions[0].message_id == 77
    assert r.recent_round_questions(db, G, NOW - timedelta(days=1)) == {"q.a", "q.b"}


def test_erasing_a_member_erases_their_quiz_history(db: Database) -> None:
    _ask(db, user=1)
    _attempt(db, 1, "q.a", 1, NOW)
    qc.save_card(db, 1, "q.a", "{}", NOW, NOW)
    qc.save_streak(db, 1, 1, 1, "2026-06-01", NOW)
    round_id = _round(db)
    assert round_id is not None
    r.save_answer(db, round_id, 0, 1, 0, NOW)
    s.add_report(
        db,
        guild_id=G,
        guild_name="Guild",
        question_id="q.a",
        reporter_id=1,
        reason="wrong",
        now=NOW,
    )
    _ask(db, user=2)
    assert members.erase_member(db, 1) == 1
    for table in (
        "quiz_attempts",
        "quiz_cards",
        "quiz_streaks",
        "quiz_round_answers",
        "quiz_totals",
        "quiz_weekly",
    ):
        assert _count(db, table) == 0, table
    assert _count(db, "quiz_asks") == 1  # member 2's
    kept = db.execute("SELECT reporter_id, reason FROM quiz_reports").fetchall()
    assert kept == [(None, "wrong")]  # the server keeps the report, not who filed it


def test_deleting_a_server_removes_what_it_owns(db: Database) -> None:
    _ask(db)
    _attempt(db, 1, "q.a", 1, NOW)
    s.set_channel_enabled(db, G, "Guild", C, False, NOW)
    s.update_quiz_settings(db, G, "Guild", NOW, repeat_days=3)
    assert _round(db) is not None
    s.add_report(
        db,
        guild_id=G,
        guild_name="Guild",
        question_id="q.a",
        reporter_id=1,
        reason="wrong",
        now=NOW,
    )
    db.execute("DELETE FROM guilds WHERE guild_id = ?", [G])
    for table in (
        "quiz_asks",
        "quiz_attempts",
        "quiz_settings",
        "quiz_channels",
        "quiz_rounds",
        "quiz_round_questions",
        "quiz_reports",
        "guild_questions",
    ):
        assert _count(db, table) == 0, table
    assert _count(db, "members") == 1
