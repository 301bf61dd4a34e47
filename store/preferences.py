"""Member preferences that act as hard filters: where they can work, whether they need visa
sponsorship, their years of experience, a minimum yearly salary and the employment types they
accept.

Values arrive already checked and normalised (country codes, region names, UTC offsets, ISO
currency codes; see matcher/filters.py); this module only stores them. A row holds the whole
set, so saving replaces it in one statement; `None` or an empty list means "no preference".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from store.db import Database, transaction
from store.members import ensure_member


@dataclass(frozen=True)
class MemberPreferences:
    work_regions: tuple[str, ...] = ()
    needs_visa: bool | None = None
    years: int | None = None
    min_salary: float | None = None
    salary_currency: str | None = None
    employment_types: tuple[str, ...] = ()


def get_preferences(db: Database, user_id: int) -> MemberPreferences:
    """The member's preferences; all empty when none were ever saved."""
    row = db.execute(
        "SELECT work_regions, needs_visa, years, min_salary, salary_currency, employment_types "
        "FROM member_preferences WHERE user_id = ?",
        [user_id],
    ).fetchone()
    if row is None:
        return MemberPreferences()
    return _from_row(row)


def _from_row(row: Sequence[Any]) -> MemberPreferences:
    regions, visa, years, salary, currency, types = row
    return MemberPreferences(
        work_regions=tuple(json.loads(regions)),
        needs_visa=None if visa is None else bool(visa),
        years=years,
        min_salary=salary,
        salary_currency=currency,
        employment_types=tuple(json.loads(types)),
    )


def preferences_of_members(db: Database, user_ids: Iterable[int]) -> dict[int, MemberPreferences]:
    """Preferences of many members at once (the ones who saved any), for filtering a batch of
    new matches without one query per member; one query per 500 ids."""
    ids = list(dict.fromkeys(int(i) for i in user_ids))
    found: dict[int, MemberPreferences] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        rows = db.execute(
            "SELECT user_id, work_regions, needs_visa, years, min_salary, salary_currency, "
            f"employment_types FROM member_preferences WHERE user_id IN ({marks})",
            chunk,
        ).fetchall()
        for user_id, *rest in rows:
            found[int(user_id)] = _from_row(rest)
    return found


def save_preferences(
    db: Database, user_id: int, preferences: MemberPreferences, now: datetime
) -> None:
    """Replace the member's preferences (creating the member row when needed)."""
    if (preferences.min_salary is None) != (preferences.salary_currency is None):
        raise ValueError("a minimum salary needs its currency, and a currency its amount")
    with transaction(db):
        ensure_member(db, user_id, now)
        _upsert(db, user_id, preferences, now)


def _upsert(db: Database, user_id: int, preferences: MemberPreferences, now: datetime) -> None:
    db.execute(
        """
        INSERT INTO member_preferences (user_id, work_regions, needs_visa, years, min_salary,
            salary_currency, employment_types, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(user_id) DO UPDATE SET
            work_regions = excluded.work_regions, needs_visa = excluded.needs_visa,
            years = excluded.years, min_salary = excluded.min_salary,
            salary_currency = excluded.salary_currency,
            employment_types = excluded.employment_types, updated_at = excluded.updated_at
        """,
        [
            user_id,
            _list(preferences.work_regions),
            None if preferences.needs_visa is None else int(preferences.needs_visa),
            preferences.years,
            preferences.min_salary,
            preferences.salary_currency,
            _list(preferences.employment_types),
            now.isoformat(),
        ],
    )


def clear_preferences(db: Database, user_id: int) -> bool:
    """Forget the member's preferences; True when there were any."""
    cursor = db.execute("DELETE FROM member_preferences WHERE user_id = ?", [user_id])
    return cursor.rowcount > 0


def _list(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)
