"""Running the real `archbot` command in a subprocess, as an operator does, and reading what it
left behind: its exit status, its stdout and stderr, and the database files' bytes."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

BOOT = Path(__file__).resolve().parent / "cli_boot.py"

# Root ignores file modes, so a read-only file would not be read-only to the command under
# test: when the suite runs as root, the command runs without the two capabilities that
# override them (it keeps its user, so it still reads the test's own files).
PRIVILEGE_DROP = (
    ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]
    if os.geteuid() == 0 and shutil.which("setpriv")
    else []
)

# A well-formed token the emulator does not know.
WRONG_TOKEN = "MTEx.wrong.token-for-tests"


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stdout: str
    stderr: str

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]

    def assert_one_line_failure(self, *words: str) -> str:
        """Non-zero exit, exactly one line on stderr, no traceback; returns that line."""
        assert self.returncode != 0, (self.stdout, self.stderr)
        assert "Traceback" not in self.stderr + self.stdout, self.stderr
        assert len(self.error_lines) == 1, self.stderr
        line = self.error_lines[0]
        for word in words:
            assert word in line, line
        return line


def cli_env(cwd: Path, **settings: str) -> dict[str, str]:
    """The environment for one run: no settings from the developer's shell, quiet logging (the
    INFO start-up lines would share stderr with the failure), and the given settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "DATABASE_"))}
    env.update(LOG_LEVEL="WARNING", DATABASE_PATH=str(cwd / "archbot.db"), HOME=str(cwd))
    env.update({name.upper(): value for name, value in settings.items()})
    return env


def command(args: list[str], fault: str = "none") -> list[str]:
    return [*PRIVILEGE_DROP, sys.executable, str(BOOT), fault, *args]


async def run_cli(
    args: list[str], env: dict[str, str], cwd: Path, *, fault: str = "none", limit: float = 90
) -> Outcome:
    """Run `archbot ARGS` to completion without blocking the loop (an emulator may serve it)."""
    proc = await asyncio.create_subprocess_exec(
        *command(args, fault),
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout=limit)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise
    assert proc.returncode is not None
    return Outcome(proc.returncode, out.decode(), err.decode())


def snapshot(path: Path) -> dict[str, bytes]:
    """The bytes of the database and of any non-empty journal beside it. (The -shm file is
    only an index of the WAL, and a read-only reader may leave an empty WAL behind.)"""
    files = [path, *(path.with_name(path.name + s) for s in ("-wal", "-journal"))]
    return {f.name: f.read_bytes() for f in files if f.is_file() and f.stat().st_size}


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
