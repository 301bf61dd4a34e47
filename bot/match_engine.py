"""The running match index and its durable mirror in the store. Discord-free.

One `MatchEngine` per process holds the matcher's `MatchIndex` (skill -> postings and skill ->
members) and keeps the `matches` table equal to it:
* at start, `rebuild` reads every profile and every posting's stored skills (no extraction);
* after a scrape, `sync_postings` reads only new or changed postings (extraction runs in a worker
  thread: it is CPU-bound), adds them to the index and writes their pairs; closed, removed or
  duplicate postings leave the index and the table;
* after a profile change, `update_member` re-scores that one member.

Every index change and the store write that mirrors it happen under one asyncio lock, so a
profile edit and a scrape never interleave half-way. Callers pass the database runner to use:
the bot its own, the scheduled pipeline a separate connection.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.dbrunner import DbRunner
from matcher.index import DEFAULT_FLOOR, MatchIndex, Scored
from matcher.models import (
    LEVELS,
    REMOTE_MODES,
    REMOTE_PREFERENCES,
    Level,
    MemberProfile,
    PostingFacts,
    RemoteMode,
    RemotePreference,
)
from matcher.postings import PostingRecord, posting_facts
from matcher.taxonomy import Taxonomy
from store import extractions, matches, profiles
from store.extractions import ExtractedSkills, PostingText, StoredFacts
from store.matches import MatchRow
from store.profiles import Profile

log = logging.getLogger("archbot.matching")

EXTRACT_BATCH = 500


def _time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.utcoffset() is not None else parsed.replace(tzinfo=UTC)


def _mode(value: str) -> RemoteMode:
    for mode in REMOTE_MODES:
        if mode == value:
            return mode
    return "unknown"


def posting_record(text: PostingText) -> PostingRecord:
    """A stored posting as the matcher reads it."""
    return PostingRecord(
        id=text.id,
        title=text.title,
        company=text.company,
        url=text.url,
        description=text.description,
        locations=text.locations,
        remote=_mode(text.remote),
        seniority=text.seniority,
        posted_at=_time(text.posted_at),
    )


def facts_of(stored: StoredFacts) -> PostingFacts:
    skills: dict[str, Level] = {}
    for skill_id, stored_level in stored.skills.items():
        for level in LEVELS:
            if level == stored_level:
                skills[skill_id] = level
    return PostingFacts(
        posting_id=stored.posting_id,
        skills=skills,
        seniority=stored.seniority,
        remote=_mode(stored.remote),
        locations=stored.locations,
        posted_at=_time(stored.posted_at),
    )


def member_profile(profile: Profile) -> MemberProfile:
    remote: RemotePreference = "any"
    for choice in REMOTE_PREFERENCES:
        if choice == profile.remote:
            remote = choice
    return MemberProfile(
        member_id=profile.user_id,
        skills=frozenset(profile.skills),
        seniority=profile.experience,
        location=profile.location,
        remote=remote,
    )


def extract_batch(texts: Sequence[PostingText], taxonomy: Taxonomy) -> list[ExtractedSkills]:
    """Read a batch of postings (pure and CPU-bound: run it in a worker thread).

    A posting the extractor chokes on is recorded with no skills rather than retried forever.
    """
    results: list[ExtractedSkills] = []
    for text in texts:
        try:
            facts, extraction = posting_facts(posting_record(text), taxonomy)
        except Exception:
            log.exception("could not read the skills of posting %s; stored as none", text.id)
            results.append(ExtractedSkills(text.id, text.content_hash, {}, text.seniority))
            continue
        years = extraction.years
        results.append(
            ExtractedSkills(
                posting_id=text.id,
                content_hash=text.content_hash,
                skills=dict(facts.skills),
                seniority=facts.seniority,
                years_min=years.min if years else None,
                years_max=years.max if years else None,
                mentions=len(extraction.mentions),
            )
        )
    return results


@dataclass
class SyncReport:
    """What one `sync_postings` did: postings read, added or re-scored, removed; pairs found."""

    extracted: int = 0
    added: int = 0
    removed: int = 0
    pairs: int = 0


def utc_now() -> datetime:
    return datetime.now(UTC)


class MatchEngine:
    def __init__(
        self,
        taxonomy: Taxonomy,
        *,
        floor: float = DEFAULT_FLOOR,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.taxonomy = taxonomy
        self.floor = floor
        self.clock = clock
        self.index = MatchIndex(taxonomy, floor=floor)
        self._postings: set[int] = set()
        self._lock = asyncio.Lock()

    @property
    def posting_count(self) -> int:
        return len(self._postings)

    def _explained(self, index: MatchIndex, pairs: Iterable[Scored]) -> list[MatchRow]:
        rows: list[MatchRow] = []
        for pair in pairs:
            match = index.explain(pair.member_id, pair.posting_id)
            if match is None:  # filtered out after all; the index never keeps such a pair
                continue
            data: dict[str, Any] = match.as_dict()
            del data["member_id"], data["posting_id"]
            data["score"] = pair.score
            rows.append(MatchRow(int(pair.member_id), int(pair.posting_id), pair.score, data))
        return rows

    async def _extract_pending(self, db: DbRunner) -> set[int]:
        done: set[int] = set()
        while True:
            todo = await db(extractions.postings_to_extract, EXTRACT_BATCH)
            todo = [t for t in todo if t.id not in done]
            if not todo:
                return done
            results = await asyncio.to_thread(extract_batch, todo, self.taxonomy)
            await db(extractions.save_extractions, results, self.clock())
            done.update(r.posting_id for r in results)

    async def rebuild(self, db: DbRunner) -> int:
        """Build the index from the store and make the matches table agree; returns pairs.

        Postings not read yet are left to the next `sync_postings` (the pipeline runs one as
        soon as the bot is ready), so a large backlog never delays the bot's start.
        """
        async with self._lock:
            all_profiles = await db(profiles.all_profiles)
            ids = await db(extractions.matchable_ids)
            facts = await db(extractions.stored_facts, ids)

            def build() -> MatchIndex:
                # Members first, then postings in bulk without building the per-call report:
                # about twice as fast as the other order (10,000 members: ~10 s instead of ~22 s).
                index = MatchIndex(self.taxonomy, floor=self.floor)
                for profile in all_profiles:
                    if profile.skills:
                        index.upsert_member(member_profile(profile))
                index.add_postings((facts_of(f) for f in facts), report=False)
                return index

            index = await asyncio.to_thread(build)
            current = await asyncio.to_thread(index.scores)
            stored = await db(matches.match_scores)
            changed = [
                Scored(m, p, s)
                for (m, p), s in current.items()
                if stored.get((int(m), int(p))) != s
            ]
            rows = await asyncio.to_thread(self._explained, index, changed)
            gone = [key for key in stored if key not in current]
            await db(matches.apply_match_changes, rows, gone, self.clock())
            self.index = index
            self._postings = set(ids)
            log.info(
                "match index rebuilt: %d members, %d postings, %d pairs",
                index.member_count,
                index.posting_count,
                len(current),
            )
            return len(current)

    async def sync_postings(self, db: DbRunner) -> SyncReport:
        """After a scrape: read new or changed postings, update the index and their pairs."""
        report = SyncReport()
        async with self._lock:
            changed = await self._extract_pending(db)
            report.extracted = len(changed)
            ids = await db(extractions.matchable_ids)
            gone = self._postings - ids
            fresh = (ids - self._postings) | (changed & ids)
            if gone:

                def drop() -> None:
                    for posting_id in gone:
                        self.index.remove_posting(posting_id)

                await asyncio.to_thread(drop)
                await db(matches.drop_posting_matches, sorted(gone))
            if fresh:
                facts = await db(extractions.stored_facts, fresh)

                def add() -> list[MatchRow]:
                    pairs = self.index.add_postings(facts_of(f) for f in facts)
                    return self._explained(self.index, pairs)

                rows = await asyncio.to_thread(add)
                await db(matches.replace_posting_matches, sorted(fresh), rows, self.clock())
                report.pairs = len(rows)
            self._postings = set(ids)
            report.added, report.removed = len(fresh), len(gone)
        if report.extracted or report.removed:
            log.info(
                "matching: %d postings read, %d added or re-scored, %d removed, %d new pairs",
                report.extracted,
                report.added,
                report.removed,
                report.pairs,
            )
        return report

    async def update_member(self, db: DbRunner, user_id: int) -> int:
        """Re-score one member after a profile change; returns how many matches they have."""
        async with self._lock:
            profile = await db(profiles.get_profile, user_id)
            if profile is None or not profile.skills:
                await asyncio.to_thread(self.index.remove_member, user_id)
                await db(matches.replace_member_matches, user_id, [], self.clock())
                return 0

            def upsert() -> list[MatchRow]:
                pairs = self.index.upsert_member(member_profile(profile))
                return self._explained(self.index, pairs)

            rows = await asyncio.to_thread(upsert)
            await db(matches.replace_member_matches, user_id, rows, self.clock())
            return len(rows)

    async def remove_member(self, user_id: int) -> None:
        """A member erased their data: they leave the index (their rows cascade away)."""
        async with self._lock:
            await asyncio.to_thread(self.index.remove_member, user_id)
