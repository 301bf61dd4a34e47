"""The database: connection set-up, numbered migrations, maintenance and named queries.

This package is the only place that writes SQL. Other components call its named functions.
"""

from store.db import Database, open_db, transaction
from store.maintenance import CheckReport, backup_database, check_database
from store.migrate import Migration, applied_versions, discover_migrations, latest_version, migrate
from store.postings import (
    UpsertResult,
    changed_since,
    close_missing,
    duplicate_links,
    get_posting,
    link_duplicates,
    list_postings,
    posting_counts,
    upsert_postings,
)
from store.scraping import (
    SourceRow,
    abandon_stale_runs,
    add_source,
    calls_used,
    last_run_of,
    list_sources,
    load_validators,
    recent_runs,
    record_run,
    remove_source,
    save_validators,
    spend_call,
    start_run,
)

__all__ = [
    "CheckReport",
    "Database",
    "Migration",
    "SourceRow",
    "UpsertResult",
    "abandon_stale_runs",
    "add_source",
    "applied_versions",
    "backup_database",
    "calls_used",
    "changed_since",
    "check_database",
    "close_missing",
    "discover_migrations",
    "duplicate_links",
    "get_posting",
    "last_run_of",
    "latest_version",
    "link_duplicates",
    "list_postings",
    "list_sources",
    "load_validators",
    "migrate",
    "open_db",
    "posting_counts",
    "recent_runs",
    "record_run",
    "remove_source",
    "save_validators",
    "spend_call",
    "start_run",
    "transaction",
    "upsert_postings",
]
