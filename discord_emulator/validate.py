"""Discord's size and shape rules for what a bot sends: messages, modals, autocomplete choices
and interaction callbacks.

A bot that renders a 2,001-character reply, a 6,001-character set of embeds or a link with a
raw space works in a unit test and fails on Discord with 400 "Invalid Form Body" (code 50035).
The emulator applies Discord's documented limits and answers with the same nested `errors`
structure, so such bugs surface in tests. Embeds live in `validate_embeds`, components and
modal fields in `validate_components`, command definitions in `command_rules`.
"""

from __future__ import annotations

from discord_emulator.form_errors import (
    FormErrors,
    is_list,
    is_object,
    length_between,
    max_len,
)
from discord_emulator.models import COMPONENTS_V2_FLAG, JSON
from discord_emulator.validate_components import (
    LABEL,
    MAX_V2_COMPONENTS,
    ROW,
    SELECTS,
    TEXT_DISPLAY,
    TEXT_INPUT,
    check_rows,
    check_select,
    check_text_input,
    count_components,
)
from discord_emulator.validate_embeds import check_embeds

__all__ = [
    "FormErrors",
    "check_callback",
    "check_choices",
    "check_message",
    "check_modal",
]

MAX_CONTENT = 2000
MENTION_KINDS = ("roles", "users", "everyone")
CALLBACK_TYPES = (1, 4, 5, 6, 7, 8, 9, 10, 12)


def _check_mentions(errors: FormErrors, value: object) -> None:
    if value is None:
        return
    mentions = is_object(errors, ("allowed_mentions",), value)
    parse = is_list(errors, ("allowed_mentions", "parse"), mentions.get("parse"))
    for index, kind in enumerate(parse):
        if kind not in MENTION_KINDS:
            errors.add(
                ("allowed_mentions", "parse", str(index)),
                "BASE_TYPE_CHOICES",
                f"Value must be one of {MENTION_KINDS}.",
            )
    for kind in ("users", "roles"):
        ids = is_list(errors, ("allowed_mentions", kind), mentions.get(kind))
        if len(ids) > 100:
            errors.add(("allowed_mentions", kind), "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer.")
        for index, raw in enumerate(ids):
            if not str(raw).isdigit():
                errors.add(
                    ("allowed_mentions", kind, str(index)),
                    "NUMBER_TYPE_COERCE",
                    f"Value {raw!r} is not snowflake.",
                )
        if kind in parse and ids:
            errors.add(
                ("allowed_mentions",),
                "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                f'parse:["{kind}"] and {kind}: [ids] are mutually exclusive.',
            )
    replied = mentions.get("replied_user")
    if replied is not None and not isinstance(replied, bool):
        errors.add(
            ("allowed_mentions", "replied_user"), "BASE_TYPE_BOOLEAN", "Must be true or false."
        )


def check_message(fields: JSON, *, file_count: int, creating: bool) -> FormErrors:
    """Problems with a message body (create when `creating`, otherwise a partial edit)."""
    errors = FormErrors()
    content = fields.get("content")
    max_len(errors, ("content",), content, MAX_CONTENT)
    embeds = check_embeds(errors, fields.get("embeds"))
    components = is_list(errors, ("components",), fields.get("components"))
    if int(fields.get("flags") or 0) & COMPONENTS_V2_FLAG:
        if content or embeds:
            errors.add(
                ("content",),
                "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
                "content and embeds cannot be used with components v2",
            )
        if count_components(components) > MAX_V2_COMPONENTS:
            errors.add(("components",), "BASE_TYPE_MAX_LENGTH", "Must be 40 or fewer in total.")
    else:
        check_rows(errors, components)
    _check_mentions(errors, fields.get("allowed_mentions"))
    if creating and not errors and not (content or embeds or components or file_count):
        errors.refuse(50006, "Cannot send an empty message")
    return errors


def check_modal(data: JSON) -> FormErrors:
    """Problems with a modal (interaction callback type 9), paths under `data`."""
    errors = FormErrors()
    length_between(errors, ("data", "custom_id"), data.get("custom_id"), 1, 100)
    length_between(errors, ("data", "title"), data.get("title"), 1, 45)
    components = is_list(errors, ("data", "components"), data.get("components"))
    if not 1 <= len(components) <= 5:
        errors.add(
            ("data", "components"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length."
        )
    seen: set[str] = set()
    for index, raw in enumerate(components):
        path: tuple[str, ...] = ("data", "components", str(index))
        component = is_object(errors, path, raw)
        kind = component.get("type")
        if kind == ROW:
            children = is_list(errors, (*path, "components"), component.get("components"))
            if len(children) != 1:
                errors.add(
                    (*path, "components"),
                    "BASE_TYPE_BAD_LENGTH",
                    "A modal row holds exactly one text input",
                )
            for inner, child_raw in enumerate(children):
                at = (*path, "components", str(inner))
                child = is_object(errors, at, child_raw)
                if child.get("type") != TEXT_INPUT:
                    errors.add((*at, "type"), "COMPONENT_TYPE_INVALID", "Not allowed in a modal")
                    continue
                check_text_input(errors, at, child, seen, labelled=False)
        elif kind == LABEL:
            length_between(errors, (*path, "label"), component.get("label"), 1, 45)
            max_len(errors, (*path, "description"), component.get("description"), 100)
            at = (*path, "component")
            child = is_object(errors, at, component.get("component"))
            if child.get("type") == TEXT_INPUT:
                check_text_input(errors, at, child, seen, labelled=True)
            elif child.get("type") in SELECTS:
                check_select(errors, at, child, seen)
            else:
                errors.add((*at, "type"), "COMPONENT_TYPE_INVALID", "Not allowed in a label")
        elif kind == TEXT_DISPLAY:
            length_between(errors, (*path, "content"), component.get("content"), 1, 4000)
        else:
            errors.add((*path, "type"), "COMPONENT_TYPE_INVALID", "Not allowed in a modal")
    return errors


def check_choices(data: JSON) -> FormErrors:
    """Problems with autocomplete choices (interaction callback type 8)."""
    errors = FormErrors()
    choices = is_list(errors, ("data", "choices"), data.get("choices"))
    if len(choices) > 25:
        errors.add(("data", "choices"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    for index, raw in enumerate(choices):
        path = ("data", "choices", str(index))
        choice = is_object(errors, path, raw)
        length_between(errors, (*path, "name"), choice.get("name"), 1, 100)
        value = choice.get("value")
        if isinstance(value, str):
            length_between(errors, (*path, "value"), value, 1, 100)
        elif isinstance(value, bool) or not isinstance(value, int | float):
            errors.add((*path, "value"), "BASE_TYPE_REQUIRED", "A string or number is required")
    return errors


def check_callback(body: JSON) -> FormErrors:
    """The envelope of an interaction callback: a known type and, when present, object data."""
    errors = FormErrors()
    kind = body.get("type")
    if isinstance(kind, bool) or kind not in CALLBACK_TYPES:
        errors.add(("type",), "BASE_TYPE_CHOICES", f"Value must be one of {CALLBACK_TYPES}.")
    data = body.get("data")
    if data is not None and not isinstance(data, dict):
        errors.add(("data",), "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
    return errors
