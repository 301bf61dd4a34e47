"""The plan and pulse pictures: horizontal demand bars drawn with Pillow.

The plan's bars are each missing skill's demand among the member's fitting postings, with the
median match it would bring; the pulse's bars are this week's share with a marker at the share
of the four weeks before. Drawn as palette images (a few colours; the file compresses several
times faster than RGB) off the event loop.
"""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw

from bot.render.card_style import AMBER, BACKGROUND, GREEN, MUTED, TEXT, TRACK, fit, font
from matcher.plan import Plan
from matcher.pulse import Pulse

WIDTH = 960
ROW = 46
TOP = 100
LABEL_LEFT = 32
BAR_LEFT = 330
BAR_WIDTH = 380


def _png(image: Image.Image) -> bytes:
    """Fast zlib compression: these cards are drawn per request, and the default level (or
    `optimize`) costs several times longer for a file a few kilobytes smaller."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def _canvas(rows: int, title: str, subtitle: str) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("P", (WIDTH, TOP + ROW * max(rows, 1) + 30), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.text((LABEL_LEFT, 22), fit(title, 52), fill=TEXT, font=font(28))
    draw.text((LABEL_LEFT, 60), fit(subtitle, 100), fill=MUTED, font=font(16))
    return image, draw


@lru_cache(maxsize=256)
def render_plan_chart(plan: Plan) -> bytes:
    """Demand bars of the plan's skills, each with the median match it would bring. Cached by
    the plan's figures: a member clicking through the buttons sees the same picture again."""
    image, draw = _canvas(
        len(plan.skills),
        f"What {plan.role} postings ask for",
        f"{plan.postings} fitting postings · bars: share asking, green part required · "
        "right: your median match now -> with the skill",
    )
    row_font = font(19)
    for index, skill in enumerate(plan.skills):
        y = TOP + index * ROW
        draw.text((LABEL_LEFT, y + 10), fit(skill.name, 28), fill=TEXT, font=row_font)
        draw.rounded_rectangle(
            (BAR_LEFT, y + 10, BAR_LEFT + BAR_WIDTH, y + 34), radius=8, fill=TRACK
        )
        asked = round(BAR_WIDTH * skill.demand)
        required = round(BAR_WIDTH * skill.required_share)
        if asked:
            draw.rounded_rectangle(
                (BAR_LEFT, y + 10, BAR_LEFT + asked, y + 34), radius=8, fill=AMBER
            )
        if required:
            draw.rounded_rectangle(
                (BAR_LEFT, y + 10, BAR_LEFT + required, y + 34), radius=8, fill=GREEN
            )
        gain = skill.gain
        draw.text(
            (BAR_LEFT + BAR_WIDTH + 16, y + 10),
            f"{skill.demand:.0%}  ·  {gain.median_before:g} -> {gain.median_after:g}",
            fill=TEXT,
            font=row_font,
        )
    return _png(image)


def render_pulse_chart(pulse: Pulse) -> bytes:
    """This week's most demanded skills, with a marker at their share of the weeks before."""
    image, draw = _canvas(
        len(pulse.skills),
        f"Market pulse: week of {pulse.week_start:%d %b %Y}",
        f"{pulse.postings} postings · bar: share this week · white mark: the four weeks before",
    )
    row_font = font(19)
    for index, skill in enumerate(pulse.skills):
        y = TOP + index * ROW
        draw.text((LABEL_LEFT, y + 10), fit(skill.name, 28), fill=TEXT, font=row_font)
        draw.rounded_rectangle(
            (BAR_LEFT, y + 10, BAR_LEFT + BAR_WIDTH, y + 34), radius=8, fill=TRACK
        )
        width = round(BAR_WIDTH * skill.share)
        if width:
            draw.rounded_rectangle(
                (BAR_LEFT, y + 10, BAR_LEFT + width, y + 34), radius=8, fill=GREEN
            )
        mark = BAR_LEFT + round(BAR_WIDTH * skill.share_before)
        draw.rectangle((mark - 2, y + 6, mark + 2, y + 38), fill=TEXT)
        draw.text(
            (BAR_LEFT + BAR_WIDTH + 16, y + 10),
            f"{skill.share:.0%} ({skill.change * 100:+.0f} pts)",
            fill=TEXT,
            font=row_font,
        )
    return _png(image)
