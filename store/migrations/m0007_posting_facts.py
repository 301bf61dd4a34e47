"""Facts read from every posting, and the member preferences that filter on them.

- postings gain visa_sponsorship (1, 0 or NULL for not stated), remote_regions (a JSON list of
  ISO country codes, region names and UTC offsets), min_years, and the salary as yearly amounts
  in its own currency, so a minimum-salary filter compares like with like in SQL or Python.
- member_preferences: where a member can work, whether they need sponsorship, their years of
  experience, a minimum yearly salary with its currency, and the employment types they accept.
  NULL or an empty list means "no preference"; the row cascades from members, so
  `/profile delete` removes it with everything else.
"""

SQL = """
ALTER TABLE postings ADD COLUMN visa_sponsorship INTEGER
    CHECK (visa_sponsorship IS NULL OR visa_sponsorship IN (0, 1));
ALTER TABLE postings ADD COLUMN remote_regions TEXT NOT NULL DEFAULT '[]';
ALTER TABLE postings ADD COLUMN min_years INTEGER;
ALTER TABLE postings ADD COLUMN salary_yearly_min REAL;
ALTER TABLE postings ADD COLUMN salary_yearly_max REAL;

CREATE TABLE member_preferences (
    user_id INTEGER PRIMARY KEY REFERENCES members(user_id) ON DELETE CASCADE,
    work_regions TEXT NOT NULL DEFAULT '[]',
    needs_visa INTEGER CHECK (needs_visa IS NULL OR needs_visa IN (0, 1)),
    years INTEGER CHECK (years IS NULL OR years BETWEEN 0 AND 60),
    min_salary REAL CHECK (min_salary IS NULL OR min_salary >= 0),
    salary_currency TEXT,
    employment_types TEXT NOT NULL DEFAULT '[]',
    updated_at TEXT NOT NULL,
    CHECK ((min_salary IS NULL) = (salary_currency IS NULL))
);
"""
