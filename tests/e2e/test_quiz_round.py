"""/quiz round through the emulator: several members, changed answers, late clicks, the running
scoreboard, winners, one round per channel, stopping, and a restart in the middle."""

from __future__ import annotations

from datetime import timedelta

from archbot.local import LocalBot, ManualClock
from bot.quiz import round_flow
from discord_emulator import Member, Message, Permission
from store import quiz as store
from tests.e2e.conftest import Server, StartBot
from tests.e2e.quiz_helpers import round_buttons, round_ref, tick


def _bot_messages(server: Server) -> list[Message]:
    return [
        m
        for m in server.emu.channel_messages(server.general.id, include_ephemeral=False)
        if m.author_id == server.emu.bot_user_id
    ]


def _latest_question(server: Server) -> Message:
    for message in reversed(_bot_messages(server)):
        if any(c.startswith("qz:r:") for c in message.custom_ids()):
            return message
    raise AssertionError("no open round question in the channel")


async def _click(server: Server, who: Member, message: Message, custom_id: str) -> str:
    result = await server.emu.click(who, message, custom_id)
    assert not result.failed, result.errors
    assert result.ephemeral
    return result.content


async def test_round_with_changes_late_clicks_and_a_restart(
    server: Server, start_bot: StartBot, clock: ManualClock
) -> None:
    emu, ada = server.emu, server.member
    bob = emu.create_member(server.guild.id, "bob")
    cy = emu.create_member(server.guild.id, "cy")
    async with start_bot() as bot:
        started = await emu.run_command(
            ada, server.general.id, "quiz", {"questions": 3, "seconds": 20}, subcommand="round"
        )
        assert not started.failed, started.errors
        assert not started.ephemeral
        assert "Quiz round!" in started.content
        assert started.embeds[0]["title"] == "Round · question 1 of 3"
        q1 = started.message
        assert q1 is not None
        round_id, idx = round_ref(q1)
        assert idx == 0

        again = await emu.run_command(bob, server.general.id, "quiz", subcommand="round")
        assert again.ephemeral
        assert "already running" in again.content

        right, wrong = await round_buttons(bot, q1)
        assert "You chose" in await _click(server, ada, q1, right)
        assert "You chose" in await _click(server, bob, q1, wrong)
        assert "Changed to" in await _click(server, bob, q1, right)  # bob fixes his answer
        assert "You chose" in await _click(server, cy, q1, right)
        clock.advance(timedelta(seconds=10))
        assert "Changed to" in await _click(server, cy, q1, wrong)  # cy talks himself out of it
        assert "already chose" in await _click(server, cy, q1, wrong)

        clock.advance(timedelta(seconds=11))  # time is up, the timer has not run yet
        assert "Too late" in await _click(server, cy, q1, right)
        report = await tick(bot)
        assert (report.closed, report.posted) == (1, 1)
        revealed = emu.message(q1.id)
        assert revealed is not None
        assert revealed.embeds[0]["title"].endswith("time's up")
        board = {f["name"]: f["value"] for f in revealed.embeds[0]["fields"]}
        assert "Scoreboard (3 answered)" in board
        assert "1/1 right" in board["Scoreboard (3 answered)"]
        assert not any(c.startswith("qz:r:") for c in revealed.custom_ids())

        q2 = _latest_question(server)
        assert round_ref(q2) == (round_id, 1)
        assert q2.embeds[0]["title"] == "Round · question 2 of 3"
        right2, wrong2 = await round_buttons(bot, q2)
        await _click(server, ada, q2, right2)
        await _click(server, bob, q2, wrong2)

    # the bot restarts in the middle of question 2; its answers and buttons survive
    async with start_bot() as bot:
        await _click(server, cy, q2, right2)
        assert "Changed to" in await _click(server, bob, q2, right2)
        clock.advance(timedelta(seconds=21))
        report = await tick(bot)
        assert (report.closed, report.posted) == (1, 1)
        q3 = _latest_question(server)
        assert round_ref(q3) == (round_id, 2)
        right3, wrong3 = await round_buttons(bot, q3)
        await _click(server, ada, q3, right3)
        await _click(server, bob, q3, wrong3)
        clock.advance(timedelta(seconds=21))
        report = await tick(bot)
        assert (report.closed, report.ended) == (1, 1)

        final = _bot_messages(server)[-1]
        assert final.embeds[0]["title"] == "🏁 Round over"
        assert f"<@{ada.id}>" in final.embeds[0]["description"]  # 3 right: the winner
        assert not final.pings.user_ids
        assert not final.pings.any_mass_ping

        standings = {s.user_id: s for s in await bot.services.db(round_flow.standings, round_id)}
        assert {u: s.correct for u, s in standings.items()} == {ada.id: 3, bob.id: 2, cy.id: 1}
        assert {u: s.answered for u, s in standings.items()} == {ada.id: 3, bob.id: 3, cy.id: 2}
        totals = await bot.services.db(store.leaderboard, server.guild.id, None)
        assert totals[0].user_id == ada.id
        assert {t.user_id: t.points for t in totals} == {u: s.points for u, s in standings.items()}

        # a new round may start now that this one is over
        fresh = await emu.run_command(bob, server.general.id, "quiz", subcommand="round")
        assert not fresh.ephemeral


async def test_stop_by_starter_or_moderator_only(
    server: Server, bot: LocalBot, clock: ManualClock
) -> None:
    emu, ada = server.emu, server.member
    bob = emu.create_member(server.guild.id, "bob")
    started = await emu.run_command(ada, server.general.id, "quiz", subcommand="round")
    q1 = started.message
    assert q1 is not None
    round_id, _ = round_ref(q1)
    right, _ = await round_buttons(bot, q1)
    await _click(server, bob, q1, right)

    refused = await emu.click(bob, q1, f"qz:rstop:{round_id}")
    assert refused.ephemeral
    assert "Only the member who started" in refused.content
    stopped = await emu.run_command(server.manager, server.general.id, "quiz", subcommand="stop")
    assert not stopped.failed, stopped.errors
    assert stopped.embeds[0]["title"] == "🛑 Round stopped"
    assert "not scored" in stopped.embeds[0]["description"]
    edited = emu.message(q1.id)
    assert edited is not None
    assert "Round stopped" in edited.content
    assert not any(c.startswith("qz:r:") for c in edited.custom_ids())
    assert await bot.services.db(round_flow.standings, round_id) == []  # cancelled, unscored
    none = await emu.run_command(ada, server.general.id, "quiz", subcommand="stop")
    assert none.ephemeral
    assert "No round is running" in none.content
    assert (await tick(bot)).closed == 0

    # the starter may stop their own round with its button
    second = await emu.run_command(ada, server.general.id, "quiz", subcommand="round")
    assert second.message is not None
    second_id, _ = round_ref(second.message)
    own = await emu.click(ada, second.message, f"qz:rstop:{second_id}")
    assert not own.failed, own.errors
    assert own.response_type == 7  # the question in progress became the final scores
    assert own.embeds[0]["title"] == "🛑 Round stopped"
    assert own.message is not None
    assert "Round stopped" in own.message.content
    assert own.message.custom_ids() == []


async def test_a_long_outage_closes_the_round_with_scores_kept(
    server: Server, start_bot: StartBot, clock: ManualClock
) -> None:
    emu, ada = server.emu, server.member
    async with start_bot() as bot:
        started = await emu.run_command(
            ada, server.general.id, "quiz", {"questions": 4}, subcommand="round"
        )
        assert started.message is not None
        round_id, _ = round_ref(started.message)
        right, _ = await round_buttons(bot, started.message)
        await _click(server, ada, started.message, right)
    clock.advance(timedelta(hours=2))  # the bot is down far past the question's time
    async with start_bot() as bot:
        report = await tick(bot)
        assert (report.closed, report.posted, report.ended) == (1, 0, 1)
        final = _bot_messages(server)[-1]
        assert final.embeds[0]["title"] == "Round ended early"
        standings = await bot.services.db(round_flow.standings, round_id)
        assert [(s.user_id, s.correct) for s in standings] == [(ada.id, 1)]
        game = await bot.services.db(round_flow.load, round_id)
        assert game is not None
        assert game.status == "abandoned"


async def test_a_round_needs_the_bot_to_post_in_the_channel(server: Server, bot: LocalBot) -> None:
    server.emu.deny_bot(server.general.id, Permission.SEND_MESSAGES)
    refused = await server.emu.run_command(
        server.member, server.general.id, "quiz", subcommand="round"
    )
    assert refused.ephemeral
    assert "Send Messages" in refused.content
    assert await bot.services.db(round_flow.running_in, server.general.id) is None
