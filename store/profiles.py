"""Member profiles: declared skills (taxonomy ids), experience level, place and remote preference.

Skills are kept one row each so adding or removing one is a single statement, and the whole list
is replaced in one transaction when a member submits the profile form. Free text never reaches
this module: the bot normalises skills through the taxonomy first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from store.db import Database, transaction
from store.members import ensure_member

EXPERIENCE_LEVELS = ("intern", "junior", "mid", "senior", "lead", "staff", "principal", "head")
REMOTE_CHOICES = ("remote", "hybrid", "onsite", "any")


@dataclass(frozen=True)
class Profile:
    """What a member declared. `skills` are taxonomy ids, sorted."""

    user_id: int
    skills: tuple[str, ...]
    experience: str | None
    location: str | None
    remote: str
    target_roles: str
    updated_at: str


def _check(experience: str | None, remote: str) -> None:
    if experience is not None and experience not in EXPERIENCE_LEVELS:
        raise ValueError(f"unknown experience level {experience!r}")
    if remote not in REMOTE_CHOICES:
        raise ValueError(f"unknown remote preference {remote!r}")


def _ensure_profile(db: Database, user_id: int, now: datetime) -> None:
    ensure_member(db, user_id, now)
    db.execute(
        "INSERT INTO profiles (user_id, updated_at) VALUES (?, ?) ON CONFLICT(user_id) DO NOTHING",
        [user_id, now.isoformat()],
    )


def get_profile(db: Database, user_id: int) -> Profile | None:
    row = db.execute(
        "SELECT experience, location, remote, target_roles, updated_at FROM profiles "
        "WHERE user_id = ?",
        [user_id],
    ).fetchone()
    if row is None:
        return None
    skills = tuple(
        r[0]
        for r in db.execute(
            "SELECT skill_id FROM profile_skills WHERE user_id = ? ORDER BY skill_id", [user_id]
        )
    )
    return Profile(user_id, skills, row[0], row[1], row[2], row[3], row[4])


def save_profile(
    db: Database,
    user_id: int,
    *,
    skills: Iterable[str],
    experience: str | None,
    location: str | None,
    remote: str,
    target_roles: str,
    now: datetime,
) -> None:
    """Replace the whole profile, skills included, in one transaction."""
    _check(experience, remote)
    chosen = sorted(set(skills))
    stamp = now.isoformat()
    with transaction(db):
        ensure_member(db, user_id, now)
        db.execute(
            """
            INSERT INTO profiles (user_id, experience, location, remote, target_roles, updated_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(user_id) DO UPDATE SET
                experience = excluded.experience, location = excluded.location,
                remote = excluded.remote, target_roles = excluded.target_roles,
                updated_at = excluded.updated_at
            """,
            [user_id, experience, location, remote, target_roles, stamp],
        )
        kept = {
            r[0]
            for r in db.execute("SELECT skill_id FROM profile_skills WHERE user_id = ?", [user_id])
        }
        db.conn.executemany(
            "DELETE FROM profile_skills WHERE user_id = ? AND skill_id = ?",
            [(user_id, s) for s in kept - set(chosen)],
        )
        db.conn.executemany(
            "INSERT INTO profile_skills (user_id, skill_id, added_at) VALUES (?, ?, ?)",
            [(user_id, s, stamp) for s in chosen if s not in kept],
        )


def add_skills(db: Database, user_id: int, skill_ids: Iterable[str], now: datetime) -> list[str]:
    """Add skills (creating an empty profile if needed); returns those that were new."""
    wanted = sorted(set(skill_ids))
    stamp = now.isoformat()
    added: list[str] = []
    with transaction(db):
        _ensure_profile(db, user_id, now)
        for skill_id in wanted:
            cursor = db.execute(
                "INSERT INTO profile_skills (user_id, skill_id, added_at) VALUES (?, ?, ?) "
                "ON CONFLICT(user_id, skill_id) DO NOTHING",
                [user_id, skill_id, stamp],
            )
            if cursor.rowcount == 1:
                added.append(skill_id)
        db.execute("UPDATE profiles SET updated_at = ? WHERE user_id = ?", [stamp, user_id])
    return added


def remove_skill(db: Database, user_id: int, skill_id: str, now: datetime) -> bool:
    with transaction(db):
        removed = db.execute(
            "DELETE FROM profile_skills WHERE user_id = ? AND skill_id = ?", [user_id, skill_id]
        ).rowcount
        if removed:
            db.execute(
                "UPDATE profiles SET updated_at = ? WHERE user_id = ?", [now.isoformat(), user_id]
            )
    return bool(removed)


def all_profiles(db: Database) -> list[Profile]:
    """Every profile, for rebuilding the match index at start."""
    skills: dict[int, list[str]] = {}
    for user_id, skill_id in db.execute(
        "SELECT user_id, skill_id FROM profile_skills ORDER BY user_id, skill_id"
    ):
        skills.setdefault(int(user_id), []).append(skill_id)
    return [
        Profile(int(u), tuple(skills.get(int(u), ())), e, loc, r, t, at)
        for u, e, loc, r, t, at in db.execute(
            "SELECT user_id, experience, location, remote, target_roles, updated_at "
            "FROM profiles ORDER BY user_id"
        )
    ]
