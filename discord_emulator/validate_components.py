"""Discord's limits for message components and modal fields: rows, buttons (labels, custom
ids, link URLs), select menus and their options, and text inputs.

A sixth row, an 81-character label or a link button whose URL holds a raw space all make
Discord refuse the whole message with 50035, so the emulator refuses them the same way.
"""

from __future__ import annotations

from discord_emulator.form_errors import (
    FormErrors,
    Path,
    check_url,
    int_between,
    is_list,
    is_object,
    length_between,
    max_len,
)
from discord_emulator.models import JSON

MAX_ROWS = 5
MAX_V2_COMPONENTS = 40
ROW, BUTTON, STRING_SELECT, TEXT_INPUT, TEXT_DISPLAY, LABEL = 1, 2, 3, 4, 10, 18
SELECTS = (3, 5, 6, 7, 8)
LINK, PREMIUM = 5, 6
MAX_BUTTON_URL = 512
CUSTOM_ID = 100
TEXT_INPUT_MAX = 4000


def _custom_id(errors: FormErrors, path: Path, value: object, seen: set[str]) -> None:
    length_between(errors, (*path, "custom_id"), value, 1, CUSTOM_ID)
    if isinstance(value, str):
        if value in seen:
            errors.add(
                (*path, "custom_id"),
                "COMPONENT_CUSTOM_ID_DUPLICATED",
                "Component custom id cannot be duplicated",
            )
        seen.add(value)


def check_button(errors: FormErrors, path: Path, button: JSON, seen: set[str]) -> None:
    """A button: a style, a label or emoji, and either a custom_id or (link style) a URL."""
    style = button.get("style")
    if style not in (1, 2, 3, 4, LINK, PREMIUM):
        errors.add(
            (*path, "style"), "BASE_TYPE_CHOICES", f"Value must be one of (1..6), got {style}"
        )
    max_len(errors, (*path, "label"), button.get("label"), 80)
    if style != PREMIUM and not button.get("label") and not button.get("emoji"):
        errors.add(
            (*path, "label"), "BUTTON_COMPONENT_LABEL_REQUIRED", "A label or emoji is needed"
        )
    if style == LINK:
        check_url(
            errors,
            (*path, "url"),
            button.get("url"),
            MAX_BUTTON_URL,
            ("http", "https", "discord"),
            required=True,
        )
        if button.get("custom_id") is not None:
            errors.add(
                (*path, "custom_id"),
                "BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED",
                "A link button cannot have a custom id",
            )
    elif style == PREMIUM:
        if not button.get("sku_id"):
            errors.add((*path, "sku_id"), "BASE_TYPE_REQUIRED", "This field is required")
    else:
        _custom_id(errors, path, button.get("custom_id"), seen)
        if button.get("url") is not None:
            errors.add(
                (*path, "url"), "BUTTON_COMPONENT_URL_NOT_ALLOWED", "Only link buttons have a URL"
            )


def check_select(errors: FormErrors, path: Path, select: JSON, seen: set[str]) -> None:
    """A select menu: custom id, placeholder, value range and (string selects) its options."""
    _custom_id(errors, path, select.get("custom_id"), seen)
    max_len(errors, (*path, "placeholder"), select.get("placeholder"), 150)
    low = int_between(errors, (*path, "min_values"), select.get("min_values", 1), 0, 25)
    high = int_between(errors, (*path, "max_values"), select.get("max_values", 1), 1, 25)
    if low is not None and high is not None and low > high:
        errors.add(
            (*path, "min_values"),
            "SELECT_COMPONENT_MIN_VALUES_TOO_LARGE",
            "min_values cannot be more than max_values",
        )
    if select.get("type") != STRING_SELECT:
        return
    options = is_list(errors, (*path, "options"), select.get("options"))
    if not 1 <= len(options) <= 25:
        errors.add(
            (*path, "options"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 25 in length."
        )
    if high is not None and options and high > len(options):
        errors.add(
            (*path, "max_values"),
            "SELECT_COMPONENT_MAX_VALUES_TOO_LARGE",
            "max_values cannot be more than the number of options",
        )
    values: set[str] = set()
    for index, raw in enumerate(options):
        at = (*path, "options", str(index))
        option = is_object(errors, at, raw)
        length_between(errors, (*at, "label"), option.get("label"), 1, 100)
        length_between(errors, (*at, "value"), option.get("value"), 1, 100)
        max_len(errors, (*at, "description"), option.get("description"), 100)
        value = option.get("value")
        if isinstance(value, str):
            if value in values:
                errors.add(
                    (*at, "value"),
                    "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED",
                    "Select menu option values must be unique",
                )
            values.add(value)


def check_rows(errors: FormErrors, value: object) -> None:
    """A message's legacy components: at most 5 rows, each 1-5 buttons or one select."""
    rows = is_list(errors, ("components",), value)
    if len(rows) > MAX_ROWS:
        errors.add(("components",), "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")
    seen: set[str] = set()
    for row_index, raw in enumerate(rows):
        path = ("components", str(row_index))
        row = is_object(errors, path, raw)
        if row.get("type") != ROW:
            errors.add((*path, "type"), "UNION_TYPE_CHOICES", "Top-level components must be rows")
            continue
        children = is_list(errors, (*path, "components"), row.get("components"))
        selects = [c for c in children if isinstance(c, dict) and c.get("type") in SELECTS]
        if not children or len(children) > 5 or (selects and len(children) > 1):
            errors.add(
                (*path, "components"),
                "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                "A row holds 1-5 buttons or exactly one select menu",
            )
        for index, child_raw in enumerate(children):
            at = (*path, "components", str(index))
            child = is_object(errors, at, child_raw)
            if child.get("type") == BUTTON:
                check_button(errors, at, child, seen)
            elif child.get("type") in SELECTS:
                check_select(errors, at, child, seen)
            else:
                errors.add((*at, "type"), "COMPONENT_TYPE_INVALID", "Not allowed in a message")


def count_components(components: list[JSON]) -> int:
    """Every component of a components-v2 message, nested ones included."""
    count = 0
    for component in components:
        count += 1
        nested = component.get("components")
        if isinstance(nested, list):
            count += count_components(nested)
        accessory = component.get("accessory")
        if isinstance(accessory, dict):
            count += 1
    return count


def check_text_input(
    errors: FormErrors, path: Path, field: JSON, seen: set[str], *, labelled: bool
) -> None:
    """A modal text input: style, label (unless inside a label component), length range,
    placeholder, and a pre-filled value no longer than its own max_length."""
    _custom_id(errors, path, field.get("custom_id"), seen)
    if field.get("style") not in (1, 2):
        errors.add((*path, "style"), "BASE_TYPE_CHOICES", "Value must be one of (1, 2).")
    if not labelled:
        length_between(errors, (*path, "label"), field.get("label"), 1, 45)
    low = int_between(errors, (*path, "min_length"), field.get("min_length"), 0, TEXT_INPUT_MAX)
    high = int_between(errors, (*path, "max_length"), field.get("max_length"), 1, TEXT_INPUT_MAX)
    if low is not None and high is not None and low > high:
        errors.add(
            (*path, "min_length"),
            "TEXT_INPUT_MIN_LENGTH_TOO_LARGE",
            "min_length cannot be more than max_length",
        )
    max_len(errors, (*path, "placeholder"), field.get("placeholder"), 100)
    max_len(errors, (*path, "value"), field.get("value"), high or TEXT_INPUT_MAX)
    if field.get("required") is not None and not isinstance(field.get("required"), bool):
        errors.add((*path, "required"), "BASE_TYPE_BOOLEAN", "Must be either true or false.")
