"""Reports, the admins' `/settings quiz` commands and the leaderboard through the emulator."""

from __future__ import annotations

from datetime import timedelta

import pytest

from archbot.local import LocalBot, ManualClock
from bot.quiz.solo import server_pool
from discord_emulator import InvocationError, Member
from store import Database
from store import quiz_settings as admin
from tests.e2e.conftest import Server
from tests.e2e.quiz_helpers import ask_of, solo_buttons

GOOD_QUESTION = {
    "qz:addq:stem": "In our study group, which matrix has ones on its diagonal and zeros "
    "everywhere else?",
    "qz:addq:answer": "The identity matrix",
    "qz:addq:wrong": "The zero matrix\nA diagonal of twos\nAn upper triangular matrix",
    "qz:addq:why": "The identity matrix I leaves every vector unchanged: Iv = v, because each "
    "row picks out exactly one entry of v.",
}


async def _play_and_answer(server: Server, bot: LocalBot, who: Member, *, right: bool) -> str:
    asked = await server.emu.run_command(who, server.general.id, "quiz", subcommand="play")
    assert asked.message is not None
    good, bad = await solo_buttons(bot, asked.message)
    done = await server.emu.click(who, asked.message, good if right else bad)
    assert not done.failed, done.errors
    return (await ask_of(bot, asked.message)).question_id


async def test_report_by_command_and_button_then_admin_lists_and_resolves(
    server: Server, bot: LocalBot
) -> None:
    emu, ada = server.emu, server.member
    bob = emu.create_member(server.guild.id, "bob")
    nothing = await emu.run_command(
        ada, server.general.id, "quiz", {"reason": "it is wrong"}, subcommand="report"
    )
    assert nothing.ephemeral
    assert "nothing to report" in nothing.content

    asked = await emu.run_command(ada, server.general.id, "quiz", subcommand="play")
    assert asked.message is not None
    question_id = (await ask_of(bot, asked.message)).question_id
    for typed in ("bad", "x" * 301):  # the option's min/max_length: Discord refuses to send it
        with pytest.raises(InvocationError):
            await emu.run_command(
                ada, server.general.id, "quiz", {"reason": typed}, subcommand="report"
            )
    short = await emu.run_command(
        ada, server.general.id, "quiz", {"reason": "  bad   "}, subcommand="report"
    )
    assert short.ephemeral
    assert "Nothing was stored" in short.content
    filed = await emu.run_command(
        ada,
        server.general.id,
        "quiz",
        {"reason": "Two options are both right @everyone"},
        subcommand="report",
    )
    assert filed.ephemeral
    assert "Thanks" in filed.content
    assert question_id in filed.content

    good, _ = await solo_buttons(bot, asked.message)
    answered = await emu.click(ada, asked.message, good)
    assert answered.message is not None
    opened = await emu.click(bob, answered.message, f"qz:rep:{question_id}")
    assert opened.modal is not None
    sent = await emu.submit_modal(bob, opened, {"qz:report:reason": "The explanation is unclear"})
    assert sent.ephemeral
    assert "Thanks" in sent.content

    listing = await emu.run_command(
        server.manager, server.general.id, "settings", subcommand=("quiz", "reports")
    )
    assert listing.ephemeral
    field = listing.embeds[0]["fields"][0]
    assert field["name"] == f"{question_id} · 2 report(s)"
    assert "The explanation is unclear" in field["value"]
    assert "@everyone" not in field["value"].replace("@\u200beveryone", "")

    shown = await emu.run_command(
        server.manager, server.general.id, "settings", subcommand=("quiz", "show")
    )
    assert "2 reported question" not in shown.embeds[0]["footer"]["text"]
    assert "1 reported question open" in shown.embeds[0]["footer"]["text"]

    resolved = await emu.run_command(
        server.manager,
        server.general.id,
        "settings",
        {"question": question_id},
        subcommand=("quiz", "resolve"),
    )
    assert "Marked 2 reports" in resolved.content
    empty = await emu.run_command(
        server.manager, server.general.id, "settings", subcommand=("quiz", "reports")
    )
    assert "No open reports" in empty.embeds[0]["description"]


async def test_members_cannot_see_the_admin_commands(server: Server, bot: LocalBot) -> None:
    for sub in ("reports", "show"):
        with pytest.raises(InvocationError):
            await server.emu.run_command(
                server.member, server.general.id, "settings", subcommand=("quiz", sub)
            )


async def test_admin_adds_a_question_validated_like_the_content_check(
    server: Server, bot: LocalBot
) -> None:
    emu, grace = server.emu, server.manager
    options = {"step": "2", "topic": "maths.linear-algebra", "difficulty": "easy"}
    choices = await emu.autocomplete(
        grace,
        server.general.id,
        "settings",
        {"step": "maths", "topic": "line"},
        focused="topic",
        subcommand=("quiz", "add-question"),
    )
    assert [c["value"] for c in choices] == ["maths.linear-algebra"]
    opened = await emu.run_command(
        grace, server.general.id, "settings", options, subcommand=("quiz", "add-question")
    )
    assert opened.modal is not None
    bad = dict(GOOD_QUESTION, **{"qz:addq:wrong": "The zero matrix\nThe identity matrix"})
    refused = await emu.submit_modal(grace, opened, bad)
    assert refused.ephemeral
    assert "not saved" in refused.content
    copied = dict(GOOD_QUESTION)
    shipped = bot.services.content.questions_by_id["q.maths.002"]
    copied["qz:addq:stem"] = shipped.stem
    again = await emu.run_command(
        grace, server.general.id, "settings", options, subcommand=("quiz", "add-question")
    )
    refused = await emu.submit_modal(grace, again, copied)
    assert "asks the same as question 'q.maths.002'" in refused.content
    assert await bot.services.db(admin.guild_questions, server.guild.id) == []

    third = await emu.run_command(
        grace, server.general.id, "settings", options, subcommand=("quiz", "add-question")
    )
    saved = await emu.submit_modal(grace, third, GOOD_QUESTION)
    assert saved.ephemeral
    assert "Saved as `server." in saved.content
    own = await bot.services.db(admin.guild_questions, server.guild.id)
    assert len(own) == 1
    assert own[0].distractors[0] == "The zero matrix"
    pool = await bot.services.db(server_pool, bot.services.content, server.guild.id)
    assert pool.get(own[0].question_id) is not None

    bad_topic = await emu.run_command(
        grace,
        server.general.id,
        "settings",
        {**options, "topic": "cooking"},
        subcommand=("quiz", "add-question"),
    )
    assert bad_topic.ephemeral
    assert "no single topic" in bad_topic.content


async def test_leaderboard_matches_the_attempts(
    server: Server, bot: LocalBot, clock: ManualClock
) -> None:
    emu, ada = server.emu, server.member
    bob = emu.create_member(server.guild.id, "bob")
    for _ in range(2):
        await _play_and_answer(server, bot, bob, right=True)
    clock.advance(timedelta(days=8))  # a new week: bob's points so far leave the weekly board
    for good in (True, True, False):
        await _play_and_answer(server, bot, ada, right=good)
    await _play_and_answer(server, bot, bob, right=False)

    def sums(db: Database, since: str) -> dict[int, tuple[int, int, int]]:
        rows = db.execute(
            "SELECT user_id, sum(points), sum(correct), count(*) FROM quiz_attempts "
            "WHERE guild_id = ? AND answered_at >= ? GROUP BY user_id",
            [server.guild.id, since],
        ).fetchall()
        return {u: (p, c, n) for u, p, c, n in rows}

    monday = clock.now.date() - timedelta(days=clock.now.weekday())  # the server is on UTC
    week_start = f"{monday.isoformat()}T00:00:00.000000+00:00"
    for period, since in (("week", week_start), ("all", "")):
        expected = await bot.services.db(sums, since)
        board = await emu.run_command(
            ada, server.general.id, "quiz", {"period": period}, subcommand="leaderboard"
        )
        assert board.ephemeral
        text = board.embeds[0]["description"]
        assert text.count("<@") == len(expected)
        for user_id, (points, right, answered) in expected.items():
            rank = 1 + sum(1 for p, c, _ in expected.values() if (p, c) > (points, right))
            plural = "s" if points != 1 else ""
            line = f"**{rank}.** <@{user_id}> · {points} point{plural} · {right}/{answered} right"
            assert line in text, (period, line, text)
        assert "You: rank" in board.embeds[0]["footer"]["text"]
    stats = await emu.run_command(ada, server.general.id, "quiz", subcommand="stats")
    fields = {f["name"]: f["value"] for f in stats.embeds[0]["fields"]}
    assert fields["Streak"].startswith("1 day")

    def per_step(db: Database) -> dict[str, tuple[int, int]]:
        rows = db.execute(
            "SELECT step, sum(correct), count(*) FROM quiz_attempts WHERE user_id = ? "
            "GROUP BY step",
            [ada.id],
        ).fetchall()
        return {step: (right, count) for step, right, count in rows}

    lines = fields["Accuracy per step"].split("\n")
    expected_steps = await bot.services.db(per_step)
    assert len(lines) == len(expected_steps)
    for step_id, (right, count) in expected_steps.items():
        step = bot.services.content.steps_by_id[step_id]
        assert any(
            line.startswith(f"{step.number}. ") and line.endswith(f"({right}/{count})")
            for line in lines
        )


async def test_reason_that_fits_the_form_is_kept_even_with_mentions(
    server: Server, bot: LocalBot, db: Database
) -> None:
    """Neutralising mentions must not push a reason that fitted the form past the bot's own
    300-character limit."""
    emu, ada = server.emu, server.member
    asked = await emu.run_command(ada, server.general.id, "quiz", subcommand="play")
    assert asked.message is not None
    question_id = (await ask_of(bot, asked.message)).question_id
    good, _ = await solo_buttons(bot, asked.message)
    answered = await emu.click(ada, asked.message, good)
    assert answered.message is not None
    opened = await emu.click(ada, answered.message, f"qz:rep:{question_id}")
    assert opened.modal is not None
    reason = ("@everyone @here <@123456789012345678> " * 8)[:300]
    assert len(reason) == 300
    sent = await emu.submit_modal(ada, opened, {"qz:report:reason": reason})
    assert "Thanks" in sent.content, sent.content
    kept = admin.open_reports(db, server.guild.id)[0].reasons[0]
    assert len(kept) <= 300
    assert "@everyone" not in kept
    assert "<@123456789012345678>" not in kept


async def test_many_long_reports_are_paged_within_discords_limits(
    server: Server, bot: LocalBot, db: Database, clock: ManualClock
) -> None:
    """Ten reported questions with long reasons once made one 6,000+ character embed that
    Discord refused, so admins could never read them; now they come in pages."""
    emu = server.emu
    pool = server_pool(db, bot.services.content, server.guild.id)
    question_ids = sorted(pool.by_id)[:12]
    for number, question_id in enumerate(question_ids):
        for reporter in range(3):
            admin.add_report(
                db,
                guild_id=server.guild.id,
                guild_name="AI Architects",
                question_id=question_id,
                reporter_id=1000 + number * 10 + reporter,
                reason=f"Reason {reporter}: " + "the answer and the explanation disagree " * 7,
                now=clock.now,
            )
    listing = await emu.run_command(
        server.manager, server.general.id, "settings", subcommand=("quiz", "reports")
    )
    assert not listing.failed, listing.errors
    first = listing.embeds[0]
    assert "page 1 of 3" in first["footer"]["text"]
    seen = [f["name"].split(" · ")[0] for f in first["fields"]]
    assert listing.message is not None
    for _ in range(2):
        turned = await emu.click(server.manager, listing.message, _next_button(listing))
        assert not turned.failed, turned.errors
        listing = turned
        seen += [f["name"].split(" · ")[0] for f in turned.embeds[0]["fields"]]
    assert sorted(seen) == question_ids
    assert "page 3 of 3" in listing.embeds[0]["footer"]["text"]


def _next_button(result: object) -> str:
    components = getattr(result, "components", [])
    for row in components:
        for child in row["components"]:
            if child.get("label", "").startswith("Next"):
                return str(child["custom_id"])
    raise AssertionError("no Next button")


async def test_question_that_fits_the_form_is_kept_even_with_mentions(
    server: Server, bot: LocalBot
) -> None:
    """A 600-character stem with mentions once grew past the bank's 600 limit when escaped."""
    emu, grace = server.emu, server.manager
    options = {"step": "2", "topic": "maths.linear-algebra", "difficulty": "hard"}
    opened = await emu.run_command(
        grace, server.general.id, "settings", options, subcommand=("quiz", "add-question")
    )
    stem = (
        "Our reading group (ping @everyone or @here, or <@123456789012345678>) keeps asking: "
        + "when you multiply a vector by the identity matrix, what comes out, and why? " * 8
    )[:599] + "?"
    assert len(stem) == 600
    saved = await emu.submit_modal(grace, opened, dict(GOOD_QUESTION, **{"qz:addq:stem": stem}))
    assert "Saved as" in saved.content, saved.content
    own = await bot.services.db(admin.guild_questions, server.guild.id)
    assert len(own[0].stem) == 600
    assert "@everyone" not in own[0].stem


async def test_mistyped_id_is_shown_as_typed_in_a_code_span(server: Server, bot: LocalBot) -> None:
    """Markdown escapes inside a code span show as backslashes: the id comes back as typed."""
    typed = "q_maths*002`x"
    reply = await server.emu.run_command(
        server.manager,
        server.general.id,
        "settings",
        {"question": typed},
        subcommand=("quiz", "resolve"),
    )
    assert reply.ephemeral
    assert "\\" not in reply.content
    assert "`q_maths*002\u02cbx`" in reply.content  # a look-alike keeps the span whole
