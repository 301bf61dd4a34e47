"""/quiz review and anti-farming through the emulator, with simulated time: due cards come back
most overdue first, then new questions; a question answered again within the server's repeat
period scores nothing."""

from __future__ import annotations

from datetime import timedelta

from archbot.local import LocalBot, ManualClock
from discord_emulator import Member, Message
from store import Database
from tests.e2e.conftest import Server
from tests.e2e.quiz_helpers import ask_of, solo_buttons


def _next(message: Message) -> str:
    return next(c for c in message.custom_ids() if c.startswith("qz:next:"))


async def _press_next(server: Server, who: Member, message: Message) -> Message:
    pressed = await server.emu.click(who, message, _next(message))
    assert pressed.message is not None
    return pressed.message


async def _answer(
    server: Server, bot: LocalBot, who: Member, message: Message, *, right: bool
) -> Message:
    good, bad = await solo_buttons(bot, message)
    result = await server.emu.click(who, message, good if right else bad)
    assert not result.failed, result.errors
    assert result.message is not None
    return result.message


async def _points(bot: LocalBot, user_id: int) -> list[int]:
    def read(db: Database) -> list[int]:
        rows = db.execute(
            "SELECT points FROM quiz_attempts WHERE user_id = ? ORDER BY attempt_id", [user_id]
        )
        return [int(r[0]) for r in rows.fetchall()]

    return await bot.services.db(read)


async def test_review_serves_due_cards_most_overdue_first(
    server: Server, bot: LocalBot, clock: ManualClock
) -> None:
    emu, ada = server.emu, server.member
    start = await emu.run_command(ada, server.general.id, "quiz", subcommand="play")
    assert start.message is not None
    slow = await ask_of(bot, start.message)
    clock.advance(timedelta(seconds=30))  # right but slow: Hard, back in 15 minutes
    shown = await _answer(server, bot, ada, start.message, right=True)

    shown = await _press_next(server, ada, shown)
    missed = await ask_of(bot, shown)
    clock.advance(timedelta(seconds=2))  # wrong: Again, back in 10 minutes
    shown = await _answer(server, bot, ada, shown, right=False)

    shown = await _press_next(server, ada, shown)
    known = await ask_of(bot, shown)
    clock.advance(timedelta(seconds=2))  # right and fast: Good, back in days
    await _answer(server, bot, ada, shown, right=True)

    clock.advance(timedelta(minutes=20))
    review = await emu.run_command(ada, server.general.id, "quiz", subcommand="review")
    assert review.embeds[0]["title"] == "Review · 2 due"
    assert review.message is not None
    first = await ask_of(bot, review.message)
    assert first.question_id == missed.question_id  # due at +10 min, before the slow one
    shown = await _answer(server, bot, ada, review.message, right=True)
    shown = await _press_next(server, ada, shown)
    second = await ask_of(bot, shown)
    assert second.question_id == slow.question_id
    assert shown.embeds[0]["title"] == "Review · 1 due"
    shown = await _answer(server, bot, ada, shown, right=True)
    shown = await _press_next(server, ada, shown)
    fresh = await ask_of(bot, shown)
    assert shown.embeds[0]["title"] == "Review · nothing due, a new question"
    assert fresh.question_id not in {slow.question_id, missed.question_id, known.question_id}

    clock.advance(timedelta(days=3))
    later = await emu.run_command(ada, server.general.id, "quiz", subcommand="review")
    assert later.message is not None
    assert "due" in later.embeds[0]["title"]
    due_now = await ask_of(bot, later.message)
    assert due_now.question_id in {known.question_id, missed.question_id, slow.question_id}

    stats = await emu.run_command(ada, server.general.id, "quiz", subcommand="stats")
    assert stats.ephemeral
    fields = {f["name"]: f["value"] for f in stats.embeds[0]["fields"]}
    assert fields["Review cards"] == "3 due of 3"  # the unanswered new question is no card


async def _play_another(server: Server, bot: LocalBot, who: Member) -> None:
    """Answer some other question right, so the next review is not 'the same twice in a row'."""
    other = await server.emu.run_command(who, server.general.id, "quiz", subcommand="play")
    assert other.message is not None
    await _answer(server, bot, who, other.message, right=True)


async def test_answering_again_within_the_period_scores_nothing(
    server: Server, bot: LocalBot, clock: ManualClock
) -> None:
    emu, ada = server.emu, server.member
    set_period = await emu.run_command(
        server.manager,
        server.general.id,
        "settings",
        {"repeat_days": 2},
        subcommand=("quiz", "defaults"),
    )
    assert not set_period.failed, set_period.errors
    asked = await emu.run_command(ada, server.general.id, "quiz", subcommand="play")
    assert asked.message is not None
    original = await ask_of(bot, asked.message)
    await _answer(server, bot, ada, asked.message, right=False)  # read the explanation...
    await _play_another(server, bot, ada)

    clock.advance(timedelta(minutes=11))  # ...and the card comes back in review
    again = await emu.run_command(ada, server.general.id, "quiz", subcommand="review")
    assert again.message is not None
    assert (await ask_of(bot, again.message)).question_id == original.question_id
    shown = await _answer(server, bot, ada, again.message, right=True)
    result = {f["name"]: f["value"] for f in shown.embeds[0]["fields"]}["Result"]
    assert "no points: you answered this question recently" in result
    await _play_another(server, bot, ada)

    clock.advance(timedelta(days=3))  # past the 2-day period: it scores again
    third = await emu.run_command(ada, server.general.id, "quiz", subcommand="review")
    assert third.message is not None
    assert (await ask_of(bot, third.message)).question_id == original.question_id
    await _answer(server, bot, ada, third.message, right=True)
    question = bot.services.content.questions_by_id[original.question_id]
    points = await _points(bot, ada.id)
    assert (points[0], points[2], points[4]) == (0, 0, question.difficulty)
