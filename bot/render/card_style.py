"""The look the bot's PNG cards share: a dark background, one palette, the default font."""

from __future__ import annotations

from PIL import ImageFont

BACKGROUND = (30, 31, 34)
TEXT = (235, 236, 240)
MUTED = (160, 163, 171)
TRACK = (56, 58, 64)
GREEN = (87, 201, 120)
AMBER = (240, 178, 50)
GREY = (110, 114, 125)

# Pillow's bundled font lacks a few typographic characters; draw their plain forms instead.
_PLAIN = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2019": "'", "\u00a0": " "})


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def fit(text: str, limit: int) -> str:
    """Shortened to `limit` characters, with characters the default font lacks made plain."""
    text = text.translate(_PLAIN)
    return text if len(text) <= limit else text[: limit - 1] + "…"
