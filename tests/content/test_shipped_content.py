"""The content that ships: it validates, meets the counts members were promised, and the quiz
bank cannot be gamed by picking the longest option."""

from __future__ import annotations

from collections import Counter

import pytest

from content import Content, load_content
from content.checks import answer_is_longest
from content.models import FORBIDDEN_OPTIONS, TIP_MAX_CHARS
from content.tells import LENGTH_RANKS, TELL_LIMIT, bank_tells
from content.text import normalise_alias

STEP_IDS = [
    "cs-basics",
    "maths",
    "ml-dl",
    "data-engineering",
    "mlops",
    "ethics-security",
    "cloud-infra",
    "scalable-architecture",
    "projects",
    "certification-community",
    "applying",
]


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(cached=False)


def test_eleven_steps_in_the_promised_order(content: Content) -> None:
    assert [s.id for s in content.steps] == STEP_IDS
    assert [s.number for s in content.steps] == list(range(1, 12))
    assert all(len(s.topics) >= 4 for s in content.steps)
    assert all(len(t.actions) >= 2 for s in content.steps for t in s.topics)


def test_counts(content: Content) -> None:
    stats = content.stats()
    assert stats["tips"] >= 200
    assert stats["questions"] >= 300
    assert stats["skills"] >= 800
    assert stats["aliases"] >= 2000
    per_step = Counter(q.step for q in content.questions)
    assert min(per_step[s] for s in STEP_IDS) >= 20


def test_reference_pages(content: Content) -> None:
    pages = content.pages_by_id
    expected = {"architect-vs-engineer", "skills", "industries", "education"}
    expected |= {"career-paths", "salaries", "trends"}
    assert expected <= pages.keys()
    salaries = pages["salaries"]
    assert salaries.caveat is not None
    assert "2025" in salaries.caveat
    text = " ".join(s.heading + " " + s.body for s in salaries.sections)
    for band in ("80", "120", "160", "250", "300"):
        assert band in text
    industries = " ".join(s.heading + s.body for s in pages["industries"].sections).lower()
    for name in ("healthcare", "finance", "e-commerce", "manufacturing", "transport"):
        assert name in industries
    assert "cybersecurity" in industries
    assert "telecom" in industries
    for page in pages.values():
        assert page.sources, page.id
        assert page.reviewed.year >= 2026, page.id


def test_content_reviews_of_2026_hold(content: Content) -> None:
    """Names and defaults that changed in 2026 read the same everywhere they appear."""
    texts = [t.text for t in content.tips]
    texts += [t.explanation + " ".join(t.actions) for s in content.steps for t in s.topics]
    texts += [s.summary for s in content.steps]
    texts += [q.stem + q.answer + q.explanation for q in content.questions]
    # Google renamed Vertex AI in 2026: the old name only appears beside the new one.
    mentions = [t for t in texts if "Vertex AI" in t]
    assert mentions
    assert all("Agent Platform" in t for t in mentions), [t[:60] for t in mentions]
    # AI-102 and the Azure AI Engineer Associate retired in 2026; AI-103 replaced them.
    certs = content.topics_by_id["certification-community.cloud-certs"]
    assert "AI-103" in certs.explanation
    assert "azure-ai-apps-agents-developer" in certs.skills
    assert (
        "azure-ai-engineer-associate" not in content.steps_by_id["certification-community"].skills
    )
    # Kafka producers have been idempotent by default since 3.0.
    kafka = content.questions_by_id["q.data-engineering.031"].explanation
    assert "enable.idempotence defaults to true" in kafka
    assert "configured explicitly" not in kafka


def test_tips_are_short_and_placed(content: Content) -> None:
    assert all(len(t.text) <= TIP_MAX_CHARS for t in content.tips)
    assert all(t.step in content.steps_by_id for t in content.tips)
    by_step = Counter(t.step for t in content.tips)
    assert all(by_step[s] >= 10 for s in STEP_IDS)


def test_quiz_bank_is_not_gameable(content: Content) -> None:
    longest = sum(1 for q in content.questions if answer_is_longest(q))
    assert longest / len(content.questions) <= 0.40
    # No test-taking strategy (a length rank, or striking sweeping words) beats 30%.
    tells = {t.key: t.score for t in bank_tells(content.questions)}
    assert set(tells) == {"longest", "second-longest", "third-longest", "shortest"} | {
        "absolute-words"
    }
    assert all(score <= TELL_LIMIT for score in tells.values()), tells
    # The four length ranks share every question between them.
    assert sum(tells[k] for k in LENGTH_RANKS) == pytest.approx(1.0)
    for q in content.questions:
        assert len(q.options) == 4
        assert len({o.casefold() for o in q.options}) == 4
        assert not any(FORBIDDEN_OPTIONS.search(o) for o in q.options), q.id
        assert 1 <= q.difficulty <= 3
        assert content.step_of_topic[q.topic].id == q.step


def test_never_meeting_skills_stay_apart(content: Content) -> None:
    owner = {normalise_alias(n): s.id for s in content.skills for n in s.all_names}
    pairs = [("java", "javascript"), ("c", "c++"), ("c", "c#"), ("c++", "c#"), ("r", "rust")]
    pairs += [("sql", "nosql"), ("sql", "mysql")]
    for a, b in pairs:
        assert owner[a] != owner[b], (a, b)


def test_ambiguous_names_are_marked(content: Content) -> None:
    marked = {normalise_alias(w) for s in content.skills for w in s.ambiguous}
    for word in ("go", "r", "c", "rest", "spark", "swift", "chef"):
        assert word in marked, word


def test_every_step_builds_known_skills(content: Content) -> None:
    for step in content.steps:
        assert step.skills
        assert all(s in content.skills_by_id for s in step.skills)


def test_every_topic_and_question_names_the_skills_it_teaches(content: Content) -> None:
    known = content.skills_by_id
    for step in content.steps:
        for topic in step.topics:
            assert topic.skills, topic.id
            assert all(s in known for s in topic.skills), topic.id
    for q in content.questions:
        assert q.skills, q.id
        assert all(s in known for s in q.skills), q.id
    # The links answer real questions: Kafka is taught by the streaming topic and quizzed.
    assert "data-engineering.streaming" in content.topics_by_skill["apache-kafka"]
    assert len(content.questions_by_skill["apache-kafka"]) >= 3
    # Every skill a step promises is taught by at least one of its topics.
    for step in content.steps:
        taught = {s for t in step.topics for s in t.skills}
        assert set(step.skills) <= taught, step.id
