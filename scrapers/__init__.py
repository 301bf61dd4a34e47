"""Polite HTTP fetching and parsing of public job postings into normalised records."""
