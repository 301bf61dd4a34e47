"""Quiz game logic without Discord: question choice, option order, scoring and anti-farming,
spaced-repetition cards, streaks and the group round's state machine.

The cogs (bot/cogs/quiz*.py) turn interactions into calls on these modules and render the
results; everything that decides *what happens* lives here and is unit-tested on its own.
"""
