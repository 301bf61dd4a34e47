"""The evaluation on postings written by others: a labelled corpus, its scorer and a baseline.

`python -m tests.eval` prints precision and recall by mention for the project's extraction and
for a naive list of common skill names, overall, per section and per role family.
"""
