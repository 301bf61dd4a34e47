"""`python -m discord_emulator` prints working connection settings."""

from __future__ import annotations

import asyncio
import re

import aiohttp
import pytest

from discord_emulator.__main__ import parse_args, serve


async def test_standalone_prints_urls_and_token(capsys: pytest.CaptureFixture[str]) -> None:
    stop, ready = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(serve(parse_args(["--members", "2"]), stop, ready))
    await asyncio.wait_for(ready.wait(), 5)
    printed = capsys.readouterr().out
    settings = dict(re.findall(r"^\s+(DISCORD_\w+)=(\S+)$", printed, re.MULTILINE))
    assert settings["DISCORD_API_BASE"].startswith("http://127.0.0.1:")
    assert settings["DISCORD_GATEWAY_URL"].endswith("/gateway")
    headers = {"Authorization": f"Bot {settings['DISCORD_TOKEN']}"}
    async with aiohttp.ClientSession() as http:
        response = await http.get(f"{settings['DISCORD_API_BASE']}/users/@me", headers=headers)
        assert response.status == 200
    stop.set()
    await asyncio.wait_for(task, 5)
