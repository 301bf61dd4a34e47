"""Canonical URLs: the same job linked from a newsletter and from the board is one URL.

Tracking parameters are dropped; parameters that identify the job (Greenhouse's `gh_jid` on a
company's own domain, a page's `id`) are kept, in their original order.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset(
    {
        "gh_src",
        "ref",
        "source",
        "src",
        "fbclid",
        "gclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "lever-source",
        "lever-origin",
        "lever-source[]",
        "_hsenc",
        "_hsmi",
        "trk",
        "trackingid",
        "ashby_jid_source",
    }
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith("utm_") or lowered in TRACKING_PARAMS


def canonical_url(url: str, base: str | None = None) -> str:
    """Absolute, lower-cased scheme and host, no default port, fragment or tracking parameters."""
    raw = (url or "").strip()
    if base:
        raw = urljoin(base, raw)
    parts = urlsplit(raw)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return raw
    scheme = parts.scheme.lower()
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    port = parts.port
    netloc = host if port is None or _DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking(name)
    ]
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def host_of(url: str) -> str:
    """`host[:port]` of a URL, the unit of politeness (rate limit, robots.txt)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host
