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
# U+0080..U+009F are control characters that only occur in text decoded with the wrong
# character set ("we\u00e2\u0080\u0099re" for "we\u2019re"); they and the mis-decoded
# no-break space ("\u00c2\u00a0") are spaces here, so "Python\u00c2\u00a0and" still ends "Python".
# So is the lead byte of a mis-decoded curly quote or dash ("\u00e2"): in English postings it is
# almost never a letter of its own.
_MOJIBAKE = "".join(chr(c) for c in range(0x80, 0xA0)) + "\u00c2\u00e2"
_UNICODE_SPACES = _MOJIBAKE + (
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

# For text that is not ASCII (a curly quote is enough) the original recipe was: lower-case it,
# then `translate(_STR_TABLE)`, which looks every character up in a dict, about 20 times slower
# than the ASCII path. The same result, fast: find which non-ASCII characters occur (usually a
# few kinds of punctuation) from the UTF-8 bytes; lower-case the text only if one of them has
# a lower case (the byte table below lower-cases ASCII anyway); replace the Unicode punctuation
# that occurs with spaces; then fold the ASCII bytes of the UTF-8 encoding with a byte table
# that leaves every byte of a multi-byte character alone, so no character moves.
_UTF8_TABLE = _ASCII_TABLE[:128] + bytes(range(128, 256))
_ASCII_BYTES = bytes(range(128))
_SPACE_CHARACTERS = frozenset(_UNICODE_SPACES)


def _fold_unicode(text: str) -> str:
    """`text.lower().translate(_STR_TABLE)` (as `fold` defines lowering) for non-ASCII text."""
    encoded = text.encode("utf-8", "surrogatepass")
    present = set(encoded.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass"))
    lowered = text
    if any(char.lower() != char for char in present):
        lowered = text.lower()
        if len(lowered) != len(text):
            # A few characters lower-case to two ("İ"); keep those as they are.
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    spaces = _SPACE_CHARACTERS.intersection(present | {char.lower() for char in present})
    for char in spaces:
        lowered = lowered.replace(char, " ")
    if lowered is not text:
        encoded = lowered.encode("utf-8", "surrogatepass")
    return encoded.translate(_UTF8_TABLE).decode("utf-8", "surrogatepass")


def fold(text: str) -> str:
    """The scan copy of `text`: same length, lower case, non-name characters as spaces."""
    if text.isascii():
        folded = text.encode("ascii").translate(_ASCII_TABLE).decode("ascii")
    else:
        folded = _fold_unicode(text)
    if "." in folded:
        folded = _LONELY_DOT.sub(" ", folded)
    return folded


_SPACES = re.compile(r" +")


def fold_key(name: str) -> str:
    """The automaton key of a skill name or alias: folded, single-spaced, trimmed."""
    return _SPACES.sub(" ", fold(name)).strip()
