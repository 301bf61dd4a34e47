"""The job sources to scrape: the shipped list (data/sources.toml, through `content`) merged
with the database's sources table (boards added with `archbot sources add`, or shipped ones
switched off). A database row wins over the file for the same `kind:key`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from content import DATA_DIR, ContentError, Source, load_collection, load_content
from scrapers import KINDS, SourceSpec
from store import Database, list_sources


@dataclass(frozen=True)
class LoadedSource:
    """A source as configured, with where it came from and whether it is switched on."""

    spec: SourceSpec
    enabled: bool
    origin: str  # "file", "database" or "file+database"


@dataclass
class SourceList:
    sources: list[LoadedSource] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def enabled(self) -> list[SourceSpec]:
        return [s.spec for s in self.sources if s.enabled]

    def select(self, refs: Sequence[str]) -> list[SourceSpec]:
        """The named sources (enabled or not: naming one is asking for it); unknown refs raise."""
        by_ref = {s.spec.ref: s.spec for s in self.sources}
        missing = [r for r in refs if r not in by_ref]
        if missing:
            raise KeyError(", ".join(missing))
        return [by_ref[r] for r in refs]


def _settings(raw: dict[str, Any]) -> dict[str, str | int | float | bool]:
    return {k: v for k, v in raw.items() if isinstance(v, str | int | float | bool)}


def load_sources(db: Database | None, data_dir: Path = DATA_DIR) -> SourceList:
    """Merge file and database sources. Unknown kinds are reported in `problems` and left out."""
    result = SourceList()
    merged: dict[str, LoadedSource] = {}
    try:
        shipped: tuple[Source, ...] = load_content(data_dir).sources  # loaded once, immutable
    except ContentError as exc:
        # A broken tip elsewhere in data/ must not stop scraping: keep the sources that
        # validated and say where to look.
        shipped = tuple(load_collection(data_dir)[0].sources)
        result.problems.append(
            f"the content in {data_dir} has {len(exc.problems)} problem(s); using the "
            f"{len(shipped)} source(s) that validated (run `archbot content check`)"
        )
    for source in shipped:
        spec = SourceSpec(source.kind, source.key, source.company, dict(source.settings))
        merged[spec.ref] = LoadedSource(spec, source.enabled, "file")
    if db is not None and "sources" in db.table_names():
        for row in list_sources(db):
            before = merged.get(row.ref)
            settings = dict(before.spec.settings) if before else {}
            settings.update(_settings(row.settings))
            company = row.company or (before.spec.company if before else None)
            origin = "file+database" if before else "database"
            merged[row.ref] = LoadedSource(
                SourceSpec(row.kind, row.key, company, settings), row.enabled, origin
            )
    for ref, loaded in merged.items():
        if loaded.spec.kind not in KINDS:
            result.problems.append(
                f"{ref}: unknown source kind {loaded.spec.kind!r}; supported: "
                + ", ".join(sorted(KINDS))
            )
            continue
        result.sources.append(loaded)
    return result
