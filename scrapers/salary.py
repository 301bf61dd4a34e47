"""Salaries: structured ranges from the boards that have them, and a careful reader for the
free text others send ("$120k - $150k", "EUR 60.000-75.000 per year").

A number only becomes a salary when a currency or a k-suffix says it is money; "5+ years" or
"100 people" must not turn into pay.
"""

from __future__ import annotations

import re

import pycountry

from scrapers.posting import Salary, SalaryPeriod

# Symbols and prefixed dollars people write for a currency; "$" alone is taken as US dollars.
_SYMBOLS = {
    "$": "USD",
    "US$": "USD",
    "USD$": "USD",
    "CA$": "CAD",
    "C$": "CAD",
    "CAD$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "AUD$": "AUD",
    "NZ$": "NZD",
    "S$": "SGD",
    "SG$": "SGD",
    "HK$": "HKD",
    "R$": "BRL",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₩": "KRW",
    "₪": "ILS",
    "ZŁ": "PLN",
    "CHF": "CHF",
}
_CODES = (
    r"USD|EUR|GBP|CAD|AUD|CHF|SEK|NOK|DKK|PLN|INR|JPY|NZD|SGD|BRL|CZK|HKD|MXN|ZAR|ILS|TRY|RON|"
    r"HUF|KRW|CNY|AED"
)
_SYMBOL = r"(?:US|USD|CA|CAD|C|A|AU|AUD|NZ|S|SG|HK|R)?\$|[€£¥₹₩₪]"
_AMOUNT = r"(\d{1,3}(?:[.,\s]\d{3})+|\d+(?:\.\d+)?)\s*([kK](?![a-zA-Z])|[mM](?![a-zA-Z]))?"
_RANGE = re.compile(
    rf"(?P<cur1>{_SYMBOL}|\b(?:{_CODES})\b)?\s*{_AMOUNT}\s*(?P<cur_mid>{_CODES})?"
    rf"(?:\s*(?:-|\u2013|\u2014|to|and)\s*(?P<cur2>{_SYMBOL}|\b(?:{_CODES})\b)?\s*{_AMOUNT})?"
    rf"\s*(?P<cur3>\b(?:{_CODES})\b|[$€£]|zł)?",
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


def currency_code(value: object) -> str | None:
    """'$', 'US$', 'C$', '€', 'eur', 'EUR' -> an ISO 4217 code; anything else (a blank,
    'Dollars', 'XYZ') -> None, so a stored currency is either a real code or unknown."""
    if not isinstance(value, str) or not value.strip():
        return None
    token = value.strip().upper()
    if token in _SYMBOLS:
        return _SYMBOLS[token]
    if re.fullmatch(r"[A-Z]{3}", token) and pycountry.currencies.get(alpha_3=token) is not None:
        return token
    return None


def _currency(*tokens: str | None) -> str | None:
    for token in tokens:
        code = currency_code(token)
        if code:
            return code
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
    if lo is not None and hi is not None and hi < lo:
        lo, hi = hi, lo
    return Salary(
        min=lo, max=hi, currency=currency_code(currency), period=period_from_label(period)
    )


_PAY_LINE = re.compile(
    r"\b(salary|salaries|compensation|pay\s+(?:range|band|scale|rate)|base\s+pay|base\s+range|"
    r"hourly\s+rate|day\s+rate|ote|gehalt|remuneration|wage)\b",
    re.I,
)


# Substring tests are far cheaper than a case-insensitive pattern over a long description;
# most descriptions hold none of these, and those that do are then read line by line.
_PAY_CUES = ("salar", "compensation", "pay", "rate", "ote", "gehalt", "remuneration", "wage")


def salary_in_description(text: str) -> Salary | None:
    """A range stated in a line about pay ("The base salary range for this role is $150,000 -
    $200,000"). Lines about anything else are ignored, so "we raised $20M" never becomes pay;
    a yearly equivalent outside 1,000 to 2,000,000 is taken as a misreading."""
    lowered = text.lower()
    if not any(cue in lowered for cue in _PAY_CUES):
        return None
    for line in re.split(r"\n|(?<=[.!?])\s+", text):
        if not _PAY_LINE.search(line):
            continue
        found = salary_from_text(line)
        if found is None:
            continue
        yearly = found.yearly_max or found.yearly_min
        if yearly is not None and 1_000 <= yearly <= 2_000_000:
            return found
    return None
