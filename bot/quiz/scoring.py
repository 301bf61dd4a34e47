"""Points and anti-farming.

- A right answer scores its difficulty: 1 point for an easy question, 2 for medium, 3 for hard.
  A wrong answer scores nothing and costs nothing (guessing is not punished; it is just not
  rewarded).
- Anti-farming: a question the member already answered (right or wrong, anywhere) within the
  server's repeat period scores nothing. Counting wrong answers too closes the obvious farm
  "answer wrong, read the explanation, ask again, answer right".
- Repeated clicks and answers after the time are not scored at all: they never reach here,
  because the ask or round question is claimed once (see solo.py and rounds.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

DEFAULT_REPEAT_DAYS = 7
MAX_REPEAT_DAYS = 90


@dataclass(frozen=True)
class Score:
    correct: bool
    repeat: bool
    points: int

    @property
    def note(self) -> str:
        """A short reason shown next to the result."""
        if not self.correct:
            return "no points"
        if self.repeat:
            return "no points: you answered this question recently"
        return f"+{self.points} point{'s' if self.points != 1 else ''}"


def is_repeat(last_answered: datetime | None, now: datetime, period: timedelta) -> bool:
    """Answered before within `period` (a zero period switches anti-farming off)."""
    if last_answered is None or period <= timedelta(0):
        return False
    return now - last_answered < period


def score(difficulty: int, correct: bool, repeat: bool) -> Score:
    if not 1 <= difficulty <= 3:
        raise ValueError(f"difficulty must be 1, 2 or 3, not {difficulty}")
    points = difficulty if correct and not repeat else 0
    return Score(correct=correct, repeat=repeat, points=points)
