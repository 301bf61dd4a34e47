"""HTML to readable plain text.

Boards send descriptions as HTML, sometimes escaped once more on top (Greenhouse's `&lt;p&gt;`
with `&amp;nbsp;` inside). The matcher and the Discord embeds need plain text in which a list is
still a list and paragraphs are still apart, so block elements become line breaks and list items
get a bullet, rather than `get_text()` gluing everything into one run-on line.

Descriptions are parsed with lexbor (through selectolax) and walked without recursion: it is
several times faster than a BeautifulSoup tree, needs far less memory, and a posting nested a
thousand levels deep is just a long loop. Markup longer than `MAX_MARKUP_CHARS` is cut before
the parser sees it: no posting needs more, and a 20 MB "description" must not cost gigabytes.
"""

from __future__ import annotations

import html
import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

BULLET = "\u2022 "
MAX_MARKUP_CHARS = 400_000  # a long real description is ~30k characters of HTML
ELLIPSIS = "\u2026"
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
_PARAGRAPH_OPEN = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6"})
_PARAGRAPH_CLOSE = frozenset({"p", "ul", "ol", "h1", "h2", "h3"})
# What an element adds before and after its content: (opening, closing).
_EDGES: dict[str, tuple[str, str]] = {
    name: (
        ("\n\n" if name in _PARAGRAPH_OPEN else "\n") + (BULLET if name == "li" else ""),
        "\n\n" if name in _PARAGRAPH_CLOSE else "\n",
    )
    for name in _BLOCKS
}
_EDGES["td"] = (" ", "")
_EDGES["th"] = (" ", "")
_DROP = frozenset({"script", "style", "noscript", "template", "iframe", "svg", "head"})
_TEXT = "-text"
_ENTITY = re.compile(r"&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ESCAPED_TAG = re.compile(r"&lt;/?[A-Za-z][A-Za-z0-9]*[^&]{0,200}?&gt;")
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_MANY_BREAKS = re.compile(r"\n{3,}")
_LINE_EDGES = re.compile(r" ?\n ?")
_BULLET_GAP = re.compile(r"(?m)^(\u2022 [^\n]*)\n\n(?=\u2022 )")
_LONE_BULLET = re.compile(r"\u2022[ \t\u00a0]*\n[\s]*")


_COMMON_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'"))


def unescape(text: str) -> str:
    """`html.unescape`, with a fast path for text whose every `&` starts one of the five
    entities boards escape markup with (Greenhouse's `&lt;p&gt;`): plain replacements, `&amp;`
    last, give exactly what html.unescape gives, without a callback per entity."""
    ampersands = text.count("&")
    if not ampersands:
        return text
    common = text.count("&amp;") + sum(text.count(entity) for entity, _ in _COMMON_ENTITIES)
    if common != ampersands:
        return html.unescape(text)
    for entity, char in _COMMON_ENTITIES:
        text = text.replace(entity, char)
    return text.replace("&amp;", "&")


def looks_escaped(markup: str) -> bool:
    """True when the HTML itself arrived entity-escaped (`&lt;p&gt;...`)."""
    return "<" not in markup and bool(_ESCAPED_TAG.search(markup))


def html_to_text(markup: str | None, *, max_markup: int = MAX_MARKUP_CHARS) -> str:
    """Clean, readable text from an HTML fragment (or plain text), never raising.

    Only the first `max_markup` characters are read (the cut is made before parsing).
    """
    if not markup:
        return ""
    source = markup[:max_markup]
    for _ in range(2):  # escaped once or twice over: undo until real tags appear
        if looks_escaped(source):
            source = unescape(source)
    if "<" not in source:
        return normalise_text(_unescape_fully(source))
    parts: list[str] = []
    root = LexborHTMLParser(source, scripting=True).root
    if root is not None:
        _walk(root, parts)
    text = _unescape_fully("".join(parts))
    # An <li> wrapping a <p> would leave the bullet alone on its line.
    text = normalise_text(_LONE_BULLET.sub(BULLET, text))
    while _BULLET_GAP.search(text):  # consecutive items: no blank line between them
        text = _BULLET_GAP.sub("\\1\n", text)
    return text


def _walk(root: LexborNode, parts: list[str]) -> None:
    """Depth-first over the tree with an explicit stack of open elements (no recursion)."""
    open_elements: list[tuple[LexborNode, str]] = []
    node = root.child
    while node is not None:
        tag = node.tag
        closing = ""
        if tag == _TEXT:
            parts.append(node.text_content or "")
        elif tag is not None and tag[0] != "-" and tag not in _DROP:  # an element
            if tag == "br":
                parts.append("\n")
            else:
                opening, closing = _EDGES.get(tag, ("", ""))
                if opening:
                    parts.append(opening)
                child = node.child
                if child is not None:
                    open_elements.append((node, closing))
                    node = child
                    continue
        if closing:
            parts.append(closing)
        following = node.next
        while following is None and open_elements:
            parent, parent_closing = open_elements.pop()
            if parent_closing:
                parts.append(parent_closing)
            following = parent.next
        node = following


def _unescape_fully(text: str) -> str:
    """Decode entities left over after parsing (double-escaped `&amp;nbsp;` becomes a space)."""
    for _ in range(2):
        if not _ENTITY.search(text):
            break
        text = unescape(text)
    return text


def normalise_text(text: str) -> str:
    """Collapse runs of spaces, trim lines, and keep at most one blank line."""
    text = _ZERO_WIDTH.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _LINE_EDGES.sub("\n", _SPACES.sub(" ", text))
    return _MANY_BREAKS.sub("\n\n", text).strip()


def clip(text: str, limit: int) -> str:
    """At most `limit` characters; a cut one ends at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 1)]
    space = cut.rfind(" ", max(0, limit - 80))
    return (cut[:space] if space > 0 else cut).rstrip() + ELLIPSIS


def inline_text(markup: str | None, limit: int | None = None) -> str:
    """One line of text (titles, company names): tags and entities gone, spaces collapsed.

    With `limit`, the markup read is bounded too, so a 20 MB "title" costs no more than a
    short one.
    """
    if limit is not None and markup:
        text = " ".join(html_to_text(markup, max_markup=limit * 8 + 1024).split())
        return clip(text, limit)
    return " ".join(html_to_text(markup).split())
