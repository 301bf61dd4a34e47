"""Postings: upsert by (kind, key, source id), close what a complete fetch no longer lists,
link cross-source duplicates to one canonical posting, and read them back.

Callers wrap a source's calls in one `store.transaction`, so a crash mid-source leaves either
all of that source's changes or none of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from scrapers.posting import Posting
from store.db import Database
from store.dedup import TITLE_THRESHOLD, locations_compatible, normalise_company, title_score

_COLUMNS = (
    "url",
    "title",
    "company",
    "company_norm",
    "locations",
    "remote",
    "employment_type",
    "seniority",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "posted_at",
    "description",
    "attribution",
    "content_hash",
    "visa_sponsorship",
    "remote_regions",
    "min_years",
    "salary_yearly_min",
    "salary_yearly_max",
)


@dataclass
class UpsertResult:
    """Counts for the run record, and the ids whose content is new or changed (for the matcher)."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_ids: list[int] = field(default_factory=list)


# The most each text column holds, in characters. The parsers cap fields already; the store
# enforces it again, so no caller can put a 20 MB title or description into the database.
FIELD_CAPS = {
    "url": 2048,
    "title": 300,
    "company": 200,
    "location": 200,
    "locations": 50,
    "label": 60,
    "description": 60_000,
    "attribution": 600,
}


def _cap(text: str | None, field_name: str) -> str | None:
    limit = FIELD_CAPS[field_name]
    return text if text is None or len(text) <= limit else text[: limit - 1] + "\u2026"


def _values(posting: Posting) -> list[Any]:
    salary = posting.salary
    company = _cap(posting.company, "company") or ""
    places = [_cap(p, "location") for p in posting.locations[: FIELD_CAPS["locations"]]]
    return [
        # A cut link would still look valid and lead somewhere wrong: keep none instead.
        posting.url if len(posting.url) <= FIELD_CAPS["url"] else "",
        _cap(posting.title, "title"),
        company,
        normalise_company(company),
        json.dumps(places, ensure_ascii=False),
        posting.remote,
        _cap(posting.employment_type, "label"),
        posting.seniority,
        salary.min if salary else None,
        salary.max if salary else None,
        salary.currency if salary else None,
        salary.period if salary else None,
        posting.posted_at.isoformat() if posting.posted_at else None,
        _cap(posting.description, "description"),
        _cap(posting.attribution, "attribution"),
        posting.content_hash,
        None if posting.visa_sponsorship is None else int(posting.visa_sponsorship),
        json.dumps(list(posting.remote_regions), ensure_ascii=False),
        posting.min_years,
        salary.yearly_min if salary else None,
        salary.yearly_max if salary else None,
    ]


def upsert_postings(
    db: Database, kind: str, key: str, postings: Iterable[Posting], now: datetime
) -> UpsertResult:
    """Insert new postings, update changed ones (and reopen closed ones), touch the rest."""
    stamp = now.isoformat()
    existing = {
        row[0]: (row[1], row[2], row[3])
        for row in db.execute(
            "SELECT source_id, id, content_hash, closed_at FROM postings "
            "WHERE kind = ? AND key = ?",
            [kind, key],
        )
    }
    result = UpsertResult()
    touched: list[list[Any]] = []
    # Built only from the constant column list above, never from input.
    insert_sql = (
        f"INSERT INTO postings (kind, key, source_id, {', '.join(_COLUMNS)}, first_seen_at, "
        f"last_seen_at, changed_at) VALUES ({', '.join('?' * (len(_COLUMNS) + 6))})"
    )
    update_sql = (
        f"UPDATE postings SET {', '.join(f'{c} = ?' for c in _COLUMNS)}, last_seen_at = ?, "
        "changed_at = ?, closed_at = NULL WHERE id = ?"
    )
    for posting in postings:
        found = existing.get(posting.source_id)
        if found is None:
            cursor = db.execute(
                insert_sql, [kind, key, posting.source_id, *_values(posting), stamp, stamp, stamp]
            )
            existing[posting.source_id] = (int(cursor.lastrowid or 0), posting.content_hash, None)
            result.new += 1
            result.changed_ids.append(int(cursor.lastrowid or 0))
        elif found[1] != posting.content_hash or found[2] is not None:
            db.execute(update_sql, [*_values(posting), stamp, stamp, found[0]])
            result.updated += 1
            result.changed_ids.append(found[0])
        else:
            touched.append([stamp, found[0]])
            result.unchanged += 1
    if touched:
        db.conn.executemany("UPDATE postings SET last_seen_at = ? WHERE id = ?", touched)
    return result


def close_missing(
    db: Database, kind: str, key: str, seen_source_ids: Iterable[str], now: datetime
) -> int:
    """Close the open postings of a source that a complete fetch did not list. Returns how many.

    Only call this after a successful, complete fetch: a failed one proves nothing.
    """
    seen = set(seen_source_ids)
    gone = [
        row[0]
        for row in db.execute(
            "SELECT id, source_id FROM postings WHERE kind = ? AND key = ? AND closed_at IS NULL",
            [kind, key],
        )
        if row[1] not in seen
    ]
    if gone:
        stamp = now.isoformat()
        db.conn.executemany(
            "UPDATE postings SET closed_at = ? WHERE id = ?", [[stamp, i] for i in gone]
        )
        db.conn.executemany(
            "DELETE FROM posting_links WHERE posting_id = ? OR canonical_id = ?",
            [[i, i] for i in gone],
        )
    return len(gone)


def _row(db: Database, posting_id: int) -> dict[str, Any] | None:
    cursor = db.execute("SELECT * FROM postings WHERE id = ?", [posting_id])
    names = [d[0] for d in cursor.description]
    found = cursor.fetchone()
    return dict(zip(names, found, strict=True)) if found else None


def _canonical_of(db: Database, posting_id: int) -> int:
    row = db.execute(
        "SELECT canonical_id FROM posting_links WHERE posting_id = ?", [posting_id]
    ).fetchone()
    return int(row[0]) if row else posting_id


def link_duplicates(db: Database, posting_ids: Sequence[int], now: datetime) -> int:
    """Link each given posting to an older open posting of another source that is the same job."""
    linked = 0
    for posting_id in posting_ids:
        me = _row(db, posting_id)
        if me is None or me["closed_at"] is not None or not me["company_norm"]:
            continue
        db.execute("DELETE FROM posting_links WHERE posting_id = ?", [posting_id])
        candidates = db.execute(
            "SELECT id, title, locations, remote FROM postings WHERE company_norm = ? "
            "AND closed_at IS NULL AND id != ? AND NOT (kind = ? AND key = ?) ORDER BY id",
            [me["company_norm"], posting_id, me["kind"], me["key"]],
        ).fetchall()
        mine = json.loads(me["locations"])
        for other_id, title, locations, remote in candidates:
            score = title_score(me["title"], title)
            if score < TITLE_THRESHOLD:
                continue
            if not locations_compatible(mine, me["remote"], json.loads(locations), remote):
                continue
            canonical = _canonical_of(db, int(other_id))
            if canonical == posting_id:
                continue
            link = "INSERT OR REPLACE INTO posting_links VALUES (?, ?, ?, ?)"
            if canonical < posting_id:
                db.execute(link, [posting_id, canonical, score, now.isoformat()])
            else:  # the older posting (us) becomes canonical for the other's whole group
                db.execute(
                    "UPDATE posting_links SET canonical_id = ? WHERE canonical_id = ?",
                    [posting_id, canonical],
                )
                db.execute(link, [canonical, posting_id, score, now.isoformat()])
            linked += 1
            break
    return linked


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    """JSON lists back to lists, the visa flag back to True/False/None."""
    row["locations"] = json.loads(row["locations"])
    row["remote_regions"] = json.loads(row.get("remote_regions") or "[]")
    visa = row.get("visa_sponsorship")
    row["visa_sponsorship"] = None if visa is None else bool(visa)
    return row


def get_posting(db: Database, posting_id: int) -> dict[str, Any] | None:
    """One posting as a dict, with `locations` and `remote_regions` decoded and `canonical_id`
    when it is a duplicate."""
    row = _row(db, posting_id)
    if row is None:
        return None
    _decode(row)
    link = db.execute(
        "SELECT canonical_id FROM posting_links WHERE posting_id = ?", [posting_id]
    ).fetchone()
    row["canonical_id"] = int(link[0]) if link else None
    return row


def list_postings(
    db: Database, *, kind: str | None = None, key: str | None = None, include_closed: bool = False
) -> list[dict[str, Any]]:
    """Postings of one source or all, oldest first (`locations` decoded)."""
    where = ["1 = 1"]
    args: list[Any] = []
    if kind is not None:
        where.append("kind = ?")
        args.append(kind)
    if key is not None:
        where.append("key = ?")
        args.append(key)
    if not include_closed:
        where.append("closed_at IS NULL")
    clause = " AND ".join(where)  # fixed fragments; values travel as parameters
    cursor = db.execute(f"SELECT * FROM postings WHERE {clause} ORDER BY id", args)
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    for row in rows:
        _decode(row)
    return rows


_FILTER_COLUMNS = (
    "id, remote, remote_regions, visa_sponsorship, min_years, employment_type, "
    "salary_currency, salary_yearly_min, salary_yearly_max"
)


def filter_facts(db: Database, posting_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The facts hard filters read (matcher/filters.py), by posting id; one query per 500 ids."""
    ids = list(dict.fromkeys(int(i) for i in posting_ids))
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        cursor = db.execute(f"SELECT {_FILTER_COLUMNS} FROM postings WHERE id IN ({marks})", chunk)
        names = [d[0] for d in cursor.description]
        for values in cursor.fetchall():
            row = dict(zip(names, values, strict=True))
            row["remote_regions"] = json.loads(row["remote_regions"] or "[]")
            found[int(row["id"])] = row
    return found


def changed_since(db: Database, since: datetime) -> list[int]:
    """Ids of open postings new or changed at or after `since`: the matcher's work list."""
    return [
        int(r[0])
        for r in db.execute(
            "SELECT id FROM postings WHERE changed_at >= ? AND closed_at IS NULL ORDER BY id",
            [since.isoformat()],
        )
    ]


def duplicate_links(db: Database) -> list[tuple[int, int, float]]:
    return [
        (int(a), int(b), float(s))
        for a, b, s in db.execute(
            "SELECT posting_id, canonical_id, score FROM posting_links ORDER BY posting_id"
        )
    ]


def posting_counts(db: Database) -> dict[str, int]:
    row = db.execute(
        "SELECT count(*), sum(closed_at IS NULL), (SELECT count(*) FROM posting_links) "
        "FROM postings"
    ).fetchone()
    return {"total": int(row[0] or 0), "open": int(row[1] or 0), "duplicates": int(row[2] or 0)}


def open_count(db: Database, kind: str, key: str) -> int:
    """How many postings of one source are open now."""
    row = db.execute(
        "SELECT count(*) FROM postings WHERE kind = ? AND key = ? AND closed_at IS NULL",
        [kind, key],
    ).fetchone()
    return int(row[0] or 0)
