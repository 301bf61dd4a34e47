"""Job matching: member profiles, skills read from postings, matches, alert settings, digests.

Member-owned rows (profile, skills, matches, alert settings, digests, sent alerts) reference
`members(user_id)` with ON DELETE CASCADE, so `/profile delete` is one DELETE of the member row.
Posting-side rows cascade from `postings(id)`.

- posting_extractions: which content hash of a posting was read, so only new or changed postings
  are extracted again; posting_skills holds each skill once at its strongest level.
- matches: (member, posting) pairs at or above the matcher's floor, with the explanation shown.
- alert_digests / sent_alerts: a digest is claimed (its rows inserted) before the DM is sent;
  the primary key (user_id, posting_id) of sent_alerts is what makes "never twice" hold across
  restarts and processes.
"""

SQL = """
CREATE TABLE profiles (
    user_id INTEGER PRIMARY KEY REFERENCES members(user_id) ON DELETE CASCADE,
    experience TEXT CHECK (
        experience IS NULL OR experience IN
        ('intern', 'junior', 'mid', 'senior', 'lead', 'staff', 'principal', 'head')
    ),
    location TEXT,
    remote TEXT NOT NULL DEFAULT 'any' CHECK (remote IN ('remote', 'hybrid', 'onsite', 'any')),
    target_roles TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);

CREATE TABLE profile_skills (
    user_id INTEGER NOT NULL REFERENCES members(user_id) ON DELETE CASCADE,
    skill_id TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (user_id, skill_id)
) WITHOUT ROWID;

CREATE TABLE posting_extractions (
    posting_id INTEGER PRIMARY KEY REFERENCES postings(id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,
    seniority TEXT,
    years_min INTEGER,
    years_max INTEGER,
    mentions INTEGER NOT NULL DEFAULT 0,
    extracted_at TEXT NOT NULL
);

CREATE TABLE posting_skills (
    posting_id INTEGER NOT NULL REFERENCES postings(id) ON DELETE CASCADE,
    skill_id TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('required', 'preferred', 'unknown')),
    PRIMARY KEY (posting_id, skill_id)
) WITHOUT ROWID;

CREATE TABLE matches (
    user_id INTEGER NOT NULL REFERENCES members(user_id) ON DELETE CASCADE,
    posting_id INTEGER NOT NULL REFERENCES postings(id) ON DELETE CASCADE,
    score REAL NOT NULL,
    explanation TEXT NOT NULL,
    found_at TEXT NOT NULL,
    PRIMARY KEY (user_id, posting_id)
) WITHOUT ROWID;
CREATE INDEX matches_by_posting ON matches (posting_id);

CREATE TABLE alert_settings (
    user_id INTEGER PRIMARY KEY REFERENCES members(user_id) ON DELETE CASCADE,
    enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    threshold INTEGER NOT NULL DEFAULT 60 CHECK (threshold BETWEEN 0 AND 100),
    frequency TEXT NOT NULL DEFAULT 'daily' CHECK (frequency IN ('hours', 'daily', 'weekly')),
    every_hours INTEGER NOT NULL DEFAULT 6 CHECK (every_hours BETWEEN 1 AND 24),
    digest_time TEXT NOT NULL DEFAULT '09:00',
    quiet_start TEXT,
    quiet_end TEXT,
    paused_until TEXT,
    guild_id INTEGER,
    last_digest_at TEXT,
    dm_closed_at TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX alert_settings_enabled ON alert_settings (user_id) WHERE enabled = 1;

CREATE TABLE alert_digests (
    digest_id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES members(user_id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('claimed', 'sent')),
    claimed_by TEXT NOT NULL,
    claimed_at TEXT NOT NULL,
    sent_at TEXT,
    channel_id INTEGER,
    message_id INTEGER
);
CREATE INDEX alert_digests_claimed ON alert_digests (claimed_by) WHERE status = 'claimed';
CREATE INDEX alert_digests_user ON alert_digests (user_id);

CREATE TABLE sent_alerts (
    user_id INTEGER NOT NULL REFERENCES members(user_id) ON DELETE CASCADE,
    posting_id INTEGER NOT NULL REFERENCES postings(id) ON DELETE CASCADE,
    digest_id INTEGER NOT NULL REFERENCES alert_digests(digest_id) ON DELETE CASCADE,
    score REAL NOT NULL,
    PRIMARY KEY (user_id, posting_id)
) WITHOUT ROWID;
CREATE INDEX sent_alerts_digest ON sent_alerts (digest_id);
"""
