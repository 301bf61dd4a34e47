"""XML parsing that cannot be turned against us: no external entities, no network, no DTD
loading and no huge-tree mode, so a hostile feed cannot read local files or blow up memory.
"""

from __future__ import annotations

from lxml import etree

from scrapers.kinds.base import ParseError


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        recover=False,
    )


def parse_xml(body: bytes) -> etree._Element:
    """The document's root element, or ParseError naming what arrived instead."""
    stripped = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        raise ParseError("empty body where XML was expected")
    if stripped[:1] in {b"{", b"["}:
        raise ParseError("expected XML but got JSON")
    try:
        root = etree.fromstring(stripped, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"invalid XML ({exc}): truncated or an HTML page?") from None
    if root is None:
        raise ParseError("empty XML document")
    return root


def local(tag: object) -> str:
    """A tag name without its namespace: '{http://...}loc' -> 'loc'."""
    name = tag if isinstance(tag, str) else ""
    return name.rsplit("}", 1)[-1]


def child_text(element: etree._Element, name: str) -> str:
    for child in element:
        if local(child.tag) == name:
            return (child.text or "").strip()
    return ""
