"""Why a fetch failed, as types the runner can tell apart and an operator can read."""

from __future__ import annotations


class FetchError(Exception):
    """A URL could not be fetched; the message says which and why."""

    def __init__(self, message: str, *, url: str, status: int | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status = status


class BlockedURL(FetchError):
    """Refused before connecting: a scheme other than http(s) or a non-public address."""


class RobotsDisallowed(FetchError):
    """The site's robots.txt does not allow our user agent to fetch this URL."""


class TooLarge(FetchError):
    """The response grew past the configured size cap and was abandoned."""


class HttpStatusError(FetchError):
    """A final status that is neither success nor 304 (404 board, 5xx after retries)."""


class BudgetExhausted(FetchError):
    """A source's terms allow only so many calls a day and they are spent."""


class CrawlDelayTooLong(FetchError):
    """robots.txt asks for more time between requests than this client is willing to wait."""
