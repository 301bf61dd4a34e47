"""The target of issue 12: precision >= 0.92 and recall >= 0.85 by mention on postings written
by others. Run by `make eval` (marker `eval_target`), outside `make test` until extraction meets it.
"""

from __future__ import annotations

import pytest

from tests.eval.run import evaluate, table

PRECISION_TARGET = 0.92
RECALL_TARGET = 0.85


@pytest.mark.eval_target
def test_extraction_meets_the_target_on_postings_written_by_others(
    capsys: pytest.CaptureFixture[str],
) -> None:
    evaluation = evaluate()
    with capsys.disabled():
        print("\n" + table(evaluation))
    overall = evaluation.extraction.overall
    assert overall.precision is not None
    assert overall.recall is not None
    assert overall.precision >= PRECISION_TARGET
    assert overall.recall >= RECALL_TARGET
