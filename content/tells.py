"""Answer tells: ways to score above chance on the quiz bank without knowing the subject.

Each tell is a strategy a test-wise member could use on every question (pick the longest option,
pick the second-longest, strike options that say "always" or "never" and guess among the rest).
Its score is the share of the bank the strategy is expected to get right, with ties between
options broken at random, so it can be compared directly with chance (one in four). A bank is
fair when no strategy does much better than chance; `content.checks` fails above TELL_LIMIT.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from content.models import OPTION_COUNT, Question

TELL_LIMIT = 0.30
# Below this many questions the shares swing too much on one question to mean anything.
MIN_BANK_FOR_TELLS = 20
CHANCE = 1 / OPTION_COUNT

# Words that make a statement sweeping, which test-wise readers learn to distrust. Hyphenated
# uses ("all-reduce", "no-code") and words inside other words are not counted.
ABSOLUTE_WORDS = (
    "always",
    "never",
    "only",
    "every",
    "everything",
    "everyone",
    "all",
    "none",
    "no",
    "any",
    "nothing",
    "must",
    "cannot",
    "guarantee",
    "guarantees",
    "guaranteed",
    "completely",
    "entirely",
    "impossible",
)
ABSOLUTE = re.compile(r"(?<![\w-])(?:" + "|".join(ABSOLUTE_WORDS) + r")(?![\w-])", re.IGNORECASE)

LENGTH_RANKS = ("longest", "second-longest", "third-longest", "shortest")


@dataclass(frozen=True)
class Tell:
    """One strategy's expected score over a bank, and the questions that feed it most."""

    key: str
    strategy: str
    score: float
    questions: int
    # Ids of the questions where the strategy does better than chance, most generous first:
    # the ones an editor should rework to bring the score down.
    giveaways: tuple[str, ...]

    @property
    def over_limit(self) -> bool:
        return self.score > TELL_LIMIT

    def describe(self) -> str:
        return f"{self.strategy} scores {self.score:.0%} over {self.questions} questions"


def length_rank_odds(question: Question, rank: int) -> float:
    """Chance that picking the option of this length rank (0 = longest) is right."""
    lengths = [len(option) for option in question.options]
    target = sorted(lengths, reverse=True)[rank]
    tied = [i for i, length in enumerate(lengths) if length == target]
    # The answer is options[0]; among tied options a reader picks one at random.
    return 1 / len(tied) if 0 in tied else 0.0


def absolute_strike_odds(question: Question) -> float:
    """Chance of being right after striking options with absolute words and guessing."""
    kept = [i for i, option in enumerate(question.options) if not ABSOLUTE.search(option)]
    if not kept:
        kept = list(range(len(question.options)))
    return 1 / len(kept) if 0 in kept else 0.0


def _rank_odds(rank: int, question: Question) -> float:
    return length_rank_odds(question, rank)


def _tell(
    key: str, strategy: str, questions: Sequence[Question], odds: Callable[[Question], float]
) -> Tell:
    scored = [(odds(q), q.id) for q in questions]
    total = sum(score for score, _ in scored)
    generous = sorted((s for s in scored if s[0] > CHANCE), key=lambda s: (-s[0], s[1]))
    return Tell(
        key=key,
        strategy=strategy,
        score=total / len(questions) if questions else 0.0,
        questions=len(questions),
        giveaways=tuple(ident for _, ident in generous),
    )


def bank_tells(questions: Sequence[Question]) -> list[Tell]:
    """Every strategy's score over the bank: four length ranks, then the absolute-word strike."""
    tells = [
        _tell(key, f"picking the {key} option", questions, partial(_rank_odds, rank))
        for rank, key in enumerate(LENGTH_RANKS)
    ]
    tells.append(
        _tell(
            "absolute-words",
            'striking options with absolute words ("always", "never", "only", ...)',
            questions,
            absolute_strike_odds,
        )
    )
    return tells
