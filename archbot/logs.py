"""Logging set-up: one format for every component, and a filter that keeps secrets out.

discord.py never logs the token itself, but an exception message or a third-party library might
echo a header or URL; the filter masks any registered secret wherever it appears in a record.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable

LOG_FORMAT = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
MASK = "[redacted]"


class RedactSecrets(logging.Filter):
    """Replaces every known secret in a record's final message (and its traceback text)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s and len(s) >= 8]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        cleaned = self._mask(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._mask(record.exc_text)
        return True

    def _mask(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return text


def configure_logging(level: str, secrets: Iterable[str] = ()) -> None:
    """Configure the root logger once; calling again replaces the previous set-up."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_archbot", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler._archbot = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(LOG_FORMAT, DATE_FORMAT))
    handler.addFilter(RedactSecrets(secrets))
    root.addHandler(handler)
    root.setLevel(level)
    # discord.py's HTTP layer is chatty at DEBUG; keep it at INFO unless asked explicitly.
    if level != "DEBUG":
        logging.getLogger("discord.http").setLevel(logging.WARNING)
