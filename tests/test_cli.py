"""The `archbot` CLI: every command runs, prints help, and fails with a clear message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archbot.cli import cli


def all_command_paths() -> list[list[str]]:
    import click

    paths: list[list[str]] = [[]]

    def walk(group: click.Group, prefix: list[str]) -> None:
        for name, command in group.commands.items():
            paths.append([*prefix, name])
            if isinstance(command, click.Group):
                walk(command, [*prefix, name])

    walk(cli, [])
    return paths


@pytest.fixture
def runner(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("DATABASE_PATH", str(db_path))
    return CliRunner()


@pytest.mark.parametrize("path", all_command_paths(), ids=lambda p: " ".join(p) or "archbot")
def test_every_command_has_help(runner: CliRunner, path: list[str]) -> None:
    result = runner.invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    # The first line of the docstring is the summary a user sees.
    assert len(result.output.splitlines()) > 2


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["version"])
    assert result.exit_code == 0
    assert result.output.startswith("ai-architect-bot ")


def test_db_migrate_then_check(runner: CliRunner, db_path: Path) -> None:
    first = runner.invoke(cli, ["db", "migrate"])
    assert first.exit_code == 0, first.output
    assert "applied 0001 core" in first.output
    again = runner.invoke(cli, ["db", "migrate"])
    assert again.exit_code == 0
    assert "applied" not in again.output
    check = runner.invoke(cli, ["db", "check"])
    assert check.exit_code == 0, check.output
    assert "integrity:      ok" in check.output


def test_db_check_missing_database_names_the_file(runner: CliRunner, db_path: Path) -> None:
    result = runner.invoke(cli, ["db", "check"])
    assert result.exit_code == 1
    assert str(db_path) in result.output
    assert "DATABASE_PATH" in result.output


def test_db_backup(runner: CliRunner, tmp_path: Path) -> None:
    runner.invoke(cli, ["db", "migrate"])
    target = tmp_path / "backups" / "b.db"
    result = runner.invoke(cli, ["db", "backup", str(target)])
    assert result.exit_code == 0, result.output
    assert target.is_file()
    refused = runner.invoke(cli, ["db", "backup", str(target)])
    assert refused.exit_code == 1
    assert "already exists" in refused.output


def test_bad_setting_stops_with_one_line(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOG_LEVEL", "chatty")
    result = runner.invoke(cli, ["db", "migrate"])
    assert result.exit_code == 1
    assert "LOG_LEVEL" in result.output
    assert "Traceback" not in result.output


def test_env_file_option(runner: CliRunner, tmp_path: Path) -> None:
    env = tmp_path / "custom.env"
    env.write_text(f"DATABASE_PATH={tmp_path / 'from-file.db'}\n")
    # the environment fixture set DATABASE_PATH; the environment wins over the file
    result = runner.invoke(cli, ["--env-file", str(env), "db", "migrate"])
    assert result.exit_code == 0
    assert "from-file.db" not in result.output


def test_installed_console_script_runs() -> None:
    exe = Path(sys.executable).parent / "archbot"
    assert exe.exists(), "the archbot console script is not installed; run `make test`"
    out = subprocess.run([str(exe), "--help"], capture_output=True, text=True, check=True)
    assert "ai-architect-bot" in out.stdout


def test_run_without_token_plays_the_tour_and_explains_the_token(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import archbot.commands.run as run_module

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setattr(run_module, "DATA_DIR", tmp_path / "project-data")
    monkeypatch.setenv("LOG_LEVEL", "INFO")
    result = runner.invoke(cli, ["run"])
    assert result.exit_code == 0, result.output
    assert "local Discord emulator" in result.output
    assert "ada > /roadmap" in result.output
    assert "ada > /quiz play" in result.output
    assert "Round over" in result.output
    assert "ada > /quiz leaderboard" in result.output
    assert "grace > /settings daily-tip" in result.output
    assert "the scheduler posts in #daily-tips" in result.output
    assert "Daily roadmap tip" in result.output
    assert "ada > /jobs" in result.output
    assert "1 digest sent to ada by direct message" in result.output
    assert "Tour finished." in result.output
    assert "DISCORD_TOKEN" in result.output
    assert "developer portal" in result.output
    # The files go to the project's data folder, and the tour says where; never the cwd.
    demo = tmp_path / "project-data" / "demo"
    assert f"written to {demo}" in result.output
    assert (demo / "progress.png").read_bytes().startswith(b"\x89PNG")
    assert list(elsewhere.iterdir()) == []
    # The transcript: no log line inside it, the samples labelled as samples, the profile
    # line shown is the one sent.
    transcript = result.output.split("Tour finished.")[0]
    assert not [line for line in transcript.splitlines() if " INFO " in line]
    assert "Source: greenhouse" not in transcript
    assert "Sample posting written for the tour" in transcript
    assert "/profile set  (skills: python, pytorch, kubernets, docker, sql, vektor db," in (
        transcript
    )


def test_demo_with_a_token_says_it_does_not_use_it(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "MTIz.set-but.unused-by-the-demo")
    result = runner.invoke(cli, ["demo", "--dir", str(tmp_path / "tour")])
    assert result.exit_code == 0, result.output
    assert "No DISCORD_TOKEN is set" not in result.output
    assert "the demo never uses it" in result.output
    assert (tmp_path / "tour" / "progress.png").is_file()


def test_relative_times_follow_the_tour_clock() -> None:
    from datetime import UTC, datetime

    from archbot import tour

    moment = datetime(2030, 1, 1, 9, 0, tzinfo=UTC)
    tour._now[0] = lambda: moment
    try:
        later = int(moment.timestamp()) + 2 * 3600 + 30 * 60
        assert tour._plain(f"next <t:{later}:R>") == "next in 2 h 30 min"
        earlier = int(moment.timestamp()) - 48 * 3600
        assert tour._plain(f"<t:{earlier}:R>") == "48 h ago"
    finally:
        tour._now[0] = lambda: datetime.now(UTC)


def test_missing_env_file_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["--env-file", str(tmp_path / "nonexistent.env"), "db", "migrate"])
    assert result.exit_code == 2
    assert "nonexistent.env does not exist" in result.output
    assert not (tmp_path / "archbot.db").exists()


def test_unknown_env_keys_are_warned_at_every_start(tmp_path: Path) -> None:
    from tests.operator_cli import cli_env, command

    (tmp_path / ".env").write_text("DISCORD_TOKN=abc.def.ghi\nLOG_LEVEL=WARNING\nFAVOURITE=1\n")
    for args in (["db", "migrate"], ["sources", "list"]):
        done = subprocess.run(
            command(args),
            env=cli_env(tmp_path),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert (
            ".env: DISCORD_TOKN is not a setting and is ignored; did you mean DISCORD_TOKEN?"
            in (done.stderr)
        )
        assert "FAVOURITE is not a setting and is ignored" in done.stderr
        assert "LOG_LEVEL" not in done.stderr


def test_sync_commands_needs_a_token(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["sync-commands"])
    assert result.exit_code == 2
    assert "DISCORD_TOKEN" in result.output
