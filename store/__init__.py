"""The database: connection set-up, numbered migrations, maintenance and named queries.

This package is the only place that writes SQL. Other components call its named functions.
"""

from store.db import Database, open_db, transaction
from store.maintenance import CheckReport, backup_database, check_database
from store.migrate import Migration, applied_versions, discover_migrations, latest_version, migrate

__all__ = [
    "CheckReport",
    "Database",
    "Migration",
    "applied_versions",
    "backup_database",
    "check_database",
    "discover_migrations",
    "latest_version",
    "migrate",
    "open_db",
    "transaction",
]
