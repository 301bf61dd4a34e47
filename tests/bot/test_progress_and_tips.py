"""Progress summaries, the next topic, the checklist, the PNG card and tip selection."""

from __future__ import annotations

import io
import random
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from bot.progress_card import render_card
from bot.progress_model import checklist, next_topic, overall, summarise
from bot.tip_picker import ServerTip, pick_for_member, pick_for_server, unused_count
from tests.factories import make_content


def test_summary_counts_and_unknown_topics_ignored() -> None:
    content = make_content()
    progress = {"step1.t1": "done", "step1.t2": "learning", "step2.t1": "skipped", "gone.x": "done"}
    rows = summarise(content, progress)
    assert (rows[0].done, rows[0].learning, rows[0].skipped) == (1, 1, 0)
    assert rows[1].skipped == 1
    assert overall(content, progress) == (1, 12)


def test_next_topic_prefers_learning_then_first_untouched() -> None:
    content = make_content()
    assert next_topic(content, {})[1].id == "step1.t1"  # type: ignore[index]
    found = next_topic(content, {"step1.t1": "done", "step2.t3": "learning"})
    assert found is not None
    assert found[1].id == "step2.t3"
    everything = {t.id: "done" for s in content.steps for t in s.topics}
    assert next_topic(content, everything) is None


def test_checklist_marks_done_topics() -> None:
    content = make_content(steps=1)
    text = checklist(content, {"step1.t1": "done", "step1.t2": "skipped"}, "Me")
    assert "- [x] Topic 1.1" in text
    assert "- [ ] Topic 1.2 (skipped)" in text
    assert "- [ ] Topic 1.3" in text


def test_card_is_a_png_of_the_right_shape() -> None:
    content = make_content(steps=11)
    png = render_card("ünïcode <@123> **name**", summarise(content, {"step1.t1": "done"}))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.height > 11 * 40
    # the done segment of step 1 is drawn in green somewhere on its row
    colours = {image.getpixel((x, 96 + 22)) for x in range(470, 850)}
    assert (87, 201, 120) in colours


def test_member_tips_never_repeat_until_all_seen() -> None:
    content = make_content(steps=2, tips_per_step=5)
    rng = random.Random(1)
    seen: dict[str, str] = {}
    order = []
    for n in range(10):
        tip = pick_for_member(content.tips, seen, rng)
        assert tip is not None
        order.append(tip.id)
        seen[tip.id] = f"2026-01-01T00:00:{n:02d}"
    assert len(set(order)) == 10
    # after a full cycle the oldest-seen comes back first
    again = pick_for_member(content.tips, seen, rng)
    assert again is not None
    assert again.id == order[0]
    only_step2 = pick_for_member(content.tips, {}, rng, step="step2")
    assert only_step2 is not None
    assert only_step2.step == "step2"


@given(st.integers(min_value=1, max_value=40), st.integers(min_value=0, max_value=10**12))
def test_server_rotation_uses_every_tip_before_repeating(pool_size: int, guild: int) -> None:
    pool = [ServerTip(f"t{i}", "s", None, "x" * 30) for i in range(pool_size)]
    counts: Counter[str] = Counter()
    for day in range(pool_size * 2):
        tip = pick_for_server(pool, counts, guild, f"2026-01-{day:03d}")
        assert tip is not None
        counts[tip.id] += 1
        if day + 1 == pool_size:
            assert set(counts.values()) == {1}
            assert unused_count(pool, counts) == pool_size
    assert set(counts.values()) == {2}


def test_server_pick_is_deterministic_for_previews() -> None:
    pool = [ServerTip(f"t{i}", "s", None, "x" * 30) for i in range(20)]
    first = pick_for_server(pool, {}, 7, "2026-05-01")
    assert first == pick_for_server(pool, {}, 7, "2026-05-01")
    picks = {pick_for_server(pool, {}, g, "2026-05-01") for g in range(30)}
    assert len(picks) > 1  # different servers don't all get the same tip
