"""Job links made into URLs Discord accepts: percent-encoded, IDNA hosts, capped, or none."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.render.links import BUTTON_URL_MAX, EMBED_URL_MAX, link_url
from discord_emulator.form_errors import url_problem


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://jobs.example/ai architect/4", "https://jobs.example/ai%20architect/4"),
        (" http://x.example/a ", "http://x.example/a"),
        ("HTTPS://x.example", "https://x.example/"),
        ("https://jobs.bücher.de/ingénieur", "https://jobs.xn--bcher-kva.de/ing%C3%A9nieur"),
        (
            "https://x.example/a?q=ü é#frag ment",
            "https://x.example/a?q=%C3%BC%20%C3%A9#frag%20ment",
        ),
        ("https://x.example/100%", "https://x.example/100%25"),
        ("https://x.example/%7euser", "https://x.example/%7Euser"),
        ("https://user:secret@x.example:8443/a", "https://x.example:8443/a"),
        ('https://x.example/a"b<c>', "https://x.example/a%22b%3Cc%3E"),
        ("ftp://x.example/a", None),
        ("javascript:alert(1)", None),
        ("https://bad host/a", None),
        ("https://x.example:99999/a", None),
        ("https:///path-only", None),
        ("", None),
        (None, None),
    ],
)
def test_links(raw: str | None, expected: str | None) -> None:
    assert link_url(raw) == expected


def test_a_link_longer_than_its_place_is_dropped_not_cut() -> None:
    long = "https://x.example/" + "a" * 600
    assert link_url(long, BUTTON_URL_MAX) is None
    assert link_url(long, EMBED_URL_MAX) == long
    assert link_url("https://x.example/" + "é" * 400) is None  # 2,400 characters encoded


@given(
    st.text(max_size=60),
    st.sampled_from(["jobs.example", "bücher.de", "x", "a-b.example", "[::1]"]),
    st.sampled_from(["http", "https"]),
)
def test_whatever_a_board_writes_the_link_is_valid_or_absent(
    path: str, host: str, scheme: str
) -> None:
    made = link_url(f"{scheme}://{host}/{path}")
    if made is not None:
        assert url_problem(made, ("http", "https")) is None
        assert len(made) <= EMBED_URL_MAX


@given(st.text(max_size=80))
def test_any_text_at_all(raw: str) -> None:
    made = link_url(raw)
    assert made is None or url_problem(made, ("http", "https")) is None
