"""Known failures as one line for the operator: what went wrong, and which setting or file to fix.

Every `archbot` command ends through `main()` here. A failure an operator can fix (a wrong
token, no network, Discord down, a server the bot is not in, an unwritable or damaged database,
a full disk) becomes one line on stderr and a non-zero exit; the full trace goes to the log at
DEBUG. Anything not recognised is a bug and keeps its traceback, so it can be reported.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp

log = logging.getLogger("archbot.failures")

# Exit statuses: 1 for a failure the operator can fix, 130 after Ctrl+C (as shells do).
EXIT_FAILURE = 1
EXIT_INTERRUPTED = 130


class OperatorError(Exception):
    """A failure already put in the operator's words (one line)."""


def _leaves(exc: BaseException) -> Iterator[BaseException]:
    """The exception itself, or each exception inside an exception group."""
    if isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            yield from _leaves(inner)
    else:
        yield exc


def _host(url: str | None) -> str:
    if not url:
        return "Discord"
    parts = urlsplit(url)
    return parts.netloc or url


GATEWAY_CLOSES = {
    4004: "the gateway refused the token (close code 4004): DISCORD_TOKEN is wrong or was reset; "
    "copy a new one from the developer portal (Bot > Reset Token)",
    4010: "the gateway refused the shard settings (close code 4010)",
    4011: "Discord requires sharding for this many servers (close code 4011)",
    4012: "the gateway refused the API version (close code 4012): upgrade discord.py",
    4013: "the gateway refused the intents value (close code 4013)",
    4014: "Discord refused a privileged intent (close code 4014): enable it under Bot > "
    "Privileged Gateway Intents in the developer portal, or run without it",
}


def _discord(exc: BaseException, api_base: str | None) -> str | None:  # noqa: PLR0911
    import discord

    host = _host(api_base)
    if isinstance(exc, discord.LoginFailure):
        return (
            f"{host} refused the token (401 Unauthorized): DISCORD_TOKEN is wrong or was reset; "
            "copy a new one from the developer portal (Bot > Reset Token) into .env"
        )
    if isinstance(exc, discord.PrivilegedIntentsRequired):
        return GATEWAY_CLOSES[4014]
    if isinstance(exc, discord.ConnectionClosed):
        known = GATEWAY_CLOSES.get(exc.code)
        return known or f"the Discord gateway closed the connection (code {exc.code}): {exc}"
    if isinstance(exc, discord.GatewayNotFound):
        return f"the Discord gateway could not be found through {host}: Discord is unavailable"
    if isinstance(exc, discord.Forbidden) and exc.code == 50001:
        return (
            f"{host} answered 403 Missing Access (50001): the bot is not in that server, or "
            "cannot see that channel; invite it with the URL `archbot doctor` prints"
        )
    if isinstance(exc, discord.DiscordServerError):
        return (
            f"Discord is unavailable: {host} answered HTTP {exc.status}; nothing was changed, "
            "try again later"
        )
    if isinstance(exc, discord.HTTPException):
        detail = f" (code {exc.code}: {exc.text})" if exc.code else ""
        return f"{host} answered HTTP {exc.status}{detail}"
    return None


def _network(exc: BaseException, api_base: str | None) -> str | None:
    host = _host(api_base)
    if isinstance(exc, aiohttp.ClientConnectorDNSError | socket.gaierror):
        target = exc.host if isinstance(exc, aiohttp.ClientConnectorError) else host
        return (
            f"cannot resolve {target}: no network or DNS (check the connection, or the "
            "DISCORD_API_BASE setting)"
        )
    if isinstance(exc, aiohttp.ClientConnectorError):
        reason = exc.strerror or exc.os_error
        return (
            f"cannot connect to {exc.host}:{exc.port} ({reason}): no network, or Discord is "
            "unreachable (check the connection, or the DISCORD_API_BASE setting)"
        )
    if isinstance(exc, aiohttp.ClientError | ConnectionError):
        return f"the connection to {host} failed ({exc}): the network or Discord is unreachable"
    if isinstance(exc, TimeoutError | asyncio.TimeoutError):
        return f"{host} did not answer in time: the network or Discord is slow or unreachable"
    return None


SQLITE_MEANINGS = (
    (
        "database or disk is full",
        "the disk holding {path} is full (or its quota is used up): "
        "free some space (the change in progress was rolled back)",
    ),
    (
        "readonly database",
        "{path} is read-only: give the bot's user write access to the file "
        "and its folder (setting DATABASE_PATH)",
    ),
    (
        "unable to open database file",
        "cannot open or create {path}: check that its folder "
        "exists and is writable (setting DATABASE_PATH)",
    ),
    (
        "file is not a database",
        "{path} is not a SQLite database, or is damaged: point "
        "DATABASE_PATH at the right file, or restore a backup (`archbot db check` says more)",
    ),
    (
        "malformed",
        "{path} is damaged (SQLite: database disk image is malformed): restore a "
        "backup; `archbot db check` says more",
    ),
    ("disk i/o error", "reading or writing {path} failed (disk I/O error): check the disk"),
    (
        "database is locked",
        "{path} is locked by another process for longer than the busy "
        "time-out: is a second bot writing to it?",
    ),
)


def _database(exc: BaseException, database_path: Path | None) -> str | None:
    path = str(database_path) if database_path is not None else "the database"
    if isinstance(exc, sqlite3.DatabaseError):
        message = str(exc).lower()
        for needle, meaning in SQLITE_MEANINGS:
            if needle in message:
                return meaning.format(path=path)
        return f"{path}: SQLite error: {exc} (setting DATABASE_PATH)"
    if isinstance(exc, OSError) and exc.errno is not None:
        name = exc.filename if exc.filename is not None else path
        strerror = exc.strerror or errno.errorcode.get(exc.errno, str(exc.errno))
        hint = ""
        if exc.errno == errno.ENOSPC:
            hint = ": free some space"
        elif database_path is not None and str(name).startswith(
            str(database_path.parent).rstrip("/")
        ):
            hint = " (setting DATABASE_PATH)"
        return f"{name}: {strerror}{hint}"
    return None


def explain(
    exc: BaseException, *, database_path: Path | None = None, api_base: str | None = None
) -> str | None:
    """The operator's one line for a known failure, or None when it is not one we know."""
    for leaf in _leaves(exc):
        if isinstance(leaf, OperatorError):
            return str(leaf)
        for reading in (
            _discord(leaf, api_base),
            _network(leaf, api_base),
            _database(leaf, database_path),
        ):
            if reading is not None:
                return reading
    return None


def finish(
    exc: BaseException, *, database_path: Path | None = None, api_base: str | None = None
) -> int | None:
    """Report a known failure as one line on stderr and return the exit status; None when the
    failure is unknown (the caller lets it raise, traceback and all)."""
    import click

    line = explain(exc, database_path=database_path, api_base=api_base)
    if line is None:
        return None
    log.debug("the full trace of the failure reported below", exc_info=exc)
    click.echo(f"Error: {line}", err=True)
    return EXIT_FAILURE
