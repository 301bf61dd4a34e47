"""Extraction quality against a hand-labelled evaluation set, on the real taxonomy in data/.

Each file of tests/fixtures/eval/postings/ is a posting text written for this project and the
skills a careful reader would list for it, with levels. Labels say what a reader sees, not what
the extractor finds; the test prints precision, recall and level agreement and asserts a floor a
little below what the extractor achieves, so a regression fails while the figures stay honest.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from content import load_content
from matcher.extract import extract
from matcher.taxonomy import Taxonomy, taxonomy_of

EVAL_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "eval" / "postings"
PRECISION_FLOOR = 0.96
RECALL_FLOOR = 0.92
LEVEL_FLOOR = 0.92


def load_set() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(EVAL_DIR.glob("*.json"))]


@pytest.fixture(scope="module")
def real_taxonomy() -> Taxonomy:
    return taxonomy_of(load_content().skills)


def test_the_set_is_large_and_labelled_with_real_skill_ids(real_taxonomy: Taxonomy) -> None:
    postings = load_set()
    assert len(postings) >= 40
    for posting in postings:
        assert posting["labels"], posting["id"]
        unknown = set(posting["labels"]) - set(real_taxonomy.by_id)
        assert not unknown, f"{posting['id']} labels skills not in the taxonomy: {unknown}"
        assert set(posting["labels"].values()) <= {"required", "preferred", "unknown"}


def evaluate(taxonomy: Taxonomy) -> dict[str, Any]:
    tp = fp = fn = same_level = 0
    misses: list[str] = []
    for posting in load_set():
        found = extract(posting["text"], taxonomy).skill_levels()
        truth: dict[str, str] = posting["labels"]
        hits = set(found) & set(truth)
        tp += len(hits)
        fp += len(set(found) - set(truth))
        fn += len(set(truth) - set(found))
        same_level += sum(1 for s in hits if found[s] == truth[s])
        for s in sorted(set(found) - set(truth)):
            misses.append(f"{posting['id']}: extra {s}")
        for s in sorted(set(truth) - set(found)):
            misses.append(f"{posting['id']}: missed {s}")
    return {
        "precision": tp / (tp + fp),
        "recall": tp / (tp + fn),
        "level_agreement": same_level / tp,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "misses": misses,
    }


def test_precision_and_recall(real_taxonomy: Taxonomy, capsys: pytest.CaptureFixture[str]) -> None:
    result = evaluate(real_taxonomy)
    with capsys.disabled():
        print(
            f"\nextraction on {len(load_set())} labelled postings: "
            f"precision {result['precision']:.3f}, recall {result['recall']:.3f}, "
            f"level agreement {result['level_agreement']:.3f} "
            f"(tp {result['tp']}, fp {result['fp']}, fn {result['fn']})"
        )
    assert result["precision"] >= PRECISION_FLOOR, result["misses"]
    assert result["recall"] >= RECALL_FLOOR, result["misses"]
    assert result["level_agreement"] >= LEVEL_FLOOR
