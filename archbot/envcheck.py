"""Keys in a .env file that are not settings: a typo there is otherwise ignored without a word.

pydantic-settings drops unknown keys (the .env may hold other tools' variables), so a misspelt
`DISCORD_TOKN` would silently leave the bot without a token. Each such key is reported with the
nearest setting name, at every start and in `archbot doctor`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values

from archbot.settings import Settings

SETTING_NAMES = tuple(name.upper() for name in Settings.model_fields)


@dataclass(frozen=True)
class UnknownKey:
    key: str
    suggestion: str | None

    def sentence(self, env_file: Path) -> str:
        hint = f"; did you mean {self.suggestion}?" if self.suggestion else ""
        return f"{env_file}: {self.key} is not a setting and is ignored{hint}"


def nearest_setting(key: str) -> str | None:
    """The setting name closest to `key` (DISCORD_TOKN -> DISCORD_TOKEN), if any is close."""
    found = difflib.get_close_matches(key.upper(), SETTING_NAMES, n=1, cutoff=0.6)
    return found[0] if found else None


def unknown_keys(env_file: Path | None) -> list[UnknownKey]:
    """Keys of `env_file` that name no setting, in file order (none when there is no file)."""
    if env_file is None or not env_file.is_file():
        return []
    keys = dotenv_values(env_file, encoding="utf-8")
    return [
        UnknownKey(key, nearest_setting(key)) for key in keys if key.upper() not in SETTING_NAMES
    ]
