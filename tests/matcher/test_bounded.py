"""The bounded index keeps, for every member, an exact prefix of what a full recompute ranks.

Whatever sequence of profile changes, new, changed and closed postings, the kept pairs of each
member are the first n of that member's full ranking (n at least the refill bound when there are
that many, at most the trim bound), "complete" means nothing is left out, and the change log
replayed onto a mirror (as the worker writes the database) gives exactly what is kept. Tiny
bounds make every path (trim, refill, cutoff) run in small examples.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.bounded import BoundedMatchIndex
from matcher.kept import NO_DATE
from matcher.models import MemberProfile, PostingFacts, RecordId
from matcher.taxonomy import Taxonomy
from tests.matcher.test_index import LEVELS, PLACES, SENIORITY, SKILL_POOL, full_recompute, profiles

POSTING_IDS = list(range(12))
postings = st.builds(
    PostingFacts,
    posting_id=st.sampled_from(POSTING_IDS),
    skills=st.dictionaries(st.sampled_from(SKILL_POOL), LEVELS, max_size=5),
    seniority=SENIORITY,
    remote=st.sampled_from(["remote", "hybrid", "onsite", "unknown"]),
    locations=st.lists(st.sampled_from([p for p in PLACES if p]), max_size=2).map(tuple),
    posted_at=st.one_of(
        st.none(),
        st.integers(0, 3).map(lambda d: datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=d)),
    ),
)
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("member"), profiles),
        st.tuples(st.just("postings"), st.lists(postings, max_size=6)),
        st.tuples(st.just("close"), st.sampled_from(POSTING_IDS)),
        st.tuples(st.just("leave"), st.integers(0, 6)),
        st.tuples(st.just("trim"), st.none()),
    ),
    max_size=50,
)


def ranking(
    expected: dict[tuple[RecordId, RecordId], float],
    postings: dict[RecordId, PostingFacts],
    member_id: RecordId,
) -> list[tuple[RecordId, float]]:
    """A member's full ranking: score, then the newer posting, then the lower id."""

    def key(item: tuple[RecordId, float]) -> tuple[float, float, int]:
        posted = postings[item[0]].posted_at
        date = posted.timestamp() if posted else NO_DATE
        return (-item[1], -date, int(item[0]))

    return sorted(((p, s) for (m, p), s in expected.items() if m == member_id), key=key)


def check(
    index: BoundedMatchIndex,
    taxonomy: Taxonomy,
    members: dict[RecordId, MemberProfile],
    open_postings: dict[RecordId, PostingFacts],
    mirror: dict[tuple[RecordId, RecordId], float],
) -> None:
    expected = full_recompute(taxonomy, members, open_postings, index.floor)
    bounds = index.kept
    for member_id in members:
        full = ranking(expected, open_postings, member_id)
        kept = index.member_kept(member_id)
        n = len(kept.posting_ids)
        assert list(zip(kept.posting_ids, kept.scores, strict=True)) == full[:n]
        assert n <= bounds.trim_at
        assert n >= min(bounds.refill_below, len(full))
        if kept.complete:  # "incomplete" may be cautious: closings can shrink the full list
            assert n == len(full)
        assert {p: s for (m, p), s in mirror.items() if m == member_id} == dict(full[:n])
    assert {m for m, _ in mirror} <= set(members)


def apply(index: BoundedMatchIndex, mirror: dict[tuple[RecordId, RecordId], float]) -> None:
    """Replay the change log onto a mirror, as the worker writes the database."""
    changes = index.take_changes()
    for member_id in changes.replaced:
        for key in [k for k in mirror if k[0] == member_id]:
            del mirror[key]
        kept = index.member_kept(member_id)
        pairs = zip(kept.posting_ids, kept.scores, strict=True)
        mirror.update({(member_id, p): s for p, s in pairs})
    for pair in changes.kept:
        mirror[(pair.member_id, pair.posting_id)] = pair.score
    for key in changes.dropped:
        mirror.pop(key, None)


def replay(
    taxonomy: Taxonomy, ops: list[tuple[str, Any]], floor: float, bounds: dict[str, int]
) -> None:
    index = BoundedMatchIndex(taxonomy, floor=floor, **bounds)
    members: dict[RecordId, MemberProfile] = {}
    open_postings: dict[RecordId, PostingFacts] = {}
    mirror: dict[tuple[RecordId, RecordId], float] = {}
    for kind, value in ops:
        if kind == "member":
            members[value.member_id] = value
            index.upsert_member(value)
        elif kind == "postings":
            for facts in value:
                open_postings[facts.posting_id] = facts
            for key in [k for k in mirror if k[1] in {f.posting_id for f in value}]:
                del mirror[key]  # a changed posting's rows are rewritten
            index.add_postings(value, report=False)
        elif kind == "close":
            open_postings.pop(value, None)
            for key in [k for k in mirror if k[1] == value]:
                del mirror[key]
            index.remove_posting(value)
        elif kind == "trim":
            index.trim_all()
        else:
            members.pop(value, None)
            for key in [k for k in mirror if k[0] == value]:
                del mirror[key]
            index.remove_member(value)
        apply(index, mirror)
        check(index, taxonomy, members, open_postings, mirror)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ops=OPERATIONS,
    floor=st.sampled_from([0.0, 30.0, 55.0]),
    bounds=st.sampled_from(
        [
            {"keep": 1, "trim_at": 1, "refill_below": 1},
            {"keep": 2, "trim_at": 3, "refill_below": 1},
            {"keep": 3, "trim_at": 5, "refill_below": 2},
            {"keep": 200},
        ]
    ),
)
def test_kept_pairs_are_a_prefix_of_the_full_ranking(taxonomy, ops, floor, bounds) -> None:
    replay(taxonomy, ops, floor, bounds)


def test_alert_pairs_are_reported_whether_kept_or_not(taxonomy: Taxonomy) -> None:
    index = BoundedMatchIndex(taxonomy, floor=0.0, keep=1, trim_at=1, refill_below=1)
    index.upsert_member(MemberProfile(1, frozenset({"python"})))
    index.upsert_member(MemberProfile(2, frozenset({"python"})))
    index.add_postings([PostingFacts(10, {"python": "required"})])
    index.take_changes()
    index.set_alert_thresholds({1: 40.0})
    index.add_postings(
        [
            PostingFacts(11, {"python": "required", "docker": "required"}),  # 50: not kept
            PostingFacts(12, {"python": "required", "rust": "required", "go": "required"}),
        ]
    )
    changes = index.take_changes()
    assert [(a.member_id, a.posting_id, a.score) for a in changes.alerts] == [(1, 11, 50.0)]
    assert changes.kept == []  # the 100-point posting 10 stays the one kept pair
    assert index.member_kept(1).posting_ids == [10]
    assert not index.member_kept(1).complete


def test_integer_posting_ids_break_ties(taxonomy: Taxonomy) -> None:
    index = BoundedMatchIndex(taxonomy, floor=0.0, keep=2, trim_at=2, refill_below=1)
    index.upsert_member(MemberProfile(1, frozenset({"python"})))
    index.add_postings([PostingFacts(p, {"python": "required"}) for p in (5, 3, 9, 4)])
    assert index.member_kept(1).posting_ids == [3, 4]
    index.remove_posting(3)
    index.remove_posting(4)
    assert index.member_kept(1).posting_ids == [5, 9]  # refilled from every posting


def test_bounds_are_checked(taxonomy: Taxonomy) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        BoundedMatchIndex(taxonomy, keep=0)
    with pytest.raises(ValueError, match="refill_below <= keep <= trim_at"):
        BoundedMatchIndex(taxonomy, keep=5, trim_at=4)
