"""Bad input never crashes a parser: whatever arrives, the answer is postings or ParseError."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrapers import KINDS, ParseContext, ParseError, SourceSpec, get_kind

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.sampled_from(["<p>x</p>", "&lt;b&gt;", "Remote", "2026-11-01"]),
)
FIELDS = [
    "id",
    "title",
    "text",
    "name",
    "position",
    "content",
    "description",
    "location",
    "locations",
    "jobs",
    "offers",
    "data",
    "hits",
    "content",
    "company",
    "salary",
    "salaryRange",
    "compensation",
    "categories",
    "workplaceType",
    "isRemote",
    "remote",
    "createdAt",
    "publishedAt",
    "comment_text",
    "story_id",
    "parent_id",
    "objectID",
    "links",
    "totalFound",
    "jobAd",
    "metadata",
    "secondaryLocations",
    "slug",
]
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(FIELDS), inner, max_size=8),
    ),
    max_leaves=30,
)


@pytest.mark.parametrize("kind", sorted(KINDS))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=documents)
def test_any_json_gives_postings_or_parse_error(kind: str, document: object) -> None:
    body = json.dumps(document).encode()
    try:
        postings = get_kind(kind).parse(body, ParseContext(SourceSpec(kind, "fuzz")))
    except ParseError:
        return
    assert isinstance(postings, list)


@pytest.mark.parametrize("kind", sorted(KINDS))
@settings(max_examples=20, deadline=None)
@given(body=st.binary(max_size=300))
def test_any_bytes_give_postings_or_parse_error(kind: str, body: bytes) -> None:
    with contextlib.suppress(ParseError):
        get_kind(kind).parse(body, ParseContext(SourceSpec(kind, "fuzz")))


nested = st.one_of(
    scalars,
    st.lists(scalars, max_size=3),
    st.dictionaries(st.sampled_from(FIELDS), scalars, max_size=4),
)
items = st.dictionaries(st.sampled_from(FIELDS), nested, max_size=10)
shaped = st.one_of(
    st.builds(lambda j: {"jobs": j}, st.lists(items, max_size=3)),
    st.builds(lambda j: {"offers": j}, st.lists(items, max_size=3)),
    st.builds(lambda j: {"data": j}, st.lists(items, max_size=3)),
    st.builds(lambda j: {"hits": j}, st.lists(items, max_size=3)),
    st.builds(lambda j: {"content": j, "totalFound": 3}, st.lists(items, max_size=3)),
    st.lists(items, max_size=3),
)


@pytest.mark.parametrize("kind", sorted(KINDS))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=shaped)
def test_board_shaped_json_with_odd_fields(kind: str, document: object) -> None:
    body = json.dumps(document).encode()
    try:
        postings = get_kind(kind).parse(body, ParseContext(SourceSpec(kind, "fuzz")))
    except ParseError:
        return
    for posting in postings:
        assert posting.title
        assert posting.source_id
