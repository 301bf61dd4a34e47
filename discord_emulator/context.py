"""The services every REST handler reaches through the aiohttp application."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from discord_emulator.commands import CommandRegistry
from discord_emulator.faults import Faults, RequestStats
from discord_emulator.gateway import Gateway
from discord_emulator.interactions import InteractionStore
from discord_emulator.ratelimits import RateLimiter
from discord_emulator.state import World


@dataclass
class Services:
    """Shared emulator state for handlers; `base_url` is set once the server is bound."""

    world: World
    gateway: Gateway
    commands: CommandRegistry
    interactions: InteractionStore
    limiter: RateLimiter
    faults: Faults
    stats: RequestStats
    bot_token: str
    base_url: str = ""


SERVICES = web.AppKey("services", Services)


def services(request: web.Request) -> Services:
    """The emulator services behind a request."""
    return request.app[SERVICES]
