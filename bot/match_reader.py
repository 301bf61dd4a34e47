"""Reading a member's matches for /jobs, digests and the profile form. Discord-free.

The worker keeps, for each member, an exact prefix of their ranking (matcher.kept). A filter
(remote only, a higher minimum score, later the posting facts) applied to that prefix yields an
exact prefix of the filtered ranking, so:
* a complete member (everything at or above the floor is kept) is answered from the kept rows;
* otherwise the kept rows answer a page they fully cover (the count is then "at least");
* when the filter cuts deeper than the kept rows reach, when the worker has not caught up with a
  profile change (the change is still queued), or has never scored the member, the member is
  scanned exactly: the skill -> postings index finds every posting sharing a skill with them
  (their credit map: own skills, parents and children), scores come from sums in SQL, and the
  same filter is applied.
Explanations are computed for the rows shown only, from the profile and the postings' stored
skills, never stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from bot.match_engine import facts_of, member_profile, parse_time, posting_record
from matcher.filters import JobFacts, Preferences, check
from matcher.index import DEFAULT_FLOOR
from matcher.kept import NO_DATE
from matcher.models import REMOTE_MODES, Match, MemberProfile, PostingFacts, RemoteMode
from matcher.places import REMOTE_ALLOWED, location_compatible, posting_keys
from matcher.postings import PostingRecord, posting_facts
from matcher.score import (
    LEVEL_WEIGHT,
    SCALE,
    UNKNOWN_RANK,
    explain,
    prepare_member,
    prepare_posting,
    rank_of,
    score_pair,
)
from matcher.taxonomy import Taxonomy
from store import matches, preferences, profiles
from store.db import Database
from store.extractions import matchable_ids, posting_texts, postings_to_extract, stored_facts
from store.matches import REMOTE_ONLY, Filter, JobRow, Ranked, excluding
from store.postings import filter_facts
from store.profiles import Profile


@dataclass(frozen=True)
class JobFilters:
    """What a member asked to see: remote roles only, a least score, and their hard filters
    (matcher/filters.py)."""

    remote_only: bool = False
    min_score: float = DEFAULT_FLOOR
    preferences: Preferences = field(default_factory=Preferences)

    def as_filter(self) -> Filter:
        return Filter(
            min_score=max(self.min_score, DEFAULT_FLOOR),
            where=REMOTE_ONLY if self.remote_only else "",
        )


def excluded_postings(db: Database, prefs: Preferences) -> set[int]:
    """The open postings `check` hides from a member with these preferences. Only postings
    stating some fact can be hidden (unknown never excludes), so only those are read; the
    set then travels into the same SQL the kept rows and the exact scan use, which keeps
    both exact under the filters and in agreement with `check`."""
    if prefs.empty:
        return set()
    return {
        int(row["id"])
        for row in matches.stated_filter_facts(db)
        if not check(prefs, JobFacts.from_mapping(row)).shown
    }


def member_filters(db: Database, user_id: int) -> Preferences:
    """The member's stored hard filters (empty when none were saved)."""
    return Preferences.of(preferences.get_preferences(db, user_id))


def with_facts(db: Database, prefs: Preferences, rows: list[JobRow]) -> list[JobRow]:
    """Each row's explanation gains the posting's stated yearly salary (`salary`) and the facts
    the member filters on that the posting leaves unknown (`not_stated`), to show them."""
    if not rows:
        return rows
    facts = filter_facts(db, [r.posting_id for r in rows])
    result: list[JobRow] = []
    for row in rows:
        read = JobFacts.from_mapping(facts.get(row.posting_id) or {})
        unknown = () if prefs.empty else check(prefs, read).unknown
        salary = (
            {
                "currency": read.salary_currency,
                "yearly_min": read.salary_yearly_min,
                "yearly_max": read.salary_yearly_max,
            }
            if read.salary_currency and (read.salary_yearly_min or read.salary_yearly_max)
            else None
        )
        extra = {"salary": salary, "not_stated": list(unknown)}
        result.append(replace(row, explanation={**row.explanation, **extra}))
    return result


@dataclass(frozen=True)
class JobsPage:
    """A page of matches, how many there are (`total_exact`: or at least this many), and
    whether an exact scan answered instead of the kept rows."""

    rows: list[JobRow]
    total: int
    total_exact: bool
    scanned: bool


def rank_key(row: Ranked) -> tuple[float, float, int]:
    """The order /jobs shows and the index keeps: score, then the newer posting, then id."""
    posted = parse_time(row.posted_at)
    date = posted.timestamp() if posted is not None else NO_DATE
    return (-row.score, -date, row.posting_id)


def _mode(value: str) -> RemoteMode:
    for mode in REMOTE_MODES:
        if mode == value:
            return mode
    return "unknown"


def scan_member(db: Database, taxonomy: Taxonomy, profile: Profile, chosen: Filter) -> list[Ranked]:
    """Every match of the member that passes the filter, exactly, best first."""
    member = prepare_member(member_profile(profile), taxonomy)
    credits = {skill: credit.value for skill, credit in member.credits.items()}
    least = max(chosen.min_score, DEFAULT_FLOOR)
    scale = SCALE[UNKNOWN_RANK if member.rank is None else member.rank]
    accepted = REMOTE_ALLOWED[member.profile.remote]
    found: list[Ranked] = []
    weights = {str(level): weight for level, weight in LEVEL_WEIGHT.items()}
    for row in matches.scan_scores(db, credits, weights, chosen):
        mode = _mode(row.remote)
        if mode not in accepted or not row.total:
            continue
        posting_rank = rank_of(row.seniority)
        credit = min(row.credit, row.total)  # capped as `matcher.score.raw_score` caps it
        score = credit / row.total * scale[UNKNOWN_RANK if posting_rank is None else posting_rank]
        if score < least:
            continue
        if not location_compatible(member.places, posting_keys(row.locations), mode):
            continue
        found.append(Ranked(row.posting_id, score, row.posted_at))
    found.sort(key=rank_key)
    return found


def explained(
    db: Database, taxonomy: Taxonomy, profile: Profile, rows: list[JobRow]
) -> list[JobRow]:
    """The rows with their explanations: matched skills (and how), what is missing."""
    member = prepare_member(member_profile(profile), taxonomy)
    facts = {f.posting_id: f for f in stored_facts(db, [r.posting_id for r in rows])}
    result: list[JobRow] = []
    for row in rows:
        stored = facts.get(row.posting_id)
        match = explain(member, prepare_posting(facts_of(stored))) if stored else None
        data: dict[str, Any] = match.as_dict() if match is not None else {}
        data.pop("member_id", None)
        data.pop("posting_id", None)
        result.append(replace(row, explanation=data))
    return result


def explained_for(
    db: Database, taxonomy: Taxonomy, user_id: int, rows: list[JobRow]
) -> list[JobRow]:
    """`explained` for a member by id (a member without a profile gets no reasons)."""
    profile = profiles.get_profile(db, user_id)
    return explained(db, taxonomy, profile, rows) if profile is not None else rows


def read_jobs(
    db: Database,
    taxonomy: Taxonomy,
    profile: Profile,
    filters: JobFilters,
    *,
    limit: int,
    offset: int = 0,
) -> JobsPage:
    """A page of the member's best open matches under their filters, exact."""
    chosen = excluding(filters.as_filter(), excluded_postings(db, filters.preferences))
    user_id = profile.user_id
    complete = matches.match_state(db, user_id)
    page: list[Ranked] | None = None
    exact = True
    scanned = False
    total = 0
    if complete is not None and not matches.is_queued(db, user_id):
        page, total = matches.kept_page(db, user_id, chosen, limit, offset)
        if not complete:
            exact = False
            if total < offset + limit:
                page = None  # the filter cuts deeper than the kept rows reach
    if page is None:
        ranked = scan_member(db, taxonomy, profile, chosen)
        page, total, exact, scanned = ranked[offset : offset + limit], len(ranked), True, True
    rows = matches.job_rows(db, [(r.posting_id, r.score) for r in page])
    shown = with_facts(db, filters.preferences, explained(db, taxonomy, profile, rows))
    return JobsPage(shown, total, exact, scanned)


def rank_stored(
    db: Database, taxonomy: Taxonomy, profile: MemberProfile, *, min_score: float, limit: int
) -> tuple[list[tuple[Match, PostingRecord]], int]:
    """`archbot match` on the database: the profile's best open matches, exactly as /jobs
    ranks them (an exact scan over the stored skills), with postings the worker has not read
    yet read here (not stored); and how many open postings there are."""
    stored = Profile(
        user_id=0,
        skills=tuple(sorted(profile.skills)),
        experience=profile.seniority,
        location=profile.location,
        remote=profile.remote,
        target_roles="",
        updated_at="",
    )
    chosen = JobFilters(min_score=min_score).as_filter()
    ranked = scan_member(db, taxonomy, stored, chosen)
    member = prepare_member(profile, taxonomy)
    facts: dict[int, PostingFacts] = {}
    pending = postings_to_extract(db, limit=10**9)
    for text in pending:
        read, _extraction = posting_facts(posting_record(text), taxonomy)
        facts[text.id] = read
        score = score_pair(member, prepare_posting(read))
        if score is not None and score > 0 and score >= chosen.min_score:
            ranked.append(Ranked(text.id, score, text.posted_at))
    ranked.sort(key=rank_key)
    top = [r.posting_id for r in ranked[:limit]]
    facts.update((f.posting_id, facts_of(f)) for f in stored_facts(db, set(top) - set(facts)))
    texts = {t.id: t for t in posting_texts(db, top)}
    found: list[tuple[Match, PostingRecord]] = []
    for posting_id in top:
        match = explain(member, prepare_posting(facts[posting_id]))
        if match is not None:
            found.append((match, posting_record(texts[posting_id])))
    return found, len(matchable_ids(db)) + len(pending)


def count_matches(db: Database, taxonomy: Taxonomy, profile: Profile) -> int:
    """How many open postings the profile matches at or above the floor, exactly."""
    return len(scan_member(db, taxonomy, profile, JobFilters().as_filter()))
