"""Scrape runs say more than ok or failed: a warning an operator should see (a busy board that
suddenly lists nothing) and how many postings were left out because they could not be read."""

SQL = """
ALTER TABLE scrape_runs ADD COLUMN warning TEXT;
ALTER TABLE scrape_runs ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0;
"""
