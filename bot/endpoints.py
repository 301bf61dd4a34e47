"""Pointing discord.py at a Discord-compatible endpoint (Discord itself, or the local emulator).

discord.py keeps both addresses as class attributes, so this is process-wide: one process talks
to one Discord. Call it before the client logs in.
"""

from __future__ import annotations

import discord.gateway
import discord.http
import yarl


def use_endpoints(api_base: str, gateway_url: str) -> None:
    discord.http.Route.BASE = api_base.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
