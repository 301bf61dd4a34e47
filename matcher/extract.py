"""Skill extraction from a posting: automaton hits, ambiguity rules, levels, years, seniority.

`extract(text, taxonomy)` is a pure function over an immutable taxonomy; the only state is the
automaton cached per taxonomy, so it is safe to run in a worker thread or process pool.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from content.models import Skill
from matcher.ambiguity import resolve
from matcher.automaton import Hit, scanner_for
from matcher.experience import seniority_of, years_required
from matcher.levels import LevelReader
from matcher.models import Extraction, Mention
from matcher.taxonomy import Taxonomy, taxonomy_of

# Links and addresses are not prose: "https://jobs.example/python" asks for nothing.
_LINK = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+")


def _outside_links(text: str, hits: list[Hit]) -> list[Hit]:
    if "://" not in text and "www." not in text and "@" not in text:
        return hits
    spans = [m.span() for m in _LINK.finditer(text)]
    if not spans:
        return hits
    return [h for h in hits if not any(s <= h.start < e for s, e in spans)]


def as_taxonomy(taxonomy: Taxonomy | Sequence[Skill]) -> Taxonomy:
    return taxonomy if isinstance(taxonomy, Taxonomy) else taxonomy_of(taxonomy)


def find_mentions(text: str, taxonomy: Taxonomy | Sequence[Skill]) -> list[Mention]:
    """Every accepted skill mention of `text`, in order, with its level."""
    tax = as_taxonomy(taxonomy)
    hits = resolve(text, _outside_links(text, scanner_for(tax).hits(text)))
    if not hits:
        return []
    reader = LevelReader(text)
    by_id = tax.by_id
    return [
        Mention(
            skill_id=hit.pattern.skill_id,
            name=by_id[hit.pattern.skill_id].name,
            start=hit.start,
            end=hit.end,
            surface=text[hit.start : hit.end],
            level=reader.level(hit.start, hit.end),
        )
        for hit in hits
    ]


def title_skills(title: str, taxonomy: Taxonomy | Sequence[Skill]) -> tuple[str, ...]:
    """Skills a job title names ("Senior PyTorch Engineer"), once each, in order."""
    tax = as_taxonomy(taxonomy)
    seen: dict[str, None] = {}
    for hit in resolve(title, scanner_for(tax).hits(title)):
        seen.setdefault(hit.pattern.skill_id, None)
    return tuple(seen)


def extract(
    text: str, taxonomy: Taxonomy | Sequence[Skill], *, title: str | None = None
) -> Extraction:
    """Read one posting: mentions (offsets into `text`), years asked and seniority."""
    tax = as_taxonomy(taxonomy)
    years = years_required(text)
    seniority, source = seniority_of(title, text, years)
    return Extraction(
        mentions=tuple(find_mentions(text, tax)),
        years=years,
        seniority=seniority,
        seniority_source=source,
        title_skills=title_skills(title, tax) if title else (),
    )
