"""The aiohttp application: routing, and the middleware that behaves like Discord's edge.

Before a handler runs, the middleware applies what Discord applies to every request: injected
latency or errors (when tests ask for them), bot-token authentication, and rate limits; after
it, it adds the bucket headers and counts the request. Unknown routes get Discord's JSON 404.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable

from aiohttp import web

from discord_emulator import rest_basics, rest_commands, rest_interactions, rest_messages
from discord_emulator.context import SERVICES, Services, services
from discord_emulator.ratelimits import Decision, retry_after_header
from discord_emulator.responses import error, json_response

log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def route_key(request: web.Request) -> str:
    """ "METHOD /template" for a matched route (e.g. "POST /channels/{channel_id}/messages")."""
    resource = request.match_info.route.resource
    if resource is None:
        return f"{request.method} <unknown>"
    template = resource.canonical
    if template.startswith(API_PREFIX):
        template = template[len(API_PREFIX) :]
    return f"{request.method} {template}"


def _major(request: web.Request) -> str:
    info = request.match_info
    for name in ("channel_id", "guild_id"):
        if name in info:
            return info[name]
    if "webhook_id" in info:
        return f"{info['webhook_id']}/{info.get('webhook_token', '')}"
    if "interaction_id" in info:
        # Each interaction's callback is its own bucket, as on Discord.
        return f"{info['interaction_id']}/{info.get('token', '')}"
    return ""


def _exempt_from_auth(path: str) -> bool:
    return path.startswith((f"{API_PREFIX}/interactions/", f"{API_PREFIX}/webhooks/"))


@web.middleware
async def discord_edge(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Faults, auth, rate limits and counters around every REST request."""
    svc = services(request)
    key = route_key(request)
    path = request.path
    if not path.startswith(API_PREFIX):
        return await handler(request)
    response = await _answer(request, handler, svc, key, path)
    svc.stats.record(request.method, path, key, response.status)
    return response


def _unmatched(request: web.Request) -> web.Response:
    refused = request.match_info.http_exception
    status = refused.status if refused is not None else 404
    reason = refused.reason if refused is not None else "Not Found"
    return error(status, 0, f"{status}: {reason}")


def _rate_limited(svc: Services, decision: Decision) -> web.Response:
    assert decision.retry_after is not None
    svc.stats.rate_limited += 1
    if decision.is_global:
        svc.stats.global_rate_limited += 1
    headers = {
        **decision.headers,
        "Via": "1.1 google",
        "Retry-After": retry_after_header(decision.retry_after),
    }
    body = {
        "message": "You are being rate limited.",
        # Rounded up: a client that woke a hair early would only be refused again.
        "retry_after": math.ceil(decision.retry_after * 1000) / 1000,
        "global": decision.is_global,
    }
    return json_response(body, status=429, headers=headers)


def _gatekeep(
    request: web.Request, svc: Services, key: str, path: str
) -> tuple[web.Response | None, Decision]:
    """Discord's edge checks in order: route exists, token, rate limits, injected errors."""
    if request.match_info.route.resource is None:
        return _unmatched(request), Decision()
    exempt = _exempt_from_auth(path)
    token: str | None = None
    if not exempt:
        if request.headers.get("Authorization", "") != f"Bot {svc.bot_token}":
            return error(401, 0, "401: Unauthorized"), Decision()
        token = svc.bot_token
    decision = svc.limiter.check(key, _major(request), token=token, global_exempt=exempt)
    if decision.retry_after is not None:
        return _rate_limited(svc, decision), decision
    injected = svc.faults.pick_error(key, path)
    if injected is not None:
        svc.stats.injected_errors += 1
        return error(injected, 0, f"{injected}: injected by the emulator"), decision
    return None, decision


async def _answer(
    request: web.Request, handler: Handler, svc: Services, key: str, path: str
) -> web.StreamResponse:
    faults = svc.faults
    if faults.latency_ms > 0 and faults.applies(key, path):
        await asyncio.sleep(faults.latency_ms / 1000)
    refused, decision = _gatekeep(request, svc, key, path)
    if refused is not None:
        return refused
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        return error(exc.status, 0, f"{exc.status}: {exc.reason}")
    except Exception as exc:
        log.exception("emulator handler failed for %s", key)
        svc.interactions.fail("server_error", f"{key}: {exc!r}")
        return error(500, 0, "500: Internal Server Error")
    for name, value in decision.headers.items():
        response.headers[name] = value
    return response


async def serve_attachment(request: web.Request) -> web.StreamResponse:
    """The CDN stand-in: attachment URLs in messages point here."""
    svc = services(request)
    attachment = svc.world.attachments.get(int(request.match_info["attachment_id"]))
    if attachment is None:
        raise web.HTTPNotFound()
    return web.Response(body=attachment.data, content_type=attachment.content_type)


def build_app(svc: Services) -> web.Application:
    """The emulator's aiohttp application with every route registered."""
    app = web.Application(middlewares=[discord_edge], client_max_size=64 * 1024 * 1024)
    app[SERVICES] = svc
    app.router.add_get("/gateway", svc.gateway.handle)
    app.router.add_get("/attachments/{channel_id}/{attachment_id}/{filename}", serve_attachment)
    for module in (rest_basics, rest_messages, rest_commands, rest_interactions):
        app.router.add_routes(module.routes(API_PREFIX))
    return app
