"""The quiz's Discord-free rules: option order, scoring and anti-farming, FSRS cards, streaks
in the member's zone, and question choice."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta

import pytest
from fsrs import Rating
from hypothesis import given
from hypothesis import strategies as st

from bot.quiz import cards, streaks
from bot.quiz.bank import Pool, due_in_order, pick_fresh, pick_round
from bot.quiz.options import check_order, displayed, is_right, right_position, shuffled_order
from bot.quiz.scoring import is_repeat, score
from content import Content, Question

NOW = datetime(2026, 6, 1, 6, 0, tzinfo=UTC)


def make_question(n: int, step: str = "s1", difficulty: int = 1) -> Question:
    return Question(
        id=f"q.{step}.{n:03d}",
        step=step,
        topic=f"{step}.t1",
        difficulty=difficulty,
        stem=f"Question number {n} about {step}?",
        answer=f"right {n}",
        distractors=[f"wrong a{n}", f"wrong b{n}", f"wrong c{n}"],
        explanation=f"Because right {n} is right, as explained at length here.",
    )


def make_pool(questions: list[Question]) -> Pool:
    content = Content(
        steps=(), pages=(), tips=(), questions=tuple(questions), skills=(), sources=()
    )
    return Pool.of(content)


# ---- options ----


@given(st.randoms(use_true_random=False))
def test_every_order_shows_each_option_once_and_one_right_button(rng: random.Random) -> None:
    order = shuffled_order(rng)
    assert check_order(order) == order
    options = ["right", "w1", "w2", "w3"]
    shown = displayed(options, order)
    assert sorted(shown) == sorted(options)
    assert [is_right(order, p) for p in range(4)].count(True) == 1
    assert shown[right_position(order)] == "right"
    assert not is_right(order, 7)


def test_shuffling_varies_the_right_position() -> None:
    rng = random.Random(3)
    assert len({right_position(shuffled_order(rng)) for _ in range(40)}) == 4


@pytest.mark.parametrize("bad", ["0123x", "0012", "123", ""])
def test_malformed_orders_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="not an order"):
        check_order(bad)


# ---- scoring and anti-farming ----


def test_points_follow_difficulty_and_repeats_score_nothing() -> None:
    assert [score(d, True, False).points for d in (1, 2, 3)] == [1, 2, 3]
    assert score(3, False, False).points == 0
    repeat = score(3, True, True)
    assert repeat.points == 0
    assert "recently" in repeat.note
    assert score(2, True, False).note == "+2 points"
    assert score(1, True, False).note == "+1 point"
    with pytest.raises(ValueError, match="difficulty"):
        score(4, True, False)


def test_repeat_window() -> None:
    week = timedelta(days=7)
    assert not is_repeat(None, NOW, week)
    assert is_repeat(NOW - timedelta(days=6, hours=23), NOW, week)
    assert not is_repeat(NOW - week, NOW, week)
    assert not is_repeat(NOW - timedelta(minutes=1), NOW, timedelta(0))  # 0 switches it off


# ---- FSRS cards ----


def test_ratings() -> None:
    assert cards.rating_for(False, 3) == Rating.Again
    assert cards.rating_for(True, 5) == Rating.Good
    assert cards.rating_for(True, cards.FAST_SECONDS + 1) == Rating.Hard
    assert cards.rating_for(True, None) == Rating.Good


def test_card_schedule_is_deterministic_and_round_trips() -> None:
    missed = cards.review("q.x", None, Rating.Again, NOW)
    assert missed.due == NOW + cards.STEP
    slow = cards.review("q.y", None, Rating.Hard, NOW)
    good = cards.review("q.z", None, Rating.Good, NOW)
    assert missed.due < slow.due < good.due
    assert good.due - NOW >= timedelta(days=1)
    again = cards.review("q.z", None, Rating.Good, NOW)
    assert again == good  # no fuzzing, no wall clock
    data = json.loads(good.data)
    assert data["card_id"] == cards.card_id("q.z")
    later = cards.review("q.z", good, Rating.Good, good.due)
    assert later.due - good.due > good.due - NOW  # intervals grow with each success
    lapse = cards.review("q.z", later, Rating.Again, later.due)
    assert lapse.due == later.due + cards.STEP


# ---- streaks ----


def test_streak_grows_on_consecutive_days_and_breaks_after_a_gap() -> None:
    day = date(2026, 6, 1)
    s = streaks.advance(None, day)
    assert (s.current, s.best) == (1, 1)
    assert streaks.advance(s, day) == s  # more answers the same day change nothing
    s = streaks.advance(s, day + timedelta(days=1))
    s = streaks.advance(s, day + timedelta(days=2))
    assert (s.current, s.best) == (3, 3)
    assert streaks.current_length(s, day + timedelta(days=3)) == 3  # still alive today
    assert streaks.current_length(s, day + timedelta(days=4)) == 0  # broken
    s = streaks.advance(s, day + timedelta(days=5))
    assert (s.current, s.best) == (1, 3)
    assert streaks.current_length(None, day) == 0


def test_the_day_ends_at_the_members_midnight() -> None:
    # 23:30 UTC on 1 June is already 2 June in Tokyo and still 1 June in New York
    late = datetime(2026, 6, 1, 23, 30, tzinfo=UTC)
    tokyo = streaks.zone_for("Asia/Tokyo", "America/New_York")
    assert streaks.local_date(late, tokyo) == date(2026, 6, 2)
    server = streaks.zone_for(None, "America/New_York")
    assert streaks.local_date(late, server) == date(2026, 6, 1)
    assert streaks.zone_for("Not/AZone", None).key == "UTC"
    assert streaks.zone_for(None, None).key == "UTC"


def test_weeks_start_on_monday_at_the_servers_midnight() -> None:
    paris = streaks.zone_for(None, "Europe/Paris")
    utc = streaks.zone_for(None, None)
    sunday_late_utc = datetime(2026, 6, 7, 22, 30, tzinfo=UTC)  # already Monday in Paris
    assert streaks.week_of(sunday_late_utc, utc) == "2026-06-01"
    assert streaks.week_of(sunday_late_utc, paris) == "2026-06-08"
    assert streaks.week_of(datetime(2026, 6, 10, 12, tzinfo=UTC), utc) == "2026-06-08"


@given(st.lists(st.integers(min_value=0, max_value=3), min_size=1, max_size=40))
def test_streak_invariants(gaps: list[int]) -> None:
    day = date(2026, 1, 1)
    s = None
    for gap in gaps:
        day += timedelta(days=gap)
        s = streaks.advance(s, day)
        assert 1 <= s.current <= s.best
        assert s.last_date == day


# ---- choosing questions ----


def test_unseen_first_never_the_same_twice_in_a_row() -> None:
    qs = [make_question(n) for n in range(1, 6)]
    rng = random.Random(1)
    seen = {q.id: NOW for q in qs[:4]}
    for _ in range(20):
        assert pick_fresh(qs, seen, None, rng) == qs[4]
    all_seen = {q.id: NOW - timedelta(days=i) for i, q in enumerate(qs)}
    for _ in range(50):
        picked = pick_fresh(qs, all_seen, qs[4].id, rng)
        assert picked is not None
        assert picked.id != qs[4].id
    assert pick_fresh(qs[:1], {}, qs[0].id, rng) is None


def test_pool_filters_by_step_and_difficulty() -> None:
    qs = [make_question(1, "s1", 1), make_question(2, "s1", 3), make_question(3, "s2", 3)]
    pool = make_pool(qs)
    assert pool.matching("s1") == qs[:2]
    assert pool.matching(None, 3) == qs[1:]
    assert pool.matching("s2", 1) == []
    assert pool.get("q.nope") is None


def test_due_cards_most_overdue_first_skipping_unknown_and_avoided() -> None:
    qs = [make_question(n) for n in range(1, 4)]
    pool = make_pool(qs)
    due = [
        (qs[2].id, NOW - timedelta(hours=1)),
        ("q.gone", NOW - timedelta(days=3)),
        (qs[0].id, NOW - timedelta(days=2)),
        (qs[1].id, NOW),
    ]
    assert due_in_order(due, pool, None) == [qs[0], qs[2], qs[1]]
    assert due_in_order(due, pool, qs[0].id) == [qs[2], qs[1]]


def test_round_questions_are_distinct_and_prefer_fresh_ones() -> None:
    qs = [make_question(n) for n in range(1, 11)]
    recent = {q.id for q in qs[:7]}
    chosen = pick_round(qs, 5, recent, random.Random(2))
    assert len({q.id for q in chosen}) == 5
    assert {q.id for q in chosen[:3]} == {q.id for q in qs[7:]}
    assert len(pick_round(qs[:2], 5, set(), random.Random(2))) == 2
