"""Text normalisation shared by the content checks and the matcher.

Skill names differ only by symbols that matter ("C", "C++", "C#", ".NET"), so unlike
rapidfuzz's default processor this keeps `+ # .` and only folds case, width and separators.
"""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s_\-\u2010-\u2015/]+")
_EDGE_PUNCT = " \t\n\r,;:!?\"'()[]{}<>"


def normalise_alias(text: str) -> str:
    """Fold a skill name or alias to its comparison key: 'Scikit_Learn ' -> 'scikit learn'."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = _SEPARATORS.sub(" ", folded)
    return folded.strip(_EDGE_PUNCT).strip()


_SCAN_DROP = re.compile(r"[^a-z0-9+#.&\w]|_")
_LONELY_DOT = re.compile(r"\.(?![a-z0-9])")
_SCAN_SPACES = re.compile(r" +")


def scan_key(name: str) -> str:
    """The key a name is searched for in posting text (what the matcher's automaton holds):
    lower case, every character that cannot be part of a name a space, a dot only before a
    letter or digit. Two names with the same scan key are the same name to the matcher."""
    lowered = name.lower()
    folded = _SCAN_DROP.sub(" ", lowered)
    folded = _LONELY_DOT.sub(" ", folded)
    return _SCAN_SPACES.sub(" ", folded).strip()
