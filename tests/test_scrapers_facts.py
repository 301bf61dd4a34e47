"""Each rule of the shared fact reader (scrapers/facts.py, scrapers/regions.py, the yearly
salary): visa true/false/unknown, remote regions, minimum years, employment types, salary
periods and currencies. Every kind goes through these same functions, so a rule shown here
holds for every board."""

from __future__ import annotations

import pytest

from scrapers.facts import (
    employment_from_label,
    employment_from_text,
    min_years_from_text,
    read_facts,
    visa_from_text,
)
from scrapers.facts_scope import offsets_in, remote_regions
from scrapers.posting import Salary
from scrapers.regions import contains, countries_in, country_code, region_names
from scrapers.salary import (
    currency_code,
    salary_from_range,
    salary_from_text,
    salary_in_description,
)


@pytest.mark.parametrize(
    "text",
    [
        "Visa sponsorship is available for this role.",
        "We sponsor visas and help with relocation.",
        "Visa possible for exceptional candidates",
        "We offer visa sponsorship and a relocation package.",
        "Happy to sponsor H-1B transfers.",
        "Relocation and visa support provided.",
        "Visa: yes",
        "Visa: we sponsor",
        "We can sponsor work permits for EU roles.",
    ],
)
def test_visa_offered_or_possible_is_true(text: str) -> None:
    assert visa_from_text(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "We are unable to sponsor visas for this position.",
        "No visa sponsorship.",
        "Candidates must be authorised to work in the UK.",
        "You must be legally authorized to work in the United States without sponsorship.",
        "We cannot sponsor work visas at this time.",
        "Sponsorship is not available for this role.",
        "Applicants must have the right to work in Germany.",
        "We do not offer visa sponsorship.",
        "Not open to candidates requiring visa sponsorship now or in the future.",
    ],
)
def test_visa_refused_or_right_to_work_required_is_false(text: str) -> None:
    assert visa_from_text(text) is False


@pytest.mark.parametrize(
    "text",
    [
        "We build developer tools in Berlin.",
        "Is the Berlin role open to visa sponsorship?",  # a question, not a statement
        "",
        "Our sponsors include several foundations.",
        "We sponsor two hackathons a year.",
        "You must be authorized to work in your country of residence.",
        "Must be legally authorised to work wherever you live.",
        "You must be able to work independently.",
    ],
)
def test_visa_not_stated_is_unknown(text: str) -> None:
    assert visa_from_text(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3-5 years of experience with Python", 3),
        ("5+ years of professional experience", 5),
        ("At least two years experience in ML", 2),
        ("Eleven years of experience leading data teams", 11),
        ("\u00b2 years in business", None),
        ("7+ yrs working with distributed systems; 3 years of experience with Go", 3),
        ("Minimum of 4 years in a similar role", 4),
        ("4+ years building iOS apps in Swift", 4),
        ("3+ years with Kubernetes in production", 3),
        ("We were founded 10 years ago and have 3 years of runway.", None),
        ("A 2 years fixed-term contract", None),
        ("No experience needed", None),
    ],
)
def test_min_years(text: str, expected: int | None) -> None:
    assert min_years_from_text(text) == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("FullTime", "full-time"),
        ("FULL_TIME", "full-time"),
        ("Permanent (Full-time)", "full-time"),
        ("fulltime_permanent", "full-time"),
        ("PartTime", "part-time"),
        ("part_time", "part-time"),
        ("CONTRACTOR", "contract"),
        ("Freelance", "contract"),
        ("Intern", "internship"),
        ("working_student", "internship"),
        ("TEMPORARY", "temporary"),
        ("Fixed-term", "temporary"),
        ({"id": "permanent", "label": "Full-time"}, "full-time"),
        (["FULL_TIME", "CONTRACTOR"], "full-time"),
        ("International", None),
        ("Other", None),
        (None, None),
        (42, None),
    ],
)
def test_employment_from_board_labels(label: object, expected: str | None) -> None:
    assert employment_from_label(label) == expected


def test_employment_from_title_and_text() -> None:
    assert employment_from_text("Contract ML Engineer", "") == "contract"
    assert employment_from_text("Machine Learning Intern", "") == "internship"
    assert employment_from_text("ML Engineer", "This is a contract role for 6 months.") == (
        "contract"
    )
    assert employment_from_text("ML Engineer", "A full-time position in Berlin.") == "full-time"
    assert employment_from_text("ML Engineer", "You will mentor our interns.") is None


def test_structured_employment_wins_over_text() -> None:
    facts = read_facts(
        title="ML Engineer",
        text="A full-time role.",
        remote="unknown",
        locations=[],
        employment_label="CONTRACTOR",
    )
    assert facts.employment_type == "contract"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Germany", "DE"),
        ("USA", "US"),
        ("United States", "US"),
        ("U.S.", "US"),
        ("United Kingdom", "GB"),
        ("UK", "GB"),
        ("Deutschland", "DE"),
        ("The Netherlands", "NL"),
        ("South Korea", "KR"),
        ("Texas", "US"),
        ("DE", "DE"),
        ("CA", None),  # California or Canada: not guessed
        ("PT", None),  # Pacific Time far more often than Portugal
        ("IT", None),
        ("Atlantis", None),
    ],
)
def test_country_codes(name: str, code: str | None) -> None:
    assert country_code(name) == code


def test_region_names_and_containment() -> None:
    assert region_names("Remote (EMEA)") == ["EMEA"]
    assert region_names("Europe") == ["Europe"]
    assert region_names("European Union") == ["EU"]
    assert region_names("Anywhere in the World") == ["Worldwide"]
    assert region_names("Latin America") == ["LATAM"]
    assert region_names("Remote - Eurasia") == []
    assert contains("EU", "DE")
    assert contains("Europe", "DE")
    assert contains("EMEA", "DE")
    assert contains("Europe", "EU")
    assert contains("EMEA", "Europe")
    assert contains("Worldwide", "JP")
    assert not contains("EU", "GB")
    assert not contains("EU", "CH")
    assert contains("Europe", "GB")
    assert not contains("North America", "BR")
    assert contains("Americas", "BR")
    assert contains("APAC", "AU")
    assert not contains("DE", "Europe")
    assert not contains("UTC+01:00", "DE")


def test_countries_in_lists() -> None:
    assert countries_in("Remote - Germany or Austria") == ["DE", "AT"]
    assert countries_in("US/Canada") == ["US", "CA"]
    assert countries_in("Remote - CA") == []  # California or Canada: not guessed
    assert countries_in("USA Only") == ["US"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UTC+3 +/- 2h", ["UTC+01:00", "UTC+02:00", "UTC+03:00", "UTC+04:00", "UTC+05:00"]),
        ("within UTC-5 \u00b1 1 hour", ["UTC-06:00", "UTC-05:00", "UTC-04:00"]),
        ("Must overlap with CET working hours", ["UTC+01:00"]),
        ("GMT+5:30", ["UTC+05:30"]),
        ("PT/ET hours preferred", []),
        ("we meet at 5pm et every day", []),
    ],
)
def test_time_zone_offsets(text: str, expected: list[str]) -> None:
    assert offsets_in(text) == expected


@pytest.mark.parametrize(
    ("mode", "locations", "stated", "text", "expected"),
    [
        ("remote", ["Remote (EMEA)"], [], "", ("EMEA",)),
        ("remote", ["Remote - US"], [], "", ("US",)),
        ("remote", ["Europe"], [], "", ("Europe",)),
        ("remote", ["Remote"], [], "You can work remote within Germany.", ("DE",)),
        ("remote", [], ["USA Only"], "", ("US",)),
        ("remote", [], ["Anywhere in the World"], "", ("Worldwide",)),
        # A real Remotive candidate_required_location value.
        (
            "remote",
            [],
            ["LATAM, Europe, USA, Canada, APAC"],
            "",
            (
                "APAC",
                "LATAM",
                "Europe",
                "US",
                "CA",
            ),
        ),
        ("remote", ["Worldwide", "Remote - US"], [], "", ("Worldwide",)),
        (
            "remote",
            ["Remote"],
            [],
            "We work in UTC+3 +/- 2h time zones.",
            tuple(f"UTC+0{h}:00" for h in range(1, 6)),
        ),
        ("remote", ["Remote"], [], "This role is US only.", ("US",)),
        ("remote", ["Remote"], [], "You must be based in the EU.", ("EU",)),
        ("remote", ["Remote"], [], "Remote within Germany. Must be based in Germany.", ("DE",)),
        ("remote", ["Remote"], [], "We are hiring in Portugal and Spain.", ("PT", "ES")),
        # A remote job filed under its hub city says nothing about who may apply.
        ("remote", ["San Francisco, CA"], [], "", ()),
        # Not remote: no remote scope from locations or text.
        ("onsite", ["Berlin, Germany"], [], "must be based in Germany", ()),
        ("hybrid", ["London, UK"], [], "", ()),
        ("remote", ["Remote"], [], "We are a remote team.", ()),
    ],
)
def test_remote_regions(
    mode: str, locations: list[str], stated: list[str], text: str, expected: tuple[str, ...]
) -> None:
    assert remote_regions(mode, locations, stated, text) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("salary", "yearly"),
    [
        (Salary(100_000, 120_000, "USD", "year"), (100_000, 120_000)),
        (Salary(5_000, 6_000, "EUR", "month"), (60_000, 72_000)),
        (Salary(50, 70, "USD", "hour"), (104_000, 145_600)),
        (Salary(500, None, "GBP", "day"), (130_000, None)),
        (Salary(2_000, 2_500, "USD", "week"), (104_000, 130_000)),
        (Salary(90_000, None, "EUR", None), (90_000, None)),  # unlabelled and large: yearly
        (Salary(45, 60, "USD", None), (None, None)),  # unlabelled and small: unknown
    ],
)
def test_yearly_equivalent(salary: Salary, yearly: tuple[float | None, float | None]) -> None:
    assert (salary.yearly_min, salary.yearly_max) == yearly
    assert salary.as_dict()["yearly_min"] == yearly[0]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("$", "USD"),
        ("US$", "USD"),
        ("C$", "CAD"),
        ("€", "EUR"),
        ("eur", "EUR"),
        ("SGD", "SGD"),
        ("Dollars", None),
        ("XYZ", None),
        ("", None),
        (None, None),
    ],
)
def test_currency_codes(value: object, code: str | None) -> None:
    assert currency_code(value) == code


def test_salary_periods_and_currencies_from_text_and_fields() -> None:
    assert salary_from_text("CA$140k - 160k") == Salary(140_000, 160_000, "CAD", "year")
    assert salary_from_text("€45 - €60 per hour") == Salary(45, 60, "EUR", "hour")
    assert salary_from_text("£4,000/month") == Salary(4_000, None, "GBP", "month")
    assert salary_from_range(120000, 100000, "usd", "per-year-salary") == Salary(
        100_000, 120_000, "USD", "year"
    )
    assert salary_from_range(6000, 8000, "EUR", "1 MONTH") == Salary(6000, 8000, "EUR", "month")
    assert salary_from_range(50, 80, "$", "HOURLY") == Salary(50, 80, "USD", "hour")


def test_salary_in_description_only_from_pay_lines() -> None:
    text = (
        "We raised $20M from great investors.\n"
        "The base salary range for this full-time position is $150,000 - $200,000."
    )
    assert salary_in_description(text) == Salary(150_000, 200_000, "USD", "year")
    assert salary_in_description("We raised $20M in 2024 and grew to 100 people.") is None
    assert salary_in_description("Compensation: competitive, plus equity.") is None


def test_min_years_agrees_with_the_matchers_reading_on_the_labelled_postings() -> None:
    """The stored fact and the years the matcher scores with must not tell a member two
    different things about one posting."""
    import json
    from pathlib import Path

    from matcher.experience import years_required

    folder = Path(__file__).parent / "fixtures" / "eval" / "postings"
    files = sorted(folder.glob("*.json"))
    assert len(files) >= 40
    for path in files:
        text = json.loads(path.read_text(encoding="utf-8"))["text"]
        matcher_years = years_required(text)
        assert min_years_from_text(text) == (matcher_years.min if matcher_years else None), path
