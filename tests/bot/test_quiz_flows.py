"""The quiz flows without Discord: what a member's click or the timer does to the database."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from bot.quiz import round_flow, solo
from bot.quiz.errors import NothingDue, QuizError
from bot.quiz.rounds import Verdict
from content import Content, load_content
from store import Database
from store import quiz as q
from store import quiz_rounds as r

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
G, C = 1000, 2000


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def _start(db: Database, content: Content, user: int = 1, **kw: object) -> solo.Asked:
    values: dict[str, object] = {
        "user_id": user,
        "guild_id": G,
        "guild_name": "Guild",
        "channel_id": C,
        "mode": "play",
        "now": NOW,
    }
    values.update(kw)
    return solo.start_ask(db, content, random.Random(4), **values)  # type: ignore[arg-type]


def test_answer_outcomes(db: Database, content: Content) -> None:
    asked = _start(db, content)
    right = asked.ask.order.index("0")

    def answer(user: int, *, is_bot: bool = False) -> solo.Answered:
        return solo.answer_ask(
            db,
            content,
            ask_id=asked.ask.ask_id,
            user_id=user,
            position=right,
            now=NOW + timedelta(seconds=3),
            is_bot=is_bot,
        )

    assert answer(1, is_bot=True).outcome == "bot"
    assert answer(2).outcome == "not_yours"
    done = answer(1)
    assert done.outcome == "answered"
    assert done.correct
    assert done.recorded is not None
    assert done.recorded.score.points == asked.question.difficulty
    assert done.recorded.streak.current == 1
    assert answer(1).outcome == "closed"
    missing = solo.answer_ask(db, content, ask_id=999, user_id=1, position=0, now=NOW)
    assert missing.outcome == "gone"
    attempts = db.execute("SELECT count(*), sum(points) FROM quiz_attempts").fetchone()
    assert attempts == (1, asked.question.difficulty)


def test_late_answers_expire_the_question(db: Database, content: Content) -> None:
    asked = _start(db, content)
    late = solo.answer_ask(
        db,
        content,
        ask_id=asked.ask.ask_id,
        user_id=1,
        position=0,
        now=asked.ask.deadline,
    )
    assert late.outcome == "late"
    stored = q.get_ask(db, asked.ask.ask_id)
    assert stored is not None
    assert stored.status == "expired"
    assert solo.expire_due(db, content, NOW + timedelta(hours=1)) == []
    other = _start(db, content, user=2)
    expired = solo.expire_due(db, content, other.ask.deadline)
    assert [e.ask.ask_id for e in expired] == [other.ask.ask_id]
    assert expired[0].question == other.question


def test_play_filters_and_the_only_question_left(db: Database, content: Content) -> None:
    asked = _start(db, content, step="maths", difficulty=3)
    assert (asked.question.step, asked.question.difficulty) == ("maths", 3)
    with pytest.raises(QuizError, match="No question matches"):
        _start(db, content, step="no-such-step")
    only = [x for x in content.questions if x.step == "maths" and x.difficulty == 3]
    seen = _start(db, content, user=7, step="maths", difficulty=3)
    for _ in range(len(only) * 3):
        nxt = _start(db, content, user=7, step="maths", difficulty=3)
        assert nxt.question.id != seen.question.id  # never the same twice in a row
        seen = nxt


def test_review_when_nothing_is_due_and_nothing_is_new(db: Database) -> None:
    tiny = load_content()
    small = Content(
        steps=tiny.steps, pages=(), tips=(), questions=tiny.questions[:2], skills=(), sources=()
    )
    first = _start(db, small, mode="review")
    assert first.fresh
    assert first.due == 0
    right = first.ask.order.index("0")
    solo.answer_ask(db, small, ask_id=first.ask.ask_id, user_id=1, position=right, now=NOW)
    second = _start(db, small, mode="review")
    solo.answer_ask(db, small, ask_id=second.ask.ask_id, user_id=1, position=right, now=NOW)
    with pytest.raises(NothingDue) as caught:
        _start(db, small, mode="review")
    assert caught.value.next_due is not None
    assert caught.value.next_due > NOW


def test_a_round_from_start_to_finish(db: Database, content: Content) -> None:
    rng = random.Random(5)
    started = round_flow.start_round(
        db,
        content,
        rng,
        guild_id=G,
        guild_name="Guild",
        channel_id=C,
        starter_id=1,
        count=2,
        seconds=20,
        step="mlops",
        claimer="p1",
        now=NOW,
    )
    game = started.round
    assert started.question.step == "mlops"
    with pytest.raises(QuizError, match="already running"):
        round_flow.start_round(
            db,
            content,
            rng,
            guild_id=G,
            guild_name="Guild",
            channel_id=C,
            starter_id=2,
            count=2,
            seconds=20,
            step=None,
            claimer="p1",
            now=NOW,
        )
    assert (
        round_flow.advance(db, content, round_id=game.round_id, now=NOW, claimer="p1") is not None
    )
    opened = round_flow.mark_posted(db, game.round_id, 0, 11, NOW)
    assert opened is not None
    assert round_flow.mark_posted(db, game.round_id, 0, 11, NOW) is None  # already open
    right = game.questions[0].order.index("0")

    def say(user: int, position: int) -> Verdict:
        return round_flow.answer_round(
            db,
            round_id=game.round_id,
            idx=0,
            user_id=user,
            position=position,
            now=NOW + timedelta(seconds=1),
        )[0]

    assert say(5, right) is Verdict.ACCEPTED
    assert say(6, right) is Verdict.ACCEPTED
    assert say(6, (right + 1) % 4) is Verdict.CHANGED
    assert round_flow.advance(db, content, round_id=game.round_id, now=NOW, claimer="p1") is None
    closed = round_flow.advance(
        db, content, round_id=game.round_id, now=NOW + timedelta(seconds=20), claimer="p1"
    )
    assert isinstance(closed, round_flow.CloseResult)
    assert closed.closed.right == {5: True, 6: False}
    assert closed.scores[5].points == started.question.difficulty
    assert closed.next_question is not None
    assert [(st.user_id, st.correct) for st in closed.standings] == [(5, 1), (6, 0)]
    assert round_flow.due_rounds(db, NOW + timedelta(seconds=20), "p1") == []
    assert round_flow.due_rounds(db, NOW + timedelta(seconds=20), "p2") == [game.round_id]
    posted = round_flow.mark_posted(db, game.round_id, 1, 12, NOW + timedelta(seconds=21))
    assert posted is not None
    final = round_flow.advance(
        db, content, round_id=game.round_id, now=NOW + timedelta(seconds=41), claimer="p1"
    )
    assert isinstance(final, round_flow.CloseResult)
    assert final.closed.end is not None
    assert final.closed.end.value == "finished"
    assert final.closed.answers == {}
    assert r.running_round_in(db, C) is None


def test_stopping_cancels_the_open_question_unscored(db: Database, content: Content) -> None:
    started = round_flow.start_round(
        db,
        content,
        random.Random(1),
        guild_id=G,
        guild_name="Guild",
        channel_id=C,
        starter_id=1,
        count=3,
        seconds=20,
        step=None,
        claimer="p1",
        now=NOW,
    )
    round_id = started.round.round_id
    round_flow.mark_posted(db, round_id, 0, 11, NOW)
    right = started.round.questions[0].order.index("0")
    round_flow.answer_round(db, round_id=round_id, idx=0, user_id=5, position=right, now=NOW)
    stopped = round_flow.stop_round(db, round_id, NOW, by=1)
    assert stopped is not None
    assert stopped.cancelled is not None
    assert stopped.cancelled.message_id == 11
    assert stopped.standings == []
    assert round_flow.stop_round(db, round_id, NOW, by=1) is None
    assert round_flow.mark_posted(db, round_id, 0, 11, NOW) is None
    verdict, _ = round_flow.answer_round(
        db, round_id=round_id, idx=0, user_id=6, position=right, now=NOW
    )
    assert verdict is Verdict.OVER
