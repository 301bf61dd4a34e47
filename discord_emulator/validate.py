"""Discord's size and shape rules for messages, modals and autocomplete choices.

A bot that renders a 2,001-character reply or a sixth button works in a unit test and fails on
Discord with 400 "Invalid Form Body" (code 50035). The emulator applies the same limits and
answers with the same nested `errors` structure, so such bugs surface in tests. Limits are
Discord's documented ones.
"""

from __future__ import annotations

from typing import Any

from discord_emulator.models import COMPONENTS_V2_FLAG, JSON

MAX_CONTENT = 2000
MAX_EMBEDS = 10
MAX_EMBED_TOTAL = 6000
MAX_ROWS = 5
MAX_V2_COMPONENTS = 40


class FormErrors:
    """Collects problems by field path and renders Discord's nested error object."""

    def __init__(self) -> None:
        self.problems: list[tuple[tuple[str, ...], str, str]] = []
        self.top_level: tuple[int, str] | None = None

    def add(self, path: tuple[str, ...], code: str, message: str) -> None:
        """Record one problem at a field path such as ("embeds", "0", "title")."""
        self.problems.append((path, code, message))

    def refuse(self, code: int, message: str) -> None:
        """Record an error Discord reports with its own code rather than 50035."""
        self.top_level = (code, message)

    def __bool__(self) -> bool:
        return bool(self.problems) or self.top_level is not None

    def as_json(self) -> JSON:
        """{"code": 50035, "message": "Invalid Form Body", "errors": {...}} as Discord sends."""
        if self.top_level is not None:
            return {"code": self.top_level[0], "message": self.top_level[1]}
        tree: dict[str, Any] = {}
        for path, code, message in self.problems:
            node = tree
            for part in path:
                node = node.setdefault(part, {})
            node.setdefault("_errors", []).append({"code": code, "message": message})
        return {"code": 50035, "message": "Invalid Form Body", "errors": tree}

    def summary(self) -> str:
        """One line per problem, for failure records and logs."""
        lines = [f"{'.'.join(p)}: {m}" for p, _, m in self.problems]
        if self.top_level is not None:
            lines.append(self.top_level[1])
        return "; ".join(lines)


def _max_len(
    errors: FormErrors, path: tuple[str, ...], value: object, limit: int, *, required: bool = False
) -> int:
    if value is None or value == "":
        if required:
            errors.add(path, "BASE_TYPE_REQUIRED", "This field is required")
        return 0
    text = str(value)
    if len(text) > limit:
        errors.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")
    return len(text)


def _check_embed(errors: FormErrors, path: tuple[str, ...], embed: JSON) -> int:
    total = _max_len(errors, (*path, "title"), embed.get("title"), 256)
    total += _max_len(errors, (*path, "description"), embed.get("description"), 4096)
    footer = embed.get("footer") or {}
    total += _max_len(errors, (*path, "footer", "text"), footer.get("text"), 2048)
    author = embed.get("author") or {}
    total += _max_len(errors, (*path, "author", "name"), author.get("name"), 256)
    fields = embed.get("fields") or []
    if len(fields) > 25:
        errors.add((*path, "fields"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    for index, item in enumerate(fields):
        at = (*path, "fields", str(index))
        total += _max_len(errors, (*at, "name"), item.get("name"), 256, required=True)
        total += _max_len(errors, (*at, "value"), item.get("value"), 1024, required=True)
    return total


def _check_button(errors: FormErrors, path: tuple[str, ...], button: JSON) -> None:
    style = button.get("style")
    if style not in (1, 2, 3, 4, 5, 6):
        errors.add(
            (*path, "style"), "BASE_TYPE_CHOICES", f"Value must be one of (1..6), got {style}"
        )
    _max_len(errors, (*path, "label"), button.get("label"), 80)
    if style == 5:
        _max_len(errors, (*path, "url"), button.get("url"), 512, required=True)
    elif style != 6:
        _max_len(errors, (*path, "custom_id"), button.get("custom_id"), 100, required=True)


def _check_select(errors: FormErrors, path: tuple[str, ...], select: JSON) -> None:
    _max_len(errors, (*path, "custom_id"), select.get("custom_id"), 100, required=True)
    _max_len(errors, (*path, "placeholder"), select.get("placeholder"), 150)
    low, high = select.get("min_values", 1), select.get("max_values", 1)
    if not 0 <= low <= 25 or not 1 <= high <= 25 or low > high:
        errors.add((*path, "max_values"), "SELECT_COMPONENT_VALUES_INVALID", "Bad value range")
    if select.get("type") == 3:
        options = select.get("options") or []
        if not 1 <= len(options) <= 25:
            errors.add((*path, "options"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 25.")
        for index, option in enumerate(options):
            at = (*path, "options", str(index))
            _max_len(errors, (*at, "label"), option.get("label"), 100, required=True)
            _max_len(errors, (*at, "value"), option.get("value"), 100, required=True)
            _max_len(errors, (*at, "description"), option.get("description"), 100)


def _check_rows(errors: FormErrors, components: list[JSON]) -> None:
    if len(components) > MAX_ROWS:
        errors.add(("components",), "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")
    seen: set[str] = set()
    for row_index, row in enumerate(components):
        path = ("components", str(row_index))
        if row.get("type") != 1:
            errors.add((*path, "type"), "UNION_TYPE_CHOICES", "Top-level components must be rows")
            continue
        children = row.get("components") or []
        selects = [c for c in children if c.get("type") in (3, 5, 6, 7, 8)]
        if not children or len(children) > 5 or (selects and len(children) > 1):
            errors.add(
                (*path, "components"),
                "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                "A row holds 1-5 buttons or exactly one select menu",
            )
        for index, child in enumerate(children):
            at = (*path, "components", str(index))
            if child.get("type") == 2:
                _check_button(errors, at, child)
            elif child.get("type") in (3, 5, 6, 7, 8):
                _check_select(errors, at, child)
            else:
                errors.add((*at, "type"), "COMPONENT_TYPE_INVALID", "Not allowed in a message")
            custom_id = child.get("custom_id")
            if custom_id is not None:
                if custom_id in seen:
                    errors.add((*at, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED", "Duplicate")
                seen.add(custom_id)


def _count_components(components: list[JSON]) -> int:
    count = 0
    for component in components:
        count += 1
        nested = component.get("components")
        if isinstance(nested, list):
            count += _count_components(nested)
        accessory = component.get("accessory")
        if isinstance(accessory, dict):
            count += 1
    return count


def check_message(fields: JSON, *, file_count: int, creating: bool) -> FormErrors:
    """Problems with a message body (create when `creating`, otherwise a partial edit)."""
    errors = FormErrors()
    content = fields.get("content")
    _max_len(errors, ("content",), content, MAX_CONTENT)
    embeds = fields.get("embeds") or []
    if len(embeds) > MAX_EMBEDS:
        errors.add(("embeds",), "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
    total = sum(_check_embed(errors, ("embeds", str(i)), e) for i, e in enumerate(embeds))
    if total > MAX_EMBED_TOTAL:
        errors.add(
            ("embeds",), "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000"
        )
    components = fields.get("components") or []
    if int(fields.get("flags") or 0) & COMPONENTS_V2_FLAG:
        if content or embeds:
            errors.add(
                ("content",),
                "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
                "content and embeds cannot be used with components v2",
            )
        if _count_components(components) > MAX_V2_COMPONENTS:
            errors.add(("components",), "BASE_TYPE_MAX_LENGTH", "Must be 40 or fewer in total.")
    else:
        _check_rows(errors, components)
    mentions = fields.get("allowed_mentions")
    if isinstance(mentions, dict):
        parse = mentions.get("parse") or []
        for kind in ("users", "roles"):
            if kind in parse and mentions.get(kind):
                errors.add(
                    ("allowed_mentions",),
                    "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                    f'parse:["{kind}"] and {kind}: [ids] are mutually exclusive.',
                )
    if creating and not errors and not (content or embeds or components or file_count):
        errors.refuse(50006, "Cannot send an empty message")
    return errors


def _check_modal_child(errors: FormErrors, path: tuple[str, ...], child: JSON) -> None:
    kind = child.get("type")
    _max_len(errors, (*path, "custom_id"), child.get("custom_id"), 100, required=True)
    if kind == 4:
        _max_len(errors, (*path, "value"), child.get("value"), 4000)
        _max_len(errors, (*path, "placeholder"), child.get("placeholder"), 100)
        low, high = child.get("min_length", 0), child.get("max_length", 4000)
        if not 0 <= low <= 4000 or not 1 <= high <= 4000 or low > high:
            errors.add((*path, "max_length"), "BASE_TYPE_BAD_LENGTH", "Bad length range")
    elif kind in (3, 5, 6, 7, 8):
        _check_select(errors, path, child)


def check_modal(data: JSON) -> FormErrors:
    """Problems with a modal (interaction callback type 9), paths under `data`."""
    errors = FormErrors()
    _max_len(errors, ("data", "custom_id"), data.get("custom_id"), 100, required=True)
    _max_len(errors, ("data", "title"), data.get("title"), 45, required=True)
    components = data.get("components") or []
    if not 1 <= len(components) <= 5:
        errors.add(("data", "components"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5.")
    for index, component in enumerate(components):
        path = ("data", "components", str(index))
        if component.get("type") == 1:
            for inner_index, child in enumerate(component.get("components") or []):
                at = (*path, "components", str(inner_index))
                _max_len(errors, (*at, "label"), child.get("label"), 45, required=True)
                _check_modal_child(errors, at, child)
        elif component.get("type") == 18:
            _max_len(errors, (*path, "label"), component.get("label"), 45, required=True)
            _max_len(errors, (*path, "description"), component.get("description"), 100)
            _check_modal_child(errors, (*path, "component"), component.get("component") or {})
    return errors


def check_choices(data: JSON) -> FormErrors:
    """Problems with autocomplete choices (interaction callback type 8)."""
    errors = FormErrors()
    choices = data.get("choices") or []
    if len(choices) > 25:
        errors.add(("data", "choices"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    for index, choice in enumerate(choices):
        path = ("data", "choices", str(index))
        _max_len(errors, (*path, "name"), choice.get("name"), 100, required=True)
        if isinstance(choice.get("value"), str):
            _max_len(errors, (*path, "value"), choice.get("value"), 100)
    return errors
