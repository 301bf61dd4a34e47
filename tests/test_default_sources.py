"""The shipped data/sources.toml: enough sources, all of supported kinds with valid keys."""

from __future__ import annotations

from pathlib import Path

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


def test_broken_content_elsewhere_keeps_the_sources(tmp_path: Path) -> None:
    (tmp_path / "sources.toml").write_text(
        '[[sources]]\nkind = "greenhouse"\nkey = "acme"\n', encoding="utf-8"
    )
    (tmp_path / "tips.toml").write_text('[[tips]]\nid = "x"\n', encoding="utf-8")
    listing = load_sources(None, tmp_path)
    assert [s.spec.ref for s in listing.sources] == ["greenhouse:acme"]
    assert "archbot content check" in listing.problems[0]


def test_unknown_kind_in_the_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "sources.toml").write_text(
        '[[sources]]\nkind = "myspace"\nkey = "x"\n', encoding="utf-8"
    )
    listing = load_sources(None, tmp_path)
    assert listing.sources == []
    assert "unknown source kind 'myspace'" in listing.problems[0]


def test_moved_boards_point_at_their_new_home_and_ai_employers_are_shipped() -> None:
    refs = {s.spec.ref: s.spec for s in load_sources(None).sources}
    assert "lever:mistral" not in refs  # both employers left Lever for Ashby in 2026
    assert "lever:plaid" not in refs
    assert refs["ashby:mistral.ai"].company == "Mistral AI"
    assert refs["ashby:plaid"].company == "Plaid"
    wanted = {
        "greenhouse": "xai togetherai thinkingmachines cerebrassystems coreweave fireworksai "
        "gleanwork snorkelai figureai thealleninstitute",
        "ashby": "perplexity cursor runway-ml lambda crusoe anyscale modal cognition decagon "
        "etched pinecone weaviate qdrant.tech",
        "lever": "zilliz",
    }
    for kind, keys in wanted.items():
        for key in keys.split():
            assert f"{kind}:{key}" in refs, f"{kind}:{key}"
            assert refs[f"{kind}:{key}"].company, f"{kind}:{key} names its employer"
