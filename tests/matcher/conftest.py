"""The matcher's tests share one small taxonomy, built in code."""

from __future__ import annotations

import pytest

from matcher.taxonomy import Taxonomy, taxonomy_of
from tests.matcher.taxonomy import SKILLS


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return taxonomy_of(SKILLS)
