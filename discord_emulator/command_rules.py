"""Discord's rules for application command definitions (what `tree.sync()` sends).

Names match Discord's pattern (1-32 letters, digits, `-`, `_` or `'`; lower case for slash
commands), descriptions hold 1-100 characters, a level holds at most 25 options and an option
at most 25 choices, string options take min/max_length within 0-6000, and one command's names,
descriptions and choices together hold at most 8,000 characters. A sync that breaks any rule is
refused whole with 50035, as Discord refuses it, so a command the bot cannot register is caught
in tests rather than at a server owner's first start.
"""

from __future__ import annotations

import re

from discord_emulator.form_errors import (
    FormErrors,
    Path,
    int_between,
    is_list,
    is_object,
    length_between,
)
from discord_emulator.models import JSON

NAME_RE = re.compile(r"^[-_'\w]{1,32}$")
CONTEXT_NAME_RE = re.compile(r"^[-_' \w]{1,32}$")
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, NUMBER = 3, 4, 10
OPTION_TYPES = range(1, 12)
CHAT_INPUT = 1
MAX_COMMANDS = 100
MAX_OPTIONS = 25
MAX_CHOICES = 25
MAX_STRING_OPTION = 6000
MAX_COMMAND_SIZE = 8000


def _name(errors: FormErrors, path: Path, value: object, *, chat_input: bool) -> int:
    text = value if isinstance(value, str) else ""
    pattern = NAME_RE if chat_input else CONTEXT_NAME_RE
    if not pattern.match(text) or (chat_input and text != text.lower()):
        errors.add(
            (*path, "name"),
            "APPLICATION_COMMAND_INVALID_NAME",
            f"Command name is invalid: {text!r}",
        )
    return len(text)


def _choices(errors: FormErrors, path: Path, option: JSON) -> int:
    choices = is_list(errors, (*path, "choices"), option.get("choices"))
    if not choices:
        return 0
    kind = option.get("type")
    if kind not in (STRING, INTEGER, NUMBER):
        errors.add((*path, "choices"), "APPLICATION_COMMAND_OPTION_CHOICES_NOT_ALLOWED", "No")
    if option.get("autocomplete"):
        errors.add(
            (*path, "autocomplete"),
            "APPLICATION_COMMAND_AUTOCOMPLETE_CHOICES_EXCLUSIVE",
            "Autocomplete and choices are mutually exclusive",
        )
    if len(choices) > MAX_CHOICES:
        errors.add((*path, "choices"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    size = 0
    for index, raw in enumerate(choices):
        at = (*path, "choices", str(index))
        choice = is_object(errors, at, raw)
        size += length_between(errors, (*at, "name"), choice.get("name"), 1, 100)
        value = choice.get("value")
        if kind == STRING:
            size += length_between(errors, (*at, "value"), value, 1, 100)
        elif isinstance(value, bool) or not isinstance(value, int | float):
            errors.add((*at, "value"), "NUMBER_TYPE_COERCE", f"Value {value!r} is not a number.")
    return size


def _ranges(errors: FormErrors, path: Path, option: JSON) -> None:
    kind = option.get("type")
    has_length = "min_length" in option or "max_length" in option
    if has_length and kind != STRING:
        errors.add((*path, "max_length"), "APPLICATION_COMMAND_OPTION_LENGTH_NOT_ALLOWED", "No")
    low = int_between(errors, (*path, "min_length"), option.get("min_length"), 0, 6000)
    high = int_between(errors, (*path, "max_length"), option.get("max_length"), 1, 6000)
    if low is not None and high is not None and low > high:
        errors.add((*path, "min_length"), "APPLICATION_COMMAND_OPTION_LENGTH_INVALID", "min>max")
    has_value = "min_value" in option or "max_value" in option
    if has_value and kind not in (INTEGER, NUMBER):
        errors.add((*path, "max_value"), "APPLICATION_COMMAND_OPTION_VALUE_NOT_ALLOWED", "No")
    small, large = option.get("min_value"), option.get("max_value")
    if isinstance(small, int | float) and isinstance(large, int | float) and small > large:
        errors.add((*path, "min_value"), "APPLICATION_COMMAND_OPTION_VALUE_INVALID", "min>max")


def _options(errors: FormErrors, path: Path, options: list[object], depth: int) -> int:
    """Problems of one level of options; returns the characters they count."""
    if len(options) > MAX_OPTIONS:
        errors.add((*path, "options"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    kinds = [o.get("type") for o in options if isinstance(o, dict)]
    nested = [k for k in kinds if k in (SUB_COMMAND, SUB_COMMAND_GROUP)]
    if nested and len(nested) != len(kinds):
        errors.add(
            (*path, "options"),
            "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
            "Subcommands cannot be mixed with other options",
        )
    seen: set[str] = set()
    optional_seen = False
    size = 0
    for index, raw in enumerate(options):
        at = (*path, "options", str(index))
        option = is_object(errors, at, raw)
        size += _name(errors, at, option.get("name"), chat_input=True)
        name = str(option.get("name", ""))
        if name in seen:
            errors.add(
                (*at, "name"), "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Duplicate name"
            )
        seen.add(name)
        size += length_between(errors, (*at, "description"), option.get("description"), 1, 100)
        kind = option.get("type")
        if kind not in OPTION_TYPES:
            errors.add((*at, "type"), "BASE_TYPE_CHOICES", "Value must be one of (1..11).")
            continue
        if kind in (SUB_COMMAND, SUB_COMMAND_GROUP):
            allowed_depth = 0 if kind == SUB_COMMAND_GROUP else 1
            if depth > allowed_depth:
                errors.add(
                    (*at, "type"),
                    "APPLICATION_COMMAND_SUBCOMMAND_NESTED_TOO_DEEP",
                    "Subcommands nest at most two levels deep",
                )
            children = is_list(errors, (*at, "options"), option.get("options"))
            if kind == SUB_COMMAND_GROUP and any(
                isinstance(c, dict) and c.get("type") != SUB_COMMAND for c in children
            ):
                errors.add(
                    (*at, "options"),
                    "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                    "A subcommand group holds only subcommands",
                )
            size += _options(errors, at, children, depth + 1)
            continue
        if option.get("required"):
            if optional_seen:
                errors.add(
                    (*at, "required"),
                    "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    "Required options must be placed before non-required options",
                )
        else:
            optional_seen = True
        size += _choices(errors, at, option)
        _ranges(errors, at, option)
    return size


def check_definitions(commands: list[JSON]) -> FormErrors:
    """Problems with a bulk overwrite body, reported as Discord does (50035)."""
    errors = FormErrors()
    chat = [c for c in commands if isinstance(c, dict) and int(c.get("type", 1)) == CHAT_INPUT]
    if len(chat) > MAX_COMMANDS:
        errors.add((), "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.")
    seen: set[tuple[str, int]] = set()
    for index, raw in enumerate(commands):
        path = (str(index),)
        command = is_object(errors, path, raw)
        kind = int(command.get("type", 1))
        chat_input = kind == CHAT_INPUT
        name = str(command.get("name", ""))
        size = _name(errors, path, command.get("name"), chat_input=chat_input)
        if (name, kind) in seen:
            errors.add((*path, "name"), "APPLICATION_COMMANDS_DUPLICATE_NAME", "Duplicate name")
        seen.add((name, kind))
        if not chat_input:
            if command.get("description"):
                errors.add((*path, "description"), "BASE_TYPE_MAX_LENGTH", "Must be empty.")
            continue
        size += length_between(errors, (*path, "description"), command.get("description"), 1, 100)
        options = is_list(errors, (*path, "options"), command.get("options"))
        size += _options(errors, path, options, 0)
        if size > MAX_COMMAND_SIZE:
            errors.add(
                path,
                "APPLICATION_COMMAND_TOO_LARGE",
                f"Command exceeds maximum size ({MAX_COMMAND_SIZE})",
            )
    return errors
