"""Open postings as the matcher reads them, wherever they are stored.

`PostingRecord` is the small interface between storage and matching: the store's postings table
(or a JSON-lines file of `archbot parse --json` output, for the CLI and tests) yields records, and
`posting_facts` turns one into what scoring needs. A `PostingSource` is any function that yields
records, so the lead can plug the scrapers' table in without the matcher importing the store.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from content.models import Skill
from matcher.extract import as_taxonomy, extract
from matcher.models import REMOTE_MODES, Extraction, PostingFacts, RecordId, RemoteMode
from matcher.taxonomy import Taxonomy


@dataclass(frozen=True)
class PostingRecord:
    """One open posting: what a member sees and what the matcher reads."""

    id: RecordId
    title: str
    company: str
    url: str
    description: str
    locations: tuple[str, ...] = ()
    remote: RemoteMode = "unknown"
    seniority: str | None = None
    posted_at: datetime | None = None


PostingSource = Callable[[], Iterable[PostingRecord]]


class PostingFileError(ValueError):
    """A line of a postings file that is not a usable posting; says which line and why."""


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.utcoffset() is not None else parsed.replace(tzinfo=UTC)


def record_from_dict(data: Mapping[str, Any], default_id: RecordId) -> PostingRecord:
    """A record from the JSON shape `archbot parse --json` prints (extra keys are ignored)."""
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ValueError("has no title")
    remote = data.get("remote") or "unknown"
    if remote not in REMOTE_MODES:
        raise ValueError(f"remote is {remote!r}; expected one of {', '.join(REMOTE_MODES)}")
    locations = data.get("locations") or []
    if isinstance(locations, str):
        locations = [locations]
    record_id = data.get("id") or data.get("url") or default_id
    return PostingRecord(
        id=record_id,
        title=title.strip(),
        company=str(data.get("company") or ""),
        url=str(data.get("url") or ""),
        description=str(data.get("description") or ""),
        locations=tuple(str(loc) for loc in locations),
        remote=remote,
        seniority=data.get("seniority") or None,
        posted_at=_parse_time(data.get("posted_at")),
    )


def read_postings_jsonl(path: Path) -> Iterator[PostingRecord]:
    """Records from a JSON-lines file, one posting object per line; blank lines are skipped."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                if not isinstance(data, dict):
                    raise ValueError("is not a JSON object")
                yield record_from_dict(data, default_id=f"{path.name}:{number}")
            except ValueError as exc:
                raise PostingFileError(f"{path}:{number}: {exc}") from exc


def posting_facts(
    record: PostingRecord, taxonomy: Taxonomy | Sequence[Skill]
) -> tuple[PostingFacts, Extraction]:
    """Extract a record's skills and build its scoring facts; a stated seniority wins."""
    extraction = extract(record.description, as_taxonomy(taxonomy), title=record.title)
    facts = PostingFacts(
        posting_id=record.id,
        skills=extraction.skill_levels(),
        alternatives=extraction.alternatives(),
        seniority=record.seniority or extraction.seniority,
        remote=record.remote,
        locations=record.locations,
        posted_at=record.posted_at,
    )
    return facts, extraction
