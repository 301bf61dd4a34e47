"""`Emulator`: a local Discord (REST + gateway on 127.0.0.1) and the controls tests need.

Typical use::

    emu = Emulator()
    await emu.start()
    guild = emu.create_guild("Test server")
    ...point the bot at emu.api_base / emu.gateway_url and start it with emu.bot_token...
    await emu.wait_until_ready()
    await emu.wait_for_commands(guild.id)
    result = await emu.run_command(member, channel.id, "roadmap", {"step": 3})
    assert result.message is not None and not result.failed
    await emu.stop()
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import Any

from aiohttp import web

from discord_emulator.commands import CommandRegistry
from discord_emulator.context import Services
from discord_emulator.controls import WorldControls
from discord_emulator.driver import Actor, Driver, Target
from discord_emulator.faults import Faults, RequestStats
from discord_emulator.gateway import Gateway, Session
from discord_emulator.ids import make_bot_token
from discord_emulator.interactions import Failure, InteractionStore
from discord_emulator.models import JSON, Message, User
from discord_emulator.ratelimits import RateLimiter, RouteLimit
from discord_emulator.results import InteractionResult
from discord_emulator.server import build_app
from discord_emulator.state import World


class Emulator(WorldControls):
    """A Discord-compatible server for the real discord.py client, with a test API.

    Parameters:
        host, port: where to listen (port 0 picks a free port).
        bot_name: the bot user's name.
        clock: measures interaction deadlines and token lifetimes (default `time.monotonic`);
            inject a fake one to test late answers without sleeping.
        ack_deadline: seconds the bot has to acknowledge an interaction (Discord: 3).
        token_lifetime: seconds an interaction token stays valid (Discord: 900).
        global_limit: requests per second per bot token (Discord: 50).
        route_limits: per-route bucket limits keyed "METHOD /template"; None keeps the defaults.
        enforce_command_permissions: hide commands with default_member_permissions from members
            who lack them, as Discord's client does (run_command then raises InvocationError).
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        bot_name: str = "EmulatedBot",
        clock: Callable[[], float] = time.monotonic,
        ack_deadline: float = 3.0,
        token_lifetime: float = 15 * 60.0,
        global_limit: int = 50,
        route_limits: dict[str, RouteLimit] | None = None,
        heartbeat_interval_ms: int = 41_250,
        enforce_command_permissions: bool = True,
        seed: int = 0,
    ) -> None:
        self.host = host
        self._requested_port = port
        self.world = World(bot_name=bot_name)
        self._token = make_bot_token(self.world.bot_user.id)
        self._base_url = ""
        self.gateway = Gateway(
            self.world,
            token=lambda: self._token,
            gateway_url=lambda: self.gateway_url,
            heartbeat_interval_ms=heartbeat_interval_ms,
        )
        self.registry = CommandRegistry(self.world.application_id, self.world.ids.next)
        self.interactions = InteractionStore(
            self.world, clock=clock, ack_deadline=ack_deadline, token_lifetime=token_lifetime
        )
        self.rate_limits = RateLimiter(global_limit=global_limit, routes=route_limits)
        self.faults = Faults(seed=seed)
        self.requests = RequestStats()
        self.driver = Driver(
            self.world,
            self.gateway,
            self.registry,
            self.interactions,
            enforce_command_permissions=enforce_command_permissions,
        )
        self._services = Services(
            world=self.world,
            gateway=self.gateway,
            commands=self.registry,
            interactions=self.interactions,
            limiter=self.rate_limits,
            faults=self.faults,
            stats=self.requests,
            bot_token=self._token,
        )
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        """Bind to host:port (a free port by default) and start serving."""
        runner = web.AppRunner(build_app(self._services), handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self._requested_port)
        await site.start()
        server = site._server
        assert server is not None
        sockets = getattr(server, "sockets", None) or []
        self.port = int(sockets[0].getsockname()[1])
        self._base_url = f"http://{self.host}:{self.port}"
        self._services.base_url = self._base_url
        self._runner = runner

    async def stop(self) -> None:
        """Close every gateway socket and stop serving.

        Close the bot first: a client still running takes the closed socket for an outage
        and keeps trying to reconnect.
        """
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Emulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # -- where the bot connects -----------------------------------------------------------

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:PORT"""
        return self._base_url

    @property
    def api_base(self) -> str:
        """The REST base for DISCORD_API_BASE / discord.http.Route.BASE."""
        return f"{self._base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        """The gateway for DISCORD_GATEWAY_URL / DiscordWebSocket.DEFAULT_GATEWAY."""
        return self._base_url.replace("http://", "ws://", 1) + "/gateway"

    @property
    def bot_token(self) -> str:
        """The only token the emulator accepts."""
        return self._token

    @property
    def application_id(self) -> int:
        """The bot's application id (also the interaction webhook id)."""
        return self.world.application_id

    @property
    def bot_user(self) -> User:
        """The bot's user."""
        return self.world.bot_user

    @property
    def bot_user_id(self) -> int:
        """The bot's user id."""
        return self.world.bot_user.id

    # -- waiting ----------------------------------------------------------------------------

    def _ready_sessions(self) -> list[Session]:
        return [s for s in self.gateway.live_sessions() if s.ready]

    def _all_shards_ready(self) -> bool:
        ready = self._ready_sessions()
        if not ready:
            return False
        counts = {s.shard[1] for s in ready if s.shard is not None}
        if not counts:
            return True
        total = max(counts)
        covered = {s.shard[0] for s in ready if s.shard is not None and s.shard[1] == total}
        return len(covered) == total

    async def wait_until_ready(self, timeout: float = 10.0) -> None:
        """Wait until the bot identified and every GUILD_CREATE was written to its socket.

        With shards, waits for all of them. Raises TimeoutError after `timeout` seconds.
        """
        await self.gateway.changed.wait_for(self._all_shards_ready, timeout)

    async def wait_for_commands(self, guild_id: int | None = None, timeout: float = 10.0) -> None:
        """Wait until the bot has synced commands (globally, or to `guild_id`)."""
        await self.world.changed.wait_for(lambda: self.registry.has_synced(guild_id), timeout)

    async def wait_until(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until `predicate()` holds; re-checked on every message or interaction change."""
        await self.world.changed.wait_for(predicate, timeout)

    async def wait_for_message(
        self,
        channel_id: int,
        predicate: Callable[[Message], bool] | None = None,
        timeout: float = 5.0,
    ) -> Message:
        """Wait for a (new or existing) message in a channel matching `predicate`."""
        found: list[Message] = []

        def seen() -> bool:
            for message in self.world.channel_messages(channel_id):
                if predicate is None or predicate(message):
                    found.append(message)
                    return True
            return False

        await self.world.changed.wait_for(seen, timeout)
        return found[0]

    async def drop_connection(
        self,
        resume: bool = True,
        timeout: float = 10.0,
        *,
        while_down: Callable[[], object] | None = None,
    ) -> None:
        """Cut the bot's gateway connection and wait until it is back.

        resume=True closes with 4000: the client reconnects, sends RESUME and receives every
        dispatch it missed, then RESUMED. resume=False sends op 9 (invalid session, d=false):
        the client must IDENTIFY again and gets READY and every GUILD_CREATE anew.
        `while_down` runs right after the cut, before the client is back: dispatches it causes
        must reach the client after the resume.
        """
        dropped = self.gateway.drop(resume=resume)
        if not dropped:
            raise RuntimeError("the bot has no live gateway connection to drop")
        if while_down is not None:
            while_down()
        old = {s.id for s in dropped}
        if resume:

            def back() -> bool:
                return all(s.ready and s.connection is not None for s in dropped)

            await self.gateway.changed.wait_for(back, timeout)
        else:

            def fresh() -> bool:
                return self._all_shards_ready() and all(
                    s.id not in old for s in self._ready_sessions()
                )

            await self.gateway.changed.wait_for(fresh, timeout)

    # -- acting as users --------------------------------------------------------------------

    async def run_command(
        self,
        member: Actor,
        channel_id: Target,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        subcommand: str | tuple[str, str] | None = None,
        timeout: float | None = None,
        followup_timeout: float = 5.0,
    ) -> InteractionResult:
        """Run /name as `member` in a channel (or as a User in their DM channel).

        Options are checked against the synced schema (InvocationError if Discord would not
        allow them); user/role/channel options take emulator objects or ids. Returns once the
        bot answered (and, after a deferral, once it followed up or edited the original);
        `timeout` defaults to the ack deadline + 2 s of real time.
        """
        return await self.driver.run_command(
            member,
            channel_id,
            name,
            options,
            subcommand=subcommand,
            timeout=timeout,
            followup_timeout=followup_timeout,
        )

    async def autocomplete(
        self,
        member: Actor,
        channel_id: Target,
        name: str,
        options: Mapping[str, Any],
        *,
        focused: str,
        subcommand: str | tuple[str, str] | None = None,
        timeout: float | None = None,
    ) -> list[JSON]:
        """The choices the bot suggests while `member` types options[focused] into /name."""
        result = await self.driver.autocomplete(
            member,
            channel_id,
            name,
            options,
            focused=focused,
            subcommand=subcommand,
            timeout=timeout,
        )
        return result.choices

    async def click(
        self,
        member: Actor,
        message: Message | int,
        custom_id: str,
        values: Sequence[str] | None = None,
        *,
        timeout: float | None = None,
        followup_timeout: float = 5.0,
    ) -> InteractionResult:
        """Press a button, or pick `values` in a select menu, on a message the bot sent."""
        return await self.driver.click(
            member, message, custom_id, values, timeout=timeout, followup_timeout=followup_timeout
        )

    async def submit_modal(
        self,
        member: Actor,
        opened: InteractionResult,
        values: Mapping[str, str | Sequence[str]],
        *,
        timeout: float | None = None,
        followup_timeout: float = 5.0,
    ) -> InteractionResult:
        """Submit the modal that `opened` showed, with {field custom_id: value}."""
        return await self.driver.submit_modal(
            member, opened, values, timeout=timeout, followup_timeout=followup_timeout
        )

    # -- what went wrong --------------------------------------------------------------------

    @property
    def failures(self) -> list[Failure]:
        """Late or missing answers, refused bodies, double acknowledgements, server errors."""
        return list(self.interactions.failures)

    def clear_failures(self) -> None:
        """Forget recorded failures (e.g. after asserting on an expected one)."""
        self.interactions.failures.clear()

    def set_privileged_intents(
        self, *, members: bool = True, presences: bool = True, message_content: bool = True
    ) -> None:
        """Which privileged intents the application has switched on in the developer portal;
        an IDENTIFY asking for one that is off is closed with 4014 (Disallowed intents)."""
        from discord_emulator.gateway import (
            INTENT_MEMBERS,
            INTENT_MESSAGE_CONTENT,
            INTENT_PRESENCES,
        )

        self.gateway.privileged_intents = (
            (INTENT_MEMBERS if members else 0)
            | (INTENT_PRESENCES if presences else 0)
            | (INTENT_MESSAGE_CONTENT if message_content else 0)
        )

    @property
    def identify_count(self) -> int:
        """How many times the bot sent IDENTIFY (resumes do not count)."""
        return self.gateway.identify_count

    @property
    def resume_count(self) -> int:
        """How many RESUMEs succeeded."""
        return sum(s.resumes for s in self.gateway.sessions.values())
