"""The /progress picture: eleven bars, one per roadmap step, drawn with Pillow.

A picture reads at a glance on a phone where a wall of text does not; it is rendered off the
event loop because even a small PNG costs a few milliseconds.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageDraw

from bot.progress_model import StepProgress
from bot.render.card_style import AMBER, BACKGROUND, GREEN, GREY, MUTED, TEXT, TRACK, fit, font

WIDTH = 960
ROW = 50
TOP = 96
DONE, LEARNING, SKIPPED = GREEN, AMBER, GREY
BAR_LEFT = 470
BAR_WIDTH = 380


def render_card(name: str, rows: Sequence[StepProgress]) -> bytes:
    """A PNG of the member's progress; `name` is drawn as plain text, never interpreted."""
    height = TOP + ROW * len(rows) + 40
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    title_font, row_font, small_font = font(30), font(20), font(16)
    done = sum(r.done for r in rows)
    total = sum(r.total for r in rows)
    draw.text((32, 24), fit(f"AI-architect roadmap: {name}", 48), fill=TEXT, font=title_font)
    draw.text(
        (32, 62),
        f"{done} of {total} topics done  ·  green done  ·  amber learning  ·  grey skipped",
        fill=MUTED,
        font=small_font,
    )
    for index, row in enumerate(rows):
        y = TOP + index * ROW
        label = fit(f"{row.step.number:>2}. {row.step.title}", 38)
        draw.text((32, y + 10), label, fill=TEXT, font=row_font)
        draw.rounded_rectangle(
            (BAR_LEFT, y + 12, BAR_LEFT + BAR_WIDTH, y + 34), radius=8, fill=TRACK
        )
        x = BAR_LEFT
        for count, colour in ((row.done, DONE), (row.learning, LEARNING), (row.skipped, SKIPPED)):
            if count and row.total:
                width = round(BAR_WIDTH * count / row.total)
                draw.rounded_rectangle((x, y + 12, x + width, y + 34), radius=8, fill=colour)
                x += width
        draw.text(
            (BAR_LEFT + BAR_WIDTH + 16, y + 12),
            f"{row.done}/{row.total}",
            fill=TEXT,
            font=row_font,
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
