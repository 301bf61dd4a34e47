"""Skill extraction from a posting: automaton hits, ambiguity rules, levels, years, seniority.

`extract(text, taxonomy)` is a pure function over an immutable taxonomy; the only state is the
automaton cached per taxonomy, so it is safe to run in a worker thread or process pool.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from content.models import Skill
from matcher.alternatives import alternative_groups
from matcher.ambiguity import resolve
from matcher.automaton import Scan, Scanner, Span, scanner_for
from matcher.experience import read_seniority, read_years
from matcher.levels import LevelReader
from matcher.lists import take_lists
from matcher.models import Extraction, Mention
from matcher.senses import not_a_skill_here
from matcher.taxonomy import Taxonomy, taxonomy_of

# Links and addresses are not prose: "https://jobs.example/python" asks for nothing.
_LINK = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+")
# A link or an address never holds white space and always holds one of these.
_LINK_ANCHORS = ("://", "www.", "@")
_NON_SPACE = re.compile(r"\S*")


def _link_spans(text: str) -> list[tuple[int, int]]:
    """What `_LINK.finditer(text)` finds, run only over the words that hold an anchor.

    A match lies inside one run of non-space characters, so matching each such run on its own
    (with the run's end as `endpos`, where the text has a space anyway) finds the same spans.
    """
    runs: set[tuple[int, int]] = set()
    for anchor in _LINK_ANCHORS:
        at = text.find(anchor)
        while at >= 0:
            start = at
            while start > 0 and not text[start - 1].isspace():
                start -= 1
            run = _NON_SPACE.match(text, at)
            end = run.end() if run is not None else at
            runs.add((start, end))
            at = text.find(anchor, end)
    spans: list[tuple[int, int]] = []
    for start, end in sorted(runs):
        spans.extend(m.span() for m in _LINK.finditer(text, start, end))
    return spans


def _outside_links(text: str, hits: list[Span]) -> list[Span]:
    if "://" not in text and "www." not in text and "@" not in text:
        return hits
    spans = _link_spans(text)
    if not spans:
        return hits
    kept = []
    for hit in hits:
        for s, e in spans:
            if s <= hit[0] < e:
                break
        else:
            kept.append(hit)
    return kept


def as_taxonomy(taxonomy: Taxonomy | Sequence[Skill]) -> Taxonomy:
    return taxonomy if isinstance(taxonomy, Taxonomy) else taxonomy_of(taxonomy)


def _rejected_names(hits: list[Span], kept: list[Span]) -> bool:
    """Whether the ambiguity rules dropped a name a list line could still take (fields of
    work are left out: the rules list them already)."""
    if len(kept) == len(hits):
        return False
    taken = {hit[0] for hit in kept}
    return any(hit[0] not in taken and not hit[2].field for hit in hits)


def _accepted(text: str, scan: Scan, scanner: Scanner) -> list[Span]:
    """The hits that stand: outside links, past the ambiguity rules, plus what lists add."""
    hits = _outside_links(text, scan.hits)
    kept = resolve(text, hits) if scan.ambiguous else hits
    loose = scan.loose
    if loose or _rejected_names(hits, kept) or any(hit[2].splittable for hit in kept):
        loose = _outside_links(text, loose) if loose else loose
        kept = take_lists(text, hits, kept, loose, scanner.by_key)
    return [hit for hit in kept if not not_a_skill_here(text, hit)]


def _mentions(text: str, scan: Scan, scanner: Scanner) -> list[Mention]:
    hits = _accepted(text, scan, scanner)
    if not hits:
        return []
    levels, kinds = LevelReader(text).read(hits)
    groups = alternative_groups(text, hits)
    return [
        Mention(pattern.skill_id, pattern.name, start, end, text[start:end], level, kind, group)
        for (start, end, pattern), level, kind, group in zip(
            hits, levels, kinds, groups, strict=True
        )
    ]


def find_mentions(text: str, taxonomy: Taxonomy | Sequence[Skill]) -> list[Mention]:
    """Every accepted skill mention of `text`, in order, with its level."""
    scanner = scanner_for(as_taxonomy(taxonomy))
    return _mentions(text, scanner.scan(text), scanner)


def title_skills(title: str, taxonomy: Taxonomy | Sequence[Skill]) -> tuple[str, ...]:
    """Skills a job title names ("Senior PyTorch Engineer"), once each, in order."""
    tax = as_taxonomy(taxonomy)
    seen: dict[str, None] = {}
    scan = scanner_for(tax).scan(title)
    hits = resolve(title, scan.hits) if scan.ambiguous else scan.hits
    for _start, _end, pattern in hits:
        seen.setdefault(pattern.skill_id, None)
    return tuple(seen)


def extract(
    text: str, taxonomy: Taxonomy | Sequence[Skill], *, title: str | None = None
) -> Extraction:
    """Read one posting: mentions (offsets into `text`), years asked and seniority."""
    tax = as_taxonomy(taxonomy)
    scanner = scanner_for(tax)
    scan = scanner.scan(text)
    years = read_years(text, scan.folded)
    seniority, source = read_seniority(title, text, years, scan.folded)
    return Extraction(
        mentions=tuple(_mentions(text, scan, scanner)),
        years=years,
        seniority=seniority,
        seniority_source=source,
        title_skills=title_skills(title, tax) if title else (),
    )
