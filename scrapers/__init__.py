"""Polite HTTP fetching and parsing of public job postings into normalised records.

This package returns records and never writes the database; archbot/ wires it to store/.
"""

from scrapers.client import CallBudget, ClientConfig, PoliteClient, Response, Validators
from scrapers.errors import (
    BlockedURL,
    BudgetExhausted,
    CrawlDelayTooLong,
    FetchError,
    HttpStatusError,
    RobotsDisallowed,
    TooLarge,
)
from scrapers.kinds import KINDS, ParseContext, ParseError, SourceKind, SourceSpec, get_kind
from scrapers.kinds import parse_ref as parse_ref
from scrapers.posting import Posting, RemoteMode, Salary
from scrapers.runner import SourceFailed, SourceFetch, fetch_source

__all__ = [
    "KINDS",
    "BlockedURL",
    "BudgetExhausted",
    "CallBudget",
    "ClientConfig",
    "CrawlDelayTooLong",
    "FetchError",
    "HttpStatusError",
    "ParseContext",
    "ParseError",
    "PoliteClient",
    "Posting",
    "RemoteMode",
    "Response",
    "RobotsDisallowed",
    "Salary",
    "SourceFailed",
    "SourceFetch",
    "SourceKind",
    "SourceSpec",
    "TooLarge",
    "Validators",
    "fetch_source",
    "get_kind",
    "parse_ref",
]
