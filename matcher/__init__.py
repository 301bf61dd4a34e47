"""Skills taxonomy, extraction from postings, profile normalisation, scoring and alert selection."""
