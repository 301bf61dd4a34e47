"""Job sources and postings: what was scraped, from where, when, and how each run went.

- sources: boards added at run time (`archbot sources add`) and overrides of the shipped file
  (a row with enabled = 0 switches a shipped source off).
- postings: one row per (kind, key, source_id); closed_at set when a complete fetch no longer
  lists it. changed_at moves when the content hash changes, so the matcher re-reads only those.
- posting_links: a cross-source duplicate pointing at its canonical posting.
- http_cache: ETag / Last-Modified per URL, written in the same transaction as the postings
  they describe, so a crash can never leave a validator for data we do not have.
- scrape_runs: one row per source per run, with counts and the error.
- call_ledger: calls made under a daily allowance (Remotive), surviving restarts.
"""

SQL = """
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    company TEXT,
    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    settings TEXT NOT NULL DEFAULT '{}',
    added_at TEXT NOT NULL,
    UNIQUE (kind, key)
);

CREATE TABLE postings (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    source_id TEXT NOT NULL,
    url TEXT NOT NULL,
    title TEXT NOT NULL,
    company TEXT NOT NULL,
    company_norm TEXT NOT NULL,
    locations TEXT NOT NULL DEFAULT '[]',
    remote TEXT NOT NULL CHECK (remote IN ('remote', 'hybrid', 'onsite', 'unknown')),
    employment_type TEXT,
    seniority TEXT,
    salary_min REAL,
    salary_max REAL,
    salary_currency TEXT,
    salary_period TEXT,
    posted_at TEXT,
    description TEXT NOT NULL DEFAULT '',
    attribution TEXT,
    content_hash TEXT NOT NULL,
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    closed_at TEXT,
    UNIQUE (kind, key, source_id)
);
CREATE INDEX postings_open ON postings (kind, key) WHERE closed_at IS NULL;
CREATE INDEX postings_company ON postings (company_norm) WHERE closed_at IS NULL;
CREATE INDEX postings_changed ON postings (changed_at);
CREATE INDEX postings_url ON postings (url);

CREATE TABLE posting_links (
    posting_id INTEGER PRIMARY KEY REFERENCES postings (id) ON DELETE CASCADE,
    canonical_id INTEGER NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
    score REAL NOT NULL,
    linked_at TEXT NOT NULL,
    CHECK (posting_id != canonical_id)
);
CREATE INDEX posting_links_canonical ON posting_links (canonical_id);

CREATE TABLE http_cache (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    updated_at TEXT NOT NULL
);

CREATE TABLE scrape_runs (
    id INTEGER PRIMARY KEY,
    run_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL CHECK (
        status IN ('running', 'ok', 'unchanged', 'failed', 'skipped', 'abandoned')
    ),
    pages INTEGER NOT NULL DEFAULT 0,
    seen INTEGER NOT NULL DEFAULT 0,
    new INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    closed INTEGER NOT NULL DEFAULT 0,
    error TEXT
);
CREATE INDEX scrape_runs_source ON scrape_runs (kind, key, started_at);
CREATE INDEX scrape_runs_run ON scrape_runs (run_id);

CREATE TABLE call_ledger (
    id INTEGER PRIMARY KEY,
    scope TEXT NOT NULL,
    called_at REAL NOT NULL
);
CREATE INDEX call_ledger_scope ON call_ledger (scope, called_at);
"""
