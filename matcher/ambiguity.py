"""Deciding whether an ambiguous name ("Go", "R", "C", "REST", "Spark", "Swift", "TF") is a skill.

The taxonomy marks which names are ambiguous; this module holds the case and context rules that
accept them. A hit is kept when it is not ruled out by a tell-tale neighbour ("Go to market",
"R&D", "C-suite", "Series C", "Head Chef", "rest assured") and one of these holds:

* a strong neighbour: a tech noun right after it ("REST API", "Spark jobs", "Go services",
  "R packages", "classification models") or a slash joining it to another skill ("R/Python");
* its exact listed capitalisation ("Go", not "go"), not explained by grammar (first word of a
  sentence, a title-cased heading), together with a preposition before it ("in R", "with Go")
  or an unambiguous skill within a short window ("Python, Go and Kubernetes");
* it sits in a list next to an accepted skill ("Go, Rust and Python"), with its listed
  capitalisation, or in lower case for names of five letters or more.

Single letters and short acronyms never count in lower case. The rules are deliberately plain
word lists: easy to read, easy to extend when the evaluation set finds a new trap.
"""

from __future__ import annotations

import re
from functools import lru_cache

from matcher.automaton import Span

WINDOW = 100  # characters either side in which an unambiguous skill counts as context


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TECH_NEXT = _words(
    """api apis sdk sdks developer developers development engineer engineers programming
    programmer programmers language languages code codebase codebases service services
    microservices backend backends script scripts scripting package packages library libraries
    module modules cluster clusters job jobs pipeline pipelines streaming ecosystem stack runtime
    toolchain app apps application applications endpoint endpoints framework frameworks model
    models algorithm algorithms technique techniques method methods task tasks problems notebooks
    dataframe dataframes udfs cookbooks recipes workloads tooling compiler bindings projects
    experience expertise skills proficiency"""
)
_TECH_PREV = _words("apache restful")
_PREPOSITIONS = _words("in with using via of including like and or")
_ATTACHABLE = _words(
    "based powered native first heavy centric driven enabled savvy focused friendly"
)

# Tell-tale neighbours that rule a hit out, by folded key.
_NEG_BEFORE: dict[str, frozenset[str]] = {
    "c": _words(
        """series plan vitamin grade type class option level tier section part appendix phase
        round building block note see exhibit item category schedule form hepatitis floor gate
        terminal group model"""
    ),
    "r": _words("series plan option section part grade type class appendix item"),
    "chef": _words(
        "head executive sous pastry private master celebrity line personal resident top star"
        " michelin"
    ),
    "rest": _words("the at a"),
    "cv": _words("your a the my an updated send attach submit upload full portfolio resume letter"),
}
_NEG_AFTER: dict[str, frozenset[str]] = {
    "go": _words(
        """to live beyond above ahead through further far back out into over get for from deep
        deeper the a an up down on off fast faster wrong well hand together along away home public
        forward big there here after green viral"""
    ),
    "spark": _words(
        """joy curiosity ideas interest innovation conversation conversations change creativity
        excitement passion growth debate action imagination"""
    ),
    "rest": _words("assured of easy day days period"),
    "solid": _words(
        """experience experiences understanding knowledge background foundation foundations
        grasp skills track command communication judgment judgement engineering performer
        work ability abilities coding programming"""
    ),
    "cv": _words("portfolio resume cover letter to via at"),
    "swift": _words(
        """delivery response action turnaround execution decision decisions resolution progress
        onboarding growth payment payments transfer transfers codes message messages network bic
        iso"""
    ),
}
# Tell-tale text right before a hit ("portfolio and CV", "resume or CV").
_NEG_BEFORE_TEXT: dict[str, re.Pattern[str]] = {
    "cv": re.compile(
        r"(?:portfolio|resume|r\u00e9sum\u00e9|cover letter|linkedin)[\s,/&]*(?:and|or)?\s*$",
        re.IGNORECASE,
    ),
}
_NEG_TEXT: dict[str, re.Pattern[str]] = {
    "tf": re.compile(r"task[\s-]+force", re.IGNORECASE),
}

_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z'\u2019]*)[^A-Za-z\n]{0,3}$")
_WORD_AFTER = re.compile(r"^[ \t]{0,2}([A-Za-z][A-Za-z'\u2019]*)")
_LIST_GAP = re.compile(r"^\s*(?:[,/&+|(;]|\band\b|\bor\b|\)|\s)*\s*$", re.IGNORECASE)
_SLASH_GAP = re.compile(r"^\s?[/+]\s?$")


# `_WORD_BEFORE.search(before)` looks for the last word at the end of `before` by trying every
# offset in turn. The same match, read from the end: reversed, the gap after the word comes
# first (a newline that ends `before`, which `$` lets through, then as few other characters as
# possible) and then the word, up to its first letter.
_WORD_BEFORE_REVERSED = re.compile(r"(\n?[^A-Za-z\n]{0,3}?)([A-Za-z'\u2019]*[A-Za-z])")


def _word_before(before: str) -> tuple[str, str]:
    """(word, gap after it) as `_WORD_BEFORE.search(before)` gives them, or ("", before)."""
    match = _WORD_BEFORE_REVERSED.match(before[::-1])
    if match is None:
        return "", before
    return match.group(2)[::-1], match.group(1)[::-1]


def _in_order(a: Span, b: Span) -> tuple[Span, Span]:
    return (a, b) if a[0] <= b[0] else (b, a)


_TITLE_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019]*")


def _is_title_form(form: str) -> bool:
    return len(form) > 1 and form[0].isupper() and not form[1:].isupper()


def _sentence_initial(text: str, start: int) -> bool:
    """First word of a prose sentence or line, where a capital says nothing.

    Not after a bullet, a number or a colon: "- Rust in production", "Bonus: Rust" are list items,
    and list items name skills with their own capitals.
    """
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in "\n.!?"


def _title_cased_line(text: str, start: int) -> bool:
    """A heading or title in Title Case ("Go To Market Lead"), where capitals say nothing."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    if line_end < 0:
        line_end = len(text)
    return _title_cased(text, line_start, line_end)


@lru_cache(maxsize=256)
def _title_cased(text: str, line_start: int, line_end: int) -> bool:
    """Whether text[line_start:line_end] is in Title Case (cached: every ambiguous name of a
    long line asks)."""
    if line_end - line_start > 200:
        return False  # a title is short; a long line is prose
    line = text[line_start:line_end]
    words = [w for w in _TITLE_WORD.findall(line) if len(w) > 3]
    if len(words) < 4:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.75


class _Context:
    """Neighbourhood facts about one hit, read from the original text."""

    def __init__(self, text: str, hits: list[Span], index: int) -> None:
        start, end, pattern = hit = hits[index]
        self.hit = hit
        self.start = start
        self.pattern = pattern
        self.key = pattern.key
        self.surface = text[start:end]
        before = text[max(0, start - 40) : start]
        after = text[end : end + 40]
        self.char_before = text[start - 1] if start > 0 else ""
        self.char_after = text[end] if end < len(text) else ""
        self.case_ok = False
        self.lone: bool | None = None
        self.void = False
        self.word_before, gap_before = _word_before(before)
        self.word_before_adjacent = bool(self.word_before) and gap_before.strip(" \t") == ""
        match = _WORD_AFTER.search(after)
        self.word_after = match.group(1) if match else ""
        self.after = after

    def negative(self, text: str) -> bool:
        """A tell-tale neighbour rules the hit out, whatever else is near."""
        return (
            self._attached(text)
            or (
                self.word_before_adjacent
                and self.word_before.lower() in _NEG_BEFORE.get(self.key, frozenset())
            )
            or (
                bool(self.word_after)
                and self.word_after.lower() in _NEG_AFTER.get(self.key, frozenset())
            )
            or self._initial_of_a_name()
            or self._person_name()
            or self._told_before(text)
        )

    def _told_before(self, text: str) -> bool:
        pattern = _NEG_BEFORE_TEXT.get(self.key)
        return pattern is not None and (
            pattern.search(text, max(0, self.start - 40), self.start) is not None
        )

    def _attached(self, text: str) -> bool:
        """Glued to a word: "C-suite", "Go-to-market", "non-R", or a sign like "Intel(R)"."""
        start = self.start
        glued_before = start > 1 and text[start - 2].isalnum()
        if self.char_after == "-" and not self._attachable_suffix():
            return True
        if self.char_before == "-" and glued_before:
            return True
        return self.char_before == "(" and self.char_after == ")" and glued_before

    def _attachable_suffix(self) -> bool:
        match = _WORD_AFTER.search(self.after[1:])
        return match is not None and match.group(1).lower() in _ATTACHABLE

    def _initial_of_a_name(self) -> bool:
        """'John R. Smith': a capital letter between two capitalised words, with a dot."""
        return (
            len(self.surface) == 1
            and self.after.startswith(". ")
            and self.word_after[:1].isupper()
            and self.word_before[:1].isupper()
        )

    def _person_name(self) -> bool:
        """'Julia Roberts', 'Ruby Chen': a title-cased name, then at once a capitalised word."""
        if not _is_title_form(self.surface) or not self.word_after[:1].isupper():
            return False
        return self.after[:1] == " " and self.word_after.lower() not in _TECH_NEXT

    def strong(self, hits: list[Span], index: int, text: str) -> bool:
        if self.word_after.lower() in _TECH_NEXT and self.after[:1] in " \t":
            return True
        if self.word_before_adjacent and self.word_before.lower() in _TECH_PREV:
            return True
        return self.slash_joined(hits, index, text)

    def slash_joined(self, hits: list[Span], index: int, text: str) -> bool:
        """Joined to a neighbouring skill by a slash or plus: "R/Python", "TF/Keras"."""
        for other in (index - 1, index + 1):
            if 0 <= other < len(hits):
                a, b = _in_order(hits[other], hits[index])
                if _SLASH_GAP.match(text[a[1] : b[0]]):
                    return True
        return False


def _case_ok(ctx: _Context) -> bool:
    return ctx.surface in ctx.pattern.forms


def _case_void(ctx: _Context, text: str) -> bool:
    if not any(_is_title_form(f) for f in ctx.pattern.forms):
        return False
    return _sentence_initial(text, ctx.start) or _title_cased_line(text, ctx.start)


def _lower_long(ctx: _Context) -> bool:
    return ctx.surface.islower() and len(ctx.surface) >= 5


def resolve(text: str, hits: list[Span]) -> list[Span]:
    """The hits that stand: every unambiguous one, and the ambiguous ones the rules accept."""
    accepted = [not h[2].ambiguous for h in hits]
    pending: dict[int, _Context] = {}
    for index, hit in enumerate(hits):
        if not hit[2].ambiguous:
            continue
        ctx = _Context(text, hits, index)
        if ctx.negative(text):
            continue
        guard = _NEG_TEXT.get(ctx.key)
        if guard is not None and guard.search(text):
            # The text uses the name in another sense ("TF" as task force): only a skill joined
            # to it by a slash ("TF/Keras") still counts.
            if ctx.slash_joined(hits, index, text):
                accepted[index] = True
            continue
        if ctx.pattern.field:
            if _field_asked(text, ctx):
                accepted[index] = True
            elif not _field_negated(text, ctx):
                pending[index] = ctx
            continue
        if ctx.strong(hits, index, text) and (_case_ok(ctx) or _lower_long(ctx)):
            accepted[index] = True
            continue
        pending[index] = ctx

    changed = True
    while changed and pending:
        changed = False
        for index, ctx in list(pending.items()):
            if _accept_by_context(text, hits, accepted, index, ctx):
                accepted[index] = True
                del pending[index]
                changed = True
    return [hit for hit, ok in zip(hits, accepted, strict=True) if ok]


_LONE_ITEM = re.compile(r"^[ \t]*(?:[-*•]|\d+[.)])[ \t]+$")


def _lone_list_item(text: str, hit: Span) -> bool:
    """A bullet that is the name and nothing else ("- Rust"): lists of skills look like this."""
    start, end, _pattern = hit
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    tail = text[end : line_end if line_end >= 0 else len(text)]
    return bool(_LONE_ITEM.match(text[line_start:start])) and tail.strip(" \t.,;") == ""


# A field of work is asked for: "marketing experience", "sales skills", "experience in AI".
_FIELD_NEXT = _words(
    "skills skill expertise experience knowledge background proficiency literacy fundamentals"
)
_FIELD_BEFORE = re.compile(
    r"(?:\b(?:experience|expertise|background|knowledge|proficiency|skills|skilled|degree|"
    r"understanding|grounding|track record)\s+(?:in|with|of)|\byears?\s+(?:of|in))\s+"
    r"(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_FIELD_NOT_AFTER = re.compile(
    r"^\W*(?:experience|skills|knowledge|expertise)?\s*(?:is|are)\s+not\s+"
    r"(?:required|needed|necessary)",
    re.IGNORECASE,
)
_FIELD_NOT_BEFORE = re.compile(r"\bno\s+(?:prior\s+|previous\s+|formal\s+)?$", re.IGNORECASE)


def _field_negated(text: str, ctx: _Context) -> bool:
    """ "No prior AI experience is required", "AI experience is not required"."""
    before = text[max(0, ctx.start - 20) : ctx.start]
    return bool(_FIELD_NOT_BEFORE.search(before) or _FIELD_NOT_AFTER.match(ctx.after))


def _field_asked(text: str, ctx: _Context) -> bool:
    if _field_negated(text, ctx):
        return False
    if ctx.word_after.lower() in _FIELD_NEXT and ctx.after[:1] in " \t":
        return True
    before = text[max(0, ctx.start - 60) : ctx.start]
    return _FIELD_BEFORE.search(before) is not None


def _accept_by_context(
    text: str, hits: list[Span], accepted: list[bool], index: int, ctx: _Context
) -> bool:
    # Called again each time another hit is accepted; the facts that do not depend on which
    # hits are accepted are worked out once per hit.
    if ctx.lone is None:
        ctx.case_ok = _case_ok(ctx)
        ctx.lone = ctx.case_ok and _lone_list_item(text, ctx.hit)
        ctx.void = ctx.case_ok and _case_void(ctx, text)
    case_ok = ctx.case_ok
    if ctx.lone:
        return True
    if ctx.pattern.field:
        # Only as an item of a list of skills, with a real separator ("machine learning
        # strategy" is one phrase, "SEO, marketing" two items).
        return any(
            0 <= other < len(hits)
            and accepted[other]
            and _listed_together(text, hits, index, other)
            and _separated(text, hits, index, other)
            for other in (index - 1, index + 1)
        )
    if case_ok and not ctx.void:
        if ctx.word_before_adjacent and ctx.word_before.lower() in _PREPOSITIONS:
            return True
        if _nearby(text, hits, accepted, index):
            return True
    if case_ok or _lower_long(ctx):
        for other in (index - 1, index + 1):
            if (
                0 <= other < len(hits)
                and accepted[other]
                and _listed_together(text, hits, index, other)
            ):
                return True
    return False


def _nearby(text: str, hits: list[Span], accepted: list[bool], index: int) -> bool:
    start, end, _pattern = hits[index]
    for step in (-1, 1):
        other = index + step
        while 0 <= other < len(hits):
            near_start, near_end, _near = hits[other]
            gap = start - near_end if step < 0 else near_start - end
            if gap > WINDOW:
                break
            a, b = (near_end, start) if step < 0 else (end, near_start)
            if "\n\n" in text[a:b]:
                break
            if accepted[other]:
                return True
            other += step
    return False


def _separated(text: str, hits: list[Span], index: int, other: int) -> bool:
    a, b = _in_order(hits[index], hits[other])
    gap = text[a[1] : b[0]]
    return gap.strip() != ""


def _listed_together(text: str, hits: list[Span], index: int, other: int) -> bool:
    a, b = _in_order(hits[index], hits[other])
    gap = text[a[1] : b[0]]
    return len(gap) <= 8 and "\n" not in gap.strip(" \t,") and bool(_LIST_GAP.match(gap))
