"""Ranking a batch of postings for one profile: what `archbot match` and /jobs show."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from content.models import Skill
from matcher.extract import as_taxonomy
from matcher.index import MatchIndex
from matcher.models import Match, MemberProfile
from matcher.postings import PostingRecord, posting_facts
from matcher.taxonomy import Taxonomy


def rank_postings(
    profile: MemberProfile,
    records: Iterable[PostingRecord],
    taxonomy: Taxonomy | Sequence[Skill],
    *,
    min_score: float = 0.0,
    limit: int | None = None,
) -> list[tuple[Match, PostingRecord]]:
    """The profile's matches among `records`, explained, best and newest first."""
    tax = as_taxonomy(taxonomy)
    index = MatchIndex(tax, floor=min_score)
    by_id: dict[object, PostingRecord] = {}
    facts = []
    for record in records:
        by_id[record.id] = record
        facts.append(posting_facts(record, tax)[0])
    index.add_postings(facts)
    index.upsert_member(profile)
    matches = index.matches_for_member(profile.member_id, min_score=min_score, limit=limit)
    return [(m, by_id[m.posting_id]) for m in matches]
