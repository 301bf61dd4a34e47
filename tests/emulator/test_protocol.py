"""Protocol edges checked with raw HTTP: double acknowledgement, unknown interactions, syncs."""

from __future__ import annotations

import aiohttp

from discord_emulator import Emulator
from tests.emulator.conftest import Scene


async def test_second_acknowledgement_is_refused(scene: Scene) -> None:
    emu = scene.emu
    result = await emu.run_command(scene.member, scene.channel.id, "secret")
    url = f"{emu.api_base}/interactions/{result.interaction_id}/{result.record.token}/callback"
    async with aiohttp.ClientSession() as http:
        again = await http.post(url, json={"type": 4, "data": {"content": "twice"}})
        assert again.status == 400
        assert (await again.json())["code"] == 40060
        wrong = await http.post(url.replace(result.record.token, "nope"), json={"type": 4})
        assert wrong.status == 404
        assert (await wrong.json())["code"] == 10062
    assert [f.kind for f in emu.failures] == ["double_ack", "unknown_interaction"]


async def test_callback_without_with_response_is_204(scene: Scene) -> None:
    emu = scene.emu
    record = emu.interactions.create(
        kind=2,
        data={"id": "1", "name": "raw", "type": 1},
        user=scene.member.user,
        member=scene.member,
        channel=scene.channel,
    )
    url = f"{emu.api_base}/interactions/{record.id}/{record.token}/callback"
    async with aiohttp.ClientSession() as http:
        response = await http.post(url, json={"type": 4, "data": {"content": "plain"}})
        assert response.status == 204
    assert record.response_type == 4
    assert emu.message(record.original_message_id or 0).content == "plain"


async def test_command_sync_is_validated(pointed: Emulator) -> None:
    emu = pointed
    url = f"{emu.api_base}/applications/{emu.application_id}/commands"
    headers = {"Authorization": f"Bot {emu.bot_token}"}
    good = [{"name": "ok", "description": "fine", "type": 1}]
    bad = [{"name": "Not OK", "description": "", "type": 1}]
    async with aiohttp.ClientSession(headers=headers) as http:
        synced = await (await http.put(url, json=good)).json()
        assert synced[0]["application_id"] == str(emu.application_id)
        refused = await http.put(url, json=bad)
        assert refused.status == 400
        body = await refused.json()
        assert body["code"] == 50035
        assert set(body["errors"]["0"]) == {"name", "description"}
        again = await (await http.put(url, json=good)).json()
        assert again[0]["id"] == synced[0]["id"]
    assert [c["name"] for c in emu.commands()] == ["ok"]
