"""Scoring: level weights, partial credit through parents, seniority, filters, explanations."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from matcher.models import Level, MemberProfile, PostingFacts, RemoteMode, RemotePreference
from matcher.places import location_compatible, member_keys, posting_keys
from matcher.score import (
    LEVEL_WEIGHT,
    explain,
    prepare_member,
    prepare_posting,
    rank_matches,
    seniority_factor,
)
from matcher.taxonomy import Taxonomy


def member(
    *skills: str,
    seniority: str | None = None,
    location: str | None = None,
    remote: RemotePreference = "any",
) -> MemberProfile:
    return MemberProfile("m", frozenset(skills), seniority, location, remote)


def posting(
    skills: dict[str, Level],
    *,
    seniority: str | None = None,
    remote: RemoteMode = "unknown",
    locations: tuple[str, ...] = (),
    posted: datetime | None = None,
    pid: str = "p",
) -> PostingFacts:
    return PostingFacts(pid, skills, seniority, remote, locations, posted)


def score(taxonomy: Taxonomy, m: MemberProfile, p: PostingFacts) -> float | None:
    match = explain(prepare_member(m, taxonomy), prepare_posting(p))
    return None if match is None else match.score


def test_weights_required_over_preferred_over_mentioned(taxonomy: Taxonomy) -> None:
    assert LEVEL_WEIGHT == {"required": 2.0, "preferred": 1.0, "unknown": 0.5}
    asked: dict[str, Level] = {"python": "required", "docker": "preferred", "kafka": "unknown"}
    assert score(taxonomy, member("python"), posting(asked)) == pytest.approx(100 * 2 / 3.5)
    assert score(taxonomy, member("docker"), posting(asked)) == pytest.approx(100 * 1 / 3.5)
    assert score(taxonomy, member("kafka"), posting(asked)) == pytest.approx(100 * 0.5 / 3.5)
    assert score(taxonomy, member("python", "docker", "kafka"), posting(asked)) == 100.0
    assert score(taxonomy, member("rust"), posting(asked)) == 0.0


def test_partial_credit_through_parents(taxonomy: Taxonomy) -> None:
    lightning: dict[str, Level] = {"pytorch-lightning": "required"}
    torch: dict[str, Level] = {"pytorch": "required"}
    # Has the broader PyTorch, asked for Lightning: half credit.
    assert score(taxonomy, member("pytorch"), posting(lightning)) == 50.0
    # Has the more specific Lightning, asked for PyTorch: three quarters.
    assert score(taxonomy, member("pytorch-lightning"), posting(torch)) == 75.0
    # Grandparent: a quarter; a sibling earns nothing.
    assert score(taxonomy, member("deep-learning"), posting(lightning)) == 25.0
    assert score(taxonomy, member("tensorflow"), posting(torch)) == 0.0
    # The best credit wins when several skills relate.
    assert score(taxonomy, member("pytorch", "pytorch-lightning"), posting(lightning)) == 100.0


def test_explanation_lists_how_and_what_is_missing(taxonomy: Taxonomy) -> None:
    asked: dict[str, Level] = {
        "python": "required",
        "pytorch-lightning": "required",
        "kubernetes": "required",
        "docker": "preferred",
        "terraform": "preferred",
        "kafka": "unknown",
    }
    match = explain(
        prepare_member(member("python", "pytorch", "docker"), taxonomy),
        prepare_posting(posting(asked)),
    )
    assert match is not None
    assert [(c.skill_id, c.how, c.via) for c in match.matched] == [
        ("python", "exact", "python"),
        ("pytorch-lightning", "via parent", "pytorch"),
        ("docker", "exact", "docker"),
    ]
    assert match.missing_required == ("kubernetes",)
    assert match.missing_preferred == ("terraform",)
    data = match.as_dict()
    assert data["matched"][1] == {
        "skill_id": "pytorch-lightning",
        "level": "required",
        "how": "via parent",
        "via": "pytorch",
    }


def test_seniority_is_a_modest_factor(taxonomy: Taxonomy) -> None:
    asked: dict[str, Level] = {"python": "required"}
    on_level = score(
        taxonomy, member("python", seniority="senior"), posting(asked, seniority="senior")
    )
    below = score(
        taxonomy, member("python", seniority="junior"), posting(asked, seniority="senior")
    )
    above = score(taxonomy, member("python", seniority="staff"), posting(asked, seniority="mid"))
    unknown = score(taxonomy, member("python"), posting(asked, seniority="senior"))
    assert (on_level, unknown) == (100.0, 100.0)
    assert below == 75.0
    assert above == 85.0
    assert seniority_factor(3, 4) == 0.9
    assert seniority_factor(4, 3) == 0.95


@pytest.mark.parametrize(
    ("preference", "mode", "allowed"),
    [
        ("remote", "remote", True),
        ("remote", "onsite", False),
        ("remote", "hybrid", False),
        ("remote", "unknown", False),
        ("hybrid", "onsite", False),
        ("hybrid", "unknown", True),
        ("onsite", "remote", True),
        ("any", "onsite", True),
    ],
)
def test_remote_preference_is_a_filter(
    preference: RemotePreference, mode: RemoteMode, allowed: bool, taxonomy: Taxonomy
) -> None:
    result = score(
        taxonomy, member("python", remote=preference), posting({"python": "required"}, remote=mode)
    )
    assert (result is not None) is allowed


@pytest.mark.parametrize(
    ("where", "offices", "mode", "ok"),
    [
        ("Berlin, Germany", ("Berlin",), "onsite", True),
        ("Berlin", ("Germany",), "onsite", True),
        ("Germany", ("Munich, DE",), "hybrid", True),
        ("Munich", ("Berlin, Germany",), "onsite", False),
        ("London", ("London, United Kingdom",), "onsite", True),
        ("London, UK", ("New York, NY",), "onsite", False),
        ("NYC", ("New York City, USA",), "onsite", True),
        ("São Paulo", ("Sao Paulo, Brazil",), "onsite", True),
        ("Paris", ("Remote - US",), "remote", True),
        ("Paris", (), "onsite", True),
        (None, ("Tokyo",), "onsite", True),
        ("Lisbon", ("Berlin", "Lisbon, Portugal"), "onsite", True),
    ],
)
def test_location_compatibility(
    where: str | None, offices: tuple[str, ...], mode: RemoteMode, ok: bool
) -> None:
    assert location_compatible(member_keys(where), posting_keys(offices), mode) is ok


def test_location_filter_in_scoring(taxonomy: Taxonomy) -> None:
    asked: dict[str, Level] = {"python": "required"}
    far = posting(asked, remote="onsite", locations=("Toronto, Canada",))
    assert score(taxonomy, member("python", location="Berlin"), far) is None
    assert score(taxonomy, member("python"), far) == 100.0


def test_newer_postings_first_among_equals(taxonomy: Taxonomy) -> None:
    m = prepare_member(member("python"), taxonomy)
    old = posting({"python": "required"}, posted=datetime(2024, 1, 1, tzinfo=UTC), pid="old")
    new = posting({"python": "required"}, posted=datetime(2024, 6, 1, tzinfo=UTC), pid="new")
    undated = posting({"python": "required"}, pid="undated")
    better = posting({"python": "required", "docker": "unknown"}, pid="half")
    matches = [explain(m, prepare_posting(p)) for p in (undated, old, better, new)]
    ranked = rank_matches([x for x in matches if x is not None])
    assert [x.posting_id for x in ranked] == ["new", "old", "undated", "half"]


def test_posting_without_skills_scores_zero(taxonomy: Taxonomy) -> None:
    assert score(taxonomy, member("python"), posting({})) == 0.0
