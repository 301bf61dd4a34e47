"""The matching worker's engine: the bounded match index and its mirror in the store.
Discord-free.

The worker process (`archbot worker`, or the child process of `archbot run`) holds one
`MatchEngine`: a `BoundedMatchIndex` (skill -> postings and skill -> members, each member's best
matches kept) and keeps the `matches` table equal to it:
* at start, `rebuild` reads every profile and every posting's stored skills (no extraction) and
  writes what differs from the stored kept matches, a few hundred members per transaction so the
  bot's own writes are never held up for long;
* `process_queue` re-scores the members whose profiles changed through the bot (the bot queues
  them in the database; it never waits for matching);
* after a scrape, `sync_postings` reads only new or changed postings (extraction runs in a
  thread: it is CPU-bound), adds them to the index and writes the changes: newly kept pairs,
  trimmed ones, and new pairs over a member's alert threshold that wait for their digest;
  closed, removed or duplicate postings leave the index and the table.

Every index change and the store write that mirrors it happen under one asyncio lock, so a
profile change and a scrape never interleave half-way. The first use of a fresh engine builds it
from the store, so an engine used in-process (tests, the guided tour) behaves like the worker.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.dbrunner import DbRunner
from matcher.bounded import BoundedMatchIndex, Changes
from matcher.index import DEFAULT_FLOOR
from matcher.kept import DEFAULT_KEEP
from matcher.models import (
    LEVELS,
    REMOTE_MODES,
    REMOTE_PREFERENCES,
    Level,
    MemberProfile,
    PostingFacts,
    RecordId,
    RemoteMode,
    RemotePreference,
)
from matcher.postings import PostingRecord, posting_facts
from matcher.taxonomy import Taxonomy
from store import alerts, extractions, matches, profiles
from store.extractions import ExtractedSkills, PostingText, StoredFacts
from store.matches import KeptSet
from store.profiles import Profile

log = logging.getLogger("archbot.matching")

EXTRACT_BATCH = 500
# Small transactions: the bot's own writes wait for the write lock at most this long.
WRITE_MEMBERS = 50  # members whose kept matches are written per transaction
WRITE_ROWS = 5_000  # changed rows written per transaction
QUEUE_BATCH = 100
WRITE_CACHE_MB = 128


def parse_time(value: str | None) -> datetime | None:
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
        posted_at=parse_time(text.posted_at),
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
        posted_at=parse_time(stored.posted_at),
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
    """What one `sync_postings` did: postings read, added or re-scored, removed; pairs kept
    anew; pairs waiting for a digest; profile changes taken from the queue."""

    extracted: int = 0
    added: int = 0
    removed: int = 0
    pairs: int = 0
    waiting: int = 0
    queued: int = 0


def utc_now() -> datetime:
    return datetime.now(UTC)


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class MatchEngine:
    def __init__(
        self,
        taxonomy: Taxonomy,
        *,
        floor: float = DEFAULT_FLOOR,
        keep: int = DEFAULT_KEEP,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.taxonomy = taxonomy
        self.floor = floor
        self.keep = keep
        self.clock = clock
        self.index = BoundedMatchIndex(taxonomy, floor=floor, keep=keep)
        self.built = False
        self._postings: set[int] = set()
        self._lock = asyncio.Lock()

    @property
    def posting_count(self) -> int:
        return len(self._postings)

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

    def _kept_set(self, user_id: int, queue_seq: int | None = None) -> KeptSet:
        kept = self.index.member_kept(user_id)
        date = self.index.posting_date
        rows = [(int(p), s, date(p)) for p, s in zip(kept.posting_ids, kept.scores, strict=True)]
        return KeptSet(user_id, rows, kept.complete, queue_seq)

    def _kept_sets(self, user_ids: Sequence[int]) -> list[KeptSet]:
        return [self._kept_set(user_id) for user_id in user_ids]

    async def rebuild(self, db: DbRunner) -> int:
        """Build the index from the store and make the stored kept matches agree; returns the
        pairs kept. Postings not read yet are left to the next `sync_postings`."""
        async with self._lock:
            return await self._rebuild(db)

    async def _rebuild(self, db: DbRunner) -> int:
        await db(matches.use_large_cache, WRITE_CACHE_MB)
        all_profiles = await db(profiles.all_profiles)
        ids = await db(extractions.matchable_ids)
        facts = await db(extractions.stored_facts, ids)

        def build() -> BoundedMatchIndex:
            # Members first, then postings in bulk: each posting is scored once against
            # everyone, and every member's cutoff prunes what is not worth storing.
            index = BoundedMatchIndex(self.taxonomy, floor=self.floor, keep=self.keep)
            index.logging = False
            for profile in all_profiles:
                if profile.skills:
                    index.upsert_member(member_profile(profile))
            index.add_postings((facts_of(f) for f in facts), report=False)
            index.trim_all()  # write each member's best `keep`, not up to `trim_at`
            index.take_changes()
            index.logging = True
            return index

        index = self.index = await asyncio.to_thread(build)
        members = [int(m) for m in index.member_ids()]
        for chunk in _chunks(members, WRITE_MEMBERS):
            sets = await asyncio.to_thread(self._kept_sets, chunk)
            await db(matches.replace_kept, sets, self.clock())
        stale = await db(matches.kept_member_ids) - set(members)
        for user_id in sorted(stale):
            await db(matches.forget_member_matches, user_id)
        self._postings = set(ids)
        self.built = True
        log.info(
            "match index rebuilt: %d members, %d postings, %d pairs kept",
            index.member_count,
            index.posting_count,
            index.pair_count,
        )
        return index.pair_count

    async def _ensure_built(self, db: DbRunner) -> None:
        if not self.built:
            await self._rebuild(db)

    async def _write_changes(self, db: DbRunner, changes: Changes) -> tuple[int, int]:
        """Mirror the index's changes in the store; returns (pairs kept anew, pairs waiting)."""
        date = self.index.posting_date
        kept = [
            (int(p.member_id), int(p.posting_id), p.score, date(p.posting_id)) for p in changes.kept
        ]
        dropped = [(int(m), int(p)) for m, p in changes.dropped]
        waiting = [
            (int(p.member_id), int(p.posting_id), p.score, date(p.posting_id))
            for p in changes.alerts
        ]
        for start in range(0, max(len(kept), len(dropped), len(waiting)), WRITE_ROWS):
            end = start + WRITE_ROWS
            await db(
                matches.apply_kept_changes, kept[start:end], dropped[start:end], waiting[start:end]
            )
        touched = {r[0] for r in kept} | {u for u, _p in dropped}
        touched -= {int(m) for m in changes.replaced}
        flags = self.index.completeness_of(touched)
        states = [(int(m), flag) for m, flag in flags.items()]
        await db(matches.set_match_states, states, self.clock())
        held = set(self.index.member_ids())
        replaced = sorted(int(m) for m in changes.replaced if m in held)
        for chunk in _chunks(replaced, WRITE_MEMBERS):
            await db(matches.replace_kept, self._kept_sets(chunk), self.clock())
        return len(kept), len(waiting)

    async def sync_postings(self, db: DbRunner) -> SyncReport:
        """After a scrape: queued profile changes first, then new or changed postings are read
        and matched, closed ones leave; the store follows the index."""
        report = SyncReport()
        async with self._lock:
            await self._ensure_built(db)
            report.queued = await self._process_queue(db)
            changed = await self._extract_pending(db)
            report.extracted = len(changed)
            ids = await db(extractions.matchable_ids)
            gone = self._postings - ids
            fresh = (ids - self._postings) | (changed & ids)
            rewritten = sorted(gone | (changed & self._postings))
            if rewritten:
                await db(matches.drop_posting_matches, rewritten)
            by_member = await db(alerts.alert_thresholds)
            thresholds: dict[RecordId, float] = dict(by_member.items())
            facts = await db(extractions.stored_facts, fresh) if fresh else []

            def update() -> Changes:
                self.index.set_alert_thresholds(thresholds)
                for posting_id in gone:
                    self.index.remove_posting(posting_id)
                if facts:
                    self.index.add_postings((facts_of(f) for f in facts), report=False)
                return self.index.take_changes()

            changes = await asyncio.to_thread(update)
            report.pairs, report.waiting = await self._write_changes(db, changes)
            await db(matches.forget_sent_waiting)
            self._postings = set(ids)
            report.added, report.removed = len(fresh), len(gone)
        if report.extracted or report.removed:
            log.info(
                "matching: %d postings read, %d added or re-scored, %d removed, %d pairs kept "
                "anew, %d waiting for a digest",
                report.extracted,
                report.added,
                report.removed,
                report.pairs,
                report.waiting,
            )
        return report

    async def process_queue(self, db: DbRunner) -> int:
        """Re-score the members whose profiles changed through the bot; returns how many."""
        async with self._lock:
            await self._ensure_built(db)
            return await self._process_queue(db)

    async def _process_queue(self, db: DbRunner) -> int:
        done = 0
        while True:
            queued = await db(matches.queued_members, QUEUE_BATCH)
            if not queued:
                return done
            for seq, user_id in queued:
                await self._update_member(db, user_id, seq)
                done += 1

    async def update_member(self, db: DbRunner, user_id: int) -> int:
        """Re-score one member now; returns how many matches are kept for them."""
        async with self._lock:
            await self._ensure_built(db)
            return await self._update_member(db, user_id, None)

    async def _update_member(self, db: DbRunner, user_id: int, seq: int | None) -> int:
        profile = await db(profiles.get_profile, user_id)
        if profile is None or not profile.skills:
            await asyncio.to_thread(self.index.remove_member, user_id)
            await db(matches.forget_member_matches, user_id, seq)
            return 0

        def upsert() -> KeptSet:
            self.index.upsert_member(member_profile(profile))
            self.index.take_changes()
            return self._kept_set(user_id, seq)

        kept = await asyncio.to_thread(upsert)
        await db(matches.replace_kept, [kept], self.clock(), drop_waiting=True)
        return len(kept.rows)

    async def prune_members(self, db: DbRunner) -> int:
        """Members erased (or left without skills) since they were indexed leave the index."""
        async with self._lock:
            present = await db(matches.members_with_skills)
            gone = [m for m in self.index.member_ids() if m not in present]
            for member_id in gone:
                self.index.remove_member(member_id)
            return len(gone)

    async def remove_member(self, user_id: int) -> None:
        """A member erased their data: they leave the index (their rows cascade away)."""
        async with self._lock:
            await asyncio.to_thread(self.index.remove_member, user_id)
