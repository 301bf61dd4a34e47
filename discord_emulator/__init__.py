"""A local Discord: REST API and gateway on 127.0.0.1 for the unmodified discord.py client.

It knows nothing of any particular bot. Tests, benchmarks and demos create guilds, channels
and members, act as users (slash commands, autocomplete, clicks, modals), and read back what
the bot posted, with Discord's permissions, rate limits, deadlines and error codes applied.
See `Emulator` for the API and `python -m discord_emulator` to run one by hand.
"""

from discord_emulator.commands import InvocationError
from discord_emulator.driver import NotConnectedError
from discord_emulator.emulator import Emulator
from discord_emulator.faults import Faults, RequestStats
from discord_emulator.interactions import Failure
from discord_emulator.models import (
    Attachment,
    Channel,
    ChannelType,
    Guild,
    Member,
    Message,
    Overwrite,
    OverwriteType,
    Pings,
    Role,
    User,
)
from discord_emulator.permissions import (
    ALL_PERMISSIONS,
    DEFAULT_BOT_PERMISSIONS,
    DEFAULT_EVERYONE_PERMISSIONS,
    Permission,
)
from discord_emulator.ratelimits import RateLimiter, RouteLimit
from discord_emulator.results import InteractionResult
from discord_emulator.state import WorldError

__all__ = [
    "ALL_PERMISSIONS",
    "DEFAULT_BOT_PERMISSIONS",
    "DEFAULT_EVERYONE_PERMISSIONS",
    "Attachment",
    "Channel",
    "ChannelType",
    "Emulator",
    "Failure",
    "Faults",
    "Guild",
    "InteractionResult",
    "InvocationError",
    "Member",
    "Message",
    "NotConnectedError",
    "Overwrite",
    "OverwriteType",
    "Permission",
    "Pings",
    "RateLimiter",
    "RequestStats",
    "Role",
    "RouteLimit",
    "User",
    "WorldError",
]
