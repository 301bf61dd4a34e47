"""The gateway: websockets that speak Discord's opcodes to discord.py.

One `Session` per IDENTIFY (per shard), holding its sequence counter and a replay buffer of
every dispatch, so that a client whose connection dropped can RESUME and receive what it
missed, in order, before RESUMED. World changes arrive through `on_world_event` and go to the
sessions whose shard owns the guild; a session whose socket is down buffers them.
Frames are plain JSON text: discord.py only decompresses binary frames.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from discord_emulator import payloads
from discord_emulator.models import JSON
from discord_emulator.signals import Signal
from discord_emulator.state import World

log = logging.getLogger(__name__)

REPLAY_LIMIT = 20_000
INTENT_GUILDS = 1 << 0
INTENT_MEMBERS = 1 << 1
INTENT_PRESENCES = 1 << 8
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_DM_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15
PRIVILEGED_INTENTS = INTENT_MEMBERS | INTENT_PRESENCES | INTENT_MESSAGE_CONTENT

_GUILD_EVENTS = {
    "GUILD_CREATE",
    "GUILD_DELETE",
    "GUILD_UPDATE",
    "GUILD_ROLE_CREATE",
    "GUILD_ROLE_UPDATE",
    "GUILD_ROLE_DELETE",
    "CHANNEL_CREATE",
    "CHANNEL_UPDATE",
    "CHANNEL_DELETE",
}
_MEMBER_EVENTS = {"GUILD_MEMBER_ADD", "GUILD_MEMBER_UPDATE", "GUILD_MEMBER_REMOVE"}
_MESSAGE_EVENTS = {"MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE"}


@dataclass(frozen=True)
class _Close:
    code: int


@dataclass(frozen=True)
class _Marker:
    """Runs `callback` once every frame queued before it has been written."""

    callback: Callable[[], None]


@dataclass(eq=False)
class Connection:
    """One websocket and the queue its writer task drains in order."""

    ws: web.WebSocketResponse
    queue: asyncio.Queue[str | _Close | _Marker] = field(default_factory=asyncio.Queue)
    session: Session | None = None
    closed_by_server: bool = False

    def send(self, payload: JSON) -> None:
        """Queue a frame; frames leave in the order they were queued."""
        self.queue.put_nowait(json.dumps(payload, separators=(",", ":")))


@dataclass(eq=False)
class Session:
    """A gateway session: its shard, intents, sequence and replay buffer."""

    id: str
    intents: int
    shard: tuple[int, int] | None
    large_threshold: int
    seq: int = 0
    buffer: deque[tuple[int, str]] = field(default_factory=lambda: deque(maxlen=REPLAY_LIMIT))
    connection: Connection | None = None
    ready: bool = False
    resumes: int = 0
    invalid: bool = False

    def owns(self, guild_id: int | None) -> bool:
        """Whether this session's shard receives events of the guild (DMs go to shard 0)."""
        if self.shard is None:
            return True
        shard_id, shard_count = self.shard
        if guild_id is None:
            return shard_id == 0
        return (guild_id >> 22) % shard_count == shard_id

    def wants(self, event: str, guild_id: int | None) -> bool:
        """Whether the session's intents subscribe it to this event."""
        if event in _GUILD_EVENTS:
            return bool(self.intents & INTENT_GUILDS)
        if event in _MEMBER_EVENTS:
            return bool(self.intents & INTENT_MEMBERS)
        if event in _MESSAGE_EVENTS:
            bit = INTENT_GUILD_MESSAGES if guild_id is not None else INTENT_DM_MESSAGES
            return bool(self.intents & bit)
        return True

    def dispatch(self, event: str, data: Any) -> int:
        """Give the event the next sequence number, buffer it, and send it if connected."""
        self.seq += 1
        frame = json.dumps({"op": 0, "t": event, "s": self.seq, "d": data}, separators=(",", ":"))
        self.buffer.append((self.seq, frame))
        if self.connection is not None:
            self.connection.queue.put_nowait(frame)
        return self.seq


class Gateway:
    """Accepts gateway websockets and routes world events and interactions to sessions."""

    def __init__(
        self,
        world: World,
        *,
        token: Callable[[], str],
        gateway_url: Callable[[], str],
        heartbeat_interval_ms: int = 41_250,
    ) -> None:
        self.world = world
        self._token = token
        self._gateway_url = gateway_url
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.sessions: dict[str, Session] = {}
        self.connections: set[Connection] = set()
        self.changed = Signal()
        self.identify_count = 0
        # The privileged intents the application may use (switched on in the developer portal);
        # an IDENTIFY asking for another one is closed with 4014, as Discord does.
        self.privileged_intents = PRIVILEGED_INTENTS
        world.listeners.append(self.on_world_event)

    # -- routing --------------------------------------------------------------------------

    def on_world_event(self, event: str, payload: JSON, guild_id: int | None) -> None:
        """World listener: fan a dispatch out to every live session that should see it."""
        self.dispatch(event, payload, guild_id)

    def dispatch(self, event: str, payload: JSON, guild_id: int | None) -> int:
        """Send a dispatch to subscribed sessions; returns how many sessions got it."""
        delivered = 0
        for session in list(self.sessions.values()):
            if session.invalid or not session.owns(guild_id) or not session.wants(event, guild_id):
                continue
            session.dispatch(event, payload)
            delivered += 1
        return delivered

    def live_sessions(self) -> list[Session]:
        """Sessions that are identified, valid and currently connected."""
        return [s for s in self.sessions.values() if not s.invalid and s.connection is not None]

    # -- websocket handling ---------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        """The /gateway endpoint: HELLO, then opcodes until the socket closes."""
        ws = web.WebSocketResponse(max_msg_size=16 * 1024 * 1024)
        await ws.prepare(request)
        conn = Connection(ws=ws)
        self.connections.add(conn)
        writer = asyncio.create_task(self._writer(conn), name="emulator-gateway-writer")
        conn.send({"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms}})
        try:
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    conn.queue.put_nowait(_Close(4002))
                    break
                try:
                    frame = json.loads(msg.data)
                except ValueError:
                    conn.queue.put_nowait(_Close(4002))
                    break
                if not self._on_frame(conn, frame):
                    break
        finally:
            self._detach(conn, ws.close_code)
            # Let the writer finish what it was doing (e.g. a close it started), then stop it.
            conn.queue.put_nowait(_Close(1000))
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(asyncio.shield(writer), timeout=1.0)
            writer.cancel()
            self.connections.discard(conn)
        return ws

    async def _writer(self, conn: Connection) -> None:
        while True:
            item = await conn.queue.get()
            if isinstance(item, _Marker):
                item.callback()
                continue
            try:
                if isinstance(item, _Close):
                    conn.closed_by_server = True
                    await conn.ws.close(code=item.code)
                    return
                await conn.ws.send_str(item)
            except (ConnectionError, RuntimeError):
                return

    def _detach(self, conn: Connection, close_code: int | None) -> None:
        session = conn.session
        if session is not None and session.connection is conn:
            session.connection = None
            if close_code in (1000, 1001) and not conn.closed_by_server:
                # A clean close from the client ends the session, as on Discord. (When the
                # emulator closed first, close_code is only the client's echo.)
                session.invalid = True
        self.changed.notify()

    def _on_frame(self, conn: Connection, frame: JSON) -> bool:
        op = frame.get("op")
        data = frame.get("d")
        if op == 1:
            conn.send({"op": 11})
        elif op == 2:
            return self._identify(conn, data or {})
        elif op == 6:
            return self._resume(conn, data or {})
        elif op == 8:
            if conn.session is None:
                conn.queue.put_nowait(_Close(4003))
                return False
            self._request_members(conn.session, data or {})
        elif op in (3, 4):
            pass  # presence and voice updates change nothing here
        else:
            conn.queue.put_nowait(_Close(4001))
            return False
        return True

    def _identify(self, conn: Connection, data: JSON) -> bool:
        if conn.session is not None:
            conn.queue.put_nowait(_Close(4005))
            return False
        if data.get("token") != self._token():
            conn.queue.put_nowait(_Close(4004))
            return False
        requested = int(data.get("intents", 0))
        if requested & PRIVILEGED_INTENTS & ~self.privileged_intents:
            conn.queue.put_nowait(_Close(4014))
            return False
        shard_data = data.get("shard")
        shard: tuple[int, int] | None = None
        if shard_data is not None:
            shard = (int(shard_data[0]), int(shard_data[1]))
            if not 0 <= shard[0] < shard[1]:
                conn.queue.put_nowait(_Close(4010))
                return False
        session = Session(
            id=secrets.token_hex(16),
            intents=int(data.get("intents", 0)),
            shard=shard,
            large_threshold=int(data.get("large_threshold", 50)),
            connection=conn,
        )
        self.sessions[session.id] = session
        conn.session = session
        self.identify_count += 1
        session.dispatch("READY", self._ready_payload(session))
        with_members = bool(session.intents & INTENT_PRESENCES)
        for guild in list(self.world.guilds.values()):
            if not session.owns(guild.id):
                continue
            include = with_members and len(guild.members) < session.large_threshold
            session.dispatch(
                "GUILD_CREATE", self.world.guild_create_payload(guild, include_members=include)
            )
        self._mark_ready(conn, session)
        return True

    def _mark_ready(self, conn: Connection, session: Session) -> None:
        def flushed() -> None:
            if session.connection is conn:
                session.ready = True
                self.changed.notify()

        conn.queue.put_nowait(_Marker(flushed))

    def _ready_payload(self, session: Session) -> JSON:
        world = self.world
        payload: JSON = {
            "v": 10,
            "user": payloads.user_payload(world.bot_user),
            "guilds": [
                {"id": str(g), "unavailable": True} for g in world.guilds if session.owns(g)
            ],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self._gateway_url(),
            "application": {"id": str(world.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "auth": {},
            "user_settings": {},
            "_trace": ["discord-emulator"],
        }
        if session.shard is not None:
            payload["shard"] = list(session.shard)
        return payload

    def _resume(self, conn: Connection, data: JSON) -> bool:
        session = self.sessions.get(str(data.get("session_id")))
        seq = data.get("seq")
        oldest = session.buffer[0][0] if session is not None and session.buffer else 1
        if (
            session is None
            or session.invalid
            or data.get("token") != self._token()
            or not isinstance(seq, int)
            or seq < oldest - 1
        ):
            conn.send({"op": 9, "d": False})
            return True
        if session.connection is not None and session.connection is not conn:
            session.connection.queue.put_nowait(_Close(4000))
            session.connection.session = None
        session.connection = conn
        conn.session = session
        for frame_seq, frame in session.buffer:
            if frame_seq > seq:
                conn.queue.put_nowait(frame)
        session.dispatch("RESUMED", {"_trace": ["discord-emulator"]})
        session.resumes += 1
        self._mark_ready(conn, session)
        return True

    def _request_members(self, session: Session, data: JSON) -> None:
        guild = self.world.guilds.get(int(data.get("guild_id", 0)))
        if guild is None:
            return
        members = list(guild.members.values())
        wanted = data.get("user_ids")
        if wanted:
            ids = {int(u) for u in (wanted if isinstance(wanted, list) else [wanted])}
            members = [m for m in members if m.user.id in ids]
        elif data.get("query"):
            query = str(data["query"]).lower()
            members = [m for m in members if m.user.username.lower().startswith(query)]
            limit = int(data.get("limit") or 0)
            members = members[:limit] if limit else members
        chunks = [members[i : i + 1000] for i in range(0, len(members), 1000)] or [[]]
        for index, chunk in enumerate(chunks):
            payload: JSON = {
                "guild_id": str(guild.id),
                "members": [payloads.member_payload(m) for m in chunk],
                "chunk_index": index,
                "chunk_count": len(chunks),
            }
            if data.get("nonce"):
                payload["nonce"] = data["nonce"]
            session.dispatch("GUILD_MEMBERS_CHUNK", payload)

    # -- test controls --------------------------------------------------------------------

    def drop(self, *, resume: bool) -> list[Session]:
        """Cut every live connection: close 4000 (client resumes) or op 9 (client re-identifies)."""
        dropped = self.live_sessions()
        for session in dropped:
            conn = session.connection
            assert conn is not None
            session.ready = False
            if resume:
                conn.queue.put_nowait(_Close(4000))
            else:
                session.invalid = True
                conn.send({"op": 9, "d": False})
        return dropped

    async def close_all(self) -> None:
        """Close every socket (used on shutdown) with 1001, 'going away'."""
        for conn in list(self.connections):
            conn.queue.put_nowait(_Close(1001))
        for conn in list(self.connections):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.ws.close(code=1001), timeout=1.0)
