"""The shipped data/sources.toml: enough sources, all of supported kinds with valid keys."""

from __future__ import annotations

from archbot.sources import load_sources
from scrapers import KINDS


def test_shipped_sources_are_usable() -> None:
    listing = load_sources(None)
    assert listing.problems == []
    specs = [s.spec for s in listing.sources]
    assert len(specs) >= 40
    assert len({s.ref for s in specs}) == len(specs)
    for spec in specs:
        assert KINDS[spec.kind].check_key(spec.key) is None, spec.ref
        if spec.kind in {"lever", "ashby"}:
            assert spec.company, f"{spec.ref} needs a company: the board does not name one"
    kinds = {s.kind for s in specs}
    assert {
        "greenhouse",
        "lever",
        "ashby",
        "remoteok",
        "remotive",
        "arbeitnow",
        "weworkremotely",
        "hn_whoishiring",
    } <= kinds
