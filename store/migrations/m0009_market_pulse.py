"""The weekly market pulse: each server's schedule for it and its posts.

- guild_pulse_settings: channel, weekday (0 = Monday), local time and IANA zone, on/off.
- pulse_posts: one row per server and local date of the weekly slot, claimed before the message
  is sent, exactly like daily_tip_posts (store.daily_tips holds the claim statements for both).
"""

SQL = """
CREATE TABLE guild_pulse_settings (
    guild_id INTEGER PRIMARY KEY REFERENCES guilds(guild_id) ON DELETE CASCADE,
    channel_id INTEGER,
    weekday INTEGER NOT NULL DEFAULT 0 CHECK (weekday BETWEEN 0 AND 6),
    post_time TEXT NOT NULL DEFAULT '09:00',
    timezone TEXT NOT NULL DEFAULT 'UTC',
    enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    updated_at TEXT NOT NULL
);
CREATE TABLE pulse_posts (
    guild_id INTEGER NOT NULL REFERENCES guilds(guild_id) ON DELETE CASCADE,
    local_date TEXT NOT NULL,
    slot_utc TEXT NOT NULL,
    channel_id INTEGER NOT NULL,
    claimed_at TEXT NOT NULL,
    claimed_by TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'failed')),
    message_id INTEGER,
    error TEXT,
    finished_at TEXT,
    PRIMARY KEY (guild_id, local_date)
);
"""
