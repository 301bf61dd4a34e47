"""/profile delete erases a member's whole quiz history: their rows cascade from the member row."""

from __future__ import annotations

from datetime import timedelta

from archbot.local import LocalBot, ManualClock
from store import Database
from tests.e2e.conftest import Server
from tests.e2e.quiz_helpers import round_buttons, solo_buttons, tick

MEMBER_TABLES = (
    "quiz_asks",
    "quiz_attempts",
    "quiz_cards",
    "quiz_streaks",
    "quiz_round_answers",
    "quiz_totals",
    "quiz_weekly",
)


async def test_profile_delete_erases_quiz_history(
    server: Server, bot: LocalBot, clock: ManualClock
) -> None:
    emu, ada = server.emu, server.member
    asked = await emu.run_command(ada, server.general.id, "quiz", subcommand="play")
    assert asked.message is not None
    right, _ = await solo_buttons(bot, asked.message)
    await emu.click(ada, asked.message, right)
    started = await emu.run_command(
        ada, server.general.id, "quiz", {"questions": 1}, subcommand="round"
    )
    assert started.message is not None
    round_right, _ = await round_buttons(bot, started.message)
    await emu.click(ada, started.message, round_right)
    clock.advance(timedelta(seconds=21))
    await tick(bot)
    await emu.run_command(
        ada, server.general.id, "quiz", {"reason": "The options overlap"}, subcommand="report"
    )

    def counts(db: Database) -> dict[str, int]:
        return {
            t: int(
                db.execute(f"SELECT count(*) FROM {t} WHERE user_id = ?", [ada.id]).fetchone()[0]
            )
            for t in MEMBER_TABLES
        }

    assert all(counts_before := await bot.services.db(counts)), counts_before
    asked = await emu.run_command(ada, server.general.id, "profile", subcommand="delete")
    assert asked.message is not None
    erased = await emu.click(ada, asked.message, f"pf:erase:{ada.id}")
    assert not erased.failed, erased.errors
    assert await bot.services.db(counts) == dict.fromkeys(MEMBER_TABLES, 0)

    def reports(db: Database) -> list[tuple[object, str]]:
        return [tuple(r) for r in db.execute("SELECT reporter_id, reason FROM quiz_reports")]

    assert await bot.services.db(reports) == [(None, "The options overlap")]
    board = await emu.run_command(
        server.manager, server.general.id, "quiz", {"period": "all"}, subcommand="leaderboard"
    )
    assert "Nobody has answered" in board.embeds[0]["description"]
