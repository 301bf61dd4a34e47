"""The fingerprint of the slash commands last published, per application and scope.

Discord keeps whatever was published last; publishing again only when the command tree changed
keeps restarts free of sync calls (Discord rate-limits them tightly). Scope 0 is global; any
other value is the id of the server that holds a per-server copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from store.db import Database, transaction

GLOBAL = 0


@dataclass(frozen=True)
class Published:
    application_id: int
    guild_id: int
    fingerprint: str
    command_count: int
    published_at: str

    @property
    def is_global(self) -> bool:
        return self.guild_id == GLOBAL


_COLUMNS = "application_id, guild_id, fingerprint, command_count, published_at"


def published(db: Database, application_id: int, guild_id: int = GLOBAL) -> Published | None:
    """The last publish of this application to this scope, if any was recorded."""
    row = db.execute(
        f"SELECT {_COLUMNS} FROM published_commands WHERE application_id = ? AND guild_id = ?",
        [application_id, guild_id],
    ).fetchone()
    return Published(*row) if row else None


def published_scopes(db: Database, application_id: int | None = None) -> list[Published]:
    """Every recorded publish (of one application, when given), global first."""
    where, params = ("WHERE application_id = ?", [application_id]) if application_id else ("", [])
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM published_commands {where} ORDER BY application_id, guild_id",
        params,
    ).fetchall()
    return [Published(*row) for row in rows]


def record_published(
    db: Database,
    application_id: int,
    guild_id: int,
    fingerprint: str,
    command_count: int,
    now: datetime,
) -> None:
    """Remember a publish that Discord accepted."""
    with transaction(db):
        db.execute(
            f"INSERT INTO published_commands ({_COLUMNS}) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (application_id, guild_id) DO UPDATE SET fingerprint = excluded."
            "fingerprint, command_count = excluded.command_count, published_at = "
            "excluded.published_at",
            [application_id, guild_id, fingerprint, command_count, now.isoformat()],
        )


def forget_published(db: Database, application_id: int, guild_id: int) -> None:
    """Forget a scope whose commands were removed."""
    with transaction(db):
        db.execute(
            "DELETE FROM published_commands WHERE application_id = ? AND guild_id = ?",
            [application_id, guild_id],
        )
