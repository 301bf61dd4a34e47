"""Scoring one member against one posting, with the explanation a member is shown.

score = 100 x (weighted credit / total weight) x seniority factor, where each skill the posting
asks for weighs 2.0 when required, 1.0 when preferred and 0.5 when only mentioned, and earns the
member's best credit for it: 1.0 exact, or partial through the parent tree (see
`matcher.taxonomy`). Seniority is a modest factor between 0.75 and 1.0; location and remote
preference are filters, never a few points off.

The index (`matcher.index`) computes the same numbers in bulk with numpy; both do exactly the same
floating-point operations in the same order (an exact sum, one division, one multiplication by
`SCALE`), so a score is the same number whichever path produced it.
"""

from __future__ import annotations

from dataclasses import dataclass

from matcher.experience import SENIORITY_RANK
from matcher.models import Level, Match, MemberProfile, PostingFacts, SkillCredit
from matcher.places import REMOTE_ALLOWED, location_compatible, member_keys, posting_keys
from matcher.taxonomy import Credit, Taxonomy

LEVEL_WEIGHT: dict[Level, float] = {"required": 2.0, "preferred": 1.0, "unknown": 0.5}
UNKNOWN_RANK = 7  # the row and column of SCALE for "level not stated"


def seniority_factor(member_rank: int | None, posting_rank: int | None) -> float:
    """1.0 on the level; a little less one level off; under-qualified costs more than over."""
    if member_rank is None or posting_rank is None:
        return 1.0
    gap = member_rank - posting_rank
    if gap == 0:
        return 1.0
    if gap == -1:
        return 0.9
    if gap <= -2:
        return 0.75
    return 0.95 if gap == 1 else 0.85


def _rank_index(rank: int | None) -> int:
    return UNKNOWN_RANK if rank is None else rank


# SCALE[member_rank][posting_rank] = 100 x seniority factor; index 7 is "unknown".
SCALE: tuple[tuple[float, ...], ...] = tuple(
    tuple(
        100.0 * seniority_factor(None if m == UNKNOWN_RANK else m, None if p == UNKNOWN_RANK else p)
        for p in range(UNKNOWN_RANK + 1)
    )
    for m in range(UNKNOWN_RANK + 1)
)


def rank_of(level: str | None) -> int | None:
    return SENIORITY_RANK.get(level) if level else None


@dataclass(frozen=True)
class PreparedMember:
    """A profile with what scoring needs computed once: credits, level rank, location keys."""

    profile: MemberProfile
    credits: dict[str, Credit]
    rank: int | None
    places: frozenset[str]


@dataclass(frozen=True)
class PreparedPosting:
    """Posting facts with weights, their exact total, level rank and location keys."""

    facts: PostingFacts
    weights: dict[str, float]
    total: float
    rank: int | None
    places: frozenset[str]


def prepare_member(profile: MemberProfile, taxonomy: Taxonomy) -> PreparedMember:
    return PreparedMember(
        profile=profile,
        credits=taxonomy.credit_map(profile.skills),
        rank=rank_of(profile.seniority),
        places=member_keys(profile.location),
    )


def prepare_posting(facts: PostingFacts) -> PreparedPosting:
    """Weights per skill and their total. An either-or group counts once in the total, at
    its strongest option's weight, while each option keeps its own weight: a member with one
    of "AWS or GCP" meets that requirement in full."""
    weights = {skill: LEVEL_WEIGHT[level] for skill, level in facts.skills.items()}
    total = sum(weights.values())
    for group in facts.alternatives:
        options = [weights[skill] for skill in dict.fromkeys(group) if skill in weights]
        if len(options) >= 2:
            total -= sum(options) - max(options)
    return PreparedPosting(
        facts=facts,
        weights=weights,
        total=total,
        rank=rank_of(facts.seniority),
        places=posting_keys(facts.locations),
    )


def allowed(member: PreparedMember, posting: PreparedPosting) -> bool:
    """The filters: the member accepts the posting's work mode and, unless remote, its place."""
    mode = posting.facts.remote
    if mode not in REMOTE_ALLOWED[member.profile.remote]:
        return False
    return location_compatible(member.places, posting.places, mode)


def raw_score(member: PreparedMember, posting: PreparedPosting) -> float:
    """The score before filters: 0 when no skill is shared or the posting names none."""
    if posting.total == 0:
        return 0.0
    acc = 0.0
    for skill, weight in posting.weights.items():
        credit = member.credits.get(skill)
        if credit is not None:
            acc += weight * credit.value
    scale = SCALE[_rank_index(member.rank)][_rank_index(posting.rank)]
    # A member with several options of an either-or group is not credited past the whole.
    return min(acc, posting.total) / posting.total * scale


def explain(member: PreparedMember, posting: PreparedPosting) -> Match | None:
    """The full match with its reasons, or None when a filter rules the posting out."""
    if not allowed(member, posting):
        return None
    matched: list[SkillCredit] = []
    missing_required: list[str] = []
    missing_preferred: list[str] = []
    # An option of an either-or group is not missing when the member has another option.
    met = {
        skill
        for group in posting.facts.alternatives
        if any(option in member.credits for option in group)
        for skill in group
    }
    for skill, level in posting.facts.skills.items():
        credit = member.credits.get(skill)
        if credit is not None:
            matched.append(SkillCredit(skill, level, credit.how, credit.via, credit.value))
        elif skill in met:
            continue
        elif level == "required":
            missing_required.append(skill)
        elif level == "preferred":
            missing_preferred.append(skill)
    matched.sort(key=lambda c: (-LEVEL_WEIGHT[c.level], -c.credit, c.skill_id))
    return Match(
        member_id=member.profile.member_id,
        posting_id=posting.facts.posting_id,
        score=raw_score(member, posting),
        matched=tuple(matched),
        missing_required=tuple(sorted(missing_required)),
        missing_preferred=tuple(sorted(missing_preferred)),
        seniority_factor=seniority_factor(member.rank, posting.rank),
        posted_at=posting.facts.posted_at,
    )


def score_pair(member: PreparedMember, posting: PreparedPosting) -> float | None:
    """The score, or None when filtered out. The oracle the index is tested against."""
    return raw_score(member, posting) if allowed(member, posting) else None


_OLDEST = float("-inf")  # postings without a date sort after dated ones


def rank_key(match: Match) -> tuple[float, float, tuple[int, int, str]]:
    """Best first; among equal scores the newer posting first, then the lower id: the order
    the bounded index keeps (`matcher.kept`) and /jobs shows."""
    posted = match.posted_at.timestamp() if match.posted_at else _OLDEST
    pid = match.posting_id
    tie = (0, pid, "") if isinstance(pid, int) else (1, 0, str(pid))
    return (-match.score, -posted, tie)


def rank_matches(matches: list[Match]) -> list[Match]:
    return sorted(matches, key=rank_key)
