"""Links a message may carry: percent-encoded, length-capped http(s) URLs, or none at all.

Job boards hand over URLs with raw spaces, accented letters and stray `%` signs. Discord refuses
a whole message whose embed or link button holds such a URL ("Not a well formed URL"), so every
link is rebuilt here: an IDNA host, a percent-encoded path, query and fragment (UTF-8 for
non-ASCII), no credentials. A URL that cannot be made valid, or is longer than the place it goes
allows, is dropped and the posting is shown without a link.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

EMBED_URL_MAX = 2048
BUTTON_URL_MAX = 512

# RFC 3986 characters that may stand unencoded in a path, query or fragment; `%` only as the
# start of an existing escape (a lone `%` is encoded as %25).
_SAFE = "-._~!$&'()*+,;=:@/?"
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_PORT = re.compile(r"^\d{1,5}$")
_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


def _encode(part: str) -> str:
    """Percent-encode everything not allowed unencoded, keeping existing %XX escapes."""
    pieces: list[str] = []
    last = 0
    for escape in _ESCAPE.finditer(part):
        pieces.append(quote(part[last : escape.start()], safe=_SAFE))
        pieces.append(escape.group().upper())
        last = escape.end()
    pieces.append(quote(part[last:], safe=_SAFE))
    return "".join(pieces)


def _host(hostname: str) -> str | None:
    """The host in ASCII (IDNA for non-ASCII names), or None when it is not a valid name."""
    try:
        ascii_host = hostname.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    labels = ascii_host.rstrip(".").split(".")
    if not labels or not all(_LABEL.match(label) for label in labels):
        return None
    return ascii_host


def _netloc(text: str) -> str | None:
    """The URL's host and port in ASCII, credentials dropped; None when unusable."""
    parts = urlsplit(text)
    port = parts.port  # raises ValueError for a port that is not a number in range
    if not parts.hostname:
        return None
    if "[" in parts.netloc:  # an IP literal: kept only when already plain ASCII
        literal = parts.netloc.rpartition("@")[2]
        return literal if literal.isascii() and " " not in literal else None
    host = _host(parts.hostname)
    if host is None or (port is not None and not _PORT.match(str(port))):
        return None
    return host if port is None else f"{host}:{port}"


def link_url(raw: str | None, limit: int = EMBED_URL_MAX) -> str | None:
    """`raw` as a well-formed http(s) URL of at most `limit` characters, or None."""
    text = (raw or "").strip()
    try:
        parts = urlsplit(text)
        netloc = _netloc(text) if parts.scheme.lower() in ("http", "https") else None
    except ValueError:
        return None
    if netloc is None:
        return None
    path = _encode(parts.path) or "/"
    url = urlunsplit(
        (parts.scheme.lower(), netloc, path, _encode(parts.query), _encode(parts.fragment))
    )
    return url if len(url) <= limit else None
