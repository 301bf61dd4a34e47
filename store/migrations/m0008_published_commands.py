"""What slash commands were last published, per application and scope, so a restart with an
unchanged command tree costs no sync call. guild_id 0 is the global scope."""

SQL = """
CREATE TABLE published_commands (
    application_id INTEGER NOT NULL,
    guild_id INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    command_count INTEGER NOT NULL,
    published_at TEXT NOT NULL,
    PRIMARY KEY (application_id, guild_id)
) WITHOUT ROWID;
"""
