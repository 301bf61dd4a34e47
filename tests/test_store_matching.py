"""Profiles, read postings, matches and alerts in SQLite: replace and add, incremental match
writes, pending selection by threshold, claims that make "never twice" hold, releases, closed
DMs, stale claims, and erasing a member."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from scrapers.posting import Posting
from store import Database, close_missing, link_duplicates, members, profiles, upsert_postings
from store import alerts as al
from store import extractions as ex
from store import matches as mt
from store.matches import KeptSet

T0 = datetime(2026, 6, 1, 12, tzinfo=UTC)


def posting(sid: str, title: str = "ML Engineer", **kw: object) -> Posting:
    base: dict[str, object] = {
        "kind": "greenhouse",
        "key": "acme",
        "source_id": sid,
        "url": f"https://x.test/{sid}",
        "title": f"{title} {sid}",
        "company": f"Acme {sid}",
        "remote": "remote",
        "description": "Requirements\n- Python\n",
    }
    base.update(kw)
    return Posting(**base)  # type: ignore[arg-type]


def seed(db: Database, count: int = 3) -> list[int]:
    result = upsert_postings(db, "greenhouse", "acme", [posting(str(n)) for n in range(count)], T0)
    return result.changed_ids


def test_profile_save_replaces_and_add_remove(db: Database) -> None:
    assert profiles.get_profile(db, 1) is None
    profiles.save_profile(
        db,
        1,
        skills=["python", "pytorch"],
        experience="senior",
        location="Berlin",
        remote="hybrid",
        target_roles="ML engineer",
        now=T0,
    )
    profile = profiles.get_profile(db, 1)
    assert profile is not None
    assert profile.skills == ("python", "pytorch")
    assert (profile.experience, profile.location, profile.remote) == ("senior", "Berlin", "hybrid")
    profiles.save_profile(
        db,
        1,
        skills=["rust"],
        experience=None,
        location=None,
        remote="any",
        target_roles="",
        now=T0,
    )
    assert profiles.get_profile(db, 1).skills == ("rust",)  # type: ignore[union-attr]
    assert profiles.add_skills(db, 1, ["rust", "go"], T0) == ["go"]
    assert profiles.remove_skill(db, 1, "rust", T0)
    assert not profiles.remove_skill(db, 1, "rust", T0)
    assert profiles.add_skills(db, 2, ["sql"], T0) == ["sql"]  # creates an empty profile
    assert [p.user_id for p in profiles.all_profiles(db)] == [1, 2]


def test_profile_refuses_unknown_levels(db: Database) -> None:
    with pytest.raises(ValueError, match="experience"):
        profiles.save_profile(
            db,
            1,
            skills=[],
            experience="wizard",
            location=None,
            remote="any",
            target_roles="",
            now=T0,
        )
    with pytest.raises(ValueError, match="remote"):
        profiles.save_profile(
            db,
            1,
            skills=[],
            experience=None,
            location=None,
            remote="moon",
            target_roles="",
            now=T0,
        )
    assert profiles.get_profile(db, 1) is None


def test_only_new_changed_open_canonical_postings_need_reading(db: Database) -> None:
    ids = seed(db)
    todo = ex.postings_to_extract(db)
    assert [t.id for t in todo] == ids
    ex.save_extractions(
        db,
        [ex.ExtractedSkills(t.id, t.content_hash, {"python": "required"}, None) for t in todo],
        T0,
    )
    assert ex.postings_to_extract(db) == []
    assert ex.matchable_ids(db) == set(ids)
    facts = ex.stored_facts(db, ids)
    assert [f.skills for f in facts] == [{"python": "required"}] * 3
    # an edit makes it unread (and not matchable until read again); a closure drops it
    upsert_postings(
        db,
        "greenhouse",
        "acme",
        [posting("0", description="Requirements\n- Rust\n"), posting("1"), posting("2")],
        T0,
    )
    assert [t.id for t in ex.postings_to_extract(db)] == [ids[0]]
    assert ex.matchable_ids(db) == {ids[1], ids[2]}
    close_missing(db, "greenhouse", "acme", ["0", "2"], T0)
    assert ex.matchable_ids(db) == {ids[2]}


def test_duplicates_of_another_source_are_not_matchable(db: Database) -> None:
    first = upsert_postings(db, "greenhouse", "acme", [posting("1", company="Acme")], T0)
    other = posting("1", company="Acme", kind="lever", key="acme-lever")
    second = upsert_postings(db, "lever", "acme-lever", [other], T0 + timedelta(hours=1))
    assert link_duplicates(db, second.changed_ids, T0) == 1
    assert [t.id for t in ex.postings_to_extract(db)] == first.changed_ids


def test_match_writes_are_incremental(db: Database) -> None:
    ids = seed(db)
    for user in (1, 2):
        members.ensure_member(db, user, T0)
    mt.apply_kept_changes(db, [(1, ids[0], 80.0, None), (2, ids[1], 70.0, None)], [], [])
    assert mt.match_scores(db) == {(1, ids[0]): 80.0, (2, ids[1]): 70.0}
    written = mt.replace_kept(db, [KeptSet(1, [(ids[2], 90.0, None)], complete=True)], T0)
    assert written == 1
    assert mt.match_scores(db) == {(1, ids[2]): 90.0, (2, ids[1]): 70.0}
    assert mt.match_state(db, 1) is True
    assert mt.match_state(db, 2) is None  # never written by the worker: readers scan
    # unchanged rows are not written again
    assert mt.replace_kept(db, [KeptSet(1, [(ids[2], 90.0, None)], complete=False)], T0) == 0
    assert mt.match_state(db, 1) is False
    mt.apply_kept_changes(db, [], [(2, ids[1])], [])
    assert mt.match_scores(db) == {(1, ids[2]): 90.0}
    # a member erased meanwhile is skipped, not an error
    mt.apply_kept_changes(db, [(99, ids[0], 50.0, None)], [], [(99, ids[1], 60.0, None)])
    assert (99, ids[0]) not in mt.match_scores(db, kept_only=False)
    assert mt.drop_posting_matches(db, [ids[2]]) == 1


def test_trimmed_pairs_still_owed_a_digest_keep_waiting(db: Database) -> None:
    ids = seed(db)
    members.ensure_member(db, 1, T0)
    al.update_alert_settings(db, 1, T0, {"enabled": True, "threshold": 60})
    mt.apply_kept_changes(
        db, [(1, ids[0], 80.0, None), (1, ids[1], 50.0, None)], [], [(1, ids[2], 65.0, None)]
    )
    assert mt.match_scores(db) == {(1, ids[0]): 80.0, (1, ids[1]): 50.0}
    assert al.pending_alerts(db, 1, 60, limit=5)[1] == 2  # kept 80 and waiting 65
    mt.apply_kept_changes(db, [], [(1, ids[0]), (1, ids[1])], [])
    # 80 still waits for a digest; 50 is under the threshold and goes
    assert mt.match_scores(db, kept_only=False) == {(1, ids[0]): 80.0, (1, ids[2]): 65.0}
    jobs, _ = al.pending_alerts(db, 1, 60, limit=5)
    claim = al.claim_digest(db, 1, jobs, "a", T0)
    assert claim is not None
    assert mt.forget_sent_waiting(db) == 2
    assert mt.match_scores(db, kept_only=False) == {}


def test_the_worker_queue_keeps_the_latest_change(db: Database) -> None:
    members.ensure_member(db, 1, T0)
    members.ensure_member(db, 2, T0)
    mt.queue_member(db, 1, T0)
    [(first, _)] = mt.queued_members(db)
    mt.queue_member(db, 2, T0)
    mt.queue_member(db, 1, T0)  # changed again: one entry, a newer sequence number
    queued = mt.queued_members(db)
    assert [u for _s, u in queued] == [2, 1]
    seq_of_1 = {u: s for s, u in queued}[1]
    # the worker answers the first change after the second was queued: the second stays
    mt.replace_kept(db, [KeptSet(1, [], True, queue_seq=first)], T0)
    assert mt.is_queued(db, 1)  # an older entry's answer does not clear a newer change
    mt.replace_kept(db, [KeptSet(1, [], True, queue_seq=seq_of_1)], T0)
    assert not mt.is_queued(db, 1)
    assert mt.queue_length(db) == 1


def _matched(db: Database, scores: dict[int, float]) -> list[int]:
    ids = seed(db, len(scores))
    members.ensure_member(db, 1, T0)
    mt.replace_kept(db, [KeptSet(1, [(ids[i], s, None) for i, s in scores.items()], True)], T0)
    return ids


def test_pending_respects_threshold_and_order(db: Database) -> None:
    ids = _matched(db, {0: 55.0, 1: 90.0, 2: 75.0})
    jobs, total = al.pending_alerts(db, 1, 60, limit=5)
    assert [j.posting_id for j in jobs] == [ids[1], ids[2]]
    assert total == 2
    jobs, total = al.pending_alerts(db, 1, 60, limit=1)
    assert ([j.posting_id for j in jobs], total) == ([ids[1]], 2)


def test_claim_makes_never_twice_hold(db: Database) -> None:
    ids = _matched(db, {0: 80.0, 1: 90.0})
    jobs, _ = al.pending_alerts(db, 1, 50, limit=5)
    claim = al.claim_digest(db, 1, jobs, "a", T0)
    assert claim is not None
    digest_id, claimed = claim
    assert sorted(claimed) == sorted(ids)
    # a second claimer racing with the same selection gets nothing
    assert al.claim_digest(db, 1, jobs, "b", T0) is None
    assert al.pending_alerts(db, 1, 50, limit=5) == ([], 0)
    al.finish_digest(db, digest_id, 10, 20, T0)
    assert al.get_alert_settings(db, 1).last_digest_at == T0.isoformat()
    assert al.digest_count(db, 1) == 1
    assert al.sent_posting_ids(db, 1) == set(ids)


def test_release_and_closed_postings(db: Database) -> None:
    ids = _matched(db, {0: 80.0, 1: 90.0})
    jobs, _ = al.pending_alerts(db, 1, 50, limit=5)
    claim = al.claim_digest(db, 1, jobs, "a", T0)
    assert claim is not None
    al.release_digest(db, claim[0])
    assert al.pending_alerts(db, 1, 50, limit=5)[1] == 2  # back to pending
    close_missing(db, "greenhouse", "acme", ["1"], T0)  # posting "0" closed
    jobs_after, total = al.pending_alerts(db, 1, 50, limit=5)
    assert ([j.posting_id for j in jobs_after], total) == ([ids[1]], 1)
    # selected before the closure, claimed after it: the closed one is left out
    claim = al.claim_digest(db, 1, jobs, "a", T0)
    assert claim is not None
    assert claim[1] == [ids[1]]


def test_closed_dms_and_stale_claims(db: Database) -> None:
    _matched(db, {0: 80.0})
    al.update_alert_settings(db, 1, T0, {"enabled": True, "threshold": 50})
    assert [c.settings.user_id for c in al.alert_candidates(db, T0)] == [1]
    jobs, _ = al.pending_alerts(db, 1, 50, limit=5)
    claim = al.claim_digest(db, 1, jobs, "old-process", T0)
    assert claim is not None
    later = T0 + timedelta(minutes=11)
    assert [c.digest_id for c in al.stale_claims(db, "new-process", later)] == [claim[0]]
    assert al.stale_claims(db, "new-process", T0) == []  # maybe still in flight
    assert al.stale_claims(db, "old-process", later) == []
    al.mark_dms_closed(db, 1, claim[0], T0)
    assert al.dms_closed_at(db, 1) == T0.isoformat()
    assert al.alert_candidates(db, T0) == []  # not retried
    assert al.pending_alerts(db, 1, 50, limit=5)[1] == 1  # released
    assert al.take_dms_closed(db, 1) == T0.isoformat()
    assert al.take_dms_closed(db, 1) is None
    al.restore_dms_closed(db, 1, T0.isoformat())
    assert al.dms_closed_at(db, 1) == T0.isoformat()


def test_candidates_skip_paused_off_and_nothing_pending(db: Database) -> None:
    _matched(db, {0: 40.0})
    al.update_alert_settings(db, 1, T0, {"enabled": True, "threshold": 50})
    assert al.alert_candidates(db, T0) == []  # below the threshold
    al.update_alert_settings(db, 1, T0, {"threshold": 30})
    assert len(al.alert_candidates(db, T0)) == 1
    al.update_alert_settings(db, 1, T0, {"paused_until": (T0 + timedelta(days=1)).isoformat()})
    assert al.alert_candidates(db, T0) == []
    assert len(al.alert_candidates(db, T0 + timedelta(days=2))) == 1
    al.update_alert_settings(db, 1, T0, {"enabled": False})
    assert al.alert_candidates(db, T0 + timedelta(days=2)) == []
    with pytest.raises(ValueError, match="unknown alert settings"):
        al.update_alert_settings(db, 1, T0, {"user_id": 2})
    with pytest.raises(ValueError, match="frequency"):
        al.update_alert_settings(db, 1, T0, {"frequency": "hourly"})


def test_member_zone_falls_back_to_server_then_utc(db: Database) -> None:
    from store import guilds

    members.ensure_member(db, 1, T0)
    assert al.member_zone(db, 1, None) == ("UTC", "default")
    guilds.ensure_guild(db, 5, "S", T0)
    guilds.update_guild_settings(db, 5, "S", T0, timezone="Asia/Tokyo")
    assert al.member_zone(db, 1, 5) == ("Asia/Tokyo", "the server's")
    members.set_member_timezone(db, 1, "Europe/Paris", T0)
    assert al.member_zone(db, 1, 5) == ("Europe/Paris", "yours")


def test_erasing_a_member_cascades_everywhere(db: Database) -> None:
    _matched(db, {0: 80.0})
    profiles.save_profile(
        db,
        1,
        skills=["python"],
        experience=None,
        location=None,
        remote="any",
        target_roles="",
        now=T0,
    )
    al.update_alert_settings(db, 1, T0, {"enabled": True})
    jobs, _ = al.pending_alerts(db, 1, 50, limit=5)
    assert al.claim_digest(db, 1, jobs, "a", T0) is not None
    assert members.erase_member(db, 1) == 1
    for table in (
        "profiles",
        "profile_skills",
        "matches",
        "match_state",
        "match_queue",
        "alert_settings",
        "alert_digests",
        "sent_alerts",
    ):
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    assert al.claim_digest(db, 1, jobs, "a", T0) is None
