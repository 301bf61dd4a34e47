"""Slash commands built from the synced schema: options, subcommands, autocomplete, access."""

from __future__ import annotations

import pytest

from discord_emulator import Emulator, InvocationError
from tests.emulator.conftest import Scene
from tests.emulator.harness import ZONES, TestBot, running


async def test_sync_stores_commands_with_ids(scene: Scene) -> None:
    synced = {c["name"]: c for c in scene.emu.commands()}
    assert {"echo", "road", "zone", "panel", "ask", "settings"} <= set(synced)
    assert synced["settings"]["default_member_permissions"] == "32"
    road_options = {o["name"]: o for o in synced["road"]["options"]}
    assert road_options["show"]["type"] == 1
    assert road_options["deep"]["type"] == 2
    assert scene.emu.commands(scene.guild.id) == []


async def test_slash_command_with_options(scene: Scene) -> None:
    emu = scene.emu
    result = await emu.run_command(
        scene.member, scene.channel.id, "echo", {"text": "ab", "times": 3, "who": scene.admin}
    )
    assert not result.failed
    assert result.response_type == 4
    assert result.content == "ababab for boss"
    message = result.message
    assert message is not None
    assert message.channel_id == scene.channel.id
    assert message.author_id == emu.bot_user_id
    assert message.interaction_id == result.interaction_id
    assert emu.channel_messages(scene.channel.id) == [message]


async def test_subcommand_and_nested_group(scene: Scene) -> None:
    emu = scene.emu
    shown = await emu.run_command(
        scene.member, scene.channel.id, "road", {"step": 4}, subcommand="show"
    )
    assert shown.content == "step 4"
    nested = await emu.run_command(
        scene.member,
        scene.channel.id,
        "road",
        {"name": "rag", "done": True},
        subcommand=("deep", "topic"),
    )
    assert nested.content == "topic rag done=True"


async def test_invocations_discord_would_not_send_are_refused(scene: Scene) -> None:
    emu, member, channel = scene.emu, scene.member, scene.channel.id
    with pytest.raises(InvocationError, match="no synced command"):
        await emu.run_command(member, channel, "nope")
    with pytest.raises(InvocationError, match="unknown option"):
        await emu.run_command(member, channel, "echo", {"text": "a", "color": "red"})
    with pytest.raises(InvocationError, match="missing required"):
        await emu.run_command(member, channel, "echo", {})
    with pytest.raises(InvocationError, match="within"):
        await emu.run_command(member, channel, "echo", {"text": "a", "times": 9})
    with pytest.raises(InvocationError, match="needs a subcommand"):
        await emu.run_command(member, channel, "road", {})
    with pytest.raises(InvocationError, match="no subcommand"):
        await emu.run_command(member, channel, "road", {"step": 1}, subcommand="hide")
    assert emu.channel_messages(channel) == []


async def test_autocomplete(scene: Scene) -> None:
    choices = await scene.emu.autocomplete(
        scene.member, scene.channel.id, "zone", {"tz": "euro"}, focused="tz"
    )
    assert [c["value"] for c in choices] == [z for z in ZONES if z.startswith("Europe")]
    with pytest.raises(InvocationError, match="does not autocomplete"):
        await scene.emu.autocomplete(
            scene.member, scene.channel.id, "echo", {"text": "x"}, focused="text"
        )


async def test_member_permissions_and_hidden_admin_command(scene: Scene) -> None:
    emu = scene.emu
    plain = await emu.run_command(scene.member, scene.channel.id, "perms")
    assert plain.content == f"manage=False bot_send=True locale=en-US guild={scene.guild.id}"
    boss = await emu.run_command(scene.admin, scene.channel.id, "perms")
    assert boss.content.startswith("manage=True")
    with pytest.raises(InvocationError, match="hidden"):
        await emu.run_command(scene.member, scene.channel.id, "settings")
    manager = emu.create_manager(scene.guild.id, "carol")
    allowed = await emu.run_command(manager, scene.channel.id, "settings")
    assert allowed.content == "settings"


async def test_command_in_a_dm(scene: Scene) -> None:
    emu = scene.emu
    dm = emu.dm_channel(scene.member.id)
    result = await emu.run_command(scene.member.user, dm.id, "perms")
    assert result.content.endswith("guild=None")
    assert emu.dm_messages(scene.member.id)[0].content == result.content


async def test_guild_scoped_sync(pointed: Emulator) -> None:
    emu = pointed
    guild = emu.create_guild("Dev server")
    member = emu.create_member(guild.id, "dev")
    bot = TestBot(guild_id=guild.id)
    async with running(bot, emu):
        await emu.wait_for_commands(guild.id)
        synced = emu.commands(guild.id)
        assert all(c["guild_id"] == str(guild.id) for c in synced)
        result = await emu.run_command(member, guild.channel_ids[0], "echo", {"text": "g"})
        assert result.content == "g for nobody"
