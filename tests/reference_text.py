"""The BeautifulSoup (lxml) HTML-to-text conversion the scraper used before its lexbor walker.

Kept only as the reference: the comparison test requires byte-identical output from
`scrapers.text.html_to_text` on every fixture description and on generated cases, and the
scrape benchmark measures the speed-up against it in the same run.
"""

from __future__ import annotations

import html
import re

from bs4 import BeautifulSoup, Comment, Tag
from bs4.element import NavigableString

BULLET = "\u2022 "
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    ]
)
_DROP = frozenset({"script", "style", "noscript", "template", "iframe", "svg", "head"})
_ENTITY = re.compile(r"&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ESCAPED_TAG = re.compile(r"&lt;/?[A-Za-z][A-Za-z0-9]*[^&]{0,200}?&gt;")
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_MANY_BREAKS = re.compile(r"\n{3,}")
_LINE_EDGES = re.compile(r" ?\n ?")
_BULLET_GAP = re.compile(r"(?m)^(\u2022 [^\n]*)\n\n(?=\u2022 )")
_LONE_BULLET = re.compile(r"\u2022[ \t\u00a0]*\n[\s]*")


def looks_escaped(markup: str) -> bool:
    """True when the HTML itself arrived entity-escaped (`&lt;p&gt;...`)."""
    return "<" not in markup and bool(_ESCAPED_TAG.search(markup))


def reference_html_to_text(markup: str | None) -> str:
    """Clean, readable text from an HTML fragment (or plain text), never raising."""
    if not markup:
        return ""
    source = markup
    for _ in range(2):  # escaped once or twice over: undo until real tags appear
        if looks_escaped(source):
            source = html.unescape(source)
    if "<" not in source:
        return normalise_text(_unescape_fully(source))
    soup = BeautifulSoup(source, "lxml")
    parts: list[str] = []
    _walk(soup, parts)
    text = _unescape_fully("".join(parts))
    # An <li> wrapping a <p> would leave the bullet alone on its line.
    text = normalise_text(_LONE_BULLET.sub(BULLET, text))
    while _BULLET_GAP.search(text):  # consecutive items: no blank line between them
        text = _BULLET_GAP.sub("\\1\n", text)
    return text


def _walk(node: Tag, parts: list[str]) -> None:
    for child in node.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            parts.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name.lower()
        if name in _DROP:
            continue
        if name == "br":
            parts.append("\n")
            continue
        if name in {"td", "th"}:
            parts.append(" ")
        if name in _BLOCKS:
            parts.append("\n\n" if name in {"p", "h1", "h2", "h3", "h4", "h5", "h6"} else "\n")
            if name == "li":
                parts.append(BULLET)
        _walk(child, parts)
        if name in _BLOCKS:
            parts.append("\n\n" if name in {"p", "ul", "ol", "h1", "h2", "h3"} else "\n")


def _unescape_fully(text: str) -> str:
    """Decode entities left over after parsing (double-escaped `&amp;nbsp;` becomes a space)."""
    for _ in range(2):
        if not _ENTITY.search(text):
            break
        text = html.unescape(text)
    return text


def normalise_text(text: str) -> str:
    """Collapse runs of spaces, trim lines, and keep at most one blank line."""
    text = _ZERO_WIDTH.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _LINE_EDGES.sub("\n", _SPACES.sub(" ", text))
    return _MANY_BREAKS.sub("\n\n", text).strip()
