"""Where a remote job may be done: countries (ISO 3166 alpha-2), a fixed set of named regions,
and UTC offsets, plus which countries each region holds.

Postings state their remote scope in many words ("Remote (EMEA)", "USA Only", "Anywhere in
the World", "remote within Germany"); members say where they can work the same way. Both are
folded into this one vocabulary so a hard filter compares codes, not prose. The region set is
closed on purpose: a word not listed here is not a region, so a typo never widens a filter.

Region membership follows common hiring usage rather than any single official list: `Europe`
is the EEA plus the UK, Switzerland, the Balkans, Ukraine, Moldova, Belarus, Russia and Turkey;
`North America` is the US, Canada and Mexico; `LATAM` is Mexico, Central and South America and
the Spanish- and Portuguese-speaking Caribbean; `EMEA` is Europe, the Middle East and Africa.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pycountry

WORLDWIDE = "Worldwide"


def _codes(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


EU = _codes("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE")
EEA = EU | {"IS", "LI", "NO"}
EUROPE = EEA | _codes("GB CH AD MC SM VA AL BA ME MK RS XK UA MD BY RU TR GI IM JE GG FO")
MIDDLE_EAST = _codes("AE BH EG IL IQ IR JO KW LB OM PS QA SA SY TR YE")
AFRICA = _codes(
    "DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY "
    "MG MW ML MR MU MA MZ NA NE NG RW ST SN SC SL SO ZA SS SD TZ TG TN UG ZM ZW"
)
NORTH_AMERICA = _codes("US CA MX")
LATAM = _codes("MX GT BZ SV HN NI CR PA CU DO PR AR BO BR CL CO EC PY PE UY VE")
AMERICAS = NORTH_AMERICA | LATAM | _codes("BS BB JM TT HT GY SR AG DM GD KN LC VC")
OCEANIA = _codes("AU NZ FJ PG")
ASIA = _codes("JP KR CN HK TW MO SG MY ID TH VN PH IN PK BD LK NP MM KH LA MN BN")
APAC = ASIA | OCEANIA

# The fixed set of region names (the values a posting's `remote_regions` may hold besides
# country codes and UTC offsets), each with the countries it contains.
REGIONS: dict[str, frozenset[str]] = {
    "EU": EU,
    "EEA": EEA,
    "DACH": frozenset({"DE", "AT", "CH"}),
    "Nordics": frozenset({"DK", "FI", "IS", "NO", "SE"}),
    "Europe": EUROPE,
    "Middle East": MIDDLE_EAST,
    "Africa": AFRICA,
    "EMEA": EUROPE | MIDDLE_EAST | AFRICA,
    "North America": NORTH_AMERICA,
    "LATAM": LATAM,
    "Americas": AMERICAS,
    "Asia": ASIA,
    "Oceania": OCEANIA,
    "APAC": APAC,
}
REGION_NAMES: tuple[str, ...] = (WORLDWIDE, *REGIONS)

# How postings and members write the regions; matched as whole words, case-insensitively.
_REGION_WORDS: tuple[tuple[str, str], ...] = (
    (r"world[\s-]?wide|anywhere(?: in the world)?|global(?:ly)?|any location", WORLDWIDE),
    (r"emea", "EMEA"),
    (r"apac|asia[\s-]pacific", "APAC"),
    (r"latam|latin america|south america|central america", "LATAM"),
    (r"north america|n\.\s?america", "North America"),
    (r"americas", "Americas"),
    (r"eea|european economic area", "EEA"),
    (r"eu|european union", "EU"),
    (r"europe|european(?! union| economic area)", "Europe"),
    (r"dach", "DACH"),
    (r"nordics?|scandinavia", "Nordics"),
    (r"middle east|mena", "Middle East"),
    (r"africa", "Africa"),
    (r"asia", "Asia"),
    (r"oceania|australasia|anz", "Oceania"),
)
_REGION_PATTERNS = tuple(
    (re.compile(rf"(?<![\w])(?:{words})(?![\w])", re.I), name) for words, name in _REGION_WORDS
)

# Names people use that ISO does not list as a name of the country.
_SYNONYMS: dict[str, str] = {
    "us": "US",
    "u.s.": "US",
    "u.s": "US",
    "usa": "US",
    "u.s.a.": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "deutschland": "DE",
    "holland": "NL",
    "the netherlands": "NL",
    "czech republic": "CZ",
    "russia": "RU",
    "south korea": "KR",
    "korea": "KR",
    "vietnam": "VN",
    "turkey": "TR",
    "taiwan": "TW",
    "iran": "IR",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "moldova": "MD",
    "syria": "SY",
    "laos": "LA",
    "kosovo": "XK",
    "ivory coast": "CI",
    "uae": "AE",
    "u.a.e.": "AE",
    "macedonia": "MK",
    "schweiz": "CH",
    "suisse": "CH",
    "österreich": "AT",
    "espana": "ES",
    "españa": "ES",
    "italia": "IT",
    "polska": "PL",
    "brasil": "BR",
    "méxico": "MX",
}

# US states and Canadian provinces name their country: "Remote - California" is US-only.
_US_STATES = (
    "alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii "
    "idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts "
    "michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon "
    "pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming"
)
_SUBDIVISIONS = {
    **dict.fromkeys(_US_STATES.split(), "US"),
    **dict.fromkeys(
        (
            "new hampshire",
            "new jersey",
            "new mexico",
            "new york",
            "north carolina",
            "north dakota",
            "rhode island",
            "south carolina",
            "south dakota",
            "west virginia",
        ),
        "US",
    ),
    **dict.fromkeys(("ontario", "quebec", "british columbia", "alberta"), "CA"),
}
# Georgia is left out above: a bare "Georgia" is read as the country.


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold().strip(" .,;:()[]-\u2013\u2014/")
    return " ".join(folded.split())


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Every ISO name (short, common, official) folded -> alpha-2, plus the synonyms above."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        code = str(country.alpha_2)
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if isinstance(value, str):
                names[_fold(value)] = code
                # "Korea, Republic of" and "Bolivia, Plurinational State of": the part before
                # the comma is how people write it, unless another country claims it.
                head = _fold(value.split(",")[0])
                names.setdefault(head, code)
    names.update({_fold(k): v for k, v in _SYNONYMS.items()})
    names.update(_SUBDIVISIONS)
    return names


def country_code(name: str) -> str | None:
    """'Germany', 'USA', 'United Kingdom', 'Deutschland', 'Texas' -> an alpha-2 code or None.

    A bare two-letter code counts only in upper case and only when it is on the list below:
    most codes are also something else in a job post ("CA" California, "IN" Indiana, "PT"
    Pacific Time, "IT", "HR", "QA", "AI", "SE" software engineer), and a wrong country is worse
    than none.
    """
    stripped = name.strip(" .,;:()[]-\u2013\u2014/")
    if re.fullmatch(r"[A-Z]{2}", stripped):
        if stripped == "UK":
            return "GB"
        return stripped if stripped in _BARE_CODES else None
    return _country_names().get(_fold(stripped))


_BARE_CODES = _codes(
    "US GB DE FR NL ES CH AT PL DK FI IE CZ RO HU GR PT UA LT LV EE BG RS HK TW ZA NG KE EG AE "
    "TR BR MX CL PE UY VN PH TH MY PK JP CN KR SG AU NZ"
) - {"PT"}


def region_names(text: str) -> list[str]:
    """The regions of the fixed set named in `text`, in the set's order, without duplicates."""
    found: list[str] = []
    for pattern, name in _REGION_PATTERNS:
        if name not in found and pattern.search(text):
            found.append(name)
    return found


_TOKEN_SPLIT = re.compile(r"\s*(?:,|;|/|\||\(|\)|\bor\b|\band\b|&|\+|\u2013|\u2014|\s-\s)\s*", re.I)


def countries_in(text: str) -> list[str]:
    """Alpha-2 codes of the countries named in `text` ("Remote - Germany or Austria")."""
    found: list[str] = []
    pieces = [p for p in _TOKEN_SPLIT.split(text) if p and p.strip()]
    for piece in pieces:
        cleaned = re.sub(
            r"\b(remote|only|based|within|in|from|the|anywhere|fully|work|candidates?)\b",
            " ",
            piece,
            flags=re.I,
        )
        cleaned = " ".join(cleaned.split())
        if not cleaned:
            continue
        code = country_code(cleaned)
        if code is None and cleaned.upper() in {"US", "USA", "UK"}:
            code = country_code(cleaned.upper())
        if code and code not in found:
            found.append(code)
    return found


def format_offset(minutes: int) -> str:
    """-300 -> 'UTC-05:00'; the one spelling of a UTC offset in `remote_regions`."""
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def parse_offset(text: str) -> int | None:
    """'UTC+03:00', 'UTC+3', 'GMT-5', 'utc+5:30' -> minutes east of UTC, or None."""
    match = re.fullmatch(r"\s*(?:utc|gmt)\s*([+-\u2212])\s*(\d{1,2})(?::?(\d{2}))?\s*", text, re.I)
    if not match:
        return 0 if re.fullmatch(r"\s*(?:utc|gmt)\s*", text, re.I) else None
    sign = -1 if match.group(1) in {"-", "\u2212"} else 1
    minutes = int(match.group(2)) * 60 + int(match.group(3) or 0)
    if minutes > 14 * 60:
        return None
    return sign * minutes


def countries_of(region: str) -> frozenset[str] | None:
    """The countries a region holds; a country code holds itself; None for Worldwide/offsets."""
    if region in REGIONS:
        return REGIONS[region]
    if re.fullmatch(r"[A-Z]{2}", region):
        return frozenset({region})
    return None


def is_offset(value: str) -> bool:
    return value.startswith("UTC") and parse_offset(value) is not None


def contains(outer: str, inner: str) -> bool:
    """Whether `inner` (a country or region) lies inside `outer`: DE is in EU, EU in Europe,
    Europe in EMEA, anything in Worldwide. UTC offsets contain only themselves."""
    if outer in {inner, WORLDWIDE}:
        return True
    if inner == WORLDWIDE:
        return False
    big, small = countries_of(outer), countries_of(inner)
    if big is None or small is None:
        return False
    return small <= big
