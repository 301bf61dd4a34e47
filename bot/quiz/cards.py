"""Spaced repetition with FSRS: every question a member answers becomes a card.

Design:
- Rating: a wrong answer is Again; a right answer within FAST_SECONDS is Good; a right answer
  that took longer is Hard (the member got there, but not fluently). In a group round the time
  to answer means little (answers may be changed until the bell), so a right answer is Good.
  A question that timed out without an answer changes no card: the member may have walked away.
- One learning and one relearning step of ten minutes: a miss comes back soon within the same
  sitting, then FSRS spaces the card out in days.
- No fuzzing: the same history always gives the same due date, which keeps review order
  predictable and testable. The bank is small, so spreading load is not a concern.
- The card is stored as `Card.to_dict()` JSON beside its due time (indexed), so "what is due"
  is one query and the scheduling state survives restarts exactly.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fsrs import Card, Rating, Scheduler

FAST_SECONDS = 20.0
STEP = timedelta(minutes=10)

SCHEDULER = Scheduler(
    desired_retention=0.9,
    learning_steps=(STEP,),
    relearning_steps=(STEP,),
    enable_fuzzing=False,
)


@dataclass(frozen=True)
class CardState:
    """A stored card: the FSRS JSON and its due time (UTC)."""

    question_id: str
    data: str
    due: datetime


def rating_for(correct: bool, seconds: float | None) -> Rating:
    if not correct:
        return Rating.Again
    if seconds is None or seconds <= FAST_SECONDS:
        return Rating.Good
    return Rating.Hard


def card_id(question_id: str) -> int:
    """A stable id per question (FSRS wants an int; its default reads the wall clock)."""
    return zlib.crc32(question_id.encode())


def new_card(question_id: str, now: datetime) -> Card:
    return Card(card_id=card_id(question_id), due=now.astimezone(UTC))


def review(question_id: str, stored: CardState | None, rating: Rating, now: datetime) -> CardState:
    """The card after one answer at `now`."""
    card = Card.from_dict(json.loads(stored.data)) if stored else new_card(question_id, now)
    updated, _ = SCHEDULER.review_card(card, rating, now.astimezone(UTC))
    return CardState(question_id, json.dumps(updated.to_dict()), updated.due.astimezone(UTC))
