"""Application commands as the bot synced them, and invocations checked against them.

Discord only delivers invocations that fit a command's synced schema, so the emulator builds
each slash-command interaction from the stored definition: the command's real id, its option
types, subcommand nesting, choices and ranges. An invocation that Discord's client would not
let a user send (an unknown command or option, a missing required option, a value out of
range) raises InvocationError instead of reaching the bot.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from discord_emulator.command_rules import check_definitions
from discord_emulator.models import JSON

SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = (
    3,
    4,
    5,
    6,
    7,
    8,
    9,
    10,
    11,
)


__all__ = ["CommandRegistry", "InvocationError", "SyncedCommand", "check_definitions"]


class InvocationError(ValueError):
    """An invocation Discord would never send: unknown command/option, bad value, no access."""


@dataclass
class SyncedCommand:
    """One command as stored after a bulk overwrite (`data` is what GET returns)."""

    id: int
    name: str
    type: int
    guild_id: int | None
    data: JSON

    @property
    def options(self) -> list[JSON]:
        """The top-level option schema."""
        return list(self.data.get("options") or [])

    @property
    def default_member_permissions(self) -> int | None:
        """Permissions a member needs to see the command, or None for everyone."""
        value = self.data.get("default_member_permissions")
        return None if value is None else int(value)


def leaf_schema(
    command: SyncedCommand, subcommand: str | tuple[str, str] | None
) -> tuple[list[JSON], list[tuple[int, str]]]:
    """The option schema of the invoked (sub)command, and the wrapping path of (type, name)."""
    options = command.options
    has_subs = any(o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in options)
    if subcommand is None:
        if has_subs:
            raise InvocationError(f"/{command.name} needs a subcommand")
        return options, []
    names = (subcommand,) if isinstance(subcommand, str) else subcommand
    path: list[tuple[int, str]] = []
    current = options
    for depth, name in enumerate(names):
        kind = SUB_COMMAND if depth == len(names) - 1 else SUB_COMMAND_GROUP
        found = next((o for o in current if o.get("type") == kind and o.get("name") == name), None)
        if found is None:
            raise InvocationError(f"/{command.name} has no subcommand {' '.join(names)!r}")
        path.append((kind, name))
        current = list(found.get("options") or [])
    return current, path


def check_value(schema: JSON, value: Any) -> Any:
    """The option value as Discord sends it, or InvocationError if it breaks the schema."""
    name, kind = schema["name"], schema["type"]
    if kind == STRING:
        if not isinstance(value, str):
            raise InvocationError(f"option {name!r} takes text, not {value!r}")
        if not schema.get("min_length", 0) <= len(value) <= schema.get("max_length", 6000):
            raise InvocationError(f"option {name!r} has a length outside its range")
    elif kind == INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvocationError(f"option {name!r} takes a whole number, not {value!r}")
    elif kind == NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvocationError(f"option {name!r} takes a number, not {value!r}")
    elif kind == BOOLEAN and not isinstance(value, bool):
        raise InvocationError(f"option {name!r} takes true or false, not {value!r}")
    if kind in (INTEGER, NUMBER):
        low, high = schema.get("min_value"), schema.get("max_value")
        if (low is not None and value < low) or (high is not None and value > high):
            raise InvocationError(f"option {name!r} must be within [{low}, {high}]")
    choices = schema.get("choices")
    if choices and value not in [c["value"] for c in choices]:
        raise InvocationError(f"option {name!r} must be one of its choices, not {value!r}")
    return value


def wrap_options(leaf: list[JSON], path: list[tuple[int, str]]) -> list[JSON]:
    """Nest leaf options inside their subcommand (and group) as Discord sends them."""
    options = leaf
    for kind, name in reversed(path):
        options = [{"type": kind, "name": name, "options": options}]
    return options


def order_given(schema: list[JSON], given: Mapping[str, Any]) -> list[JSON]:
    """The schema entries for the given options, refusing unknown ones and missing required."""
    known = {o["name"]: o for o in schema}
    for name in given:
        if name not in known:
            raise InvocationError(f"unknown option {name!r}")
    for option in schema:
        if option.get("required") and option["name"] not in given:
            raise InvocationError(f"missing required option {option['name']!r}")
    return [o for o in schema if o["name"] in given]


class CommandRegistry:
    """Global and per-guild commands, replaced wholesale by each bulk overwrite (PUT)."""

    def __init__(self, application_id: int, next_id: Callable[[], int]) -> None:
        self.application_id = application_id
        self._next_id = next_id
        self._scopes: dict[int | None, dict[tuple[str, int], SyncedCommand]] = {}
        self.sync_count = 0

    def overwrite(self, guild_id: int | None, definitions: list[JSON]) -> list[JSON]:
        """Replace a scope's commands; a command keeps its id when its name and type survive."""
        old = self._scopes.get(guild_id, {})
        fresh: dict[tuple[str, int], SyncedCommand] = {}
        for definition in definitions:
            kind = int(definition.get("type", 1))
            key = (str(definition["name"]), kind)
            previous = old.get(key)
            command_id = previous.id if previous is not None else self._next_id()
            data = dict(definition)
            permissions = data.get("default_member_permissions")
            data.update(
                {
                    "id": str(command_id),
                    "application_id": str(self.application_id),
                    "version": str(self._next_id()),
                    "type": kind,
                    "description": data.get("description", ""),
                    "options": list(data.get("options") or []),
                    "default_member_permissions": None if permissions is None else str(permissions),
                    "dm_permission": data.get("dm_permission", True) if guild_id is None else None,
                    "nsfw": bool(data.get("nsfw", False)),
                    "contexts": data.get("contexts")
                    or ([0] if guild_id is not None else [0, 1, 2]),
                    "integration_types": data.get("integration_types") or [0],
                }
            )
            if guild_id is not None:
                data["guild_id"] = str(guild_id)
            fresh[key] = SyncedCommand(
                id=command_id, name=key[0], type=kind, guild_id=guild_id, data=data
            )
        self._scopes[guild_id] = fresh
        self.sync_count += 1
        return [c.data for c in fresh.values()]

    def listing(self, guild_id: int | None) -> list[JSON]:
        """GET .../commands: the scope's commands as synced."""
        return [c.data for c in self._scopes.get(guild_id, {}).values()]

    def synced(self, guild_id: int | None) -> list[SyncedCommand]:
        """The scope's commands as records."""
        return list(self._scopes.get(guild_id, {}).values())

    def has_synced(self, guild_id: int | None) -> bool:
        """Whether the bot has ever overwritten this scope."""
        return guild_id in self._scopes

    def find(self, name: str, guild_id: int | None, kind: int = 1) -> SyncedCommand | None:
        """The command a user in this guild (or DM) would run: guild scope first, then global."""
        if guild_id is not None:
            found = self._scopes.get(guild_id, {}).get((name, kind))
            if found is not None:
                return found
        return self._scopes.get(None, {}).get((name, kind))
