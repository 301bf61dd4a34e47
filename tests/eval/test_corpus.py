"""The corpus itself: real postings with provenance, and labels whose spans and sections hold."""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest

from content import load_content
from scrapers.text import html_to_text
from tests.eval.build import ANNOTATIONS_DIR, label_text, parse_annotation
from tests.eval.corpus import (
    LEVELS,
    POSTINGS_DIR,
    ROLE_FAMILIES,
    SECTIONS,
    Posting,
    load_corpus,
    load_raw,
)

MIN_POSTINGS = 60
MIN_BOARDS = 3
MIN_ROLE_FAMILIES = 8
_COMMIT = re.compile(r"^[0-9a-f]{40}$")


@pytest.fixture(scope="module")
def corpus() -> list[Posting]:
    return load_corpus()


def test_the_corpus_is_large_and_spans_boards_and_roles(corpus: list[Posting]) -> None:
    assert len(corpus) >= MIN_POSTINGS
    boards = Counter(p.source["board"] for p in corpus)
    roles = Counter(p.role_family for p in corpus)
    assert len(boards) >= MIN_BOARDS, boards
    assert len(roles) >= MIN_ROLE_FAMILIES, roles
    assert set(roles) <= set(ROLE_FAMILIES)
    assert "non_tech" in roles
    assert sum(len(p.labels) for p in corpus) >= 8 * len(corpus)


def test_every_posting_says_where_it_came_from(corpus: list[Posting]) -> None:
    for posting in corpus:
        source = posting.source
        for key in ("board", "endpoint", "repository", "path", "board_job_id", "url"):
            assert source.get(key), f"{posting.id}: source.{key} missing"
        assert _COMMIT.match(source["commit"]), posting.id
        assert "/" in source["repository"], posting.id
        assert posting.id == f"{source['board']}-{source['board_job_id']}"


def test_file_names_are_the_ids_and_ids_are_unique() -> None:
    ids = [data["id"] for data in load_raw()]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(p.stem for p in POSTINGS_DIR.glob("*.json"))


def test_the_text_is_what_the_scrapers_make_of_the_captured_html(corpus: list[Posting]) -> None:
    for posting in corpus:
        assert posting.text == html_to_text(posting.source["original_html"]), posting.id


def test_every_label_span_holds_its_surface(corpus: list[Posting]) -> None:
    for posting in corpus:
        for label in posting.labels:
            assert 0 <= label.start < label.end <= len(posting.text), (posting.id, label)
            assert posting.text[label.start : label.end] == label.surface, (posting.id, label)
            assert label.surface == label.surface.strip(), (posting.id, label)


def test_labels_do_not_overlap(corpus: list[Posting]) -> None:
    for posting in corpus:
        spans = sorted((label.start, label.end) for label in posting.labels)
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end <= start, posting.id


def test_sections_cover_the_text_and_labels_carry_theirs(corpus: list[Posting]) -> None:
    for posting in corpus:
        assert posting.sections[0].start == 0, posting.id
        assert posting.sections[-1].end == len(posting.text), posting.id
        for before, after in zip(posting.sections, posting.sections[1:], strict=False):
            assert before.end == after.start, posting.id
        for section in posting.sections:
            assert section.name in SECTIONS, (posting.id, section)
        for label in posting.labels:
            assert label.section == posting.section_at(label.start), (posting.id, label)
            assert label.level in LEVELS, (posting.id, label)


def test_either_or_groups_hold_at_least_two_options(corpus: list[Posting]) -> None:
    seen_groups = 0
    for posting in corpus:
        groups = Counter(label.group for label in posting.labels if label.group)
        seen_groups += len(groups)
        for group, size in groups.items():
            assert size >= 2, (posting.id, group)
    assert seen_groups >= 1


def test_taxonomy_ids_name_skills_of_the_taxonomy(corpus: list[Posting]) -> None:
    known = {skill.id for skill in load_content().skills}
    for posting in corpus:
        for label in posting.labels:
            assert label.taxonomy_id is None or label.taxonomy_id in known, (posting.id, label)


def test_labels_are_reproducible_from_the_annotation_files(corpus: list[Posting]) -> None:
    """The JSON labels are built from annotations/<id>.txt; a hand edit of one would drift."""
    for posting in corpus:
        annotation = parse_annotation(
            (ANNOTATIONS_DIR / f"{posting.id}.txt").read_text(encoding="utf-8")
        )
        labels, _ = label_text(posting.text, annotation, lambda _name: None)
        rebuilt = [(x["start"], x["end"], x["skill"], x["section"], x["level"]) for x in labels]
        stored = [(x.start, x.end, x.skill, x.section, x.level) for x in posting.labels]
        assert rebuilt == stored, posting.id
