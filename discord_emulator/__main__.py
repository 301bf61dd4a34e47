"""`python -m discord_emulator`: run a local Discord by hand and print how to connect to it.

The printed DISCORD_API_BASE, DISCORD_GATEWAY_URL and DISCORD_TOKEN lines can be pasted into a
shell or `.env`; any discord.py bot that honours them then runs against this process.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys

from discord_emulator.emulator import Emulator


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line: where to listen and what world to start with."""
    parser = argparse.ArgumentParser(
        prog="python -m discord_emulator",
        description="Serve a local Discord-compatible REST API and gateway on 127.0.0.1.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to bind (default: a free one)")
    parser.add_argument("--guild", default="Emulated server", help="name of the guild to create")
    parser.add_argument(
        "--members", type=int, default=3, help="ordinary members to add to the guild (default 3)"
    )
    return parser.parse_args(argv)


async def serve(
    args: argparse.Namespace,
    stop: asyncio.Event | None = None,
    ready: asyncio.Event | None = None,
) -> None:
    """Start the emulator, describe it, and run until interrupted (or `stop` is set).

    `ready` is set once the connection settings have been printed.
    """
    emulator = Emulator(host=args.host, port=args.port)
    await emulator.start()
    guild = emulator.create_guild(args.guild)
    admin = emulator.create_admin(guild.id, "admin")
    for index in range(args.members):
        emulator.create_member(guild.id, f"member{index + 1}")
    print("Local Discord emulator running. Point the bot at it with:")
    print(f"  DISCORD_API_BASE={emulator.api_base}")
    print(f"  DISCORD_GATEWAY_URL={emulator.gateway_url}")
    print(f"  DISCORD_TOKEN={emulator.bot_token}")
    print(f"Guild {guild.name!r} id={guild.id}, channel #general id={guild.channel_ids[0]},")
    print(f"admin user id={admin.id}, {args.members} ordinary members. Ctrl-C stops it.")
    sys.stdout.flush()
    if ready is not None:
        ready.set()
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await emulator.stop()


def main(argv: list[str] | None = None) -> None:
    """Entry point for `python -m discord_emulator`."""
    asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
