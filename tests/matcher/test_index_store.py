"""The index's storage and batching: the pair store, chunked scoring, reports, Scored records.

`test_index.py` checks the index against a full recompute with the default sizes; here the
thresholds that decide when the pair store rebuilds its groups or compacts, and how many
postings are scored and stored together, are made tiny so every path runs in small examples.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import matcher.index as index_module
import matcher.pairs as pairs_module
from matcher.index import MatchIndex, Scored, scored_list
from matcher.models import MemberProfile, PostingFacts, RecordId
from matcher.pairs import PairStore
from matcher.taxonomy import Taxonomy
from tests.matcher.test_index import full_recompute, postings, profiles

OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("member"), profiles),
        st.tuples(st.just("postings"), st.lists(postings, max_size=6)),
        st.tuples(st.just("close"), st.sampled_from([f"p{i}" for i in range(10)])),
        st.tuples(st.just("leave"), st.integers(0, 6)),
    ),
    max_size=60,
)
FLOORS = st.sampled_from([0.0, 10.0, 30.0, 40.0, 55.0, 75.0, 90.0, 100.0])


@pytest.fixture
def tiny(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pairs_module, "_MIN_TAIL", 1)
    monkeypatch.setattr(pairs_module, "_MIN_DEAD", 1)
    monkeypatch.setattr(index_module, "_CHUNK", 2)
    monkeypatch.setattr(index_module, "_FLUSH_PAIRS", 3)


def replay(taxonomy: Taxonomy, ops: list[tuple[str, Any]], floor: float) -> None:
    index = MatchIndex(taxonomy, floor=floor)
    members: dict[RecordId, MemberProfile] = {}
    open_postings: dict[RecordId, PostingFacts] = {}
    for kind, value in ops:
        if kind == "member":
            members[value.member_id] = value
            returned = index.upsert_member(value)
            expected = full_recompute(taxonomy, members, open_postings, floor)
            assert {(s.member_id, s.posting_id): s.score for s in returned} == {
                k: v for k, v in expected.items() if k[0] == value.member_id
            }
        elif kind == "postings":
            new = index.add_postings(value)
            # Every occurrence of a posting in the batch is reported with the pairs it had
            # when it was added (a later occurrence replaces it, as it always did).
            reported = []
            for facts in value:
                open_postings[facts.posting_id] = facts
                expected = full_recompute(taxonomy, members, open_postings, floor)
                reported += [(*k, v) for k, v in expected.items() if k[1] == facts.posting_id]
            assert sorted(map(repr, ((s.member_id, s.posting_id, s.score) for s in new))) == sorted(
                map(repr, reported)
            )
        elif kind == "close":
            open_postings.pop(value, None)
            index.remove_posting(value)
        else:
            members.pop(value, None)
            index.remove_member(value)
        expected = full_recompute(taxonomy, members, open_postings, floor)
        assert index.scores() == expected
        assert index.pair_count == len(expected)
        for member_id in members:
            assert index.member_scores(member_id) == {
                p: s for (m, p), s in expected.items() if m == member_id
            }
        for posting_id in open_postings:
            assert index.posting_scores(posting_id) == {
                m: s for (m, p), s in expected.items() if p == posting_id
            }


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(ops=OPERATIONS, floor=FLOORS)
def test_tiny_chunks_and_thresholds_change_nothing(
    taxonomy: Taxonomy, tiny: None, ops: list[tuple[str, Any]], floor: float
) -> None:
    replay(taxonomy, ops, floor)


@pytest.mark.slow
@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(ops=OPERATIONS, floor=FLOORS)
def test_tiny_chunks_and_thresholds_change_nothing_at_length(
    taxonomy: Taxonomy, tiny: None, ops: list[tuple[str, Any]], floor: float
) -> None:
    replay(taxonomy, ops, floor)


def test_pair_store_groups_kills_and_compacts(tiny: None) -> None:
    store = PairStore()
    store.append(np.array([1, 2, 1]), np.array([7, 7, 8]), np.array([50.0, 60.0, 70.0]))
    store.append(np.array([2, 1]), np.array([8, 9]), np.array([80.0, 90.0]))
    assert store.columns(store.member_rows(1))[1].tolist() == [7, 8, 9]
    assert store.columns(store.posting_rows(8))[0].tolist() == [1, 2]
    store.kill(store.posting_rows(8))
    assert len(store) == 3
    assert store.columns(store.member_rows(1))[2].tolist() == [50.0, 90.0]
    assert store.member_rows(5).size == 0
    store.kill(store.member_rows(1))
    store.kill(store.member_rows(2))
    assert len(store) == 0
    assert store.alive_rows().size == 0


def test_adding_without_a_report_keeps_the_same_pairs(taxonomy: Taxonomy) -> None:
    facts = [
        PostingFacts("a", {"python": "required", "docker": "preferred"}),
        PostingFacts("b", {"pytorch-lightning": "required"}),
    ]
    member = MemberProfile(1, frozenset({"python", "pytorch"}))
    reported, quiet = MatchIndex(taxonomy, floor=0.0), MatchIndex(taxonomy, floor=0.0)
    for index in (reported, quiet):
        index.upsert_member(member)
    assert len(reported.add_postings(facts)) == 2
    assert quiet.add_postings(facts, report=False) == []
    assert quiet.scores() == reported.scores() == {(1, "a"): 2 / 3 * 100, (1, "b"): 50.0}


def test_scored_records_are_the_records_the_constructor_makes() -> None:
    records = scored_list([1, "m"], ["p", 2], np.array([12.5, 99.0]))
    assert records == [Scored(1, "p", 12.5), Scored("m", 2, 99.0)]
    assert [type(r) for r in records] == [Scored, Scored]
    assert hash(records[0]) == hash(Scored(1, "p", 12.5))
    with pytest.raises(AttributeError):
        records[0].score = 1.0  # type: ignore[misc]
