"""Roadmap progress, tips seen, server settings, the server's own tips and daily-tip posts.

Member-owned rows cascade from `members`, server-owned rows from `guilds`, so erasing a member
or a server is one DELETE.
"""

SQL = """
CREATE TABLE topic_progress (
    user_id INTEGER NOT NULL REFERENCES members(user_id) ON DELETE CASCADE,
    topic_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('done', 'learning', 'skipped')),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, topic_id)
) WITHOUT ROWID;

CREATE TABLE tips_seen (
    user_id INTEGER NOT NULL REFERENCES members(user_id) ON DELETE CASCADE,
    tip_id TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (user_id, tip_id)
) WITHOUT ROWID;

CREATE TABLE guild_settings (
    guild_id INTEGER PRIMARY KEY REFERENCES guilds(guild_id) ON DELETE CASCADE,
    tip_channel_id INTEGER,
    tip_time TEXT NOT NULL DEFAULT '09:00',
    timezone TEXT NOT NULL DEFAULT 'UTC',
    tip_days INTEGER NOT NULL DEFAULT 127,
    tips_enabled INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);

CREATE TABLE guild_tips (
    tip_id TEXT PRIMARY KEY,
    guild_id INTEGER NOT NULL REFERENCES guilds(guild_id) ON DELETE CASCADE,
    step TEXT NOT NULL,
    topic TEXT,
    text TEXT NOT NULL,
    author_id INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX guild_tips_by_guild ON guild_tips (guild_id);

CREATE TABLE daily_tip_posts (
    guild_id INTEGER NOT NULL REFERENCES guilds(guild_id) ON DELETE CASCADE,
    local_date TEXT NOT NULL,
    slot_utc TEXT NOT NULL,
    tip_id TEXT NOT NULL,
    channel_id INTEGER NOT NULL,
    claimed_at TEXT NOT NULL,
    claimed_by TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'failed')),
    message_id INTEGER,
    error TEXT,
    finished_at TEXT,
    PRIMARY KEY (guild_id, local_date)
);
CREATE INDEX daily_tip_posts_by_tip ON daily_tip_posts (guild_id, tip_id);
"""
