"""Servers and members: the two identities every later table hangs off."""

SQL = """
CREATE TABLE guilds (
    guild_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    joined_at TEXT NOT NULL,
    left_at TEXT
);

CREATE TABLE members (
    user_id INTEGER PRIMARY KEY,
    timezone TEXT,
    created_at TEXT NOT NULL
);
"""
