"""Quizzes: per-server settings and questions, solo questions asked, attempts, spaced-repetition
cards, streaks, group rounds with their questions and answers, and reported questions.

Ownership decides the cascades:
- member-owned rows (asks, attempts, cards, streaks, round answers) cascade from `members`, so
  erasing a member erases their whole quiz history in one DELETE;
- server-owned rows (settings, channel switches, own questions, rounds, reports) cascade from
  `guilds`. A report outlives its reporter: the reporter id becomes NULL.

Times are UTC ISO-8601 text with microseconds (fixed width), so comparing text compares time.
A running round is unique per channel (partial unique index): the database, not memory,
enforces "one round per channel at a time", also across a restart.

Leaderboards read `quiz_totals` (all time) and `quiz_weekly` (per calendar week in the
server's time zone), kept up to date in the same transaction as each attempt and indexed by
score, so the top ten and a member's rank are index range reads instead of a GROUP BY over
every attempt a server ever made.
"""

SQL = """
CREATE TABLE quiz_settings (
    guild_id INTEGER PRIMARY KEY REFERENCES guilds(guild_id) ON DELETE CASCADE,
    default_on INTEGER NOT NULL DEFAULT 1 CHECK (default_on IN (0, 1)),
    round_questions INTEGER NOT NULL DEFAULT 5,
    round_seconds INTEGER NOT NULL DEFAULT 20,
    solo_seconds INTEGER NOT NULL DEFAULT 60,
    repeat_days INTEGER NOT NULL DEFAULT 7,
    updated_at TEXT NOT NULL
);

CREATE TABLE quiz_channels (
    guild_id INTEGER NOT NULL REFERENCES guilds(guild_id) ON DELETE CASCADE,
    channel_id INTEGER NOT NULL,
    enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
) WITHOUT ROWID;

CREATE TABLE guild_questions (
    question_id TEXT PRIMARY KEY,
    guild_id INTEGER NOT NULL REFERENCES guilds(guild_id) ON DELETE CASCADE,
    step TEXT NOT NULL,
    topic TEXT NOT NULL,
    difficulty INTEGER NOT NULL CHECK (difficulty BETWEEN 1 AND 3),
    stem TEXT NOT NULL,
    answer TEXT NOT NULL,
    distractors TEXT NOT NULL,
    explanation TEXT NOT NULL,
    author_id INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX guild_questions_by_guild ON guild_questions (guild_id);

CREATE TABLE quiz_asks (
    ask_id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL REFERENCES members(user_id) ON DELETE CASCADE,
    guild_id INTEGER NOT NULL REFERENCES guilds(guild_id) ON DELETE CASCADE,
    channel_id INTEGER NOT NULL,
    message_id INTEGER,
    mode TEXT NOT NULL CHECK (mode IN ('play', 'review')),
    step TEXT,
    difficulty INTEGER,
    question_id TEXT NOT NULL,
    option_order TEXT NOT NULL,
    asked_at TEXT NOT NULL,
    deadline TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'answered', 'expired', 'stopped')),
    choice INTEGER,
    answered_at TEXT
);
CREATE INDEX quiz_asks_by_user ON quiz_asks (user_id, ask_id);
CREATE INDEX quiz_asks_open ON quiz_asks (deadline) WHERE status = 'open';
CREATE INDEX quiz_asks_by_session ON quiz_asks (session_id);

CREATE TABLE quiz_rounds (
    round_id INTEGER PRIMARY KEY,
    guild_id INTEGER NOT NULL REFERENCES guilds(guild_id) ON DELETE CASCADE,
    channel_id INTEGER NOT NULL,
    starter_id INTEGER NOT NULL,
    question_count INTEGER NOT NULL,
    seconds INTEGER NOT NULL,
    step TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'stopped', 'abandoned')),
    current_index INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    finished_at TEXT,
    end_note TEXT
);
CREATE UNIQUE INDEX quiz_rounds_one_per_channel ON quiz_rounds (channel_id)
    WHERE status = 'running';
CREATE INDEX quiz_rounds_by_guild ON quiz_rounds (guild_id, round_id);

CREATE TABLE quiz_round_questions (
    round_id INTEGER NOT NULL REFERENCES quiz_rounds(round_id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    option_order TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'posting', 'open', 'closed', 'cancelled')),
    claimed_by TEXT,
    claimed_at TEXT,
    message_id INTEGER,
    deadline TEXT,
    PRIMARY KEY (round_id, idx)
);

CREATE TABLE quiz_round_answers (
    round_id INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    user_id INTEGER NOT NULL REFERENCES members(user_id) ON DELETE CASCADE,
    choice INTEGER NOT NULL,
    answered_at TEXT NOT NULL,
    changes INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, idx, user_id),
    FOREIGN KEY (round_id, idx) REFERENCES quiz_round_questions(round_id, idx) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE quiz_attempts (
    attempt_id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES members(user_id) ON DELETE CASCADE,
    guild_id INTEGER NOT NULL REFERENCES guilds(guild_id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    step TEXT NOT NULL,
    difficulty INTEGER NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('play', 'review', 'round')),
    correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
    repeat INTEGER NOT NULL CHECK (repeat IN (0, 1)),
    points INTEGER NOT NULL,
    seconds REAL,
    ask_id INTEGER REFERENCES quiz_asks(ask_id) ON DELETE SET NULL,
    round_id INTEGER REFERENCES quiz_rounds(round_id) ON DELETE SET NULL,
    round_idx INTEGER,
    answered_at TEXT NOT NULL
);
CREATE INDEX quiz_attempts_by_user_question ON quiz_attempts (user_id, question_id, answered_at);
CREATE INDEX quiz_attempts_by_guild ON quiz_attempts (guild_id, answered_at);
CREATE INDEX quiz_attempts_by_round ON quiz_attempts (round_id) WHERE round_id IS NOT NULL;

CREATE TABLE quiz_totals (
    guild_id INTEGER NOT NULL REFERENCES guilds(guild_id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES members(user_id) ON DELETE CASCADE,
    points INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    answered INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id)
) WITHOUT ROWID;
CREATE INDEX quiz_totals_rank ON quiz_totals (guild_id, points DESC, correct DESC, user_id);

CREATE TABLE quiz_weekly (
    guild_id INTEGER NOT NULL REFERENCES guilds(guild_id) ON DELETE CASCADE,
    week TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES members(user_id) ON DELETE CASCADE,
    points INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    answered INTEGER NOT NULL,
    PRIMARY KEY (guild_id, week, user_id)
) WITHOUT ROWID;
CREATE INDEX quiz_weekly_rank ON quiz_weekly (guild_id, week, points DESC, correct DESC, user_id);

CREATE TABLE quiz_cards (
    user_id INTEGER NOT NULL REFERENCES members(user_id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    card TEXT NOT NULL,
    due TEXT NOT NULL,
    reviews INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, question_id)
) WITHOUT ROWID;
CREATE INDEX quiz_cards_due ON quiz_cards (user_id, due);

CREATE TABLE quiz_streaks (
    user_id INTEGER PRIMARY KEY REFERENCES members(user_id) ON DELETE CASCADE,
    current INTEGER NOT NULL,
    best INTEGER NOT NULL,
    last_date TEXT NOT NULL
);

CREATE TABLE quiz_reports (
    report_id INTEGER PRIMARY KEY,
    guild_id INTEGER NOT NULL REFERENCES guilds(guild_id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    reporter_id INTEGER REFERENCES members(user_id) ON DELETE SET NULL,
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL,
    resolved_at TEXT
);
CREATE UNIQUE INDEX quiz_reports_once ON quiz_reports (guild_id, question_id, reporter_id)
    WHERE resolved_at IS NULL;
CREATE INDEX quiz_reports_open ON quiz_reports (guild_id, created_at) WHERE resolved_at IS NULL;
"""
