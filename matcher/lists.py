"""Tag lines and plain lists: "Technologies: React, Go, Rust", "gcp, ts, ml", "Python Julia Ray
Dask", or one name per line without bullets.

In prose, a lower-case "ml" or a bare "Ray" says little; in a line that is nothing but names it
is a name too. A line is a list when the names found in it cover most of its text (after a
short label such as "Stack:"), with at least two names, one of them a name that needs no
context; a run of short lines that are each one name is a list as well. In a list, names that
need context or capitals are taken as they stand, and where the list has no commas, a
multi-word name whose words are each a name of its own is read as separate items ("Spark SQL
Server" is not asked for by "Python Spark SQL").
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from matcher.automaton import Pattern, Span

_LABEL = re.compile(r"^[ \t]*(?:[-*\u2022\u25aa][ \t]*)?[A-Za-z][\w &/'\u2019-]{0,30}:[ \t]*")
# Labels that introduce a list of names: "Stack:", "Tags:", "Nice:", "Languages:".
_TAG_LABEL = re.compile(
    r"tags?|tech|technolog|stack|skills?|tools?|tooling|languages?|frameworks?|keywords?|"
    r"platforms?|requirements?|must|nice|bonus|plus|databases?|cloud|infra|librar|environment|"
    r"experience|knowledge|qualifications?|expertise|proficien|familiar|preferred|desired",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^[ \t]*(?:[-*\u2022\u25aa\u25e6]|\d+[.)])[ \t]*")
_SHORT_LINE = 40


def _uncovered(text: str, start: int, end: int, spans: list[Span]) -> str:
    """The text of [start, end) outside the spans (which are sorted and do not overlap)."""
    pieces = []
    at = start
    for s_start, s_end, _pattern in spans:
        pieces.append(text[at:s_start])
        at = s_end
    pieces.append(text[at:end])
    return " ".join(pieces)


_ITEM_WORD = re.compile(r"\b(?!(?:and|or)\b)[^\W_][\w'\u2019.#+-]*", re.IGNORECASE)
# Share of the items of a line that may be words no name covers: a few in a labelled tag line
# ("gcp, ts, ml" where "ts" is unknown), almost none in an unlabelled line.
_LOOSE_SHARE = 0.5
_STRICT_SHARE = 0.2


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, (len(text) if end < 0 else end)


def list_lines(
    text: str, candidates: list[Span], wanted: list[Span]
) -> dict[int, tuple[int, bool]]:
    """The lines holding a `wanted` span that are lists (with the one-name lines in a run
    with them): {line start: (line end, items are delimited)}. `candidates` are every name
    found, kept or not, which is what a line's coverage is measured with."""
    by_line: dict[int, tuple[int, list[Span]]] = {}
    for span in candidates:
        start, end = _line_bounds(text, span[0])
        by_line.setdefault(start, (end, []))[1].append(span)
    ends = {end + 1: start for start, (end, _spans) in by_line.items()}
    memo: dict[int, tuple[str, bool, bool] | None] = {}

    def kind(start: int) -> tuple[str, bool, bool] | None:
        """("list" | "single", delimited, anchored) for a line with names, else None."""
        if start not in memo:
            entry = by_line.get(start)
            memo[start] = None if entry is None else _line_kind(text, start, *entry)
        return memo[start]

    found: dict[int, tuple[int, bool]] = {}
    for span in wanted:
        start = _line_bounds(text, span[0])[0]
        if start in found:
            continue
        got = kind(start)
        if got is None:
            continue
        if got[0] == "list":
            found[start] = (by_line[start][0], got[1])
            continue
        # A one-name line counts in a run of such lines with a name that needs no context.
        run = [start]
        before = ends.get(start)
        while before is not None and (k := kind(before)) is not None and k[0] == "single":
            run.insert(0, before)
            before = ends.get(before)
        after = by_line[start][0] + 1
        while (k := kind(after)) is not None and k[0] == "single":
            run.append(after)
            after = by_line[after][0] + 1
        if len(run) >= 2 and any((kind(s) or ("", False, False))[2] for s in run):
            for s in run:
                found[s] = (by_line[s][0], True)  # one name a line: nothing to split
    return found


def _line_kind(text: str, start: int, end: int, spans: list[Span]) -> tuple[str, bool, bool] | None:
    line = text[start:end]
    label = _LABEL.match(line) or _BULLET.match(line)
    body_start = start + (label.end() if label else 0)
    body = text[body_start:end]
    if not body.strip():
        return None
    kept: list[Span] = []
    reach = -1
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if span[0] >= reach and span[0] >= body_start:
            kept.append(span)
            reach = span[1]
    tagged = label is not None and _TAG_LABEL.search(label.group()) is not None
    words = _ITEM_WORD.findall(_uncovered(text, body_start, end, kept))
    items = len(words) + len(kept)
    if len(words) > items * (_LOOSE_SHARE if tagged else _STRICT_SHARE):
        return None
    anchored = any(not s[2].ambiguous and s[2].caps == "any" for s in kept)
    if len(kept) >= 2 and (anchored or tagged):
        return "list", "," in body, anchored
    if len(kept) == 1 and len(body.strip()) <= _SHORT_LINE:
        return "single", True, anchored
    return None


def _in_lines(span: Span, lines: dict[int, tuple[int, bool]], text: str) -> tuple[int, bool] | None:
    start = text.rfind("\n", 0, span[0]) + 1
    return lines.get(start)


def _split(text: str, span: Span, by_key: Mapping[str, Pattern]) -> list[Span] | None:
    """A multi-word hit whose words are each a name of their own, as those names."""
    start, end, _pattern = span
    parts: list[Span] = []
    for word in re.finditer(r"\S+", text[start:end]):
        pattern = by_key.get(word.group().lower())
        if pattern is None:
            return None
        parts.append((start + word.start(), start + word.end(), pattern))
    return parts if len(parts) >= 2 else None


def take_lists(
    text: str,
    hits: list[Span],
    accepted: list[Span],
    loose: list[Span],
    by_key: Mapping[str, Pattern],
) -> list[Span]:
    """`accepted` (the hits the ambiguity rules kept) with what list lines add: their rejected
    ambiguous names and their names in the wrong case; comma-less lists split where a
    multi-word name is two names side by side."""
    kept = {(s[0], s[1]) for s in accepted}
    # Fields of work ("marketing") are left to the ambiguity rules, which list them already.
    wanted = [
        s for s in hits if ((s[0], s[1]) not in kept and not s[2].field) or s[2].splittable
    ] + loose
    lines = list_lines(text, hits + loose, wanted)
    if not lines:
        return accepted
    out: dict[tuple[int, int], Span] = {(s[0], s[1]): s for s in accepted}
    for span in hits:
        if (
            (span[0], span[1]) not in out
            and span[1] - span[0] >= 2
            and _in_lines(span, lines, text) is not None
        ):
            out[(span[0], span[1])] = span
    for span in loose:
        if span[1] - span[0] >= 2 and _in_lines(span, lines, text) is not None:
            out.setdefault((span[0], span[1]), span)
    for key, span in list(out.items()):
        where = _in_lines(span, lines, text)
        if where is not None and not where[1] and " " in text[span[0] : span[1]]:
            parts = _split(text, span, by_key)
            if parts is not None:
                del out[key]
                for part in parts:
                    out[(part[0], part[1])] = part
    ordered = sorted(out.values(), key=lambda s: (s[0], -s[1]))
    result: list[Span] = []
    reach = -1
    for span in ordered:
        if span[0] >= reach:
            result.append(span)
            reach = span[1]
    return result
