"""Matches grow with members + postings: each member's best matches and what waits for a digest.

- matches: no explanation any more (it is computed when a match is shown) and a `kept` flag:
  1 for the member's kept best matches (an exact prefix of their ranking, see matcher.kept),
  0 for a pair that only waits for the member's next digest. Old rows that wait for a digest
  are carried over as waiting; the worker writes everyone's kept matches at its first start.
  `posted` (the posting's date as a timestamp) lets a page be read in the index's order.
- match_state: per member, whether the kept matches are all of the member's matches
  (`complete`); readers that need more than a kept prefix holds scan for that member instead.
- match_queue: profile changes made through the bot, for the worker to re-score (one row per
  member; a newer change replaces the row and gets a new `seq`).
- worker_status: what each matching worker process is doing, for operators and tests.
- posting_skills_by_skill: the skill -> postings index an exact one-member scan reads.
"""

SQL = """
CREATE TABLE matches_kept (
    user_id INTEGER NOT NULL REFERENCES members(user_id) ON DELETE CASCADE,
    posting_id INTEGER NOT NULL REFERENCES postings(id) ON DELETE CASCADE,
    score REAL NOT NULL,
    kept INTEGER NOT NULL DEFAULT 1 CHECK (kept IN (0, 1)),
    posted REAL,
    PRIMARY KEY (user_id, posting_id)
) WITHOUT ROWID;

INSERT INTO matches_kept (user_id, posting_id, score, kept)
SELECT m.user_id, m.posting_id, m.score, 0
FROM matches m JOIN alert_settings a ON a.user_id = m.user_id
WHERE a.enabled = 1 AND m.score >= a.threshold
AND NOT EXISTS (
    SELECT 1 FROM sent_alerts s WHERE s.user_id = m.user_id AND s.posting_id = m.posting_id
);

DROP TABLE matches;
ALTER TABLE matches_kept RENAME TO matches;
CREATE INDEX matches_by_posting ON matches (posting_id);

CREATE TABLE match_state (
    user_id INTEGER PRIMARY KEY REFERENCES members(user_id) ON DELETE CASCADE,
    complete INTEGER NOT NULL CHECK (complete IN (0, 1)),
    updated_at TEXT NOT NULL
);

CREATE TABLE match_queue (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL UNIQUE REFERENCES members(user_id) ON DELETE CASCADE,
    queued_at TEXT NOT NULL
);

CREATE TABLE worker_status (
    pid INTEGER PRIMARY KEY,
    phase TEXT NOT NULL,
    members INTEGER NOT NULL DEFAULT 0,
    postings INTEGER NOT NULL DEFAULT 0,
    pairs INTEGER NOT NULL DEFAULT 0,
    started_at TEXT,
    ready_at TEXT,
    updated_at TEXT NOT NULL
);

CREATE INDEX posting_skills_by_skill ON posting_skills (skill_id, posting_id, level);
"""
