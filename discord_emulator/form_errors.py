"""Discord's 400 "Invalid Form Body" answer and the small checks every validator shares.

Discord reports every problem of a body at once, nested by field path
(`{"embeds": {"0": {"url": {"_errors": [{code, message}]}}}}`), under code 50035. The
validators collect problems here and render that shape.
"""

from __future__ import annotations

import re
import string
from typing import Any
from urllib.parse import urlsplit

from discord_emulator.models import JSON

Path = tuple[str, ...]


class FormErrors:
    """Collects problems by field path and renders Discord's nested error object."""

    def __init__(self) -> None:
        self.problems: list[tuple[Path, str, str]] = []
        self.top_level: tuple[int, str] | None = None

    def add(self, path: Path, code: str, message: str) -> None:
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


def max_len(
    errors: FormErrors, path: Path, value: object, limit: int, *, required: bool = False
) -> int:
    """Refuse text longer than `limit` (or missing, when required); returns its length."""
    if value is None or value == "":
        if required:
            errors.add(path, "BASE_TYPE_REQUIRED", "This field is required")
        return 0
    if not isinstance(value, str):
        errors.add(path, "BASE_TYPE_STRING", "Must be a string.")
        return 0
    if len(value) > limit:
        errors.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")
    return len(value)


def length_between(errors: FormErrors, path: Path, value: object, low: int, high: int) -> int:
    """Refuse text (or a missing value) outside [low, high] characters; returns its length."""
    if not isinstance(value, str):
        if value is not None or low > 0:
            errors.add(path, "BASE_TYPE_REQUIRED", "This field is required")
        return 0
    if not low <= len(value) <= high:
        errors.add(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length.")
    return len(value)


def int_between(errors: FormErrors, path: Path, value: object, low: int, high: int) -> int | None:
    """Refuse a present value that is not a whole number in [low, high]."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        errors.add(path, "NUMBER_TYPE_COERCE", f"Value {value!r} is not int.")
        return None
    if not low <= value <= high:
        code = "NUMBER_TYPE_MIN" if value < low else "NUMBER_TYPE_MAX"
        bound = low if value < low else high
        word = "greater than or equal to" if value < low else "less than or equal to"
        errors.add(path, code, f"int value should be {word} {bound}.")
        return None
    return value


def is_list(errors: FormErrors, path: Path, value: object) -> list[Any]:
    """The value as a list, refusing anything else that is present."""
    if value is None:
        return []
    if not isinstance(value, list):
        errors.add(path, "BASE_TYPE_ARRAY", "Must be an array.")
        return []
    return value


def is_object(errors: FormErrors, path: Path, value: object) -> JSON:
    """The value as an object, refusing anything else that is present."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.add(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
        return {}
    return value


# RFC 3986: what may appear in a URL unencoded. Anything else (a space, a quote, a non-ASCII
# letter) must be percent-encoded, or Discord answers "Not a well formed URL".
_URL_CHARS = frozenset(string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_HOST = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(:\d{1,5})?$")


def url_problem(value: object, schemes: tuple[str, ...]) -> str | None:
    """Why Discord would refuse this URL, or None when it is well formed."""
    malformed = "Not a well formed URL."
    if not isinstance(value, str) or not value:
        return malformed
    if any(c not in _URL_CHARS for c in value) or _BAD_PERCENT.search(value):
        return malformed
    try:
        parts = urlsplit(value)
    except ValueError:
        return malformed
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        allowed = ", ".join(schemes)
        return f"Scheme {parts.scheme!r} is not supported. Scheme must be one of ({allowed})."
    if scheme == "attachment":
        well_formed = bool(parts.netloc or parts.path)
    else:
        well_formed = bool(parts.netloc) and bool(_HOST.match(parts.netloc.rpartition("@")[2]))
    return None if well_formed else malformed


def check_url(
    errors: FormErrors,
    path: Path,
    value: object,
    limit: int,
    schemes: tuple[str, ...] = ("http", "https"),
    *,
    required: bool = False,
) -> None:
    """Refuse a missing (when required), over-long or malformed URL."""
    if value is None or value == "":
        if required:
            errors.add(path, "BASE_TYPE_REQUIRED", "This field is required")
        return
    if max_len(errors, path, value, limit) > limit:
        return
    problem = url_problem(value, schemes)
    if problem is not None:
        code = "URL_TYPE_INVALID_SCHEME" if problem.startswith("Scheme") else "URL_TYPE_INVALID_URL"
        errors.add(path, code, problem)
