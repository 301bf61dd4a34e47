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
