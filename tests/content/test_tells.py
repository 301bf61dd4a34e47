"""Answer tells: the strategies a test-wise member could use, scored as they would score."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from archbot.cli import cli
from content import ContentError, Question, load_content
from content.tells import ABSOLUTE, absolute_strike_odds, bank_tells, length_rank_odds
from tests.content.test_content_checks import write_dataset


def question(answer: str, *distractors: str, ident: str = "q.1") -> Question:
    return Question(
        id=ident,
        step="basics",
        topic="basics.t1",
        difficulty=1,
        stem="Which option is the right one here?",
        answer=answer,
        distractors=list(distractors),
        explanation="The right option is right for reasons the others lack.",
    )


def test_length_rank_odds_split_ties_at_random() -> None:
    q = question("medium size", "the longest option of all", "tiny", "short one")
    assert length_rank_odds(q, 0) == 0.0
    assert length_rank_odds(q, 1) == 1.0
    tied = question("same", "also", "much longer one", "x")
    assert length_rank_odds(tied, 1) == 0.5
    assert length_rank_odds(tied, 2) == 0.5


def test_absolute_strike_odds() -> None:
    q = question("Usually faster", "Always faster", "Never slower", "Only on Linux")
    assert absolute_strike_odds(q) == 1.0
    q = question("It is only safe offline", "It is safe", "It is fast", "It is cheap")
    assert absolute_strike_odds(q) == 0.0
    everything = question("All of it", "None", "Every byte", "Always")
    assert absolute_strike_odds(everything) == 0.25
    # Hyphenated technical terms are not sweeping claims.
    assert not ABSOLUTE.search("An all-reduce across no-code tools")
    assert ABSOLUTE.search("It never fails")


def test_bank_tells_score_and_name_the_giveaways() -> None:
    bank = [
        question("Mid length ok", "A much longer distractor", "Short", "Tiny", ident=f"q.{n}")
        for n in range(8)
    ]
    bank += [question("Alpha", "Bravo", "Gamma", "Delta", ident="q.fair")]
    tells = {t.key: t for t in bank_tells(bank)}
    second = tells["second-longest"]
    assert second.score == pytest.approx((8 + 0.25) / 9)
    assert second.over_limit
    assert "q.0" in second.giveaways
    assert "q.fair" not in second.giveaways
    assert not tells["absolute-words"].over_limit


def _bank(answer: str, distractors: list[str], count: int = 24) -> str:
    stems = ["parsers", "compilers", "linkers", "loaders", "debuggers", "profilers"]
    text = ""
    for n in range(count):
        quoted = ", ".join(f'"{d} {n}"' for d in distractors)
        text += f"""
[[questions]]
id = "q.t.{n}"
step = "basics"
topic = "basics.t1"
skills = ["python"]
difficulty = 1
stem = "Question {n} about {stems[n % 6]}, worded on purpose to differ: {"y" * n}"
answer = "{answer} {n}"
distractors = [{quoted}]
explanation = "The right answer is right; the distractors are sweeping or off."
"""
    return text


def test_check_fails_a_bank_beaten_by_striking_absolute_words(tmp_path: Path) -> None:
    bank = _bank("It usually helps", ["It always helps", "It never helps", "Only it helps"])
    write_dataset(tmp_path, **{"quiz/abs.toml": bank})
    with pytest.raises(ContentError) as caught:
        load_content(tmp_path, cached=False)
    messages = [str(p) for p in caught.value.problems]
    assert any("striking options with absolute words" in m and "100%" in m for m in messages)


def test_check_fails_a_bank_beaten_by_the_second_longest_option(tmp_path: Path) -> None:
    bank = _bank("Medium answer", ["The very longest distractor", "Short", "Tiny"])
    write_dataset(tmp_path, **{"quiz/second.toml": bank})
    with pytest.raises(ContentError) as caught:
        load_content(tmp_path, cached=False)
    messages = [str(p) for p in caught.value.problems]
    assert any("picking the second-longest option scores 100%" in m for m in messages)
    assert any("q.t.0" in m for m in messages)


def test_content_check_prints_the_tells_and_fails_above_the_limit(tmp_path: Path) -> None:
    bank = _bank("It usually helps", ["It always helps", "It never helps", "Only it helps"])
    data = write_dataset(tmp_path, **{"quiz/abs.toml": bank})
    result = CliRunner().invoke(cli, ["content", "check", "--data-dir", str(data), "--gaps", "0"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "answer tells over 24 questions (chance 25%, fails above 30%):"
    striking = next(line for line in lines if line.lstrip().startswith("striking"))
    assert striking.endswith("100.0%  over the limit")
    assert any("quiz bank:" in line and "q.t.0" in line for line in lines)
