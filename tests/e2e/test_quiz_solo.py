"""/quiz play through the emulator: buttons, right and wrong answers, other members and bots
refused, double clicks counted once, time-outs closed by the timer, Next and Stop, and
quiz-free channels."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from archbot.local import LocalBot, ManualClock
from discord_emulator import Message
from store import Database
from store import quiz as store
from tests.e2e.conftest import Server, StartBot
from tests.e2e.quiz_helpers import ask_of, solo_buttons, tick


async def _attempts(bot: LocalBot, user_id: int) -> list[tuple[str, int, int]]:
    def read(db: Database) -> list[tuple[str, int, int]]:
        rows = db.execute(
            "SELECT question_id, correct, points FROM quiz_attempts WHERE user_id = ? "
            "ORDER BY attempt_id",
            [user_id],
        ).fetchall()
        return [(q, c, p) for q, c, p in rows]

    return await bot.services.db(read)


def _disabled(message: Message, custom_id: str) -> bool:
    component = message.find_component(custom_id)
    assert component is not None
    return bool(component.get("disabled"))


def _find(ids: list[str], prefix: str) -> str:
    return next(c for c in ids if c.startswith(prefix))


async def test_play_right_then_wrong(server: Server, bot: LocalBot, clock: ManualClock) -> None:
    emu, ada = server.emu, server.member
    asked = await emu.run_command(ada, server.general.id, "quiz", subcommand="play")
    assert not asked.failed, asked.errors
    assert not asked.ephemeral  # others can watch; only ada can answer
    message = asked.message
    assert message is not None
    assert len([c for c in message.custom_ids() if c.startswith("qz:a:")]) == 4
    assert f"<@{ada.id}>" in asked.embeds[0]["description"]
    assert not message.pings.user_ids
    assert not message.pings.any_mass_ping
    first = await ask_of(bot, message)
    right, _ = await solo_buttons(bot, message)

    clock.advance(timedelta(seconds=5))
    answered = await emu.click(ada, message, right)
    assert not answered.failed, answered.errors
    embed = answered.embeds[0]
    assert embed["title"] == "✅ Right!"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    question = bot.services.content.questions_by_id[first.question_id]
    assert fields["Why"] == question.explanation
    assert f"+{question.difficulty} point" in fields["Result"]
    assert "streak 1 day" in fields["Result"]
    assert answered.message is not None
    ids = answered.message.custom_ids()
    assert all(_disabled(answered.message, c) for c in ids if c.startswith("qz:a:"))

    second = await emu.click(ada, answered.message, _find(ids, "qz:next:"))
    assert second.message is not None
    assert second.message.id == message.id
    later = await ask_of(bot, second.message)
    assert later.question_id != first.question_id
    assert later.session_id == first.session_id
    _, wrong = await solo_buttons(bot, second.message)
    missed = await emu.click(ada, second.message, wrong)
    embed = missed.embeds[0]
    assert embed["title"] == "❌ Not quite"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    later_question = bot.services.content.questions_by_id[later.question_id]
    assert fields["The right answer"] == later_question.answer
    assert "no points" in fields["Result"]
    assert missed.message is not None
    assert "❌" in embed["description"]
    assert "✅" in embed["description"]

    stopped = await emu.click(ada, missed.message, _find(missed.message.custom_ids(), "qz:stop:"))
    assert stopped.embeds[0]["title"] == "Quiz over"
    assert "2 answered, 1 right" in stopped.embeds[0]["description"]
    assert stopped.message is not None
    assert stopped.message.custom_ids() == []

    attempts = await _attempts(bot, ada.id)
    assert attempts == [
        (first.question_id, 1, question.difficulty),
        (later.question_id, 0, 0),
    ]


async def test_others_and_bots_cannot_answer(server: Server, bot: LocalBot) -> None:
    emu, ada = server.emu, server.member
    bob = emu.create_member(server.guild.id, "bob")
    robot = emu.create_user("helperbot")
    robot.bot = True
    emu.add_member(server.guild.id, robot)
    asked = await emu.run_command(ada, server.general.id, "quiz", subcommand="play")
    assert asked.message is not None
    right, _ = await solo_buttons(bot, asked.message)

    refused = await emu.click(bob, asked.message, right)
    assert refused.ephemeral
    assert "belongs to someone else" in refused.content
    ignored = await emu.click(robot, asked.message, right)
    assert not ignored.failed
    assert ignored.response_type == 6  # acknowledged, nothing changed
    assert await _attempts(bot, bob.id) == []
    assert await _attempts(bot, robot.id) == []
    stop = _find(asked.message.custom_ids(), "qz:stop:")
    assert "belongs to someone else" in (await emu.click(bob, asked.message, stop)).content
    ok = await emu.click(ada, asked.message, right)
    assert ok.embeds[0]["title"] == "✅ Right!"


async def test_a_double_click_counts_once(server: Server, bot: LocalBot) -> None:
    emu, ada = server.emu, server.member
    asked = await emu.run_command(ada, server.general.id, "quiz", subcommand="play")
    assert asked.message is not None
    right, wrong = await solo_buttons(bot, asked.message)
    first, second = await asyncio.gather(
        emu.click(ada, asked.message, right), emu.click(ada, asked.message, wrong)
    )
    assert not first.failed
    assert not second.failed
    assert first.response_type == 7  # the first click answered the question
    assert second.ephemeral
    assert "already closed" in second.content
    attempts = await _attempts(bot, ada.id)
    assert len(attempts) == 1
    assert attempts[0][1] == 1


async def test_time_out_closes_the_question(
    server: Server, bot: LocalBot, clock: ManualClock
) -> None:
    emu, ada = server.emu, server.member
    asked = await emu.run_command(ada, server.general.id, "quiz", subcommand="play")
    message = asked.message
    assert message is not None
    right, _ = await solo_buttons(bot, message)
    clock.advance(timedelta(seconds=59))
    assert (await tick(bot)).expired == 0
    clock.advance(timedelta(seconds=2))
    report = await tick(bot)
    assert report.expired == 1
    stored = emu.message(message.id)
    assert stored is not None
    assert stored.embeds[0]["title"] == "⏱ Time's up"
    assert _disabled(stored, right)
    assert any(c.startswith("qz:next:") for c in stored.custom_ids())
    assert await _attempts(bot, ada.id) == []
    ask = await ask_of(bot, stored)
    assert ask.status == "expired"

    # a click that arrives after the time but before the timer runs is refused the same way
    nxt = await emu.click(ada, stored, _find(stored.custom_ids(), "qz:next:"))
    assert nxt.message is not None
    right2, _ = await solo_buttons(bot, nxt.message)
    clock.advance(timedelta(seconds=61))
    late = await emu.click(ada, nxt.message, right2)
    assert late.embeds[0]["title"] == "⏱ Time's up"
    assert await _attempts(bot, ada.id) == []


async def test_quizzes_switched_off_in_a_channel(server: Server, bot: LocalBot) -> None:
    emu = server.emu
    switched = await emu.run_command(
        server.manager,
        server.general.id,
        "settings",
        {"channel": server.general, "enabled": False},
        subcommand=("quiz", "channel"),
    )
    assert not switched.failed, switched.errors
    refused = await emu.run_command(server.member, server.general.id, "quiz", subcommand="play")
    assert refused.ephemeral
    assert "switched off in this channel" in refused.content
    elsewhere = await emu.run_command(server.member, server.tips.id, "quiz", subcommand="play")
    assert not elsewhere.ephemeral
    assert elsewhere.embeds
    rounds = await emu.run_command(server.member, server.general.id, "quiz", subcommand="round")
    assert rounds.ephemeral
    assert "switched off" in rounds.content


async def test_play_filters_and_bad_step(server: Server, bot: LocalBot) -> None:
    emu = server.emu
    asked = await emu.run_command(
        server.member,
        server.general.id,
        "quiz",
        {"step": "2", "difficulty": "hard"},
        subcommand="play",
    )
    assert asked.message is not None
    ask = await ask_of(bot, asked.message)
    question = bot.services.content.questions_by_id[ask.question_id]
    assert (question.step, question.difficulty) == ("maths", 3)
    bad = await emu.run_command(
        server.member, server.general.id, "quiz", {"step": "@everyone nope"}, subcommand="play"
    )
    assert bad.ephemeral
    assert "No roadmap step matches" in bad.content
    assert bad.message is not None
    assert not bad.message.pings.any_mass_ping


async def test_questions_survive_restarts_and_expire_after_downtime(
    server: Server, start_bot: StartBot, clock: ManualClock
) -> None:
    emu, ada = server.emu, server.member
    async with start_bot() as bot:
        asked = await emu.run_command(ada, server.general.id, "quiz", subcommand="play")
        message = asked.message
        assert message is not None
        right, _ = await solo_buttons(bot, message)
    async with start_bot() as bot:  # the buttons carry the ask id: they still work
        answered = await emu.click(ada, message, right)
        assert answered.embeds[0]["title"] == "✅ Right!"
        assert answered.message is not None
        nxt = await emu.click(
            ada, answered.message, _find(answered.message.custom_ids(), "qz:next:")
        )
        assert nxt.message is not None
        pending = await ask_of(bot, nxt.message)
    clock.advance(timedelta(minutes=5))  # down past the question's time
    async with start_bot() as bot:
        assert (await tick(bot)).expired == 1
        closed = emu.message(message.id)
        assert closed is not None
        assert closed.embeds[0]["title"] == "⏱ Time's up"
        stored = await bot.services.db(store.get_ask, pending.ask_id)
        assert stored is not None
        assert stored.status == "expired"


async def test_the_timer_loop_closes_questions_on_its_own(
    server: Server, start_bot: StartBot, clock: ManualClock
) -> None:
    emu, ada = server.emu, server.member
    async with start_bot(quiz_tick_seconds=0.05):
        asked = await emu.run_command(ada, server.general.id, "quiz", subcommand="play")
        message = asked.message
        assert message is not None
        clock.advance(timedelta(seconds=61))

        def closed() -> bool:
            stored = emu.message(message.id)
            return stored is not None and bool(stored.embeds[0]["title"] == "⏱ Time's up")

        await emu.wait_until(closed, timeout=5)
