"""Is a mentioned skill required, preferred, or only mentioned? Headings and cue words decide.

A posting's sections say most of it ("Requirements", "What you'll need" versus "Nice to have",
"Bonus points", "Preferred qualifications"); a neutral heading ("About us", "Benefits", "Our
stack") ends the previous section. Inside a sentence, cue words refine it: "must", "required",
"strong experience", "5+ years" versus "a plus", "familiarity with", "ideally".

Precedence, chosen so a bullet reads the way a person reads it:
1. under a "nice to have" heading everything is preferred;
2. otherwise the cue nearest the skill in its own sentence decides when there is one;
3. otherwise the heading decides (required), else the skill is only mentioned (unknown).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from matcher.models import Level


def _phrases(*phrases: str) -> str:
    """An alternation of phrases where a space stands for any run of blanks or hyphens."""
    return "|".join(p.replace("'", "['\u2019]?").replace(" ", r"[ \t-]+") for p in phrases)


_PREFERRED_HEADING = _phrases(
    "nice to haves?",
    r"bonus(?: points)?",
    r"preferred(?: \w+){0,2}",
    "pluses",
    "desirable",
    r"desired(?: \w+){0,2}",
    "good to have",
    "would be (?:great|nice)",
    "extra credit",
    "ideally",
    "it's a plus",
    "optional",
    "(?:what )?(?:would )?makes? you stand out",
    "stand out",
    "added advantage",
    r"not required but \w+",
    "brownie points",
)
_REQUIRED_HEADING = _phrases(
    "(?:minimum |basic |key |required |essential )?(?:requirements|qualifications)",
    "required",
    "must haves?",
    "what you'll need",
    "what you (?:will )?need",
    "what we're looking for",
    "what we are looking for",
    "who you are",
    "you have",
    "you are",
    "about you",
    "your profile",
    "your skills",
    r"skills(?: \w+){0,2}",
    "(?:your )?experience",
    "essentials?",
    "what you'll bring",
    "what you bring",
    "you should have",
    "we expect",
    "you will need",
    "you'll need",
    "must",
)
_NEUTRAL_HEADING = _phrases(
    r"about(?: \w+){0,3}",
    "the role",
    "role",
    "(?:your )?responsibilities",
    "what you'll do",
    "what you will do",
    "your role",
    "benefits",
    "perks",
    "what we offer",
    "why join(?: us)?",
    "how to apply",
    "(?:our )?(?:tech )?stack",
    "the team",
    "location",
    "compensation",
    "salary",
    "day to day",
    "your mission",
    "the opportunity",
    "interview process",
    "who we are",
    r"our \w+",
    "company",
    "culture",
)
# A heading line: optional markdown/bullet marks, a known phrase, little else, maybe a colon.
_HEADING = re.compile(
    r"^[ \t#*_>•\-]*(?:(?P<pref>"
    + _PREFERRED_HEADING
    + r")|(?P<req>"
    + _REQUIRED_HEADING
    + r")|(?P<neu>"
    + _NEUTRAL_HEADING
    + r"))\b(?P<rest>[^\n]*)$",
    re.IGNORECASE,
)
# Any other short line ending in a colon, or a markdown heading, ends the section as neutral.
_OTHER_HEADING = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+[^\n]{1,80}|[^\n.!?:]{2,50}:[ \t*_]*)$")

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

# Sentence ends: a newline, ; ! ? or a full stop followed by white space.
_SENTENCE_END = re.compile(r"[\n;!?]|\.(?=\s)|\.$")


_BULLET = re.compile(r"^[ \t]*(?:[-•*][ \t]|\d+[.)][ \t])")
_TAIL_WORD = re.compile(r"[A-Za-z'\u2019]+")
_NOT_A_HEADING_TAIL = frozenset(
    ["with", "in", "of", "using", "for", "to", "on", "at", "by", "from", "as", "is", "are"]
)


def _is_block_heading(line: str, rest: str) -> bool:
    """A line that is a heading on its own: "Requirements", "Preferred qualifications:",
    "Skills & experience", "Requirements (must have)". Not a bullet, not a sentence:
    "- Experience with Spark" and "Experience with Spark or Databricks" are list items."""
    if _BULLET.match(line):
        return False
    tail = rest.strip(" \t*_:#")
    if not tail or (tail.startswith("(") and tail.endswith(")")):
        return True
    words = _TAIL_WORD.findall(tail)
    return (
        len(words) <= 3
        and len(tail) <= 30
        and not re.search(r"[.!?,;]", tail)
        and (not words or words[0].lower() not in _NOT_A_HEADING_TAIL)
    )


def _heading_of(line: str) -> tuple[Level | None, bool] | None:
    """(level, is a block heading) when a line is a heading; None for ordinary lines."""
    match = _HEADING.match(line)
    if match is not None:
        rest = match.group("rest").strip()
        level: Level | None = (
            "preferred" if match.group("pref") else "required" if match.group("req") else None
        )
        if rest.lstrip(" \t*_").startswith(":") and rest.strip(" \t*_:"):
            return level, False
        if _is_block_heading(line, rest):
            return level, True
    if _OTHER_HEADING.match(line):
        return None, True
    return None


class LevelReader:
    """Precomputed sections and sentences of one text; `level(start, end)` per mention."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._block_starts: list[int] = []
        self._block_levels: list[Level | None] = []
        headings: list[tuple[int, int, Level | None, bool]] = []
        offset = 0
        for line in text.split("\n"):
            if len(line) <= 120:
                found = _heading_of(line)
                if found is not None:
                    level, block = found
                    headings.append((offset, offset + len(line), level, block))
            offset += len(line) + 1
        self._inline_spans: list[tuple[int, int, Level | None]] = []
        for start, end, level, block in headings:
            if block:
                self._block_starts.append(start)
                self._block_levels.append(level)
            else:
                self._inline_spans.append((start, end, level))
        self._inline_starts = [s for s, _, _ in self._inline_spans]
        self._ends = [m.start() for m in _SENTENCE_END.finditer(text)]
        lowered = text.lower()
        self._lowered = lowered if len(lowered) == len(text) else text
        self._cues: dict[int, list[tuple[int, int, Level, int]]] = {}

    def heading_level(self, pos: int) -> Level | None:
        i = bisect_right(self._inline_starts, pos) - 1
        if i >= 0:
            start, end, level = self._inline_spans[i]
            if start <= pos < end:
                return level
        j = bisect_right(self._block_starts, pos) - 1
        return self._block_levels[j] if j >= 0 else None

    def _sentence(self, pos: int) -> tuple[int, int, int]:
        i = bisect_right(self._ends, pos)
        start = self._ends[i - 1] + 1 if i > 0 else 0
        end = self._ends[i] if i < len(self._ends) else len(self.text)
        return i, start, end

    def _sentence_cues(self, index: int, start: int, end: int) -> list[tuple[int, int, Level, int]]:
        """Cue words of one sentence, scanned the first time a mention needs them: most of a
        posting (the company blurb, benefits, legal text) names no skill and is never scanned."""
        cached = self._cues.get(index)
        if cached is None:
            cached = []
            for m in _CUE_SCAN.finditer(self._lowered, start, end):
                level, direction = _CUE_KIND[m.lastgroup or ""]
                cached.append((m.start(), m.end(), level, direction))
            self._cues[index] = cached
        return cached

    def level(self, start: int, end: int) -> Level:
        heading = self.heading_level(start)
        if heading == "preferred":
            return "preferred"
        index, s_start, s_end = self._sentence(start)
        best: tuple[int, int, Level] | None = None
        for c_start, c_end, level, direction in self._sentence_cues(index, s_start, s_end):
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
        if best is not None:
            return best[2]
        return heading or "unknown"
