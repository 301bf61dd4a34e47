"""The order options are shown in: shuffled for every showing, stored with the question asked.

An order is a string of option indexes, one digit per button: "2031" shows options[2] first.
Index 0 is always the right answer (`Question.options` puts it first), so a chosen button is
right exactly when its digit is "0". Storing the order keeps the buttons meaningful after a
restart without trusting anything but the button's position from the custom id.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

OPTION_COUNT = 4
LETTERS = "ABCD"


def shuffled_order(rng: random.Random, count: int = OPTION_COUNT) -> str:
    """A random order of `count` options (every permutation equally likely)."""
    indexes = list(range(count))
    rng.shuffle(indexes)
    return "".join(str(i) for i in indexes)


def check_order(order: str, count: int = OPTION_COUNT) -> str:
    if sorted(order) != [str(i) for i in range(count)]:
        raise ValueError(f"not an order of {count} options: {order!r}")
    return order


def displayed(options: Sequence[str], order: str) -> list[str]:
    """The options as the member sees them, top to bottom."""
    return [options[int(digit)] for digit in check_order(order, len(options))]


def is_right(order: str, position: int) -> bool:
    """Whether the button at `position` (0-based, as shown) is the right answer."""
    return 0 <= position < len(order) and order[position] == "0"


def right_position(order: str) -> int:
    """Where the right answer was shown."""
    return order.index("0")
