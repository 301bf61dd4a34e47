"""REST routes for application commands: bulk overwrite (what `tree.sync()` sends) and reads."""

from __future__ import annotations

from aiohttp import web

from discord_emulator.commands import check_definitions
from discord_emulator.context import Services, services
from discord_emulator.responses import BadBody, error, json_response, read_json, unknown


def _scope(svc: Services, request: web.Request) -> tuple[int | None, web.Response | None]:
    if request.match_info["application_id"] != str(svc.world.application_id):
        return None, error(403, 50001, "Missing Access")
    raw = request.match_info.get("guild_id")
    if raw is None:
        return None, None
    guild_id = int(raw) if raw.isdigit() else 0
    if guild_id not in svc.world.guilds:
        return None, error(403, 50001, "Missing Access")
    return guild_id, None


async def overwrite_commands(request: web.Request) -> web.Response:
    """PUT .../commands: replace every command of the scope and return them with ids."""
    svc = services(request)
    guild_id, refused = _scope(svc, request)
    if refused is not None:
        return refused
    try:
        body = await read_json(request)
    except BadBody:
        return error(400, 50109, "The request body contains invalid JSON.")
    if not isinstance(body, list):
        return error(400, 50035, "Invalid Form Body")

    problems = check_definitions(body)
    if problems:
        svc.interactions.fail("invalid_body", f"command sync: {problems.summary()}")
        return json_response(problems.as_json(), status=400)
    synced = svc.commands.overwrite(guild_id, body)
    svc.world.changed.notify()
    return json_response(synced)


async def list_commands(request: web.Request) -> web.Response:
    """GET .../commands: the scope's commands as synced."""
    svc = services(request)
    guild_id, refused = _scope(svc, request)
    if refused is not None:
        return refused
    return json_response(svc.commands.listing(guild_id))


async def get_command(request: web.Request) -> web.Response:
    """GET .../commands/{command_id}."""
    svc = services(request)
    guild_id, refused = _scope(svc, request)
    if refused is not None:
        return refused
    wanted = request.match_info["command_id"]
    for data in svc.commands.listing(guild_id):
        if data["id"] == wanted:
            return json_response(data)
    return unknown("application command", 10063)


def routes(prefix: str) -> list[web.RouteDef]:
    """The routes of this module under the API prefix."""
    app = f"{prefix}/applications/{{application_id}}"
    return [
        web.put(f"{app}/commands", overwrite_commands),
        web.get(f"{app}/commands", list_commands),
        web.get(f"{app}/commands/{{command_id}}", get_command),
        web.put(f"{app}/guilds/{{guild_id}}/commands", overwrite_commands),
        web.get(f"{app}/guilds/{{guild_id}}/commands", list_commands),
        web.get(f"{app}/guilds/{{guild_id}}/commands/{{command_id}}", get_command),
    ]
