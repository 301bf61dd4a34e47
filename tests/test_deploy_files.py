"""The files in deploy/ stay in step with the code: every `archbot` command they run exists,
the image copies every package the distribution ships, and the paths agree.

(`systemd-analyze verify` passes on the units too; the image itself is not built by the tests.)
"""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from pathlib import Path

import click

from archbot.cli import cli

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def archbot_invocations(text: str) -> list[list[str]]:
    """The argument lists of every `.../archbot ...` or `archbot ...` command line in `text`."""
    found = []
    for match in re.finditer(r"(?:^|[\s/\"'])archbot((?: [a-z][a-z-]*)+)", text, re.MULTILINE):
        found.append(shlex.split(match.group(1)))
    return found


def resolves(args: list[str]) -> bool:
    command: click.Command = cli
    for word in args:
        if not isinstance(command, click.Group):
            return True  # the rest are the command's own arguments
        sub = command.commands.get(word)
        if sub is None:
            return False
        command = sub
    return True


def test_every_archbot_command_in_deploy_exists() -> None:
    seen = 0
    for path in DEPLOY.iterdir():
        for args in archbot_invocations(path.read_text()):
            seen += 1
            assert resolves(args), f"{path.name}: archbot {' '.join(args)} is not a command"
    assert seen >= 3
    # The image: ENTRYPOINT ["archbot"] with CMD ["run"], and the health check's command.
    containerfile = (DEPLOY / "Containerfile").read_text()
    arrays = [json.loads(a) for a in re.findall(r"CMD (\[.*\])$", containerfile, re.MULTILINE)]
    assert ["run"] in arrays
    assert ["archbot", "db", "check"] in arrays
    assert all(resolves(a[1:] if a[0] == "archbot" else a) for a in arrays)
    compose = (DEPLOY / "compose.yaml").read_text()
    for match in re.finditer(r"run --rm bot ([a-z][a-z -]*)", compose):
        assert resolves(match.group(1).split()), match.group(0)


def test_the_image_copies_every_shipped_package() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    packages = {p.rstrip("*") for p in project["tool"]["setuptools"]["packages"]["find"]["include"]}
    containerfile = (DEPLOY / "Containerfile").read_text()
    copied = set(re.findall(r"^COPY (\S+) \./", containerfile, re.MULTILINE))
    assert packages <= copied
    assert "data" in copied
    for source in copied:
        assert (ROOT / source).exists(), source
    compose = (DEPLOY / "compose.yaml").read_text()
    assert "dockerfile: deploy/Containerfile" in compose


def test_units_keep_the_database_where_they_may_write() -> None:
    for name in ("archbot.service", "archbot-backup.service"):
        unit = (DEPLOY / name).read_text()
        database = re.search(r"^Environment=DATABASE_PATH=(\S+)$", unit, re.MULTILINE)
        writable = re.search(r"^ReadWritePaths=(\S+)$", unit, re.MULTILINE)
        assert database, name
        assert writable, name
        assert database.group(1).startswith(writable.group(1) + "/"), name
