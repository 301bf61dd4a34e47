"""The job-board server: routes keyed by path (and query), each with a body and a fault queue."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "jobs"

CONTENT_TYPES = {
    ".json": "application/json",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".html": "text/html; charset=utf-8",
}


@dataclass
class Fault:
    """One misbehaviour, used once (then the route answers normally).

    kind: "status" (answer `status`, with `retry_after` if set), "delay" (sleep `seconds`
    before answering), "truncate" (cut the body in half), "html" (an HTML error page with 200),
    "redirect" (302 to `location`), "huge" (stream `size` bytes without a Content-Length),
    "moved" (301 with an empty body, to `location` when set: We Work Remotely's answer for a
    category that does not exist).
    """

    kind: str
    status: int = 500
    retry_after: str | None = None
    seconds: float = 0.0
    location: str = ""
    size: int = 0


@dataclass
class Route:
    body: bytes
    content_type: str = "application/json"
    etag: str | None = None
    status: int = 200
    faults: list[Fault] = field(default_factory=list)
    delay: float = 0.0
    # Set when a request reaches the route; a `gate` holds the answer until a test opens it.
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    gate: asyncio.Event | None = None


@dataclass
class JobBoard:
    """Register routes, start it, and point sources at `url`."""

    routes: dict[str, Route] = field(default_factory=dict)
    robots: str = "User-agent: *\nDisallow: /private/\n"
    robots_status: int = 200
    hits: list[str] = field(default_factory=list)
    headers_seen: list[dict[str, str]] = field(default_factory=list)
    host: str = "127.0.0.1"
    port: int = 0
    _runner: web.AppRunner | None = None
    _sites: list[web.TCPSite] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def add(
        self,
        path: str,
        body: bytes | str,
        content_type: str = "application/json",
        *,
        etag: bool = False,
        status: int = 200,
        delay: float = 0.0,
    ) -> Route:
        raw = body.encode() if isinstance(body, str) else body
        tag = f'"{hashlib.sha1(raw, usedforsecurity=False).hexdigest()[:16]}"' if etag else None
        route = Route(raw, content_type, tag, status, delay=delay)
        self.routes[path] = route
        return route

    def add_fixture(self, path: str, name: str, *, etag: bool = False, **replace: str) -> Route:
        text = (FIXTURES / name).read_text(encoding="utf-8")
        for old, new in replace.items():
            text = text.replace("{" + old + "}", new)
        return self.add(path, text, CONTENT_TYPES[Path(name).suffix], etag=etag)

    def fail(self, path: str, *faults: Fault) -> None:
        self.routes[path].faults.extend(faults)

    def count(self, path: str) -> int:
        return sum(1 for hit in self.hits if hit == path or hit.split("?", 1)[0] == path)

    async def start(self, extra_hosts: list[str] | None = None) -> None:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self._sites.append(site)
        server = site._server
        assert server is not None
        assert hasattr(server, "sockets")
        self.port = server.sockets[0].getsockname()[1]
        for host in extra_hosts or []:
            extra = web.TCPSite(self._runner, host, self.port)
            await extra.start()
            self._sites.append(extra)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        target = request.path_qs
        self.hits.append(target)
        self.headers_seen.append(dict(request.headers))
        if request.path == "/robots.txt":
            return web.Response(text=self.robots, status=self.robots_status)
        route = self.routes.get(target) or self.routes.get(request.path)
        if route is None:
            return web.Response(status=404, text='{"error": "not found"}')
        route.arrived.set()
        if route.gate is not None:
            await route.gate.wait()
        if route.delay:
            await asyncio.sleep(route.delay)
        if route.faults:
            answered = await self._fault(request, route, route.faults.pop(0))
            if answered is not None:
                return answered
        if route.etag and request.headers.get("If-None-Match") == route.etag:
            return web.Response(status=304, headers={"ETag": route.etag})
        headers = {"ETag": route.etag} if route.etag else {}
        if "gzip" in request.headers.get("Accept-Encoding", "") and len(route.body) > 512:
            headers["Content-Encoding"] = "gzip"
            body = gzip.compress(route.body)
        else:
            body = route.body
        return web.Response(
            body=body,
            status=route.status,
            content_type=route.content_type.split(";")[0],
            headers=headers,
        )

    @staticmethod
    def _canned(route: Route, fault: Fault) -> web.StreamResponse:
        if fault.kind == "status":
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            return web.Response(status=fault.status, text="busy", headers=headers)
        if fault.kind == "truncate":
            return web.Response(
                body=route.body[: len(route.body) // 2], content_type="application/json"
            )
        if fault.kind == "html":
            page = "<!doctype html><html><body><h1>Service unavailable</h1></body></html>"
            return web.Response(text=page, content_type="text/html")
        raise AssertionError(f"unknown fault {fault.kind}")

    @staticmethod
    def _redirect(fault: Fault) -> web.StreamResponse:
        if fault.kind == "redirect":
            raise web.HTTPFound(fault.location)
        headers = {"Location": fault.location} if fault.location else {}
        return web.Response(status=301, body=b"", headers=headers)

    async def _fault(
        self, request: web.Request, route: Route, fault: Fault
    ) -> web.StreamResponse | None:
        if fault.kind == "delay":
            await asyncio.sleep(fault.seconds)
            return None
        if fault.kind in {"status", "truncate", "html"}:
            return self._canned(route, fault)
        if fault.kind in {"redirect", "moved"}:
            return self._redirect(fault)
        if fault.kind == "huge":
            response = web.StreamResponse(headers={"Content-Type": "application/json"})
            response.enable_chunked_encoding()
            await response.prepare(request)
            chunk = b"[" + b" " * 65534 + b"\n"
            sent = 0
            try:
                while sent < fault.size:
                    await response.write(chunk)
                    sent += len(chunk)
            except (ConnectionResetError, RuntimeError):
                return response
            await response.write_eof()
            return response
        raise AssertionError(f"unknown fault {fault.kind}")
