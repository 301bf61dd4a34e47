"""Server-side request forgery guard: a job source must never make us fetch an internal address.

Sources are operator- and admin-supplied (`sources add`, a sitemap's links, a redirect), so
every URL is checked before it is fetched: http or https only, and every address its host
resolves to must be public. The same check runs inside the connector's resolver, so the address
actually connected to is the one that was checked (no DNS-rebinding window). Loopback can be
allowed for tests through a constructor flag only, never through the environment.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class BlockedAddress(Exception):
    """The URL's scheme or one of its host's addresses is not allowed."""


# IPv6 ranges that carry an IPv4 address inside them: a public-looking IPv6 literal can route to
# 10.0.0.1 through a 6to4 relay, a Teredo tunnel or a NAT64 gateway.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052: the IPv4 is the last 32 bits
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")  # RFC 8215: local use only
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # deprecated ::a.b.c.d


def embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """Every IPv4 address an IPv6 address can lead to: IPv4-mapped, IPv4-compatible, 6to4,
    Teredo (server and client; the client is stored bit-inverted) and NAT64."""
    found: list[ipaddress.IPv4Address] = []
    if address.ipv4_mapped is not None:
        found.append(address.ipv4_mapped)
    if address.sixtofour is not None:
        found.append(address.sixtofour)
    if address.teredo is not None:
        found.extend(address.teredo)
    low = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address in _NAT64:
        found.append(low)
    if address in _IPV4_COMPATIBLE and int(address) > 1:  # not :: or ::1
        found.append(low)
    return found


def _transition_verdict(address: ipaddress.IPv6Address) -> bool | None:
    """The verdict on an IPv6 address that leads to IPv4 ones, or None for a plain one."""
    if address in _NAT64_LOCAL:
        return False
    inner = embedded_ipv4(address)
    if not inner:
        return None
    return all(address_allowed(v4, allow_loopback=False) for v4 in inner)


def address_allowed(address: IPAddress, *, allow_loopback: bool) -> bool:
    """Public unicast only; loopback just when a test asked for it explicitly."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address_allowed(address.ipv4_mapped, allow_loopback=allow_loopback)
        verdict = _transition_verdict(address)
        if verdict is not None:  # judged by the IPv4 address(es) it leads to
            return verdict
    if address.is_loopback:
        return allow_loopback
    blocked = (
        address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or (isinstance(address, ipaddress.IPv6Address) and address.is_site_local)
    )
    return not blocked and address.is_global


def check_address(host: str, address: str, *, allow_loopback: bool) -> None:
    try:
        parsed = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        raise BlockedAddress(f"{host} resolved to an unreadable address {address!r}") from None
    if not address_allowed(parsed, allow_loopback=allow_loopback):
        raise BlockedAddress(f"{host} resolves to {parsed}, a non-public address; refused")


def check_url_shape(url: str) -> tuple[str, str]:
    """Scheme and host of a URL that may be fetched at all; literal IPs are checked later."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        raise BlockedAddress(f"only http and https URLs are fetched, not {scheme or 'none'!r}")
    if not parts.hostname:
        raise BlockedAddress(f"{url!r} has no host")
    if parts.username or parts.password:
        raise BlockedAddress("URLs with credentials in them are refused")
    return scheme, parts.hostname


class GuardedResolver(AbstractResolver):
    """Resolves like aiohttp's threaded resolver, then refuses any non-public address."""

    def __init__(self, *, allow_loopback: bool = False, inner: AbstractResolver | None = None):
        self._allow_loopback = allow_loopback
        self._inner = inner or ThreadedResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        if not results:
            raise BlockedAddress(f"{host} did not resolve")
        for result in results:
            check_address(host, str(result["host"]), allow_loopback=self._allow_loopback)
        return results

    async def close(self) -> None:
        await self._inner.close()


async def check_url(url: str, resolver: AbstractResolver, *, allow_loopback: bool) -> None:
    """Refuse the URL before any connection: bad scheme, literal or resolved private address."""
    _, host = check_url_shape(url)
    try:
        literal: Any = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    if literal is not None:
        check_address(host, str(literal), allow_loopback=allow_loopback)
        return
    port = urlsplit(url).port or 0
    try:
        results = await resolver.resolve(host, port, socket.AF_UNSPEC)
    except OSError as exc:
        raise BlockedAddress(f"{host} did not resolve: {exc}") from None
    for result in results:
        check_address(host, str(result["host"]), allow_loopback=allow_loopback)
