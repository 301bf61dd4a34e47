"""Point the discord.py client library at an emulator (and back) in one place.

discord.py has no constructor arguments for its endpoints: the REST base is the class attribute
`discord.http.Route.BASE` and the gateway `discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`.
Both are process-wide, so tests must restore them; this context manager does. (A bot that
reads DISCORD_API_BASE / DISCORD_GATEWAY_URL sets the same two attributes itself.) discord.py is
imported lazily: the emulator itself does not need it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def pointed_at(api_base: str, gateway_url: str) -> Iterator[None]:
    """Within the block, discord.py talks to `api_base` and `gateway_url`; restored after."""
    import discord.gateway
    import discord.http
    import yarl

    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway
