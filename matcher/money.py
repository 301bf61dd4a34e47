"""Comparing salaries stated in different currencies, with a fixed table.

A member's minimum is one amount in one currency; postings state theirs in many. Live exchange
rates would make a filter's verdict change overnight with no change to the job or the member,
so rates are a fixed table (euros per unit, rounded, reviewed by hand) and a comparison across
currencies keeps a margin in the posting's favour: it is a filter that hides jobs that clearly
pay too little, not an accountant.
"""

from __future__ import annotations

# Euros per one unit of each currency (approximate, late 2026).
EUR_PER_UNIT: dict[str, float] = {
    "EUR": 1.0,
    "USD": 0.92,
    "GBP": 1.17,
    "CHF": 1.05,
    "CAD": 0.67,
    "AUD": 0.60,
    "NZD": 0.55,
    "SEK": 0.087,
    "NOK": 0.085,
    "DKK": 0.134,
    "PLN": 0.23,
    "CZK": 0.040,
    "HUF": 0.0025,
    "RON": 0.20,
    "INR": 0.011,
    "JPY": 0.0061,
    "SGD": 0.69,
    "HKD": 0.118,
    "BRL": 0.17,
    "MXN": 0.050,
    "ZAR": 0.050,
    "ILS": 0.25,
    "TRY": 0.026,
    "KRW": 0.00066,
    "CNY": 0.13,
    "AED": 0.25,
}

# Across currencies, a posting is excluded only when it pays less than this share of the
# member's minimum after conversion, so a rate that drifted by a few per cent never hides a job.
CROSS_CURRENCY_MARGIN = 0.9


def convert(amount: float, source: str, target: str) -> float | None:
    """`amount` in `source` expressed in `target`, or None when either is not in the table."""
    if source == target:
        return amount
    rate_from, rate_to = EUR_PER_UNIT.get(source), EUR_PER_UNIT.get(target)
    if rate_from is None or rate_to is None:
        return None
    return amount * rate_from / rate_to
