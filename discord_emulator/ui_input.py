"""What a user types or picks: select values and modal fields, checked as Discord's client does.

A select submits only offered values, within its min/max; user, role and channel selects send
`resolved` objects. A modal submit mirrors the modal's layout (action rows of text inputs, or
labels wrapping a component), a field left alone submits its pre-filled value, and Discord's
client refuses empty required fields and texts outside min/max length before anything is sent.
"""

from __future__ import annotations

from collections.abc import Sequence

from discord_emulator import payloads
from discord_emulator.commands import InvocationError
from discord_emulator.models import JSON, Channel
from discord_emulator.state import World


def select_data(
    world: World, component: JSON, values: Sequence[str], channel: Channel, invoker: int
) -> JSON:
    """The `values` (and `resolved`) of a select interaction, or InvocationError."""
    low, high = component.get("min_values", 1), component.get("max_values", 1)
    if not low <= len(values) <= high:
        raise InvocationError(f"choose between {low} and {high} values")
    data: JSON = {"values": list(values)}
    if component["type"] == 3:
        offered = [o["value"] for o in component.get("options") or []]
        for value in values:
            if value not in offered:
                raise InvocationError(f"{value!r} is not an option of that select")
        return data
    resolved: JSON = {}
    for value in values:
        if not str(value).isdigit():
            raise InvocationError(f"{value!r} is not a snowflake id")
        ident = int(value)
        if ident in world.users:
            user = world.users[ident]
            resolved.setdefault("users", {})[value] = payloads.user_payload(user)
        elif channel.guild_id is not None and ident in world.guild(channel.guild_id).roles:
            role = world.guild(channel.guild_id).roles[ident]
            resolved.setdefault("roles", {})[value] = payloads.role_payload(role)
        elif ident in world.channels:
            target = world.channels[ident]
            entry = payloads.channel_payload(target)
            entry["permissions"] = str(world.permissions_in(target.id, invoker))
            resolved.setdefault("channels", {})[value] = entry
        else:
            raise InvocationError(f"{value!r} names no user, role or channel")
    data["resolved"] = resolved
    return data


def fill_modal(component: JSON, values: dict[str, str | Sequence[str]]) -> JSON | None:
    """The submitted form of one modal component; used `values` are popped from the dict."""
    kind = component.get("type")
    if kind == 1:
        inner = [fill_modal(c, values) for c in component.get("components") or []]
        return {"type": 1, "components": [c for c in inner if c is not None]}
    if kind == 18:
        child = fill_modal(component.get("component") or {}, values)
        return {"type": 18, "component": child} if child is not None else None
    custom_id = component.get("custom_id")
    if custom_id is None:
        return None
    given = values.pop(custom_id, None)
    if kind == 4:
        # A field the user leaves alone submits what the bot pre-filled, as Discord's client does.
        text = str(component.get("value") or "") if given is None else str(given)
        required = component.get("required", True)
        if required and not text:
            raise InvocationError(f"field {custom_id!r} is required")
        low, high = component.get("min_length", 0), component.get("max_length", 4000)
        if text and not low <= len(text) <= high:
            raise InvocationError(f"field {custom_id!r} must be {low}-{high} characters")
        return {"type": 4, "custom_id": custom_id, "value": text}
    chosen = [] if given is None else [given] if isinstance(given, str) else list(given)
    return {"type": kind, "custom_id": custom_id, "values": chosen}
