"""The market views' use cases: a member's plan and the tables it reads. Discord-free.

`MarketService` keeps the per-family tables (`matcher.plan.FamilyTable`) of the current postings
and rebuilds them when the postings change: the pipeline calls `refresh` after each scrape and
match pass, and any process checks a cheap stamp of the postings before answering, at most once
a minute, so a worker in another process that stores postings is noticed too. A plan is then a
few vector operations; the `archbot plan` command and `/plan` call the same `member_plan`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.dbrunner import DbRunner
from bot.match_engine import member_profile
from bot.progress_model import next_topic
from bot.services import Services
from content import Content, Step, Topic
from matcher.market import MarketPosting, Pay, regions_of
from matcher.models import LEVELS, REMOTE_MODES, Level, MemberProfile, PostingFacts, RemoteMode
from matcher.plan import PLAN_WEEKS, MarketTables, Plan, build_tables, make_plan
from matcher.pulse import SalaryRange, salary_ranges
from matcher.roles import DEFAULT_FOCUS, families_of_targets, family_name, family_of
from matcher.taxonomy import Taxonomy, taxonomy_of
from store import Database, alerts, members, profiles
from store.market import MarketRow, market_rows, market_stamp

STAMP_CHECK_SECONDS = 60.0
REBUILD_AFTER = timedelta(hours=6)  # even without new postings, so old ones leave the window


def _time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.utcoffset() is not None else parsed.replace(tzinfo=UTC)


_MODES: dict[str, RemoteMode] = {mode: mode for mode in REMOTE_MODES}


def _mode(value: str) -> RemoteMode:
    return _MODES.get(value, "unknown")


_LEVELS: dict[str, Level] = {level: level for level in LEVELS}


def market_posting(row: MarketRow) -> MarketPosting:
    """A stored posting as the market views read it."""
    pay = None
    if row.salary_min is not None or row.salary_max is not None:
        pay = Pay(row.salary_min, row.salary_max, row.salary_currency, row.salary_period)
    seen = _time(row.seen_at)
    return MarketPosting(
        facts=PostingFacts(
            posting_id=row.posting_id,
            skills={s: _LEVELS.get(lvl, "unknown") for s, lvl in row.skills.items()},
            seniority=row.seniority,
            remote=_mode(row.remote),
            locations=row.locations,
            posted_at=seen,
        ),
        title=row.title,
        company=row.company,
        family=family_of(row.title),
        seen_at=seen,
        closed_at=_time(row.closed_at),
        pay=pay,
        regions=regions_of(row.locations),
    )


def load_market(
    db: Database, since: datetime, families: Collection[str] | None = None
) -> list[MarketPosting]:
    """Stored postings seen since `since` (only those of `families`, when given)."""
    rows = market_rows(db, since)
    if families is not None:
        rows = [r for r in rows if family_of(r.title) in families]
    return [market_posting(r) for r in rows]


@dataclass(frozen=True)
class LiveSalaries:
    """Stated pay in the recent postings of the default focus, for /career salaries."""

    ranges: tuple[SalaryRange, ...]
    stating: int  # postings that state pay
    postings: int  # postings of the focus in the window
    weeks: int


@dataclass(frozen=True)
class MemberPlan:
    """A plan with what a member needs around it: the fallback step when data is short."""

    plan: Plan
    has_profile: bool
    next_step: tuple[Step, Topic] | None
    progress: dict[str, str]

    @property
    def enough(self) -> bool:
        return self.plan.status == "ok"


def plan_from_profile(
    tables: MarketTables,
    taxonomy: Taxonomy,
    content: Content,
    profile: MemberProfile,
    role_text: str,
    threshold: float,
) -> Plan:
    """The plan for a profile and free-text target roles: the CLI and the bot both call this."""
    families = families_of_targets(role_text)
    role = ", ".join(family_name(f) for f in families) or role_text.strip()
    return make_plan(
        tables,
        taxonomy,
        profile,
        families,
        role=role,
        threshold=threshold,
        topics_by_skill=content.topics_by_skill,
    )


class MarketService:
    def __init__(
        self,
        content: Content,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        weeks: int = PLAN_WEEKS,
    ) -> None:
        self.content = content
        self.taxonomy = taxonomy_of(content.skills)
        self.clock = clock
        self.weeks = weeks
        self.tables: MarketTables | None = None
        self.postings: list[MarketPosting] = []  # those the tables were built from
        self.built_at: datetime | None = None
        self.built_since: datetime | None = None
        self.salaries = LiveSalaries((), 0, 0, weeks)
        self._stamp: tuple[object, ...] | None = None
        self._checked = float("-inf")
        self._lock = asyncio.Lock()

    def build(self, db: Database) -> MarketTables:
        """Read the recent postings and build the family tables (CPU-bound: off the loop)."""
        stamp = market_stamp(db)
        now = self.clock()
        since = now - timedelta(weeks=self.weeks)
        postings = load_market(db, since)
        tables = build_tables(postings, self.weeks)
        focus = [p for p in postings if p.family in DEFAULT_FOCUS]
        self.salaries = LiveSalaries(
            salary_ranges(focus), sum(p.pay is not None for p in focus), len(focus), self.weeks
        )
        self.tables, self._stamp, self.postings = tables, stamp, postings
        self.built_at, self.built_since = now, since
        return tables

    async def refresh(self, runner: DbRunner) -> MarketTables:
        """Rebuild after a scrape and match pass, unless no posting changed since the last
        build (a pass that found nothing new costs one query)."""
        async with self._lock:
            self._checked = time.monotonic()
            if not self._aged() and await runner(market_stamp) == self._stamp:
                assert self.tables is not None
                return self.tables
            return await runner(self.build)

    def _aged(self) -> bool:
        """No tables yet, or built long enough ago that the window of weeks has moved on."""
        return self.built_at is None or self.clock() - self.built_at > REBUILD_AFTER

    async def current(self, runner: DbRunner) -> MarketTables:
        """The tables, rebuilt first if the postings changed since they were built."""
        if self.tables is not None and time.monotonic() - self._checked < STAMP_CHECK_SECONDS:
            return self.tables
        async with self._lock:
            if self.tables is not None and time.monotonic() - self._checked < STAMP_CHECK_SECONDS:
                return self.tables
            self._checked = time.monotonic()
            stamp = await runner(market_stamp)
            if self.tables is None or self._aged() or stamp != self._stamp:
                return await runner(self.build)
            return self.tables

    def member_plan(self, db: Database, tables: MarketTables, user_id: int) -> MemberPlan:
        """The member's plan from their stored profile, threshold and progress."""
        stored = profiles.get_profile(db, user_id)
        progress = members.progress_of(db, user_id)
        step = next_topic(self.content, progress)
        if stored is None:
            empty = MemberProfile(member_id=user_id, skills=frozenset())
            plan = plan_from_profile(tables, self.taxonomy, self.content, empty, "", 60.0)
            return MemberPlan(plan, False, step, progress)
        threshold = float(alerts.get_alert_settings(db, user_id).threshold)
        plan = plan_from_profile(
            tables,
            self.taxonomy,
            self.content,
            member_profile(stored),
            stored.target_roles,
            threshold,
        )
        return MemberPlan(plan, True, step, progress)


def skill_names(taxonomy: Taxonomy, ids: Sequence[str]) -> list[str]:
    return [taxonomy.name(i) for i in ids]


def market_of(services: Services) -> MarketService:
    """The services' market tables, created on first use."""
    if services.market is None:
        services.market = MarketService(services.content, clock=services.now)
    return services.market
