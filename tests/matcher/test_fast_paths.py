"""Each shortcut of the extraction and normalisation fast paths gives what the plain way gives.

The fast paths try a regular expression only where it can match, or run it over part of the
text, or bound fuzzy scores before computing them. Every one of them is checked here against
the straightforward computation it replaces, on generated text built to hit the edges: case
oddities of IGNORECASE, Unicode spaces and digits, overlapping names, runs of white space.
"""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from matcher import ambiguity, experience, extract, levels, sections
from matcher.automaton import Scanner, leftmost_longest_spans
from matcher.fold import fold
from matcher.models import Years
from matcher.normalise import Normaliser
from matcher.taxonomy import Taxonomy, taxonomy_of
from scrapers import facts
from tests.matcher.taxonomy import skill

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


SEPARATORS = [" ", "  ", "\n", "\t", ". ", ", ", "; ", ": ", "-", "/", "!", "?", "\u00a0", "\u2028"]


def texts(pieces: list[str], max_size: int = 30) -> st.SearchStrategy[str]:
    """Pieces, mostly with a separator between them (a space most often), sometimes glued."""
    gap = st.one_of(st.just(" "), st.sampled_from(["", *SEPARATORS]))
    return st.lists(st.tuples(st.sampled_from(pieces), gap), max_size=max_size).map(
        lambda items: "".join(piece + sep for piece, sep in items)
    )


ODD = ["\u0130", "\u0131", "\u017f", "\u212a", "\u00e9", "\u0663", "\u2019", "'"]

# -- the automaton's streaming leftmost-longest -------------------------------------------------

OVERLAPPING = taxonomy_of(
    (
        skill("ml", "Machine learning"),
        skill("machine", "Machine"),
        skill("learning", "Learning"),
        skill("le", "Learning engineer"),
        skill("engineer", "Engineer"),
        skill("dl", "Deep learning"),
        skill("dle", "Deep learning engineer"),
        skill("ee", "Engineer engineer"),
        skill("lem", "Learning engineer manager"),
        skill("manager", "Manager"),
        skill("c", "C", ambiguous=("C",)),
        skill("cpp", "C++"),
        skill("cv", "CV"),
    )
)
NAME_PIECES = [
    "machine",
    "learning",
    "engineer",
    "manager",
    "deep",
    "Machine",
    "C",
    "c",
    "c++",
    "CV",
    "cv",
]


@SETTINGS
@given(texts([*NAME_PIECES, *SEPARATORS, *ODD]))
@example("machine learning engineer")
@example("machine learning engineer manager")
@example("deep learning engineer engineer")
@example("Machine learning engineer engineer, C and c++ in CV")
def test_scan_keeps_the_leftmost_longest_hits(text: str) -> None:
    scanner = Scanner(OVERLAPPING)
    raw = []
    for last, (width, pattern) in scanner._automaton.iter(f" {fold(text)} "):
        start = last - width + 1
        from matcher.automaton import surface_fits

        if pattern.caps == "any" or surface_fits(text[start : last - 1], pattern):
            raw.append((start, last - 1, pattern))
    scan = scanner.scan(text)
    assert scan.hits == leftmost_longest_spans(raw)
    assert scan.ambiguous == any(h[2].ambiguous for h in scan.hits)


# -- levels: cues, headings, sentences ----------------------------------------------------------

CUE_TAILS = [
    "",
    "plus",
    "have",
    "haves",
    "to have",
    "to learn",
    "with",
    "in",
    "of",
    "if",
    "be great",
    "you know",
    "experience",
    "understanding",
    "record",
    "least",
    "years",
    "a must",
    "have got",
    "got",
]
CUE_PIECES = [
    *sorted(levels._CUE_FIRST_WORDS),
    "plus",
    "have",
    "to",
    "learn",
    "with",
    "in",
    "of",
    "be",
    "great",
    "nice",
    "helpful",
    "record",
    "least",
    "years",
    "yrs",
    "5",
    "12",
    "+",
    "got",
    "'ve",
    "\u2019ll",
    "ly",
    "ed",
    "s",
    "x",
    "python",
    *SEPARATORS,
]


def cues_of(lowered: str, start: int, end: int) -> list[levels.Cue]:
    return [
        (m.start(), m.end(), *levels._CUE_KIND[m.lastgroup or ""])
        for m in levels._CUE_SCAN.finditer(lowered, start, end)
    ]


@pytest.mark.parametrize("word", sorted(levels._CUE_FIRST_WORDS))
def test_every_first_word_is_needed(word: str) -> None:
    """Each listed word starts some cue (so none is there by mistake), and the scan finds it."""
    samples = [f"{word} {tail} python" for tail in CUE_TAILS]
    found = [cues_of(text, 0, len(text)) for text in samples]
    assert any(found), word
    assert [levels.scan_cues(t, 0, len(t)) for t in samples] == found


CUE_ALTERNATIVES = [
    alternative
    for pattern, _level, _direction in levels._CUES
    for alternative in sections.split_alternatives(pattern)
]


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(CUE_ALTERNATIVES).flatmap(
        lambda pattern: st.from_regex(pattern, fullmatch=True)
    ),
    st.sampled_from(["", " ", "x ", "\n", "(", "python, "]),
    st.sampled_from(["", " ", " python", ".", "x", "s"]),
)
def test_cue_scan_finds_every_kind_of_cue(cue: str, before: str, after: str) -> None:
    """Cues drawn from the cue patterns themselves, so a cue whose first word is missing from
    `_CUE_FIRST_WORDS` shows up here."""
    text = (before + cue + after).lower()
    assert levels.scan_cues(text, 0, len(text)) == cues_of(text, 0, len(text))


@SETTINGS
@given(texts(CUE_PIECES, 40), st.data())
def test_cue_scan_finds_what_the_full_scan_finds(text: str, data: st.DataObject) -> None:
    lowered = text.lower() if len(text.lower()) == len(text) else text
    assert levels.scan_cues(lowered, 0, len(text)) == cues_of(lowered, 0, len(text))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert levels.scan_cues(lowered, start, end) == cues_of(lowered, start, end)


def reference_heading(line: str) -> tuple[str, bool] | None:
    """`heading_of` the plain way: the IGNORECASE pattern on every line."""
    line = sections._cleaned(line)
    match = sections.HEADING.match(line)
    if match is not None:
        rest = match.group("rest").strip()
        kind = next(k for k in sections.KINDS if match.group(sections._GROUP_OF[k]) is not None)
        if rest.lstrip(" \t*_").startswith(":") and rest.strip(" \t*_:"):
            return kind, False
        if sections.is_block_heading(line, rest) and (
            kind not in sections.CONTEXT_KINDS
            or not sections._TAIL_WORD.search(rest)
            or sections._title_shaped(line)
        ):
            return kind, True
    shaped = sections._shaped_heading_kind(line) if len(line) <= 64 else None
    if shaped is not None:
        return shaped, True
    if sections.OTHER_HEADING.match(line):
        return "other", True
    return None


HEADING_WORDS = sorted(
    {
        word
        for _kind, phrases in sections.PHRASES
        for p in phrases
        for word in re.findall(r"[a-z']+", p)
    }
)


@SETTINGS
@given(
    texts(
        [
            *HEADING_WORDS,
            *(w.title() for w in HEADING_WORDS[:40]),
            *(w.upper() for w in HEADING_WORDS[:20]),
            " ",
            "  ",
            "- ",
            "* ",
            "## ",
            "> ",
            "\u2022 ",
            ":",
            "(",
            ")",
            ".",
            ",",
            "\t",
            "-",
            "\u2019",
            "Python",
            "3",
            *ODD,
        ],
        12,
    )
)
def test_heading_dispatch_reads_lines_as_the_full_pattern(line: str) -> None:
    assert sections.heading_of(line) == reference_heading(line)


def test_heading_phrases_start_with_the_letters_found() -> None:
    assert sections.first_letters("(?:what )?(?:would )?makes? you stand out") == {"w", "m"}
    assert sections.first_letters("(?:our )?(?:tech )?stack") == {"o", "t", "s"}
    assert sections.first_letters(r"preferred(?: \w+){0,2}") == {"p"}


@SETTINGS
@given(texts(["a", "b", ".", ". ", ".\n", "\n", ";", "!", "?", " ", "\u00a0", "\u2028", "x."], 40))
def test_sentence_ends_per_line_match_the_whole_text(text: str) -> None:
    everywhere = [m.start() for m in levels._SENTENCE_END.finditer(text)]
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        inside = [e for e in everywhere if start <= e <= end]
        assert levels.line_sentence_ends(text, start, end) == inside
        start = end + 1


# -- years, seniority, links, the word before a name -------------------------------------------

YEAR_PIECES = [
    *facts.NUMBER_WORDS,
    "Five",
    "TEN",
    "fif\u0131teen",
    "\u017fix",
    "\u0130",
    "1",
    "3",
    "10",
    "\u0663",
    "+",
    "-",
    "\u2013",
    "to",
    "or more",
    "plus",
    "(5)",
    "at least",
    "minimum of",
    "min.",
    "over",
    "more than",
    "upwards of",
    "year",
    "years",
    "Years",
    "YRS",
    "yr",
    "yearly",
    "of experience",
    " experience",
    "ago",
    " in ML",
    "someone",
    *SEPARATORS,
    "        ",
    "\n\n\n\n\n\n",
]


def reference_years(text: str) -> Years | None:
    """`years_required` as it was: every pattern over the whole text."""
    best: Years | None = None
    taken: list[tuple[int, int]] = []
    for pattern in experience._YEAR_PATTERNS:
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e in taken):
                continue
            after = text[match.end() : match.end() + 60]
            if facts.NOT_EXPERIENCE.match(after) or not facts.EXPERIENCE_NEAR.match(after):
                continue
            groups = [g for g in match.groups() if g is not None]
            low = experience._number(groups[0])
            high = experience._number(groups[1]) if len(groups) > 1 else None
            if low > 30 or (high is not None and high < low):
                continue
            taken.append((match.start(), match.end()))
            if best is None or low > best.min:
                best = Years(low, high)
    return best


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts(YEAR_PIECES, 40))
@example("fif\u0131teen years of experience")
@example("\u017fix+ years of experience, 5 years ago")
@example("SIX years of work, at least two  \n\n  years with Python")
@example("5" + " " * 80 + "+ years of experience")
def test_years_in_windows_match_the_whole_text_scan(text: str) -> None:
    assert experience.years_required(text) == reference_years(text)


SENIORITY_PIECES = [
    "this",
    "This",
    "TH\u0130S",
    "th\u0131s",
    "thi\u017f",
    "is",
    "a",
    "an",
    "role",
    "position",
    "senior",
    "Senior",
    "mid",
    "mid-level",
    "staff",
    "entry",
    "junior",
    "principal",
    "lead",
    "level",
    "-",
    "Level",
    *SEPARATORS,
]


@SETTINGS
@given(texts(SENIORITY_PIECES, 20))
@example("th\u0131s is a senior role")
@example("TH\u0130S is a senior position, senior-level")
@example("Principal-level work. This is an entry role")
def test_seniority_phrase_search_matches_the_full_search(text: str) -> None:
    found = experience._text_rule_search(text, fold(text))
    expected = experience._TEXT_RULE.search(text)
    assert (found and found.span()) == (expected and expected.span())


LINK_PIECES = ["https://", "http://x", "www.", "jobs", "@", "me", ".io", ".", "/", "a", " ", "\n"]


@SETTINGS
@given(texts([*LINK_PIECES, "\u00a0", "(", ")", ","], 25))
def test_links_found_word_by_word_match_the_full_scan(text: str) -> None:
    assert extract._link_spans(text) == [m.span() for m in extract._LINK.finditer(text)]


@SETTINGS
@given(
    texts(["a", "Go", "b'", "\u2019", "'", " ", "\n", "\t", "-", ".", ",", "0", "\u00e9", "("], 20)
)
def test_word_before_read_from_the_end_matches_the_search(before: str) -> None:
    match = ambiguity._WORD_BEFORE.search(before)
    expected = (match.group(1), before[match.end(1) :]) if match else ("", before)
    assert ambiguity._word_before(before) == expected


def test_only_four_non_ascii_characters_match_ascii_letters_ignoring_case() -> None:
    """The needle searches read the folded copy and fall back on these characters."""
    letters = re.compile("[a-z]", re.IGNORECASE)
    odd = {chr(c) for c in range(128, sys.maxunicode + 1) if letters.fullmatch(chr(c))}
    assert odd == {"\u0130", "\u0131", "\u017f", "\u212a"}
    assert set(experience._CASE_ODDITIES) == odd - {"\u212a"}
    assert fold("\u212a") == "k"  # the Kelvin sign folds to the letter it matches


# -- normalisation: the fuzzy choices ---------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdeklmnoprstuy +#.", max_size=14))
def test_fuzzy_choices_hold_every_key_that_can_reach_the_cutoff(
    taxonomy: Taxonomy, query: str
) -> None:
    normaliser = Normaliser(taxonomy)
    for cutoff in (55.0, 90.0):
        _choices, indices = normaliser._within_reach(query, cutoff)
        reaching = [i for i, key in enumerate(normaliser.keys) if fuzz.ratio(query, key) >= cutoff]
        assert set(reaching) <= set(indices)
        assert indices == sorted(indices)
    if len(query) >= 3:
        naive = [
            i
            for i, key in enumerate(normaliser.keys)
            if key.startswith(query) or f" {query}" in key
        ]
        assert normaliser._starting_with(query) == naive


# -- folding non-ASCII text ---------------------------------------------------------------------


def fold_module_spaces() -> list[str]:
    from matcher import fold as fold_module

    return list(fold_module._UNICODE_SPACES)


def reference_fold(text: str) -> str:
    """`fold` as it was for text that is not ASCII: one dict look-up per character."""
    from matcher import fold as fold_module

    if text.isascii():
        return fold(text)
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    folded = lowered.translate(fold_module._STR_TABLE)
    return fold_module._LONELY_DOT.sub(" ", folded) if "." in folded else folded


@settings(max_examples=2000, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(),
            st.sampled_from([*"AZaz09.-+#&/ \n\t\u0130\u212a\ud800", *fold_module_spaces()]),
        ),
        max_size=40,
    )
)
def test_fold_of_non_ascii_text_matches_the_character_table(text: str) -> None:
    assert fold(text) == reference_fold(text)
    assert len(fold(text)) == len(text)
