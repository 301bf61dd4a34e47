"""Buttons, selects and modals on a discord.py View, routed by message id as the client expects."""

from __future__ import annotations

import pytest

from discord_emulator import InvocationError
from tests.emulator.conftest import Scene


async def test_button_click_updates_the_message(scene: Scene) -> None:
    emu = scene.emu
    opened = await emu.run_command(scene.member, scene.channel.id, "panel")
    message = opened.message
    assert message is not None
    assert message.custom_ids() == ["panel:inc", "panel:pick"]

    clicked = await emu.click(scene.member, message, "panel:inc")
    assert clicked.response_type == 7
    assert clicked.message is message
    assert message.content == "count=1"
    await emu.click(scene.member, message, "panel:inc")
    assert message.content == "count=2"
    assert [v.content for v in message.history] == ["count=0", "count=1"]
    assert message.edited_at is not None


async def test_select_values_reach_the_callback(scene: Scene) -> None:
    emu = scene.emu
    opened = await emu.run_command(scene.member, scene.channel.id, "panel")
    assert opened.message is not None
    picked = await emu.click(
        scene.member, opened.message, "panel:pick", ["Asia/Tokyo", "Europe/Paris"]
    )
    assert picked.response_type == 4
    assert picked.ephemeral
    assert picked.content == "picked Asia/Tokyo,Europe/Paris"
    with pytest.raises(InvocationError, match="not an option"):
        await emu.click(scene.member, opened.message, "panel:pick", ["Mars/Olympus"])
    with pytest.raises(InvocationError, match="between 1 and 2"):
        await emu.click(scene.member, opened.message, "panel:pick", [])
    with pytest.raises(InvocationError, match="no component"):
        await emu.click(scene.member, opened.message, "panel:missing")


async def test_modal_submit(scene: Scene) -> None:
    emu = scene.emu
    opened = await emu.run_command(scene.member, scene.channel.id, "ask")
    assert opened.response_type == 9
    assert opened.modal is not None
    assert opened.modal["title"] == "A question"
    submitted = await emu.submit_modal(scene.member, opened, {"ask:answer": "42"})
    assert submitted.content == "answer=42 note="
    with pytest.raises(InvocationError, match="required"):
        await emu.submit_modal(scene.member, opened, {"ask:note": "only a note"})
    with pytest.raises(InvocationError, match="no fields"):
        await emu.submit_modal(scene.member, opened, {"ask:answer": "1", "ask:other": "x"})
    with pytest.raises(InvocationError, match=r"0-50"):
        await emu.submit_modal(scene.member, opened, {"ask:answer": "y" * 51})
