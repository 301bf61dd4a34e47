"""Postings in SQLite: upsert by (kind, key, source id), updates by hash, closing, reopening,
cross-source duplicate links, run records, HTTP validators and the call ledger."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from scrapers.posting import Posting
from store import (
    Database,
    abandon_stale_runs,
    add_source,
    calls_used,
    close_missing,
    duplicate_links,
    get_posting,
    link_duplicates,
    list_postings,
    list_sources,
    load_validators,
    recent_runs,
    record_run,
    remove_source,
    save_validators,
    spend_call,
    start_run,
    transaction,
    upsert_postings,
)

T0 = datetime(2026, 11, 30, 12, tzinfo=UTC)


def job(sid: str, title: str = "ML Engineer", **kw: object) -> Posting:
    base: dict[str, object] = {
        "kind": "greenhouse",
        "key": "acme",
        "source_id": sid,
        "url": f"https://x.test/{sid}",
        "title": title,
        "company": "Acme AI",
        "locations": ("Berlin",),
    }
    base.update(kw)
    return Posting(**base)  # type: ignore[arg-type]


def test_upsert_new_unchanged_updated(db: Database) -> None:
    first = upsert_postings(db, "greenhouse", "acme", [job("1"), job("2")], T0)
    assert (first.new, first.updated, first.unchanged) == (2, 0, 0)
    again = upsert_postings(db, "greenhouse", "acme", [job("1"), job("2")], T0 + timedelta(hours=1))
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert again.changed_ids == []
    edited = upsert_postings(
        db, "greenhouse", "acme", [job("1", description="new text"), job("2")], T0
    )
    assert (edited.new, edited.updated) == (0, 1)
    rows = list_postings(db)
    assert len(rows) == 2
    assert rows[0]["description"] == "new text"
    assert rows[0]["locations"] == ["Berlin"]


def test_close_missing_and_reopen(db: Database) -> None:
    upsert_postings(db, "greenhouse", "acme", [job("1"), job("2")], T0)
    assert close_missing(db, "greenhouse", "acme", ["1"], T0) == 1
    assert [r["source_id"] for r in list_postings(db)] == ["1"]
    assert len(list_postings(db, include_closed=True)) == 2
    back = upsert_postings(db, "greenhouse", "acme", [job("1"), job("2")], T0)
    assert back.updated == 1  # reopened
    assert len(list_postings(db)) == 2


def test_same_source_id_on_other_boards_is_separate(db: Database) -> None:
    upsert_postings(db, "greenhouse", "acme", [job("1")], T0)
    upsert_postings(db, "greenhouse", "other", [job("1", key="other")], T0)
    assert len(list_postings(db)) == 2


def test_cross_source_duplicates_link_to_the_older_posting(db: Database) -> None:
    gh = upsert_postings(db, "greenhouse", "acme", [job("1", title="Senior ML Engineer")], T0)
    link_duplicates(db, gh.changed_ids, T0)
    other = job(
        "r1",
        title="ML Engineer, Senior",
        kind="remoteok",
        key="all",
        company="Acme AI Inc.",
        locations=("Berlin, Germany",),
    )
    ro = upsert_postings(db, "remoteok", "all", [other], T0)
    assert link_duplicates(db, ro.changed_ids, T0) == 1
    (link,) = duplicate_links(db)
    assert link[0] == ro.changed_ids[0]
    assert link[1] == gh.changed_ids[0]
    assert link[2] >= 90
    posting = get_posting(db, ro.changed_ids[0])
    assert posting is not None
    assert posting["canonical_id"] == gh.changed_ids[0]


def test_no_link_for_other_place_other_title_or_same_board(db: Database) -> None:
    upsert_postings(db, "greenhouse", "acme", [job("1"), job("2", locations=("London",))], T0)
    london = job("x", kind="lever", key="acme", locations=("London",))
    austin = job("y", kind="ashby", key="acme", locations=("Austin",))
    sales = job("z", kind="ashby", key="acme2", title="Account Executive")
    ids: list[int] = []
    for p in (london, austin, sales):
        ids += upsert_postings(db, p.kind, p.key, [p], T0).changed_ids
    link_duplicates(db, ids, T0)
    links = duplicate_links(db)
    # London links to the London posting only; Austin and the sales job stay alone; the two
    # greenhouse postings (same board, one per location) are never linked to each other
    assert len(links) == 1
    london_row = get_posting(db, ids[0])
    assert london_row is not None
    canonical = get_posting(db, links[0][1])
    assert canonical is not None
    assert canonical["locations"] == ["London"]


def test_closing_a_canonical_drops_its_links(db: Database) -> None:
    a = upsert_postings(db, "greenhouse", "acme", [job("1")], T0).changed_ids
    b = upsert_postings(db, "lever", "acme", [job("2", kind="lever")], T0).changed_ids
    link_duplicates(db, a + b, T0)
    assert len(duplicate_links(db)) == 1
    close_missing(db, "greenhouse", "acme", [], T0)
    assert duplicate_links(db) == []


def test_sources_table(db: Database) -> None:
    assert add_source(db, "lever", "mistral", T0, company="Mistral AI", settings={"region": "eu"})
    assert not add_source(db, "lever", "mistral", T0, company="Mistral", enabled=False)
    (row,) = list_sources(db)
    assert (row.ref, row.company, row.enabled, row.settings) == (
        "lever:mistral",
        "Mistral",
        False,
        {},
    )
    assert remove_source(db, "lever", "mistral")
    assert not remove_source(db, "lever", "mistral")


def test_runs_and_stale_runs(db: Database) -> None:
    row = start_run(db, "run1", "greenhouse", "acme", T0)
    with transaction(db):
        record_run(db, row, "ok", T0, pages=1, seen=3, new=3)
    start_run(db, "run2", "greenhouse", "acme", T0)
    assert abandon_stale_runs(db, T0 + timedelta(minutes=5)) == 0  # maybe still running
    assert abandon_stale_runs(db, T0 + timedelta(hours=3)) == 1
    runs = recent_runs(db)
    assert [r["status"] for r in runs] == ["abandoned", "ok"]
    assert runs[1]["new"] == 3


def test_validators_roundtrip(db: Database) -> None:
    save_validators(db, {"https://a": ('"e1"', None)}, T0)
    save_validators(db, {"https://a": ('"e2"', "Mon, 01 Jan 2026 00:00:00 GMT")}, T0)
    assert load_validators(db, ["https://a", "https://b"]) == {
        "https://a": ('"e2"', "Mon, 01 Jan 2026 00:00:00 GMT")
    }


def test_call_ledger_survives_reopening(db_path: object, db: Database) -> None:
    from store import open_db

    assert spend_call(db, "remotive.com", 2, 86400, now=1000.0)
    assert spend_call(db, "remotive.com", 2, 86400, now=1001.0)
    other = open_db(db_path)  # type: ignore[arg-type]  # a restarted process
    try:
        assert not spend_call(other, "remotive.com", 2, 86400, now=1002.0)
        assert calls_used(other, "remotive.com", 86400, now=1002.0) == 2
        assert spend_call(other, "remotive.com", 2, 86400, now=1000.0 + 86401)
    finally:
        other.close()


def test_hash_change_via_replace(db: Database) -> None:
    original = job("1")
    changed = replace(original, title="ML Engineer II", content_hash="")
    assert changed.content_hash != original.content_hash


def test_posting_facts_are_stored_and_read_back(db: Database) -> None:
    from scrapers.posting import Salary

    stated = job(
        "1",
        visa_sponsorship=False,
        remote_regions=("EU", "UTC+01:00"),
        min_years=4,
        employment_type="contract",
        salary=Salary(500, 650, "EUR", "day"),
    )
    unstated = job("2")
    upsert_postings(db, "greenhouse", "acme", [stated, unstated], T0)
    one, two = list_postings(db)
    assert one["visa_sponsorship"] is False
    assert one["remote_regions"] == ["EU", "UTC+01:00"]
    assert one["min_years"] == 4
    assert one["employment_type"] == "contract"
    assert (one["salary_yearly_min"], one["salary_yearly_max"]) == (130_000, 169_000)
    assert two["visa_sponsorship"] is None
    assert two["remote_regions"] == []
    assert two["min_years"] is None
    assert get_posting(db, int(one["id"]))["remote_regions"] == ["EU", "UTC+01:00"]  # type: ignore[index]
    # A better reading of the same text (a fact changes) refreshes the stored row.
    again = upsert_postings(
        db,
        "greenhouse",
        "acme",
        [replace(stated, visa_sponsorship=True, content_hash=""), unstated],
        T0,
    )
    assert again.updated == 1
    assert list_postings(db)[0]["visa_sponsorship"] is True


def test_an_over_long_link_is_stored_as_no_link_rather_than_cut(db: Database) -> None:
    long_url = "https://x.test/" + "a" * 3_000
    upsert_postings(db, "greenhouse", "acme", [job("1", url=long_url), job("2")], T0)
    rows = {row["source_id"]: row for row in list_postings(db)}
    assert rows["1"]["url"] == ""  # a cut link would look valid and lead somewhere wrong
    assert rows["2"]["url"] == "https://x.test/2"
