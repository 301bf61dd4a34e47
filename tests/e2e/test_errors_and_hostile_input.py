"""Failures and hostile input: a clear private reply, a reference id in the log, nothing stored."""

from __future__ import annotations

import logging
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archbot.local import LocalBot
from store import members
from tests.e2e.conftest import Server

hostile = st.one_of(
    st.text(min_size=1, max_size=200),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "So"]), min_size=1, max_size=50),
    st.sampled_from(
        [
            "@everyone",
            "@here",
            "<@&1>",
            "<@1>",
            "||spoiler||",
            "```py\nx```",
            "a" * 5000,
            "3.5",
            "-1",
        ]
    ),
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=hostile, command=st.sampled_from(["roadmap", "tip", "career"]))
async def test_hostile_option_values(
    server: Server, bot: LocalBot, value: str, command: str
) -> None:
    option = {"roadmap": "step", "tip": "step", "career": "topic"}[command]
    before_progress = await bot.services.db(members.progress_of, server.member.id)
    before_seen = await bot.services.db(members.tips_seen, server.member.id)
    result = await server.emu.run_command(
        server.member, server.general.id, command, {option: value[:6000]}
    )
    assert not result.failed, result.errors
    assert result.message is not None
    assert not result.message.pings.any_mass_ping
    assert not result.message.pings.role_ids
    assert not result.message.pings.user_ids
    if result.content:  # refused: a clear private message, nothing changed
        assert result.ephemeral
        assert "matches" in result.content
        assert len(result.content) < 400
        assert await bot.services.db(members.tips_seen, server.member.id) == before_seen
    assert await bot.services.db(members.progress_of, server.member.id) == before_progress


async def test_unexpected_error_gives_a_reference_id(
    server: Server, bot: LocalBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> dict[str, str]:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(members, "progress_of", broken)
    with caplog.at_level(logging.ERROR, logger="archbot.bot.errors"):
        result = await server.emu.run_command(server.member, server.general.id, "roadmap")
    assert not result.failed
    assert result.ephemeral
    match = re.search(r"ref `([0-9a-f]{6})`", result.content)
    assert match, result.content
    assert "disk on fire" not in result.content
    assert any(match.group(1) in r.getMessage() for r in caplog.records)
    assert any("disk on fire" in (r.exc_text or str(r.exc_info)) for r in caplog.records)


async def test_button_failure_is_reported_like_a_command_failure(
    server: Server, bot: LocalBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """discord.py only logs a failing component callback; the member must still get an answer."""
    emu, ada = server.emu, server.member
    shown = await emu.run_command(ada, server.general.id, "roadmap", {"step": "1"})
    assert shown.message is not None

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(members, "set_progress", broken)
    step_id = bot.services.content.steps[0].id
    clicked = await emu.click(ada, shown.message, f"rm:stepdone:{step_id}")
    assert not clicked.failed, clicked.errors
    assert clicked.ephemeral
    assert re.search(r"ref `[0-9a-f]{6}`", clicked.content), clicked.content
