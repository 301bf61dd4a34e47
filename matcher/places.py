"""Location and remote filters: can this member take this posting at all?

Locations are compared as normalised tokens. A token is a country (from a small synonym table:
"USA", "United States", "U.S." are all "us"), or a place (a city, or any other word left after
dropping filler such as "remote", "office", "area"). Common tech cities also name their country,
so "Berlin" meets a posting that says only "Germany".

Compatibility is an overlap of keys (`member_keys` against `posting_keys`), which is what lets
the index find compatible members with set lookups instead of comparing every pair:
* the same place ("London" and "London, UK");
* a member who gave only a country meets any posting in that country;
* a posting that gives only a country meets any member in that country.
Two different cities of one country do not meet: "Munich" is not "Berlin".

Remote postings are not filtered by location: their region limits ("Remote - US") are written in
too many ways to read reliably, so they are shown and the member judges.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from matcher.models import RemoteMode, RemotePreference

# Work modes a member accepts. A remote-only member never gets onsite, hybrid or unstated roles
# (an unstated one may well be onsite); "hybrid" accepts remote, hybrid and unstated ones.
REMOTE_ALLOWED: dict[RemotePreference, frozenset[RemoteMode]] = {
    "remote": frozenset({"remote"}),
    "hybrid": frozenset({"remote", "hybrid", "unknown"}),
    "onsite": frozenset({"remote", "hybrid", "onsite", "unknown"}),
    "any": frozenset({"remote", "hybrid", "onsite", "unknown"}),
}

_PHRASES: tuple[tuple[str, str], ...] = (
    (r"\bunited states(?: of america)?\b|\bu\.s\.a?\.?(?=\W|$)|\busa\b|\bamerica\b", " us "),
    (
        r"\bunited kingdom\b|\bgreat britain\b|\bbritain\b|\bengland\b|\bscotland\b|\bwales\b",
        " uk ",
    ),
    (r"\bunited arab emirates\b|\buae\b", " ae "),
    (r"\bnew york(?: city)?\b|\bnyc\b", " newyork "),
    (r"\bsan francisco\b|\bsf bay area\b|\bbay area\b|\bsf\b", " sanfrancisco "),
    (r"\blos angeles\b", " losangeles "),
    (r"\bsan diego\b", " sandiego "),
    (r"\bsan jose\b", " sanjose "),
    (r"\bsao paulo\b", " saopaulo "),
    (r"\bhong kong\b", " hongkong "),
    (r"\btel aviv\b", " telaviv "),
    (r"\bthe netherlands\b|\bnetherlands\b|\bholland\b", " nl "),
    (r"\bdeutschland\b", " germany "),
    (r"\bwashington,? d\.?c\.?\b", " washingtondc "),
)
_PHRASE_PATTERNS = tuple((re.compile(p), r) for p, r in _PHRASES)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_COUNTRIES = _words(
    """us uk ae nl germany france spain italy portugal ireland canada mexico brazil argentina
    india china japan singapore australia poland sweden norway denmark finland switzerland
    austria belgium israel estonia romania ukraine czechia greece hungary turkey nigeria kenya
    egypt southafrica korea taiwan vietnam indonesia philippines newzealand colombia chile
    luxembourg lithuania latvia croatia serbia bulgaria"""
)
_COUNTRY_ALIASES = {"gb": "uk", "deutschland": "germany", "ch": "switzerland", "de": "germany"}

CITY_COUNTRY: dict[str, str] = {
    "newyork": "us",
    "sanfrancisco": "us",
    "losangeles": "us",
    "sandiego": "us",
    "sanjose": "us",
    "seattle": "us",
    "boston": "us",
    "austin": "us",
    "chicago": "us",
    "denver": "us",
    "atlanta": "us",
    "washingtondc": "us",
    "london": "uk",
    "manchester": "uk",
    "edinburgh": "uk",
    "cambridge": "uk",
    "berlin": "germany",
    "munich": "germany",
    "hamburg": "germany",
    "frankfurt": "germany",
    "paris": "france",
    "lyon": "france",
    "amsterdam": "nl",
    "rotterdam": "nl",
    "madrid": "spain",
    "barcelona": "spain",
    "lisbon": "portugal",
    "dublin": "ireland",
    "zurich": "switzerland",
    "geneva": "switzerland",
    "vienna": "austria",
    "stockholm": "sweden",
    "copenhagen": "denmark",
    "oslo": "norway",
    "helsinki": "finland",
    "warsaw": "poland",
    "krakow": "poland",
    "prague": "czechia",
    "tallinn": "estonia",
    "milan": "italy",
    "rome": "italy",
    "toronto": "canada",
    "vancouver": "canada",
    "montreal": "canada",
    "bangalore": "india",
    "bengaluru": "india",
    "hyderabad": "india",
    "pune": "india",
    "mumbai": "india",
    "delhi": "india",
    "singapore": "singapore",
    "tokyo": "japan",
    "sydney": "australia",
    "melbourne": "australia",
    "telaviv": "israel",
    "dubai": "ae",
    "hongkong": "china",
    "shanghai": "china",
    "beijing": "china",
    "seoul": "korea",
    "saopaulo": "brazil",
    "mexico": "mexico",
    "nairobi": "kenya",
    "lagos": "nigeria",
}

_FILLER = _words(
    """remote hybrid onsite on site office offices in office based anywhere worldwide global
    globally area greater metro metropolitan region city county state province hq headquarters
    and or the of or near within from time zone zones timezone only first friendly home work
    flexible europe emea americas apac latam north south east west central"""
)


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if not unicodedata.combining(c)).lower()


def tokens(location: str) -> tuple[frozenset[str], frozenset[str]]:
    """(places, countries) named by one location string."""
    text = f" {_ascii(location)} "
    for pattern, replacement in _PHRASE_PATTERNS:
        text = pattern.sub(replacement, text)
    places: set[str] = set()
    countries: set[str] = set()
    for raw in re.findall(r"[a-z]+", text):
        word = _COUNTRY_ALIASES.get(raw, raw)
        if word in _COUNTRIES:
            countries.add(word)
            if word == "singapore":
                places.add(word)
        elif word not in _FILLER and len(word) > 1:
            places.add(word)
            if word in CITY_COUNTRY:
                countries.add(CITY_COUNTRY[word])
    return frozenset(places), frozenset(countries)


def member_keys(location: str | None) -> frozenset[str]:
    """Keys of where a member is; empty means "anywhere" (no location filter)."""
    if not location:
        return frozenset()
    places, countries = tokens(location)
    keys = {f"p:{p}" for p in places} | {f"c:{c}" for c in countries}
    if not places:
        keys |= {f"n:{c}" for c in countries}
    return frozenset(keys)


def posting_keys(locations: Iterable[str]) -> frozenset[str]:
    """Keys of where a posting's offices are, over all of its locations."""
    keys: set[str] = set()
    for location in locations:
        places, countries = tokens(location)
        keys |= {f"p:{p}" for p in places} | {f"n:{c}" for c in countries}
        if not places:
            keys |= {f"c:{c}" for c in countries}
    return frozenset(keys)


def location_compatible(member: frozenset[str], posting: frozenset[str], mode: RemoteMode) -> bool:
    """Remote postings and members or postings without a location always pass."""
    if mode == "remote" or not member or not posting:
        return True
    return not member.isdisjoint(posting)
