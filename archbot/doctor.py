"""`archbot doctor`: every check an operator would otherwise do by hand, in one table.

Each check says ok, warn or fail, what it found and what to do. Nothing is written: the
database is opened read-only, Discord is only asked questions (GET), and the job boards only
see a TCP connection. Every network step has a time-out, so an offline machine gets
"unreachable" within seconds instead of a hang.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from archbot.envcheck import unknown_keys
from archbot.settings import Settings, SettingsError, load_settings
from archbot.startup import probe_path

Status = Literal["ok", "warn", "fail"]
NETWORK_SECONDS = 8.0  # for each network question; they run in parallel where they can


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    found: str
    todo: str = ""


@dataclass
class Doctor:
    """Collects the checks of one `archbot doctor` run."""

    env_file: Path | None
    base_urls: Mapping[str, str] | None = None
    checks: list[Check] | None = None

    def __post_init__(self) -> None:
        self.checks = []

    def add(self, name: str, status: Status, found: str, todo: str = "") -> None:
        assert self.checks is not None
        self.checks.append(Check(name, status, found, todo))

    @property
    def failed(self) -> bool:
        return any(c.status == "fail" for c in self.checks or [])

    async def run(self) -> list[Check]:
        settings = self.check_settings()
        self.check_env_file()
        if settings is not None:
            self.check_database(settings.database_path)
            self.check_content()
            await self.check_sources(settings)
            await self.check_discord(settings)
        assert self.checks is not None
        return self.checks

    # ---- local ---------------------------------------------------------------------------

    def check_settings(self) -> Settings | None:
        try:
            settings = load_settings(self.env_file)
        except SettingsError as exc:
            self.add("settings", "fail", "; ".join(exc.lines), "fix the named variables")
            return None
        where = f"the environment and {self.env_file}" if self.env_file else "the environment"
        self.add("settings", "ok", f"valid (read from {where})")
        return settings

    def check_env_file(self) -> None:
        if self.env_file is None:
            self.add(".env", "ok", "no .env file: settings come from the environment only")
            return
        unknown = unknown_keys(self.env_file)
        if not unknown:
            self.add(".env", "ok", f"{self.env_file}: every key is a setting")
        for key in unknown:
            todo = f"rename it to {key.suggestion}" if key.suggestion else "remove it"
            self.add(".env", "warn", f"{key.key} is not a setting and is ignored", todo)

    def check_database(self, path: Path) -> None:
        from archbot.failures import OperatorError
        from store import check_database
        from store.maintenance import MaintenanceError

        try:
            probe_path(path, write=True)
        except OperatorError as exc:
            self.add("database", "fail", str(exc), "fix DATABASE_PATH or the file's permissions")
            return
        if not path.exists():
            self.add(
                "database",
                "warn",
                f"{path} does not exist yet (its folder is writable)",
                "`archbot run` or `archbot db migrate` creates it",
            )
            return
        try:
            report = check_database(path)
        except MaintenanceError as exc:
            self.add("database", "fail", str(exc), "restore a backup or fix DATABASE_PATH")
            return
        if report.integrity != ["ok"]:
            self.add(
                "database",
                "fail",
                f"{path}: integrity check failed ({report.integrity[0]})",
                "restore the latest backup",
            )
            return
        version = f"schema version {report.schema_version} of {report.latest_version}"
        if report.schema_version > report.latest_version:
            self.add("database", "fail", f"{path}: {version}", "upgrade the bot")
        elif report.schema_version < report.latest_version:
            self.add("database", "warn", f"{path}: {version}", "run `archbot db migrate`")
        elif report.foreign_key_problems:
            self.add(
                "database",
                "warn",
                f"{path}: {report.foreign_key_problems} foreign-key problem(s)",
                "run `archbot db check` for details",
            )
        else:
            self.add("database", "ok", f"{path}: writable, integrity ok, {version}")

    def check_content(self) -> None:
        from content import ContentError, load_content

        try:
            content = load_content()
        except ContentError as exc:
            first = str(exc.problems[0]) if exc.problems else str(exc)
            more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
            self.add(
                "content", "fail", first + more, "run `archbot content check` for every problem"
            )
            return
        stats = content.stats()
        summary = ", ".join(f"{stats[k]} {k}" for k in ("steps", "tips", "questions") if k in stats)
        self.add("content", "ok", summary)

    # ---- job sources ---------------------------------------------------------------------

    async def check_sources(self, settings: Settings) -> None:
        from archbot.sources import load_sources
        from content import DATA_DIR
        from scrapers import KINDS
        from store import last_run_of
        from store.maintenance import open_read_only
        from store.scraping import emptied_sources

        path = settings.database_path
        runs: dict[str, dict[str, Any] | None] = {}
        emptied: list[str] = []
        if path.is_file() and self._database_ok():
            db = open_read_only(path)
            try:
                listing = load_sources(db, DATA_DIR)
                if "scrape_runs" in db.table_names():
                    runs = {
                        s.spec.ref: last_run_of(db, s.spec.kind, s.spec.key)
                        for s in listing.sources
                    }
                    emptied = [e.ref for e in emptied_sources(db)]
            finally:
                db.close()
        else:
            listing = load_sources(None, DATA_DIR)
        enabled = [s.spec for s in listing.sources if s.enabled]
        never = [s.ref for s in enabled if runs.get(s.ref) is None]
        failing = [
            f"{s.ref} ({(run.get('error') or 'failed')[:60]})"
            for s in enabled
            if (run := runs.get(s.ref)) is not None and run["status"] == "failed"
        ]
        latest = max((str(r["finished_at"] or "") for r in runs.values() if r), default="")
        found = f"{len(enabled)} enabled of {len(listing.sources)}"
        found += f", last run {latest[:16]} ({len(never)} never run)" if latest else ", never run"
        if not enabled:
            self.add("job sources", "warn", found, "add one with `archbot sources add`")
        elif failing:
            self.add(
                "job sources",
                "warn",
                f"{found}; failing: {', '.join(failing[:5])}",
                "see `archbot sources list`; test one with `archbot sources test KIND:KEY`",
            )
        else:
            self.add("job sources", "ok", found)
        if emptied:
            self.add(
                "job sources",
                "warn",
                f"had postings, now none: {', '.join(emptied[:5])}",
                "the board may have moved: check it with `archbot sources test KIND:KEY`",
            )
        hosts = sorted(
            {
                _host_port(KINDS[s.kind].base_for(s, self.base_urls))
                for s in enabled
                if s.kind in KINDS
            }
        )
        await self._reach_boards(hosts)

    def _database_ok(self) -> bool:
        return all(c.status != "fail" for c in self.checks or [] if c.name == "database")

    async def _reach_boards(self, hosts: Sequence[tuple[str, int]]) -> None:
        if not hosts:
            return
        reached = await asyncio.gather(*(_connects(h, p) for h, p in hosts))
        down = [f"{h}:{p}" for (h, p), ok in zip(hosts, reached, strict=True) if not ok]
        if len(down) == len(hosts):
            self.add(
                "job boards",
                "fail",
                f"unreachable: none of {len(hosts)} board host(s) answered within "
                f"{NETWORK_SECONDS:g} s",
                "check the network connection (and any proxy or firewall)",
            )
        elif down:
            self.add(
                "job boards",
                "warn",
                f"unreachable: {', '.join(down[:5])}",
                "those boards fail until they answer again",
            )
        else:
            self.add("job boards", "ok", f"{len(hosts)} board host(s) reachable")

    # ---- Discord -------------------------------------------------------------------------

    async def check_discord(self, settings: Settings) -> None:
        from archbot.doctor_discord import discord_checks

        if settings.token is None:
            typo = [k.key for k in unknown_keys(self.env_file) if k.suggestion == "DISCORD_TOKEN"]
            todo = (
                f"rename {typo[0]} to DISCORD_TOKEN in {self.env_file}"
                if typo
                else "put the bot token in .env as DISCORD_TOKEN=..."
            )
            self.add(
                "discord",
                "warn",
                "no DISCORD_TOKEN: `archbot run` plays the local tour instead",
                todo,
            )
            return
        for check in await discord_checks(settings, self._database_ok()):
            assert self.checks is not None
            self.checks.append(check)


def _host_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return parts.hostname or "", port


async def _connects(host: str, port: int) -> bool:
    """Whether a TCP connection to host:port opens within the time-out (nothing is sent)."""
    try:
        _, writer = await asyncio.wait_for(
            asyncio.open_connection(host, port), timeout=NETWORK_SECONDS
        )
    except (OSError, TimeoutError):
        return False
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
    return True
