"""Problems a member can fix (no question matches, nothing due, a round already running):
raised by the Discord-free quiz code and shown by the cog as an ephemeral message."""

from __future__ import annotations

from datetime import datetime


class QuizError(Exception):
    """A message for the member, shown as is."""


class NothingDue(QuizError):
    """Review found no due card and no unanswered question."""

    def __init__(self, next_due: datetime | None) -> None:
        self.next_due = next_due
        super().__init__("Nothing is due for review right now.")
