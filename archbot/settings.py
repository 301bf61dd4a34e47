"""One typed settings object, read from the environment and an optional .env file.

Operators meet this module first, usually through a typo, so every failure is turned into one
line per variable that names it and says what it expects. The Discord token is a SecretStr: it
never shows in a repr, a log line or an error message.
"""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]

DEFAULT_API_BASE = "https://discord.com/api/v10"
DEFAULT_GATEWAY_URL = "wss://gateway.discord.gg"
DEFAULT_USER_AGENT = "ai-architect-bot/0.1 (+https://github.com/ai-architect-bot/ai-architect-bot)"

# What each variable expects, in the words an operator needs when a value is refused.
EXPECTATIONS: dict[str, str] = {
    "DISCORD_TOKEN": "the bot token from the Discord developer portal (three dot-separated parts, "
    "no spaces, without a 'Bot ' prefix)",
    "DATABASE_PATH": "a file path for the SQLite database, such as data/archbot.db",
    "LOG_LEVEL": "one of DEBUG, INFO, WARNING, ERROR, CRITICAL",
    "DEV_GUILD_ID": "a Discord server id: a positive whole number (a snowflake), or empty",
    "DISCORD_API_BASE": "an http(s) URL of a Discord-compatible REST API ending in /api/v10",
    "DISCORD_GATEWAY_URL": "a ws:// or wss:// URL of a Discord-compatible gateway",
    "HTTP_USER_AGENT": "a User-Agent naming the project and a contact URL, such as "
    "'ai-architect-bot/0.1 (+https://example.org/contact)'",
    "DAILY_TIP_GRACE_MINUTES": "a whole number of minutes from 0 to 1440",
    "SCRAPE_INTERVAL_MINUTES": "0 (no scraping inside `archbot run`) or a whole number of minutes "
    "from 10 to 10080",
    "RUN_WORKER": "1 (`archbot run` starts the matching worker beside the bot) or 0 (you run "
    "`archbot worker` yourself)",
    "ALERT_DMS_PER_MINUTE": "a whole number of direct messages per minute from 1 to 120",
    "SCRAPE_REQUESTS_PER_SECOND": "requests per second to any one job-board host: a number "
    "above 0 and at most 10, such as 1 or 0.5",
    "SCRAPE_CONCURRENCY": "a whole number of requests in flight at once, from 1 to 64",
    "SCRAPE_TIMEOUT_SECONDS": "a whole number of seconds one job-board request may take in "
    "total, from 5 to 600",
    "SCRAPE_MAX_RESPONSE_MB": "a whole number of megabytes, from 1 to 200: larger job-board "
    "responses are abandoned",
    "SCRAPE_SOURCE_DEADLINE_MINUTES": "a whole number of minutes from 1 to 1440 that one job "
    "source may take",
    "SCRAPE_PASS_DEADLINE_MINUTES": "a whole number of minutes from 1 to 1440 that one scrape "
    "of every source may take",
}

_SNOWFLAKE_MAX = 2**64 - 1
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+$")


class SettingsError(Exception):
    """Raised when the environment holds a value the bot cannot start with.

    `lines` holds one human sentence per refused variable; the message joins them.
    """

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


class Settings(BaseSettings):
    """Every setting of the bot. Field names map to upper-case environment variables."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        env_ignore_empty=True,
        frozen=True,
    )

    discord_token: SecretStr | None = None
    database_path: Path = Path("data/archbot.db")
    log_level: LogLevel = "INFO"
    dev_guild_id: Annotated[int, Field(gt=0, le=_SNOWFLAKE_MAX)] | None = None
    discord_api_base: str = DEFAULT_API_BASE
    discord_gateway_url: str = DEFAULT_GATEWAY_URL
    http_user_agent: str = DEFAULT_USER_AGENT
    daily_tip_grace_minutes: Annotated[int, Field(ge=0, le=1440)] = 120
    scrape_interval_minutes: Annotated[int, Field(ge=0, le=10080)] = 360
    alert_dms_per_minute: Annotated[int, Field(ge=1, le=120)] = 20
    run_worker: bool = True
    scrape_requests_per_second: Annotated[float, Field(gt=0, le=10)] = 1.0
    scrape_concurrency: Annotated[int, Field(ge=1, le=64)] = 8
    scrape_timeout_seconds: Annotated[int, Field(ge=5, le=600)] = 60
    scrape_max_response_mb: Annotated[int, Field(ge=1, le=200)] = 25
    scrape_source_deadline_minutes: Annotated[int, Field(ge=1, le=1440)] = 20
    scrape_pass_deadline_minutes: Annotated[int, Field(ge=1, le=1440)] = 120

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("scrape_interval_minutes")
    @classmethod
    def _interval(cls, value: int) -> int:
        if 0 < value < 10:
            raise ValueError("too frequent for the job boards")
        return value

    @field_validator("discord_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        raw = value.get_secret_value().strip()
        if not _TOKEN_SHAPE.match(raw):
            # The message must not echo the value: it is a secret even when malformed.
            raise ValueError("malformed token")
        return SecretStr(raw)

    @field_validator("database_path")
    @classmethod
    def _path_not_dir(cls, value: Path) -> Path:
        if str(value).strip() == "" or value.is_dir():
            raise ValueError("not a file path")
        return value

    @field_validator("discord_api_base")
    @classmethod
    def _api_base(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ValueError("not an http(s) URL")
        if not parts.path.endswith("/api/v10"):
            raise ValueError("does not end in /api/v10")
        return value

    @field_validator("discord_gateway_url")
    @classmethod
    def _gateway(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        parts = urlsplit(value)
        if parts.scheme not in {"ws", "wss"} or not parts.netloc:
            raise ValueError("not a ws(s) URL")
        return value

    @field_validator("http_user_agent")
    @classmethod
    def _user_agent(cls, value: str) -> str:
        value = value.strip()
        if not value or any(ch in value for ch in "\r\n") or "http" not in value.lower():
            raise ValueError("needs a contact URL")
        return value

    def __repr__(self) -> str:  # pydantic's repr already masks SecretStr; keep it short too
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in type(self).model_fields)
        return f"Settings({fields})"

    @property
    def token(self) -> str | None:
        """The raw token, for the one call that logs in. Never log what this returns."""
        return self.discord_token.get_secret_value() if self.discord_token else None

    @property
    def gateway_is_local(self) -> bool:
        """True when the gateway is on this machine, as with the local emulator."""
        host = urlsplit(self.discord_gateway_url).hostname or ""
        if host == "localhost":
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False


def _describe(error: dict[str, Any]) -> str:
    loc = error.get("loc") or ("?",)
    name = str(loc[0]).upper()
    expected = EXPECTATIONS.get(name, error.get("msg", "a valid value"))
    return f"Setting {name} is invalid: expected {expected}."


def load_settings(env_file: str | Path | None = ".env", **overrides: Any) -> Settings:
    """Read the settings, turning pydantic's report into one line per bad variable."""
    try:
        return Settings(_env_file=env_file, **overrides)  # type: ignore[call-arg]
    except ValidationError as exc:
        lines: list[str] = []
        for error in exc.errors(include_input=False, include_url=False):
            line = _describe(dict(error))
            if line not in lines:
                lines.append(line)
        raise SettingsError(lines) from None
