"""`archbot doctor`: one table of checks, ok / warn / fail, with what to do for each."""

from __future__ import annotations

import asyncio

import click
from rich.console import Console
from rich.table import Table

from archbot.context import AppContext, pass_app
from archbot.doctor import Check, Doctor

STYLE = {"ok": "green", "warn": "yellow", "fail": "bold red"}


def checks_table(checks: list[Check]) -> Table:
    table = Table(title="archbot doctor", show_lines=False)
    table.add_column("check", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("found", overflow="fold")
    table.add_column("what to do", overflow="fold")
    for check in checks:
        style = STYLE[check.status]
        table.add_row(check.name, f"[{style}]{check.status}[/]", check.found, check.todo)
    return table


def plain_line(check: Check) -> str:
    todo = f" -> {check.todo}" if check.todo else ""
    return f"{check.status:<4}  {check.name}: {check.found}{todo}"


@click.command("doctor")
@click.option("--plain", is_flag=True, help="One line per check instead of a table (for scripts).")
@pass_app
def doctor_command(app: AppContext, plain: bool) -> None:
    """Check settings, .env, database, content, job sources and Discord; say what to fix.

    Changes nothing. Network checks time out within seconds. Exits with status 1 when any
    check fails (warnings alone exit 0).
    """
    from archbot.commands.scrape import client_options

    base_urls = client_options().get("base_urls")
    doctor = Doctor(app.env_file, base_urls=base_urls)
    checks = asyncio.run(doctor.run())
    if plain:
        for check in checks:
            click.echo(plain_line(check))
    else:
        Console().print(checks_table(checks))
    counts = {s: sum(c.status == s for c in checks) for s in ("ok", "warn", "fail")}
    click.echo(f"{counts['ok']} ok, {counts['warn']} warning(s), {counts['fail']} failure(s)")
    if doctor.failed:
        raise SystemExit(1)
