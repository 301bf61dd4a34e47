"""Is a mentioned skill required, preferred, only mentioned, or not asked at all? The
posting's sections (`matcher.sections`) and cue words decide.

Sections say most of it ("Requirements", "What you'll need" versus "Nice to have", "Bonus
points"); a company blurb, the benefits, the legal text and how to apply are context: a skill
named there ("we run on AWS", "a budget for certifications") is not asked of the candidate.
Inside a sentence, cue words refine it: "must", "required", "strong experience", "5+ years"
versus "a plus", "familiarity with", "ideally".

Precedence, chosen so a bullet reads the way a person reads it:
1. in a context section (or an unheaded paragraph that reads as one) the mention is context;
2. under a "nice to have" heading or cue line everything is preferred;
3. otherwise the cue nearest the skill in its own sentence decides when there is one;
4. otherwise the section decides (required under requirements), else the level is unknown.
A soft skill in a sentence about "we" and not "you" ("we value mentoring") is context too.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING

from matcher.models import Level, MentionLevel
from matcher.sections import (
    CONTEXT_KINDS,
    KIND_LEVEL,
    Kind,
    dispatchable,
    heading_of,
    paragraph_bounds,
    paragraph_is_legal,
    paragraph_kind,
)

if TYPE_CHECKING:
    from matcher.automaton import Span


# Cue words. Most govern the skills after them ("strong Python", "ideally dbt"); some govern
# the skills before them ("Docker is a plus", "Python required"); some go either way.
_RIGHT, _LEFT = 1, 2
_CUES: tuple[tuple[str, Level, int], ...] = (
    (
        r"\bbonus\b|\bprefer(?:red|ably)?\b|nice[\s-]+to[\s-]+have|good[\s-]+to[\s-]+have|"
        r"\bdesir(?:able|ed)\b|\boptional\b",
        "preferred",
        _RIGHT | _LEFT,
    ),
    (
        r"\bideal(?:ly)?\b|\bfamiliar(?:ity)?\b|\bexposure\b|\bgreat\s+if\b|\binterest\s+in\b|"
        r"\bcurious\b|\bwilling(?:ness)?\s+to\s+learn\b|\bif\s+you\s+(?:also\s+)?know\b|"
        r"\bany\s+of\b|\bsome\s+(?:experience|exposure)\b|"
        r"\bextra\s+points\b|\bbasic\s+(?:knowledge|understanding)\b",
        "preferred",
        _RIGHT,
    ),
    (
        r"\b(?:a|big|huge|strong|definite|real)\s+plus\b|\bpluses\b|\badvantage(?:ous)?\b|"
        r"\basset\b|would\s+be\s+(?:great|nice|helpful)|\bnot\s+required\b|\bhelpful\b|"
        r"\bbeneficial\b|\bappreciated\b|\bwelcome[d]?\b",
        "preferred",
        _LEFT,
    ),
    (
        r"\brequire[sd]?\b|\brequirements?\b|\bessential\b|\bmandatory\b|\bmust[\s-]+haves?\b",
        "required",
        _RIGHT | _LEFT,
    ),
    (
        r"\ba\s+must\b|\bis\s+a\s+must\b|\bnecessary\b|\bcritical\b",
        "required",
        _LEFT,
    ),
    (
        r"\bmust\b|\byou\s+have\b|\byou['\u2019]ve\s+got\b|\byou\s+bring\b|"
        r"\byou['\u2019]ll\s+have\b|\byou\s+will\s+have\b|\bstrong\b|\bsolid\b|\bdeep\b|"
        r"\bproven\b|\bextensive\b|\bexpert(?:ise)?\b|\bproficien(?:t|cy)\b|\bhands[\s-]on\b|"
        r"\bmastery\b|\bfluen(?:t|cy)\b|\d+\s*\+?\s*(?:years|yrs)\b|\bminimum\b|\bat\s+least\b|"
        r"\bneed(?:s|ed)?\b|\bdemonstrated\b|\btrack\s+record\b|"
        r"\bexperience\s+(?:with|in|using|building|designing|deploying|running|of)\b|"
        r"\bexperienced\b|\bknowledge\s+of\b|\bcomfortable\b|\bskilled\b|\bcompetent\b|"
        r"\bbackground\s+in\b|\bunderstanding\s+of\b",
        "required",
        _RIGHT,
    ),
)
# One pass over the lower-cased text finds every cue; the group that matched says which kind.
# Tried only where a word starts: the guard in front is what keeps the scan fast.
_CUE_SCAN = re.compile(
    r"(?<![a-z0-9])(?=[a-z0-9])(?:"
    + "|".join(f"(?P<g{i}>{p})" for i, (p, _, _) in enumerate(_CUES))
    + ")"
)
_CUE_KIND = {f"g{i}": (level, direction) for i, (_, level, direction) in enumerate(_CUES)}


# The first word of every cue above, as the run of [a-z0-9] the scan's guard starts at. A cue
# can only match where such a word starts (or a number does, for "5+ years"), so the scan tries
# the big alternation at those words only. tests/matcher/test_levels_fast.py checks this list
# against the regular expression.
def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_CUE_FIRST_WORDS = _word_set(
    """bonus prefer preferred preferably nice good desirable desired optional ideal ideally
    familiar familiarity exposure great interest curious willing willingness if any some extra
    basic a big huge strong definite real pluses advantage advantageous asset would not helpful
    beneficial appreciated welcome welcomed require requires required requirement requirements
    essential mandatory must is necessary critical you solid deep proven extensive expert
    expertise proficient proficiency hands mastery fluent fluency minimum at need needs needed
    demonstrated track experience experienced knowledge comfortable skilled competent background
    understanding"""
)


Trie = dict[str, "Trie"]


def _word_trie(words: frozenset[str]) -> str:
    """A regex alternation of `words` as a trie ("a(?:dvantage(?:ous)?|ny|sset|t)..."): the
    engine then picks the branch by letter instead of trying every word in turn."""
    tree: Trie = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: Trie) -> str:
        branches = [re.escape(k) + emit(v) for k, v in sorted(node.items()) if k]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(tree)


# Where a cue can start: a number, or one of the first words, as a whole run of [a-z0-9].
_CUE_START = re.compile(r"(?<![a-z0-9])(?:[0-9]|" + _word_trie(_CUE_FIRST_WORDS) + r"(?![a-z0-9]))")

# Sentence ends: a newline, ; ! ? or a full stop followed by white space (or ending the text).
_SENTENCE_END = re.compile(r"[\n;!?]|\.(?=\s)|\.$")


def line_sentence_ends(text: str, start: int, end: int) -> list[int]:
    """The sentence ends of `_SENTENCE_END` inside the line [start, end) of `text`.

    The line's newline (or the end of the text) is included in the search window, so a full
    stop right before it is seen with the white space after it, exactly as in the whole text.
    """
    return [m.start() for m in _SENTENCE_END.finditer(text, start, min(len(text), end + 1))]


Cue = tuple[int, int, Level, int]


def scan_cues(lowered: str, start: int, end: int) -> list[Cue]:
    """The cues `_CUE_SCAN.finditer(lowered, start, end)` finds, tried only where a cue's first
    word starts: the same matches, in the same order, at a fraction of the cost."""
    found: list[Cue] = []
    reach = start
    match_cue = _CUE_SCAN.match
    for candidate in _CUE_START.finditer(lowered, start, end):
        at = candidate.start()
        if at < reach:
            continue
        m = match_cue(lowered, at, end)
        if m is not None:
            level, direction = _CUE_KIND[m.lastgroup or ""]
            found.append((m.start(), m.end(), level, direction))
            reach = m.end()
    return found


def nearest_cue(cues: list[Cue], start: int, end: int) -> Level | None:
    """The level of the cue nearest the mention [start, end) that governs it, if any."""
    best: tuple[int, int, Level] | None = None
    for c_start, c_end, level, direction in cues:
        if c_end <= start and direction & _RIGHT:
            gap = start - c_end
        elif c_start >= end and direction & _LEFT:
            gap = c_start - end
        else:
            continue
        # On a tie the preferred cue wins: "a plus" qualifies what it follows.
        rank = (gap, 0 if level == "preferred" else 1, level)
        if best is None or rank < best:
            best = rank
    return None if best is None else best[2]


# A sentence about the employer: "we value mentoring", "our culture of teamwork", "at Acme
# we believe in ownership". Not "we are looking for someone with strong communication".
# Sections that a legal paragraph may follow without a heading of its own.
_LEGAL_CAN_FOLLOW = frozenset({"benefits", "company", "apply", "role", "stack"})
_WE = re.compile(
    r"^\W*(?:we|our|at \w+,? we|here,? we)\b|\bwe (?:value|believe|foster|encourage|celebrate|"
    r"offer|provide|support|invest|care|love|promote|embrace|practi[cs]e)\b|\bour (?:culture|"
    r"values|team values|people)\b"
)
_YOU = re.compile(
    r"\b(?:you|your|you're|you'll|you've|candidates?|someone|person|looking for|seeking|"
    r"hire|hiring|required|must|should|ability|able to)\b"
)


class _Lines:
    """Walks down the lines of a text, keeping the heading that governs the current one."""

    __slots__ = (
        "block",
        "end",
        "ends",
        "inline",
        "inline_kind",
        "line",
        "lowered",
        "start",
        "text",
    )

    def __init__(self, text: str, lowered: str | None, start: int, block: Kind | None) -> None:
        self.text = text
        self.lowered = lowered
        self.block = block
        self.start = self.end = start - 1  # before the first line; `heading` moves onto it
        self.line = ""
        self.inline = False
        self.inline_kind: Kind | None = None
        self.ends: list[int] | None = None

    def heading(self, pos: int) -> Kind | None:
        """The section kind at `pos` (on this line or below): a cue line's own kind, else the
        last block heading's above it."""
        text = self.text
        while pos > self.end:
            start = self.end + 1
            end = text.find("\n", start)
            if end < 0:
                end = len(text)
            line = self.line = text[start:end]
            self.start, self.end, self.ends, self.inline = start, end, None, False
            if len(line) > 120:
                found = None
            elif self.lowered is None:
                found = heading_of(line)
            else:
                found = heading_of(line, self.lowered[start:end])
            if found is not None:
                if found[1]:
                    self.block = found[0]
                else:
                    self.inline, self.inline_kind = True, found[0]
        return self.inline_kind if self.inline else self.block

    def sentence(self, pos: int) -> tuple[int, int]:
        """[start, end) of the sentence holding `pos`: the line, unless it has sentence ends."""
        ends = self.ends
        if ends is None:
            line = self.line
            if "." in line or ";" in line or "!" in line or "?" in line:
                ends = line_sentence_ends(self.text, self.start, self.end)
            else:
                ends = []
            self.ends = ends
        if not ends:
            return self.start, self.end
        i = bisect_right(ends, pos)
        return (ends[i - 1] + 1 if i else self.start), (ends[i] if i < len(ends) else self.end)


class LevelReader:
    """Levels of the mentions of one text, read in one pass over the lines they are on.

    Only the lines from the last block heading above the first mention down to the last
    mention are read, and only the sentences holding a mention are scanned for cues: most of a
    posting (the company blurb, benefits, legal text) names no skill and is never looked at.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        lowered = text.lower()
        self._lowered = lowered if len(lowered) == len(text) else text
        # Lines can be read from the lower-cased copy, unless its case oddities forbid it.
        self._line_lowered = lowered if dispatchable(text, lowered) else None
        self._paragraphs: dict[int, tuple[int, Kind | None]] = {}
        self._legal: dict[int, tuple[int, bool]] = {}

    def _block_above(self, line_start: int) -> Kind | None:
        """The kind of the nearest block heading on a line before `line_start`."""
        text, lowered = self.text, self._line_lowered
        end = line_start - 1
        while end >= 0:
            start = text.rfind("\n", 0, end) + 1
            if end - start <= 120:
                line = text[start:end]
                found = heading_of(line, lowered[start:end] if lowered is not None else None)
                if found is not None and found[1]:
                    return found[0]
            end = start - 1
        return None

    def _paragraph_legal(self, pos: int) -> bool:
        """Whether the paragraph holding `pos` is legal boilerplate (cached per paragraph)."""
        for p_start, (p_end, legal) in self._legal.items():
            if p_start <= pos < p_end:
                return legal
        p_start, p_end = paragraph_bounds(self.text, pos)
        legal = paragraph_is_legal(self._lowered[p_start:p_end])
        self._legal[p_start] = (max(p_end, pos + 1), legal)
        return legal

    def _paragraph_kind(self, pos: int) -> Kind | None:
        """The kind an unheaded paragraph's own words give it (cached per paragraph)."""
        for p_start, (p_end, kind) in self._paragraphs.items():
            if p_start <= pos < p_end:
                return kind
        p_start, p_end = paragraph_bounds(self.text, pos)
        # A posting of one paragraph (a one-line board post) is all about the job.
        whole = p_start == 0 and not self.text[p_end:].strip()
        kind = paragraph_kind(self._lowered[p_start:p_end], self.text[p_start:p_end], whole=whole)
        self._paragraphs[p_start] = (max(p_end, pos + 1), kind)
        return kind

    def read(self, hits: Sequence[Span]) -> tuple[list[MentionLevel], list[Kind | None]]:
        """The level and section kind of each hit; `hits` are in text order, as the scanner
        returns them. One walk down the lines from the first hit to the last."""
        if not hits:
            return [], []
        text = self.text
        lowered = self._lowered
        first_line = text.rfind("\n", 0, hits[0][0]) + 1
        lines = _Lines(text, self._line_lowered, first_line, self._block_above(first_line))
        s_start = s_end = -1
        cues: list[Cue] = []
        out: list[MentionLevel] = []
        kinds: list[Kind | None] = []
        for start, end, pattern in hits:
            kind = lines.heading(start)
            if kind is None or kind == "other":
                kind = self._paragraph_kind(start) or kind
            elif kind in _LEGAL_CAN_FOLLOW and self._paragraph_legal(start):
                # The equal-opportunity statement after the benefits, under no heading.
                kind = "legal"
            elif kind == "role" and self._paragraph_kind(start) == "company":
                # "Overview" over a company blurb: the paragraph says what it is.
                kind = "company"
            kinds.append(kind)
            if kind in CONTEXT_KINDS:
                out.append("context")
                continue
            if kind == "nice":
                out.append("preferred")
                continue
            if not s_start <= start < s_end:
                s_start, s_end = lines.sentence(start)
                cues = scan_cues(lowered, s_start, s_end)
            if pattern.soft and _about_us(lowered, s_start, s_end):
                out.append("context")
                continue
            level = nearest_cue(cues, start, end) if cues else None
            out.append(level or (KIND_LEVEL.get(kind) if kind else None) or "unknown")
        return out, kinds

    def levels(self, hits: Sequence[Span]) -> list[MentionLevel]:
        """The level of each hit (see `read`)."""
        return self.read(hits)[0]


def _about_us(lowered: str, start: int, end: int) -> bool:
    """A sentence about the employer ("we value mentoring"), not about the candidate."""
    sentence = lowered[start:end]
    return _WE.search(sentence) is not None and _YOU.search(sentence) is None
