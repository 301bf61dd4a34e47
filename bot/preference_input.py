"""What a member types into `/profile preferences`, checked and merged into their stored hard
filters, and the filters described back in words. Discord-free.

Every typed value goes through matcher/filters' parse functions, the same ones `archbot match`
uses, so a value the bot accepts is one the rules understand. An option left out keeps its
stored value; `-` (or `any`) in a text option clears that one preference.
"""

from __future__ import annotations

from dataclasses import replace

from bot.errors import UserFacingError
from matcher.filters import YEARS_SLACK, parse_employment_types, parse_salary, parse_work_regions
from store.preferences import MemberPreferences

CLEARS = {"-", "any", "none"}


def _cleared(text: str | None) -> bool:
    return text is not None and text.strip().casefold() in CLEARS


def merged(
    current: MemberPreferences,
    *,
    work_in: str | None = None,
    needs_visa: bool | None = None,
    years: int | None = None,
    min_salary: str | None = None,
    employment: str | None = None,
    clear: bool = False,
) -> MemberPreferences:
    """The member's preferences after this command; UserFacingError names a refused value."""
    result = MemberPreferences() if clear else current
    try:
        if _cleared(work_in):
            result = replace(result, work_regions=())
        elif work_in is not None:
            result = replace(result, work_regions=parse_work_regions(work_in))
        if needs_visa is not None:
            result = replace(result, needs_visa=needs_visa)
        if years is not None:
            result = replace(result, years=years)
        if _cleared(min_salary):
            result = replace(result, min_salary=None, salary_currency=None)
        elif min_salary is not None:
            amount, currency = parse_salary(min_salary)
            result = replace(result, min_salary=round(amount, 2), salary_currency=currency)
        if _cleared(employment):
            result = replace(result, employment_types=())
        elif employment is not None:
            result = replace(result, employment_types=parse_employment_types([employment]))
    except ValueError as exc:
        raise UserFacingError(f"Nothing was saved: {exc}.") from exc
    return result


def described(prefs: MemberPreferences) -> list[tuple[str, str]]:
    """(what, value) per preference, "any" where none is set."""
    visa = {None: "not stated", True: "yes", False: "no"}[prefs.needs_visa]
    salary = (
        f"{prefs.min_salary:,.0f} {prefs.salary_currency} a year"
        if prefs.min_salary is not None and prefs.salary_currency
        else "any"
    )
    years = (
        f"{prefs.years} (jobs asking {prefs.years + YEARS_SLACK + 1}+ years are hidden)"
        if prefs.years is not None
        else "not stated"
    )
    return [
        ("Can work from", ", ".join(prefs.work_regions) or "anywhere"),
        ("Needs visa sponsorship", visa),
        ("Years of experience", years),
        ("Minimum salary", salary),
        ("Employment types", ", ".join(prefs.employment_types) or "any"),
    ]
