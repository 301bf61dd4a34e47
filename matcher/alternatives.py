"""Either-or requirements: "AWS or GCP", "PyTorch/TensorFlow", "one of Java, Go, Rust".

A posting that asks for "AWS, GCP or Azure" asks for one cloud, not three: a member with any of
them meets the requirement. This module groups neighbouring mentions that a list joins with
"or" or a slash, or that a list introduces with "one of", "any of", "either", "such as" or
"e.g.". A list joined with "and" is a list of requirements; inside it, a slash or an "or" still
joins its own neighbours ("Python, SQL and Spark or Flink": only Spark and Flink are options).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from matcher.automaton import Span

# What may stand between two list items, and which kind of join it is.
_GAP = re.compile(
    r"^[ \t]*(?:(?P<slash>/|\|)|,?[ \t]*(?P<andor>and ?/ ?or)|,?[ \t]*(?P<or>or)|"
    r",?[ \t]*(?P<and>and|&|\+)|(?P<comma>,))[ \t]*(?:\([ \t]*)?$",
    re.IGNORECASE,
)
_OPENING = re.compile(
    r"(?:\bone of|\bany of|\beither|\bsuch as|\be\.g\.,?|\bfor example|\blike|\bany)"
    r"[ \t:(]*$",
    re.IGNORECASE,
)
_MAX_GAP = 14


def _join(text: str, a: Span, b: Span) -> str | None:
    """How two neighbouring mentions are joined: "slash", "or", "and", "comma", or None."""
    gap = text[a[1] : b[0]]
    if len(gap) > _MAX_GAP or "\n" in gap:
        return None
    match = _GAP.match(gap)
    if match is None:
        return None
    kind = match.lastgroup or ""
    return "or" if kind == "andor" else kind


def _opened(text: str, first: Span) -> bool:
    line_start = text.rfind("\n", 0, first[0]) + 1
    before = text[max(line_start, first[0] - 30) : first[0]]
    return _OPENING.search(before) is not None


def alternative_groups(text: str, hits: Sequence[Span]) -> list[int | None]:
    """For each hit, the number of its alternatives group (the index of the group's first
    hit), or None when it stands on its own."""
    groups: list[int | None] = [None] * len(hits)
    i = 0
    while i < len(hits):
        # The run of hits joined to each other as one list.
        joins: list[str] = []
        j = i
        while j + 1 < len(hits):
            join = _join(text, hits[j], hits[j + 1])
            if join is None:
                break
            joins.append(join)
            j += 1
        if joins:
            _group_run(text, hits, i, joins, groups)
        i = j + 1
    return groups


def _group_run(
    text: str, hits: Sequence[Span], first: int, joins: list[str], groups: list[int | None]
) -> None:
    opened = _opened(text, hits[first])
    listed = joins.count("comma") + joins.count("or") + joins.count("slash") == len(joins)
    if opened or (listed and ("or" in joins or "slash" in joins)):
        for k in range(first, first + len(joins) + 1):
            groups[k] = first
        return
    # Segments between "and"s; a segment with an "or" or a slash is one group.
    seg_start = first
    for offset, join in enumerate([*joins, "and"]):
        here = first + offset
        if join == "and":
            seg_joins = joins[seg_start - first : here - first]
            if here > seg_start and ("or" in seg_joins or "slash" in seg_joins):
                for k in range(seg_start, here + 1):
                    groups[k] = seg_start
            seg_start = here + 1
