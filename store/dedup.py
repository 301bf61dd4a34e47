"""When two postings from different sources are the same job.

Same normalised company, titles alike by rapidfuzz's token_sort_ratio (>= 90, word order
ignored), and locations that do not contradict each other: one side unstated, both remote, or
a place in common. "Senior ML Engineer, Berlin" on Greenhouse and "ML Engineer Senior" on a
remote board in Berlin are one job; the same title in London and in Austin are two.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from rapidfuzz import fuzz

TITLE_THRESHOLD = 90.0
_NOISE = re.compile(r"[^a-z0-9+#]+")
_REMOTE = re.compile(r"\b(remote|anywhere|worldwide)\b", re.I)


_COMPANY_SUFFIX = re.compile(
    r"\b(inc|incorporated|llc|ltd|limited|gmbh|ag|corp|corporation|co|plc|sa|sas|bv|nv|"
    r"oy|ab|srl|pty|technologies|labs?)\b\.?",
    re.I,
)


def normalise_company(name: str) -> str:
    """Comparison key for a company: 'OpenAI, Inc.' and 'openai' are the same."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    folded = _COMPANY_SUFFIX.sub(" ", folded)
    folded = re.sub(r"[^a-z0-9]+", " ", folded)
    return " ".join(folded.split())


def normalise_title(title: str) -> str:
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().casefold()
    folded = folded.replace("sr.", "senior").replace("jr.", "junior")
    return " ".join(_NOISE.sub(" ", folded).split())


def title_score(a: str, b: str) -> float:
    return float(fuzz.token_sort_ratio(normalise_title(a), normalise_title(b)))


def _places(locations: Sequence[str]) -> set[str]:
    places: set[str] = set()
    for location in locations:
        for part in re.split(r"[,;/|()\-]+", location):
            word = " ".join(_NOISE.sub(" ", part.casefold()).split())
            if word and not _REMOTE.search(word):
                places.add(word)
    return places


def locations_compatible(a: Sequence[str], a_remote: str, b: Sequence[str], b_remote: str) -> bool:
    """True unless the two postings name different places for an on-site job."""
    if a_remote == "remote" and b_remote == "remote":
        return True
    places_a, places_b = _places(a), _places(b)
    if not places_a or not places_b:
        return True
    return bool(places_a & places_b)
