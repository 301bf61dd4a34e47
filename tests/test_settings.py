"""Settings: good values load, each bad value is named in one clear line, the token is masked."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from archbot.logs import MASK, configure_logging
from archbot.settings import SettingsError, load_settings

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB"


def test_defaults_without_environment() -> None:
    settings = load_settings(env_file=None)
    assert settings.discord_token is None
    assert settings.database_path == Path("data/archbot.db")
    assert settings.log_level == "INFO"
    assert settings.dev_guild_id is None
    assert settings.discord_api_base.endswith("/api/v10")


def test_values_come_from_env_file_and_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = tmp_path / ".env"
    env.write_text("LOG_LEVEL=debug\nDEV_GUILD_ID=123456789012345678\nDATABASE_PATH=x.db\n")
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "from-env.db"))
    settings = load_settings(env_file=env)
    assert settings.log_level == "DEBUG"
    assert settings.dev_guild_id == 123456789012345678
    assert settings.database_path == tmp_path / "from-env.db"


def test_empty_values_fall_back_to_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEV_GUILD_ID", "")
    monkeypatch.setenv("DISCORD_TOKEN", "")
    settings = load_settings(env_file=None)
    assert settings.dev_guild_id is None
    assert settings.token is None


@pytest.mark.parametrize(
    ("name", "value", "expected_words"),
    [
        ("LOG_LEVEL", "loud", "one of DEBUG, INFO"),
        ("DEV_GUILD_ID", "my-server", "positive whole number"),
        ("DEV_GUILD_ID", "-5", "positive whole number"),
        ("DISCORD_API_BASE", "ftp://example.org/api/v10", "http(s) URL"),
        ("DISCORD_API_BASE", "https://example.org/api/v9", "ending in /api/v10"),
        ("DISCORD_GATEWAY_URL", "https://gateway.example.org", "ws:// or wss://"),
        ("HTTP_USER_AGENT", "python-requests", "contact URL"),
        ("DAILY_TIP_GRACE_MINUTES", "forever", "minutes from 0 to 1440"),
        ("SCRAPE_INTERVAL_MINUTES", "1", "minutes from 10"),
        ("SCRAPE_INTERVAL_MINUTES", "-5", "0 (no scraping"),
        ("ALERT_DMS_PER_MINUTE", "9999", "from 1 to 120"),
        ("RUN_WORKER", "maybe", "`archbot worker` yourself"),
        ("SCRAPE_REQUESTS_PER_SECOND", "0", "above 0 and at most 10"),
        ("SCRAPE_CONCURRENCY", "500", "from 1 to 64"),
        ("SCRAPE_TIMEOUT_SECONDS", "1", "from 5 to 600"),
        ("SCRAPE_MAX_RESPONSE_MB", "lots", "from 1 to 200"),
        ("DISCORD_TOKEN", "Bot abc def", "three dot-separated parts"),
    ],
)
def test_each_bad_value_gives_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected_words: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings(env_file=None)
    assert len(caught.value.lines) == 1
    line = caught.value.lines[0]
    assert name in line
    assert expected_words in line
    if name == "DISCORD_TOKEN":
        assert "abc" not in str(caught.value)


def test_several_bad_values_are_all_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_LEVEL", "loud")
    monkeypatch.setenv("DEV_GUILD_ID", "abc")
    with pytest.raises(SettingsError) as caught:
        load_settings(env_file=None)
    assert {line.split()[1] for line in caught.value.lines} == {"LOG_LEVEL", "DEV_GUILD_ID"}


def test_token_never_in_repr_or_str(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    settings = load_settings(env_file=None)
    assert settings.token == TOKEN
    assert TOKEN not in repr(settings)
    assert TOKEN not in str(settings)
    assert TOKEN not in settings.model_dump_json()


def test_malformed_token_is_not_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    secretish = "secret value with spaces"
    monkeypatch.setenv("DISCORD_TOKEN", secretish)
    with pytest.raises(SettingsError) as caught:
        load_settings(env_file=None)
    assert secretish not in str(caught.value)
    assert "with spaces" not in repr(caught.value)


def test_token_is_masked_in_log_lines(caplog: pytest.LogCaptureFixture) -> None:
    configure_logging("INFO", [TOKEN])
    handler = logging.getLogger().handlers[-1]
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "header was %s", (TOKEN,), None)
    assert handler.filter(record)
    formatted = handler.format(record)
    assert TOKEN not in formatted
    assert MASK in formatted


def test_token_masked_in_tracebacks() -> None:
    configure_logging("INFO", [TOKEN])
    handler = logging.getLogger().handlers[-1]
    try:
        raise RuntimeError(f"login failed with {TOKEN}")
    except RuntimeError:
        import sys

        record = logging.LogRecord("t", logging.ERROR, __file__, 1, "boom", (), sys.exc_info())
    handler.filter(record)
    assert TOKEN not in handler.format(record)


def test_gateway_is_local_detection() -> None:
    local = load_settings(env_file=None, discord_gateway_url="ws://127.0.0.1:9999/gateway")
    assert local.gateway_is_local
    assert not load_settings(env_file=None).gateway_is_local
