"""The group round's state machine: answers once per member and question, changes until the
deadline, late and stray answers refused, closing, finishing, stopping and abandoning."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.quiz.rounds import End, Round, RoundQuestion, Standing, Verdict, ranked, tally, winners

T0 = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def make_round(count: int = 3, seconds: int = 20) -> Round:
    questions = [RoundQuestion(i, f"q.{i}", "1023") for i in range(count)]
    questions[0].state = "posting"
    return Round(1, 10, 100, 7, seconds, "running", 0, questions)


def test_answers_change_until_the_deadline_then_close() -> None:
    game = make_round()
    assert game.answer(1, 0, 0, T0) is Verdict.NOT_OPEN  # not posted yet
    game.open_current(555, T0)
    assert game.questions[0].deadline == T0 + timedelta(seconds=20)
    assert game.answer(1, 0, 1, T0) is Verdict.ACCEPTED  # position 1 shows option 0: right
    assert game.answer(2, 0, 0, T0) is Verdict.ACCEPTED
    assert game.answer(2, 0, 1, T0 + timedelta(seconds=5)) is Verdict.CHANGED
    assert game.answer(2, 0, 1, T0 + timedelta(seconds=6)) is Verdict.SAME
    assert game.answer(3, 0, 2, T0, is_bot=True) is Verdict.BOT
    assert game.answer(3, 1, 2, T0) is Verdict.NOT_CURRENT
    assert game.answer(3, 0, 2, T0 + timedelta(seconds=20)) is Verdict.LATE
    assert not game.is_due(T0 + timedelta(seconds=19))
    with pytest.raises(ValueError, match="not due"):
        game.close_current(T0)
    closed = game.close_current(T0 + timedelta(seconds=20))
    assert closed.answers == {1: 1, 2: 1}
    assert closed.right == {1: True, 2: True}
    assert (closed.next_idx, closed.end) == (1, None)
    assert game.current == 1
    assert game.questions[1].state == "posting"
    assert game.answer(3, 0, 1, T0 + timedelta(seconds=21)) is Verdict.NOT_CURRENT


def test_last_question_finishes_the_round() -> None:
    game = make_round(count=1)
    game.open_current(1, T0)
    game.answer(1, 0, 2, T0)
    closed = game.close_current(T0 + timedelta(seconds=30))
    assert closed.right == {1: False}
    assert closed.end is End.FINISHED
    assert closed.next_idx is None
    assert game.status == "finished"
    assert game.answer(1, 0, 1, T0) is Verdict.OVER


def test_long_overdue_question_is_scored_then_the_round_is_abandoned() -> None:
    game = make_round()
    game.open_current(1, T0)
    game.answer(1, 0, 1, T0)
    closed = game.close_current(T0 + timedelta(hours=1))
    assert closed.end is End.ABANDONED
    assert closed.right == {1: True}
    assert game.status == "abandoned"


def test_stop_cancels_the_open_question() -> None:
    game = make_round()
    game.open_current(1, T0)
    game.answer(1, 0, 1, T0)
    cancelled = game.stop()
    assert cancelled is not None
    assert cancelled.state == "cancelled"
    assert game.status == "stopped"
    assert not game.is_due(T0 + timedelta(minutes=1))
    with pytest.raises(ValueError, match="not running"):
        game.stop()


def test_ranks_share_ties_and_winners_need_a_score() -> None:
    board = tally({1: (5, 3, 3), 2: (5, 3, 4), 3: (2, 1, 3), 4: (0, 0, 2)})
    assert [(rank, s.user_id) for rank, s in ranked(board)] == [(1, 1), (1, 2), (3, 3), (4, 4)]
    assert {s.user_id for s in winners(board)} == {1, 2}
    assert winners([Standing(9, 0, 0, 3)]) == []
    assert winners([]) == []
