"""Step lookup from what a member types: numbers, ids, titles, and digits that are not numbers."""

from __future__ import annotations

import pytest

from bot.errors import UserFacingError
from bot.lookup import resolve_step
from tests.factories import make_content


def test_a_step_is_found_by_number_and_by_id() -> None:
    content = make_content()
    first = content.steps[0]
    assert resolve_step(content, str(first.number)) is first
    assert resolve_step(content, f"  {first.id.upper()} ") is first


@pytest.mark.parametrize("typed", ["\u00b9\u00b2", "\u00b2", "\u2460"])
def test_digits_that_are_not_decimal_get_the_clear_message(typed: str) -> None:
    # Superscripts and circled numbers pass str.isdigit() but int() refuses them.
    with pytest.raises(UserFacingError, match="No roadmap step matches"):
        resolve_step(make_content(), typed)
