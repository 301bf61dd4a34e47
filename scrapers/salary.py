"""Salaries: structured ranges from the boards that have them, and a careful reader for the
free text others send ("$120k - $150k", "EUR 60.000-75.000 per year").

A number only becomes a salary when a currency or a k-suffix says it is money; "5+ years" or
"100 people" must not turn into pay.
"""

from __future__ import annotations

import re

from scrapers.posting import Salary, SalaryPeriod

_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "CHF": "CHF"}
_CODES = r"USD|EUR|GBP|CAD|AUD|CHF|SEK|NOK|DKK|PLN|INR|JPY|NZD|SGD|BRL|CZK"
_AMOUNT = r"(\d{1,3}(?:[.,\s]\d{3})+|\d+(?:\.\d+)?)\s*([kKmM])?"
_RANGE = re.compile(
    rf"(?P<cur1>[$€£¥₹]|\b(?:{_CODES})\b)?\s*{_AMOUNT}\s*(?P<cur_mid>{_CODES})?"
    rf"(?:\s*(?:-|\u2013|\u2014|to|and)\s*(?P<cur2>[$€£¥₹]|\b(?:{_CODES})\b)?\s*{_AMOUNT})?"
    rf"\s*(?P<cur3>\b(?:{_CODES})\b|[$€£])?",
    re.I,
)
_PERIODS: tuple[tuple[SalaryPeriod, re.Pattern[str]], ...] = (
    ("hour", re.compile(r"(/\s*h(ou)?r\b|per hour|hourly|an hour|/hour)", re.I)),
    ("day", re.compile(r"(/\s*day\b|per day|daily rate|a day)", re.I)),
    ("week", re.compile(r"(/\s*w(ee)?k\b|per week|weekly)", re.I)),
    ("month", re.compile(r"(/\s*mo(nth)?\b|per month|monthly|a month)", re.I)),
    (
        "year",
        re.compile(r"(/\s*y(ea)?r\b|per year|per annum|annual|yearly|a year|p\.?a\.?\b)", re.I),
    ),
)


def period_from_label(label: object) -> SalaryPeriod | None:
    """'per-year-salary', '1 YEAR', 'YEAR', 'hourly', 'monthly' -> a period."""
    if not isinstance(label, str):
        return None
    for period, pattern in _PERIODS:
        if pattern.search(label) or period in label.lower():
            return period
    return None


def _number(digits: str, suffix: str | None) -> float:
    cleaned = digits.replace(" ", "")
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", cleaned):
        cleaned = re.sub(r"[.,]", "", cleaned)
    value = float(cleaned)
    if suffix and suffix.lower() == "k":
        value *= 1000
    elif suffix and suffix.lower() == "m":
        value *= 1_000_000
    return value


def _currency(*tokens: str | None) -> str | None:
    for token in tokens:
        if token:
            return _SYMBOLS.get(token, token.upper())
    return None


def salary_from_text(text: str | None) -> Salary | None:
    """The first money range stated in `text`, or None when there is no clear one."""
    if not text:
        return None
    for match in _RANGE.finditer(text):
        low_digits, low_suffix = match.group(2), match.group(3)
        high_digits, high_suffix = match.group(6), match.group(7)
        currency = _currency(
            match.group("cur1"), match.group("cur_mid"), match.group("cur2"), match.group("cur3")
        )
        if high_digits and not low_suffix and high_suffix:
            low_suffix = high_suffix  # "120-150k"
        if not currency and not (high_digits and (low_suffix or high_suffix)):
            continue  # a bare "401k" or "5 years" is not pay
        low = _number(low_digits, low_suffix)
        high = _number(high_digits, high_suffix) if high_digits else None
        if low < 10 and not (low_suffix or high_suffix):
            continue
        if high is not None and high < low:
            low, high = high, low
        tail = text[match.start() : match.end() + 30]
        period = period_from_label(tail)
        if period is None and max(low, high or 0) >= 10_000:
            period = "year"
        return Salary(min=low, max=high, currency=currency, period=period)
    return None


def salary_from_range(
    low: object, high: object, currency: object, period: object, *, zero_is_unknown: bool = False
) -> Salary | None:
    """A structured range; None when neither bound is a positive number."""

    def amount(value: object) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            return None
        try:
            number = float(value)
        except ValueError:
            return None
        if number < 0 or (zero_is_unknown and number == 0):
            return None
        return number

    lo, hi = amount(low), amount(high)
    if lo is None and hi is None:
        return None
    cur = currency.strip().upper() if isinstance(currency, str) and currency.strip() else None
    return Salary(min=lo, max=hi, currency=cur, period=period_from_label(period))
