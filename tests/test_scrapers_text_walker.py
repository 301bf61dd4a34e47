"""The lexbor walker against the BeautifulSoup conversion it replaced: byte-identical text on
every fixture description and on generated fragments, and sound where the old one broke."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import scrapers.kinds.base
import scrapers.kinds.hn_post
import scrapers.text
from scrapers import ParseContext, SourceSpec, get_kind
from scrapers.text import MAX_MARKUP_CHARS, html_to_text, inline_text, unescape
from tests.html_corpus import fixture_descriptions, generated
from tests.reference_text import reference_html_to_text

JOBS = Path(__file__).resolve().parent / "fixtures" / "jobs"
FIXTURE_KINDS = [
    ("greenhouse", "greenhouse.json"),
    ("lever", "lever.json"),
    ("ashby", "ashby.json"),
    ("workable", "workable.json"),
    ("smartrecruiters", "smartrecruiters.json"),
    ("smartrecruiters", "smartrecruiters_detail.json"),
    ("recruitee", "recruitee.json"),
    ("personio", "personio.xml"),
    ("remoteok", "remoteok.json"),
    ("remotive", "remotive.json"),
    ("arbeitnow", "arbeitnow_page1.json"),
    ("arbeitnow", "arbeitnow_page2.json"),
    ("weworkremotely", "weworkremotely.rss"),
    ("hn_whoishiring", "hn_comments.json"),
    ("jsonld", "jsonld_graph.html"),
    ("jsonld", "jsonld_list.html"),
]


def _parser_inputs(monkeypatch: pytest.MonkeyPatch) -> Callable[[], list[str]]:
    """Every markup string the parsers convert while reading every fixture."""
    seen: list[str] = []
    real = scrapers.text.html_to_text

    def recording(markup: str | None, **kw: int) -> str:
        if markup:
            seen.append(markup)
        return real(markup, **kw)

    for module in (scrapers.text, scrapers.kinds.base, scrapers.kinds.hn_post):
        monkeypatch.setattr(module, "html_to_text", recording)

    def record() -> list[str]:
        for kind, name in FIXTURE_KINDS:
            ctx = ParseContext(SourceSpec(kind, "fixture", "Fixture Co"), url="https://x.test/")
            assert get_kind(kind).parse((JOBS / name).read_bytes(), ctx), name
        return seen

    return record


def test_identical_text_on_every_fixture_description(monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = fixture_descriptions(_parser_inputs(monkeypatch))
    monkeypatch.undo()
    with_markup = [c for c in corpus if "<" in c or "&lt;" in c]
    assert len(with_markup) >= 30  # the fixtures' real descriptions, not just names
    for markup in corpus:
        assert html_to_text(markup) == reference_html_to_text(markup), markup[:200]


def test_identical_text_on_generated_fragments() -> None:
    cases = list(generated(1500))
    assert sum("<li>" in c for c in cases) > 300
    assert sum("&lt;p&gt;" in c or "&amp;lt;" in c for c in cases) > 100  # escaped boards
    for markup in cases:
        assert html_to_text(markup) == reference_html_to_text(markup), markup[:300]


def test_a_posting_nested_thousands_deep_is_read() -> None:
    deep = "<div>" * 5000 + "<p>Python and <b>PyTorch</b></p>" + "</div>" * 5000
    with pytest.raises(RecursionError):
        reference_html_to_text(deep)  # what failed a whole RemoteOK source before
    assert html_to_text(deep) == "Python and PyTorch"


def test_sections_after_a_leading_script_keep_their_text() -> None:
    """lxml (HTML 4 rules) put <section> after a leading <script> into <head> and lost it."""
    markup = "<script>track()</script><section><p>Build RAG pipelines</p></section>"
    assert reference_html_to_text(markup) == ""
    assert html_to_text(markup) == "Build RAG pipelines"


def test_oversized_markup_is_cut_before_parsing() -> None:
    huge = "<p>" + "word " * 4_000_000 + "</p>"  # 20 MB in one description
    text = html_to_text(huge)
    assert len(text) <= MAX_MARKUP_CHARS
    assert text.startswith("word word")
    title = inline_text("<b>" + "Engineer " * 2_000_000 + "</b>", limit=300)
    assert len(title) <= 300
    assert title.endswith("\u2026")


_PIECES = ["&lt;", "&gt;", "&amp;", "&quot;", "&#39;", "&#x27;", "&nbsp;", "&amp", "&", ";", "a "]


@given(st.lists(st.sampled_from(_PIECES), max_size=20).map("".join))
def test_fast_unescape_is_html_unescape(text: str) -> None:
    assert unescape(text) == html.unescape(text)
