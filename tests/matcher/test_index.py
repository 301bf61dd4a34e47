"""The incremental index gives exactly what a full pairwise recompute gives, after any updates."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import matcher.index as index_module
from matcher.index import MatchIndex
from matcher.inverted import FloatArray, IntArray
from matcher.models import MemberProfile, PostingFacts, RecordId
from matcher.score import prepare_member, prepare_posting, score_pair
from matcher.taxonomy import Taxonomy

SKILL_POOL = [
    "python",
    "pytorch",
    "pytorch-lightning",
    "deep-learning",
    "machine-learning",
    "tensorflow",
    "keras",
    "docker",
    "kubernetes",
    "sql",
    "scikit-learn",
    "classification",
    "go",
    "rust",
]
PLACES = [None, "Berlin", "Munich", "Germany", "London, UK", "Remote"]
LEVELS = st.sampled_from(["required", "preferred", "unknown"])
SENIORITY = st.sampled_from([None, "junior", "mid", "senior", "staff", "principal"])

profiles = st.builds(
    MemberProfile,
    member_id=st.integers(0, 6),
    skills=st.frozensets(st.sampled_from(SKILL_POOL), max_size=4),
    seniority=SENIORITY,
    location=st.sampled_from(PLACES),
    remote=st.sampled_from(["remote", "hybrid", "onsite", "any"]),
)
plain_postings = st.builds(
    PostingFacts,
    posting_id=st.sampled_from([f"p{i}" for i in range(10)]),
    skills=st.dictionaries(st.sampled_from(SKILL_POOL), LEVELS, max_size=5),
    seniority=SENIORITY,
    remote=st.sampled_from(["remote", "hybrid", "onsite", "unknown"]),
    locations=st.lists(st.sampled_from([p for p in PLACES if p]), max_size=2).map(tuple),
    posted_at=st.integers(0, 100).map(
        lambda d: datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=d)
    ),
)


def _with_group(facts: PostingFacts, size: int) -> PostingFacts:
    """The posting with its first `size` skills as one either-or group (none below 2)."""
    options = tuple(facts.skills)[:size]
    return replace(facts, alternatives=(options,) if len(options) >= 2 else ())


# Some postings hold an either-or group, so capped credit is checked against the recompute too.
postings = st.tuples(plain_postings, st.integers(0, 3)).map(lambda pair: _with_group(*pair))
operations = st.lists(
    st.one_of(
        st.tuples(st.just("member"), profiles),
        st.tuples(st.just("posting"), postings),
        st.tuples(st.just("close"), st.sampled_from([f"p{i}" for i in range(10)])),
        st.tuples(st.just("leave"), st.integers(0, 6)),
    ),
    max_size=40,
)


def full_recompute(
    taxonomy: Taxonomy,
    members: dict[RecordId, MemberProfile],
    open_postings: dict[RecordId, PostingFacts],
    floor: float,
) -> dict[tuple[RecordId, RecordId], float]:
    """The oracle: every member against every posting, one pair at a time."""
    expected = {}
    for m in members.values():
        pm = prepare_member(m, taxonomy)
        for p in open_postings.values():
            s = score_pair(pm, prepare_posting(p))
            if s is not None and s > 0 and s >= floor:
                expected[(m.member_id, p.posting_id)] = s
    return expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=operations, floor=st.sampled_from([0.0, 30.0, 55.0]))
def test_incremental_equals_full_recompute(taxonomy: Taxonomy, ops, floor) -> None:
    index = MatchIndex(taxonomy, floor=floor)
    members: dict[RecordId, MemberProfile] = {}
    open_postings: dict[RecordId, PostingFacts] = {}
    for kind, value in ops:
        if kind == "member":
            members[value.member_id] = value
            returned = index.upsert_member(value)
            assert {(s.member_id, s.posting_id): s.score for s in returned} == {
                k: v
                for k, v in full_recompute(taxonomy, members, open_postings, floor).items()
                if k[0] == value.member_id
            }
        elif kind == "posting":
            open_postings[value.posting_id] = value
            new = index.add_postings([value])
            assert {(s.member_id, s.posting_id): s.score for s in new} == {
                k: v
                for k, v in full_recompute(taxonomy, members, open_postings, floor).items()
                if k[1] == value.posting_id
            }
        elif kind == "close":
            open_postings.pop(value, None)
            index.remove_posting(value)
        else:
            members.pop(value, None)
            index.remove_member(value)
        assert index.scores() == full_recompute(taxonomy, members, open_postings, floor)
    # A fresh index built from the final state in one go agrees as well.
    fresh = MatchIndex(taxonomy, floor=floor)
    fresh.add_postings(open_postings.values())
    for m in members.values():
        fresh.upsert_member(m)
    assert fresh.scores() == index.scores()


@pytest.fixture
def reached(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Records how many slots each accumulation reached (the candidates that get scored)."""
    sizes: list[int] = []
    original = index_module.accumulate  # type: ignore[attr-defined]

    def counting(parts: list[tuple[IntArray, FloatArray, float]], size: int):
        result = original(parts, size)
        sizes.append(int(result[0].size))
        return result

    monkeypatch.setattr(index_module, "accumulate", counting)
    return sizes


def test_only_members_sharing_a_skill_are_scored(taxonomy: Taxonomy, reached: list[int]) -> None:
    index = MatchIndex(taxonomy, floor=0.0)
    for i in range(50):
        index.upsert_member(MemberProfile(i, frozenset({"rust"})))
    index.upsert_member(MemberProfile(99, frozenset({"pytorch"})))
    reached.clear()
    new = index.add_postings([PostingFacts("p", {"pytorch-lightning": "required"})])
    assert reached == [1]
    assert [(s.member_id, s.score) for s in new] == [(99, 50.0)]
    index.add_postings([PostingFacts("q", {"kubernetes": "required"})])
    assert reached == [1, 0]


def test_closed_postings_leave_every_member(taxonomy: Taxonomy) -> None:
    index = MatchIndex(taxonomy, floor=0.0)
    index.upsert_member(MemberProfile(1, frozenset({"python"})))
    index.add_postings(
        [PostingFacts("p", {"python": "required"}), PostingFacts("q", {"python": "unknown"})]
    )
    assert index.member_scores(1) == {"p": 100.0, "q": 100.0}
    index.remove_posting("p")
    assert index.member_scores(1) == {"q": 100.0}
    assert index.posting_scores("p") == {}
    assert index.posting_count == 1


def test_replacing_a_posting_rescored(taxonomy: Taxonomy) -> None:
    index = MatchIndex(taxonomy, floor=0.0)
    index.upsert_member(MemberProfile(1, frozenset({"python"})))
    index.add_postings([PostingFacts("p", {"python": "required"})])
    index.add_postings([PostingFacts("p", {"python": "required", "docker": "required"})])
    assert index.member_scores(1) == {"p": 50.0}


def test_matches_for_member_are_explained_and_ranked(taxonomy: Taxonomy) -> None:
    index = MatchIndex(taxonomy, floor=10.0)
    index.add_postings(
        [
            PostingFacts("a", {"python": "required", "kubernetes": "required"}),
            PostingFacts("b", {"python": "required"}),
            PostingFacts("c", {"pytorch-lightning": "required"}),
        ]
    )
    index.upsert_member(MemberProfile(7, frozenset({"python", "pytorch"})))
    matches = index.matches_for_member(7)
    assert [(m.posting_id, m.score) for m in matches] == [("b", 100.0), ("a", 50.0), ("c", 50.0)]
    assert matches[1].missing_required == ("kubernetes",)
    assert index.matches_for_member(7, min_score=60) == matches[:1]
    assert index.matches_for_member(7, limit=2) == matches[:2]
    explained = index.explain(7, "c")
    assert explained is not None
    assert explained.matched[0].how == "via parent"
