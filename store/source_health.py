"""Read-only questions about how the job sources have been doing, for `archbot doctor`."""

from __future__ import annotations

from dataclasses import dataclass

from store.db import Database


@dataclass(frozen=True)
class EmptiedSource:
    """A board whose latest successful fetch found no postings after earlier ones found some:
    more often a moved or renamed board than a company that stopped hiring."""

    kind: str
    key: str
    last_with_postings: str

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.key}"


def emptied_sources(db: Database) -> list[EmptiedSource]:
    """Sources whose latest 'ok' run saw nothing while an earlier 'ok' run saw postings."""
    rows = db.execute(
        """
        WITH latest AS (
            SELECT kind, key, MAX(id) AS id FROM scrape_runs WHERE status = 'ok'
            GROUP BY kind, key
        )
        SELECT r.kind, r.key, (
            SELECT MAX(p.finished_at) FROM scrape_runs p
            WHERE p.kind = r.kind AND p.key = r.key AND p.status = 'ok' AND p.seen > 0
        ) AS had
        FROM latest JOIN scrape_runs r ON r.id = latest.id
        WHERE r.seen = 0 AND had IS NOT NULL
        ORDER BY r.kind, r.key
        """
    ).fetchall()
    return [EmptiedSource(kind, key, str(had)) for kind, key, had in rows]
