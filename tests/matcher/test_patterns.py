"""The error patterns seen on postings written by others, each on snippets written here,
against the real taxonomy in data/ (the small test taxonomy lacks most of these names)."""

from __future__ import annotations

import pytest

from content import load_content
from matcher.extract import extract, find_mentions
from matcher.models import MemberProfile
from matcher.postings import PostingRecord, posting_facts
from matcher.score import explain, prepare_member, prepare_posting
from matcher.taxonomy import Taxonomy, taxonomy_of


@pytest.fixture(scope="module")
def real() -> Taxonomy:
    return taxonomy_of(load_content().skills)


def ids(text: str, taxonomy: Taxonomy) -> list[str]:
    return [m.skill_id for m in find_mentions(text, taxonomy)]


# -- 2. tag lines and plain lists ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Technologies: React, Go, Rust, Node, Spark", {"react", "go", "rust", "nodejs"}),
        ("Tags: gcp, k8s, ml, python", {"gcp", "kubernetes", "machine-learning", "python"}),
        ("Python Julia Ray Dask", {"python", "julia", "ray", "dask"}),
        ("Stack\nPython\nGo\nRay\nKubernetes\n", {"python", "go", "ray", "kubernetes"}),
    ],
)
def test_tag_lines_and_plain_lists(text: str, expected: set[str], real: Taxonomy) -> None:
    assert expected <= set(ids(text, real))


def test_prose_is_not_a_list(real: Taxonomy) -> None:
    found = ids("We go fast and ray tracing is out of scope; r and python are fine.", real)
    assert not {"go", "ray", "r"} & set(found)


# -- 3. case rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Experience with c# on the back end.", "csharp"),
        ("Services in .net and .Net Core.", "dotnet"),
        ("Write sql every day.", "sql"),
        ("We deploy on Gcp.", "gcp"),
    ],
)
def test_common_spellings_of_acronyms(text: str, skill: str, real: Taxonomy) -> None:
    assert skill in ids(text, real)


def test_acronyms_that_spell_everyday_words_keep_their_capitals(real: Taxonomy) -> None:
    assert "computer-vision" not in ids("Send a cv and a cover letter.", real)
    assert "computer-vision" in ids("Models for CV and NLP.", real)


# -- 4. everyday words that are also skills ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "not_skill"),
    [
        ("Solid experience with Python is a must.", "solid-principles"),
        ("SOLID experience with Python is a must.", "solid-principles"),
        ("Please attach your portfolio and CV.", "computer-vision"),
        ("You will join the on-call rotation.", "incident-management"),
        ("Slack and Zoom are our communication tools.", "communication"),
        ("Join our Software Development team in Lisbon.", "software-engineering"),
        ("Our marketing and sales teams love the product.", "marketing"),
        ("No prior AI experience is required.", "artificial-intelligence"),
    ],
)
def test_everyday_senses_are_not_skills(text: str, not_skill: str, real: Taxonomy) -> None:
    assert not_skill not in ids(text, real)


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Apply SOLID principles to our services.", "solid-principles"),
        ("Experience in computer vision (CV) and Python.", "computer-vision"),
        ("Excellent communication skills.", "communication"),
        ("- 3+ years of marketing experience", "marketing"),
        ("Experience in AI and machine learning.", "artificial-intelligence"),
    ],
)
def test_the_skill_senses_still_count(text: str, skill: str, real: Taxonomy) -> None:
    assert skill in ids(text, real)


# -- 5. vocabulary beyond the AI core --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Manual testing and exploratory testing of our apps.", "manual-testing"),
        ("Write test plans and file bug reports.", "test-planning"),
        ("Accessible interfaces (WCAG 2.1 AA) with React.", "wcag"),
        ("Design REST APIs and document them with OpenAPI.", "openapi"),
        ("Persistence with an ORM such as SQLAlchemy.", "object-relational-mapping"),
        ("Administer Windows Server and Active Directory.", "active-directory"),
        ("Maintain DNS, DHCP and VPN services.", "dhcp"),
        ("Keep our Salesforce CRM tidy.", "salesforce"),
        ("Experience with SAP S/4HANA or another ERP.", "enterprise-resource-planning"),
        ("HR systems such as Workday or BambooHR.", "bamboohr"),
        ("Prototype in Figma and hand off to engineers.", "figma"),
        ("Gameplay code in Unreal Engine 5 and C++.", "unreal-engine"),
        ("Build features with AI and LLMs.", "artificial-intelligence"),
        ("Automations in PowerApps.", "power-apps"),
        ("Own our CI and release process.", "ci-cd"),
        ("Integrate third-party APIs.", "api-design"),
    ],
)
def test_vocabulary_beyond_the_ai_core(text: str, skill: str, real: Taxonomy) -> None:
    assert skill in ids(text, real)


def test_taxonomy_size(real: Taxonomy) -> None:
    names = sum(len(s.all_names) for s in real.skills)
    assert len(real.skills) >= 3000
    assert names - len(real.skills) >= 8000


# -- 6. either-or requirements ----------------------------------------------------------------


def groups(text: str, taxonomy: Taxonomy) -> list[tuple[str, ...]]:
    return list(extract(text, taxonomy).alternatives())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Experience with AWS or GCP.", [("aws", "gcp")]),
        ("Models in PyTorch/TensorFlow.", [("pytorch", "tensorflow")]),
        ("One of Java, Kotlin, Scala.", [("java", "kotlin", "scala")]),
        ("Cloud: AWS, GCP, or Azure.", [("aws", "gcp", "azure")]),
        ("Python, Docker and Spark or Flink.", [("apache-spark", "apache-flink")]),
        ("Python, Docker and Kubernetes.", []),
    ],
)
def test_either_or_groups(text: str, expected: list[tuple[str, ...]], real: Taxonomy) -> None:
    assert groups(text, real) == expected


def test_one_option_meets_an_either_or_requirement(real: Taxonomy) -> None:
    record = PostingRecord(
        id="p",
        title="Data Engineer",
        company="Acme",
        url="https://jobs.example/p",
        description="Requirements\n- Python\n- Experience with AWS or GCP\n",
    )
    facts, _extraction = posting_facts(record, real)
    assert facts.alternatives == (("aws", "gcp"),)
    member = prepare_member(MemberProfile("m", frozenset({"python", "gcp"})), real)
    match = explain(member, prepare_posting(facts))
    assert match is not None
    assert match.missing_required == ()
    assert match.score == pytest.approx(100.0)
    both = prepare_member(MemberProfile("b", frozenset({"python", "gcp", "aws"})), real)
    both_match = explain(both, prepare_posting(facts))
    assert both_match is not None
    assert both_match.score == pytest.approx(100.0)
    neither = prepare_member(MemberProfile("n", frozenset({"python"})), real)
    missing = explain(neither, prepare_posting(facts))
    assert missing is not None
    assert set(missing.missing_required) == {"aws", "gcp"}


def test_extract_json_shows_groups(real: Taxonomy) -> None:
    data = extract("AWS or GCP, and Python.", real).as_dict()
    by_id = {m["skill_id"]: m["group"] for m in data["mentions"]}
    assert by_id["aws"] is not None
    assert by_id["aws"] == by_id["gcp"]
    assert by_id["python"] is None
    assert data["alternatives"] == [["aws", "gcp"]]


# -- 7. neighbouring list items ---------------------------------------------------------------


def test_comma_less_list_items_do_not_merge(real: Taxonomy) -> None:
    assert ids("Python Spark SQL Docker", real) == ["python", "apache-spark", "sql", "docker"]
    assert "spark-sql" in ids("We query the lake with Spark SQL and Python.", real)


# -- 8. certifications and cue lines ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("AWS Certified Machine Learning - Specialty", "aws-certified-ml-specialty"),
        ("Holds the Certified Kubernetes Application Developer certificate.", "ckad"),
        ("PMP or PRINCE2 Practitioner preferred.", "prince2"),
        ("Certified Information Systems Security Professional (CISSP)", "cissp"),
    ],
)
def test_certifications_by_full_name(text: str, skill: str, real: Taxonomy) -> None:
    assert skill in ids(text, real)


def test_nice_cue_line_is_preferred(real: Taxonomy) -> None:
    text = "Requirements\n- Python\nNice: Terraform\n- Docker\n"
    found = {m.skill_id: m.level for m in find_mentions(text, real)}
    assert found["terraform"] == "preferred"
    assert found["python"] == "required"
    assert found["docker"] == "required"


# -- how names meet the text -----------------------------------------------------------------


def test_content_check_keys_are_the_automaton_keys(real: Taxonomy) -> None:
    """The content check looks for collisions with `scan_key`; the automaton uses `fold_key`."""
    from content.text import scan_key
    from matcher.fold import fold_key

    for skill in real.skills:
        for name in skill.all_names:
            assert scan_key(name) == fold_key(name), name


def test_mis_decoded_punctuation_does_not_glue_words(real: Taxonomy) -> None:
    text = (
        "Troubleshoot\u00c2\u00a0SQL Server\u00c2\u00a0databases; "
        "we\u00e2\u0080\u0099re on Kubernetes."
    )
    found = ids(text, real)
    assert "microsoft-sql-server" in found or "sql-server" in found
    assert "kubernetes" in found
