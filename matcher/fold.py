"""Folding text for the skill scan without moving a single character.

The automaton runs over a folded copy of the posting: lower case, and every character that cannot
be part of a skill name turned into a space. Folding is one character to one character, so an
offset in the folded copy is the same offset in the original, which is what lets every mention
point at its surface text.

`+ # . &` stay, because they are part of names ("C++", "C#", ".NET", "Node.js", "W&B") and
because keeping `&` is what stops "R" matching inside "R&D". A dot stays only when a letter or
digit follows it, so "Node.js" keeps its dot while the full stop in "we use Python." does not.
Hyphens, slashes and underscores become spaces, as they do in `content.text.normalise_alias`,
so "scikit-learn", "scikit_learn" and "scikit learn" all meet the same key.
"""

from __future__ import annotations

import re

_KEEP = frozenset("abcdefghijklmnopqrstuvwxyz0123456789+#.&")


def _ascii_table() -> bytes:
    table = bytearray(b" " * 256)
    for code in range(128):
        char = chr(code).lower()
        if char in _KEEP:
            table[code] = ord(char)
    return bytes(table)


_ASCII_TABLE = _ascii_table()

# Non-ASCII text: ASCII punctuation plus the punctuation and spaces that pasted postings carry
# (curly quotes, dashes, bullets, no-break spaces). Letters of any script are kept.
_UNICODE_SPACES = (
    "\u00a0\u00ab\u00bb\u00b7\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u200b\u2010\u2011\u2012\u2013\u2014\u2015\u2018\u2019\u201a\u201c\u201d\u201e"
    "\u2022\u2023\u2026\u2027\u2028\u2029\u202f\u2032\u2033\u2039\u203a\u205f\u2122\u2192"
    "\u25aa\u25cf\u25e6\u3000\ufeff\u00ae\u00a9\u2713\u2714\u2715\u2716\u2717\u2718"
)
_STR_TABLE: dict[int, str] = {
    code: " " for code in range(128) if chr(code).lower() not in _KEEP and not chr(code).isupper()
}
_STR_TABLE.update({ord(c): " " for c in _UNICODE_SPACES})

_LONELY_DOT = re.compile(r"\.(?![a-z0-9])")


def fold(text: str) -> str:
    """The scan copy of `text`: same length, lower case, non-name characters as spaces."""
    if text.isascii():
        folded = text.encode("ascii").translate(_ASCII_TABLE).decode("ascii")
    else:
        lowered = text.lower()
        if len(lowered) != len(text):
            # A few characters lower-case to two ("İ"); keep those as they are.
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        folded = lowered.translate(_STR_TABLE)
    if "." in folded:
        folded = _LONELY_DOT.sub(" ", folded)
    return folded


_SPACES = re.compile(r" +")


def fold_key(name: str) -> str:
    """The automaton key of a skill name or alias: folded, single-spaced, trimmed."""
    return _SPACES.sub(" ", fold(name)).strip()
