"""The /profile gap picture: one row per roadmap step, core skills covered and what is missing.

Drawn with Pillow off the event loop (a PNG costs milliseconds); skill names come from the
taxonomy, never from member text.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from PIL import Image, ImageDraw

from bot.gap import StepGap
from bot.render.card_style import BACKGROUND, GREEN, MUTED, TEXT, TRACK, fit, font

WIDTH = 1100
ROW = 62
TOP = 100
HAVE = GREEN
BAR_LEFT = 430
BAR_WIDTH = 300


def render_gap_card(gaps: Sequence[StepGap], name: Callable[[str], str]) -> bytes:
    """A PNG of each step's core-skill coverage, with the first missing skills named."""
    height = TOP + ROW * len(gaps) + 30
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    title_font, row_font, small_font = font(30), font(20), font(15)
    have = sum(len(g.have) for g in gaps)
    core = sum(len(g.core) for g in gaps)
    draw.text((32, 24), "Your skill gaps along the roadmap", fill=TEXT, font=title_font)
    draw.text(
        (32, 62),
        f"{have} of {core} core skills covered  ·  green: covered  ·  missing skills listed",
        fill=MUTED,
        font=small_font,
    )
    for index, gap in enumerate(gaps):
        y = TOP + index * ROW
        label = fit(f"{gap.step.number:>2}. {gap.step.title}", 34)
        draw.text((32, y + 8), label, fill=TEXT, font=row_font)
        draw.rounded_rectangle(
            (BAR_LEFT, y + 10, BAR_LEFT + BAR_WIDTH, y + 32), radius=8, fill=TRACK
        )
        if gap.have:
            width = max(16, round(BAR_WIDTH * gap.fraction))
            draw.rounded_rectangle(
                (BAR_LEFT, y + 10, BAR_LEFT + width, y + 32), radius=8, fill=HAVE
            )
        draw.text(
            (BAR_LEFT + BAR_WIDTH + 14, y + 10),
            f"{len(gap.have)}/{len(gap.core)}",
            fill=TEXT,
            font=row_font,
        )
        missing = ", ".join(name(s) for s in gap.missing[:6])
        if len(gap.missing) > 6:
            missing += f" +{len(gap.missing) - 6}"
        note = f"missing: {missing}" if missing else "all core skills covered"
        draw.text((32, y + 36), fit(note, 120), fill=MUTED, font=small_font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
