"""Responses in Discord's format, including the Content-Type detail discord.py depends on.

discord.py parses a body as JSON only when Content-Type is exactly `application/json`;
aiohttp's `json_response` appends `; charset=utf-8`, after which the client would see a string
and fail far away. Every JSON answer therefore goes through `json_response` here.
"""

from __future__ import annotations

import json
import re
from typing import Any

from aiohttp import BodyPartReader, web

from discord_emulator.bodies import Body, Upload
from discord_emulator.models import JSON

_FILE_FIELD = re.compile(r"^files\[(\d+)\]$")


def json_response(
    data: Any, *, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    """A JSON response with Content-Type exactly `application/json`."""
    response = web.Response(
        body=json.dumps(data, separators=(",", ":")).encode(), status=status, headers=headers
    )
    response.headers["Content-Type"] = "application/json"
    return response


def error(status: int, code: int, message: str, **extra: Any) -> web.Response:
    """Discord's error body {"message", "code"} with the given HTTP status."""
    return json_response({"message": message, "code": code, **extra}, status=status)


def no_content() -> web.Response:
    """204 No Content, as Discord answers deletions."""
    return web.Response(status=204)


def unknown(what: str, code: int) -> web.Response:
    """404 for a missing object, e.g. unknown("Channel", 10003)."""
    return error(404, code, f"Unknown {what}")


MISSING_PERMISSIONS = (403, 50013, "Missing Permissions")
MISSING_ACCESS = (403, 50001, "Missing Access")
CANNOT_DM = (403, 50007, "Cannot send messages to this user")


def refuse(triple: tuple[int, int, str]) -> web.Response:
    """An error from one of the (status, code, message) constants above."""
    status, code, message = triple
    return error(status, code, message)


class BadBody(ValueError):
    """The request body is not valid JSON / multipart."""


async def read_json(request: web.Request) -> Any:
    """The JSON body, or BadBody."""
    try:
        return await request.json(loads=json.loads)
    except ValueError as exc:
        raise BadBody(str(exc)) from exc


async def read_body(request: web.Request) -> Body:
    """A message body from JSON or multipart/form-data (`payload_json` + `files[n]`)."""
    if not request.content_type.startswith("multipart/"):
        if not request.can_read_body:
            return Body(fields={})
        data = await read_json(request)
        if not isinstance(data, dict):
            raise BadBody("expected a JSON object")
        return Body(fields=data)
    fields: JSON = {}
    uploads: list[Upload] = []
    reader = await request.multipart()
    while True:
        part = await reader.next()
        if part is None:
            break
        if not isinstance(part, BodyPartReader):
            continue
        raw = await part.read(decode=False)
        match = _FILE_FIELD.match(part.name or "")
        if part.name == "payload_json":
            try:
                parsed = json.loads(raw)
            except ValueError as exc:
                raise BadBody(str(exc)) from exc
            if not isinstance(parsed, dict):
                raise BadBody("payload_json must be an object")
            fields = parsed
        elif match:
            uploads.append(
                Upload(
                    index=int(match.group(1)),
                    filename=part.filename or f"file{match.group(1)}",
                    data=bytes(raw),
                    content_type=part.headers.get("Content-Type"),
                )
            )
    return Body(fields=fields, uploads=uploads)
