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
from collections.abc import Sequence
from typing import TYPE_CHECKING

from matcher.models import Level

if TYPE_CHECKING:
    from matcher.automaton import Span


def _phrases(*phrases: str) -> str:
    """An alternation of phrases where a space stands for any run of blanks or hyphens."""
    return "|".join(p.replace("'", "['\u2019]?").replace(" ", r"[ \t-]+") for p in phrases)


_PREFERRED_PHRASES = (
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
_REQUIRED_PHRASES = (
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
_NEUTRAL_PHRASES = (
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
_PREFERRED_HEADING = _phrases(*_PREFERRED_PHRASES)
_REQUIRED_HEADING = _phrases(*_REQUIRED_PHRASES)
_NEUTRAL_HEADING = _phrases(*_NEUTRAL_PHRASES)

# A heading line: optional markdown/bullet marks, a known phrase, little else, maybe a colon.
_HEADING_TEMPLATE = r"^[ \t#*_>•\-]*(?:(?P<pref>{})|(?P<req>{})|(?P<neu>{}))\b(?P<rest>[^\n]*)$"
_HEADING = re.compile(
    _HEADING_TEMPLATE.format(_PREFERRED_HEADING, _REQUIRED_HEADING, _NEUTRAL_HEADING),
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


_BULLET = re.compile(r"^[ \t]*(?:[-•*][ \t]|\d+[.)][ \t])")
_TAIL_WORD = re.compile(r"[A-Za-z'\u2019]+")
_TAIL_PUNCTUATION = re.compile(r"[.!?,;]")
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
        and not _TAIL_PUNCTUATION.search(tail)
        and (not words or words[0].lower() not in _NOT_A_HEADING_TAIL)
    )


_HEADING_MARKS = " \t#*_>•-"


def _split_alternatives(group: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, char in enumerate(group):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(group[start:i])
            start = i + 1
    parts.append(group[start:])
    return parts


def _closing_parenthesis(text: str) -> int:
    """The offset of the parenthesis that closes the one `text` starts with."""
    depth = 0
    for offset, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if depth == 0:
            return offset
    raise ValueError(f"unbalanced parentheses in {text!r}")


def _first_letters(phrase: str) -> frozenset[str]:
    """The letters a heading phrase can start with.

    The phrases use literal words, groups `(?:a|b)` that may be optional (`?` or `{0,n}`) and
    optional letters (`s?`); anything else at the start is refused, so a new phrase in another
    style fails here, at import, instead of being silently skipped by `_heading_of`.
    """
    if phrase.startswith("(?:"):
        close = _closing_parenthesis(phrase)
        letters = frozenset().union(
            *(_first_letters(alt) for alt in _split_alternatives(phrase[3:close]))
        )
        rest = phrase[close + 1 :]
        if rest.startswith("?"):
            return letters | _first_letters(rest[1:])
        if rest.startswith("{0,"):
            return letters | _first_letters(rest[rest.index("}") + 1 :])
        return letters
    if not phrase or not phrase[0].isalpha() or not phrase[0].islower():
        raise ValueError(f"heading phrase {phrase!r} does not start with a lower-case letter")
    if phrase[1:2] == "?":
        return frozenset(phrase[0]) | _first_letters(phrase[2:])
    return frozenset(phrase[0])


# The characters other than ASCII letters that match an ASCII letter under IGNORECASE (dotted
# capital I, dotless i, long s, Kelvin sign).
_CASE_ODDITIES = ("\u0130", "\u0131", "\u017f", "\u212a")


def _heading_by_letter() -> dict[str, re.Pattern[str]]:
    """The heading pattern cut down to the phrases that can start with each letter, without
    IGNORECASE, to run on the lower-cased line.

    After the marks, a phrase can only start at the line's first other character, so the
    phrases that cannot start with that letter cannot match; the others keep their order, so
    the first one that matches is the one the full pattern finds. The phrases are ASCII and
    lower case, so on a line without the four `_CASE_ODDITIES` whose lower-casing keeps its
    length, the lower-cased line and a case-sensitive pattern match exactly as IGNORECASE does
    on the original (only the 52 ASCII letters match ASCII letters ignoring case there).
    """
    table: dict[str, re.Pattern[str]] = {}
    groups = (_PREFERRED_PHRASES, _REQUIRED_PHRASES, _NEUTRAL_PHRASES)
    firsts = {phrase: _first_letters(phrase) for group in groups for phrase in group}
    for letter in "abcdefghijklmnopqrstuvwxyz":
        kept = [[p for p in group if letter in firsts[p]] for group in groups]
        if any(kept):
            table[letter] = re.compile(
                _HEADING_TEMPLATE.format(*(_phrases(*ps) if ps else "(?!)" for ps in kept))
            )
    return table


_HEADING_BY_LETTER = _heading_by_letter()


def _dispatchable(text: str, lowered: str) -> bool:
    """Whether the lower-cased `text` can be matched case-sensitively (`_heading_by_letter`)."""
    return len(lowered) == len(text) and (
        text.isascii() or not any(odd in text for odd in _CASE_ODDITIES)
    )


def _heading_of(line: str, lowered: str | None = None) -> tuple[Level | None, bool] | None:
    """(level, is a block heading) when a line is a heading; None for ordinary lines.

    `lowered`, when given, is the line lower-cased, from a text `_dispatchable` said yes to.
    """
    if lowered is None:
        lowered = line.lower()
        if not _dispatchable(line, lowered):
            lowered = None
    if lowered is not None:
        pattern = _HEADING_BY_LETTER.get(lowered.lstrip(_HEADING_MARKS)[:1])
        match = pattern.match(lowered) if pattern is not None else None
    else:
        match = _HEADING.match(line)
    if match is not None:
        rest = line[match.start("rest") : match.end("rest")].strip()
        level: Level | None = (
            "preferred"
            if match.start("pref") >= 0
            else "required"
            if match.start("req") >= 0
            else None
        )
        if rest.lstrip(" \t*_").startswith(":") and rest.strip(" \t*_:"):
            return level, False
        if _is_block_heading(line, rest):
            return level, True
    # _OTHER_HEADING needs a "#" or a ":"; most lines have neither.
    if ("#" in line or ":" in line) and _OTHER_HEADING.match(line):
        return None, True
    return None


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


class _Lines:
    """Walks down the lines of a text, keeping the heading that governs the current one."""

    __slots__ = (
        "block",
        "end",
        "ends",
        "inline",
        "inline_level",
        "line",
        "lowered",
        "start",
        "text",
    )

    def __init__(self, text: str, lowered: str | None, start: int, block: Level | None) -> None:
        self.text = text
        self.lowered = lowered
        self.block = block
        self.start = self.end = start - 1  # before the first line; `heading` moves onto it
        self.line = ""
        self.inline = False
        self.inline_level: Level | None = None
        self.ends: list[int] | None = None

    def heading(self, pos: int) -> Level | None:
        """The heading level at `pos` (on this line or below): an inline heading on its own
        line, else the last block heading above it."""
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
                found = _heading_of(line)
            else:
                found = _heading_of(line, self.lowered[start:end])
            if found is not None:
                if found[1]:
                    self.block = found[0]
                else:
                    self.inline, self.inline_level = True, found[0]
        return self.inline_level if self.inline else self.block

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
        self._line_lowered = lowered if _dispatchable(text, lowered) else None

    def _block_above(self, line_start: int) -> Level | None:
        """The level of the nearest block heading on a line before `line_start`."""
        text, lowered = self.text, self._line_lowered
        end = line_start - 1
        while end >= 0:
            start = text.rfind("\n", 0, end) + 1
            if end - start <= 120:
                line = text[start:end]
                found = _heading_of(line, lowered[start:end] if lowered is not None else None)
                if found is not None and found[1]:
                    return found[0]
            end = start - 1
        return None

    def levels(self, hits: Sequence[Span]) -> list[Level]:
        """The level of each hit; `hits` are in text order, as the scanner returns them."""
        if not hits:
            return []
        text = self.text
        lowered = self._lowered
        first_line = text.rfind("\n", 0, hits[0][0]) + 1
        lines = _Lines(text, self._line_lowered, first_line, self._block_above(first_line))
        s_start = s_end = -1
        cues: list[Cue] = []
        out: list[Level] = []
        for start, end, _pattern in hits:
            heading = lines.heading(start)
            if heading == "preferred":
                out.append("preferred")
                continue
            if not s_start <= start < s_end:
                s_start, s_end = lines.sentence(start)
                cues = scan_cues(lowered, s_start, s_end)
            level = nearest_cue(cues, start, end) if cues else None
            out.append(level or heading or "unknown")
        return out
