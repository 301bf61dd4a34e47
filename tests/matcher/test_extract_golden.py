"""Extraction gives the same answer on every labelled posting as the recorded golden output.

The golden file was recorded from the code before it was tuned for speed; a difference here is
a changed mention (skill, span, level, section or either-or group) on a real posting. See
tests/matcher/golden.py for how to record it again after an intended change.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from content import load_content
from matcher.models import Mention, new_mention
from matcher.sections import (
    paragraph_is_company,
    paragraph_kind,
)
from matcher.taxonomy import Taxonomy, taxonomy_of
from tests.matcher.golden import cases, load_golden, outcome


@pytest.fixture(scope="module")
def real_taxonomy() -> Taxonomy:
    return taxonomy_of(load_content().skills)


def test_the_golden_file_covers_every_labelled_posting() -> None:
    golden = load_golden()
    ids = [case for case, _text, _title in cases()]
    assert len(ids) >= 200
    assert sorted(golden) == sorted(ids)
    assert sum(len(entry["mentions"]) for entry in golden.values()) > 4_000


def test_extraction_matches_the_recorded_output(real_taxonomy: Taxonomy) -> None:
    golden = load_golden()
    changed = []
    for case, text, title in cases():
        got = outcome(text, title, real_taxonomy)
        if got != golden[case]:
            want = golden[case]
            lost = [m for m in want["mentions"] if m not in got["mentions"]]
            new = [m for m in got["mentions"] if m not in want["mentions"]]
            facts = {k for k in want if k != "mentions" and want[k] != got[k]}
            changed.append(f"{case}: lost {lost[:3]}, new {new[:3]}, facts {sorted(facts)}")
    assert not changed, "\n".join(changed)


def test_a_mention_built_the_fast_way_is_the_same_frozen_record() -> None:
    fields = ("python", "Python", 4, 10, "Python", "required", "requirements", 2)
    fast, plain = new_mention(*fields), Mention(*fields)  # type: ignore[arg-type]
    assert fast == plain
    assert hash(fast) == hash(plain)
    assert repr(fast) == repr(plain)
    assert fast.as_dict() == plain.as_dict()
    with pytest.raises(FrozenInstanceError):
        fast.level = "preferred"  # type: ignore[misc]


def test_the_company_question_agrees_with_the_paragraph_kind() -> None:
    """`paragraph_is_company` answers `paragraph_kind(...) == "company"` with less work: the
    two agree on every paragraph of the labelled postings, read as one of several and whole."""
    companies = paragraphs = 0
    for _case, text, _title in cases():
        for paragraph in text.split("\n\n"):
            lowered = paragraph.lower()
            for whole in (False, True):
                expected = paragraph_kind(lowered, paragraph, whole=whole) == "company"
                assert paragraph_is_company(lowered, paragraph, whole=whole) == expected, paragraph
                companies += expected
            paragraphs += 1
    assert paragraphs > 2_000
    assert companies > 100
