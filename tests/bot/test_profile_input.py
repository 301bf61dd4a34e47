"""Reading the profile form: levels and preferences said the usual ways, skills normalised with
suggestions for what is not recognised, skill autocomplete, and the skill-gap model."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bot.gap import covered_skills, step_gaps
from bot.gap_card import render_gap_card
from bot.profile_input import (
    MAX_SKILLS,
    ProfileInputError,
    clean_line,
    describe_item,
    parse_experience,
    parse_remote,
    read_skills,
    skill_choices,
)
from content import Content, load_content
from matcher.taxonomy import Taxonomy, taxonomy_of


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


@pytest.fixture(scope="module")
def taxonomy(content: Content) -> Taxonomy:
    return taxonomy_of(content.skills)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Senior", "senior"),
        ("sr.", "senior"),
        ("Mid-level", "mid"),
        ("entry level", "junior"),
        ("Staff", "staff"),
        ("  ", None),
    ],
)
def test_experience_levels(text: str, level: str | None) -> None:
    assert parse_experience(text) == level


@pytest.mark.parametrize(
    ("text", "choice"),
    [
        ("Remote only", "remote"),
        ("on-site", "onsite"),
        ("Hybrid", "hybrid"),
        ("", "any"),
        ("either", "any"),
    ],
)
def test_remote_preferences(text: str, choice: str) -> None:
    assert parse_remote(text) == choice


def test_unusable_level_or_preference_is_refused_with_the_choices() -> None:
    with pytest.raises(ProfileInputError, match="intern, junior, mid"):
        parse_experience("wizard")
    with pytest.raises(ProfileInputError, match="remote"):
        parse_remote("on the moon")
    with pytest.raises(ProfileInputError, match="under 10"):
        clean_line("x" * 11, 10)
    assert clean_line("  Berlin \n Germany ", 100) == "Berlin Germany"
    assert clean_line("   ", 100) is None


def test_skills_recognised_fuzzy_and_unknown(taxonomy: Taxonomy) -> None:
    reading = read_skills("Python, pytorch; Kubernets, k8s, blorpology, kuber", taxonomy)
    assert reading.skill_ids == ["python", "pytorch", "kubernetes"]
    assert [u.text for u in reading.unknown] == ["blorpology", "kuber"]
    fuzzy = next(i for i in reading.recognised if i.input == "Kubernets")
    assert describe_item(fuzzy) == "Kubernets → Kubernetes"
    exact = next(i for i in reading.recognised if i.input == "Python")
    assert describe_item(exact) == "Python"
    # kubernetes is already recognised, so "kuber" offers no button for it again
    assert all(s.skill_id != "kubernetes" for s in reading.suggestions())


def test_suggestions_once_each_and_never_cross_lookalikes(taxonomy: Taxonomy) -> None:
    reading = read_skills("kuber, kubernete s", taxonomy)
    ids = [s.skill_id for s in reading.suggestions()]
    assert ids.count("kubernetes") <= 1
    java = read_skills("javva", taxonomy)
    assert "javascript" not in {s.skill_id for u in java.unknown for s in u.suggestions[:1]}


def test_too_many_skills_is_refused(taxonomy: Taxonomy) -> None:
    names = ", ".join(s.name for s in taxonomy.skills[: MAX_SKILLS + 5])
    with pytest.raises(ProfileInputError, match=str(MAX_SKILLS)):
        read_skills(names, taxonomy)


def test_skill_autocomplete(taxonomy: Taxonomy) -> None:
    choices = skill_choices(taxonomy, "kube")
    assert choices[0] == ("Kubernetes (kube)", "kubernetes")  # an exact alias comes first
    assert ("Kubeflow", "kubeflow") in choices
    by_alias = skill_choices(taxonomy, "k8s")
    assert by_alias[0][1] == "kubernetes"
    assert "k8s" in by_alias[0][0]
    assert len(skill_choices(taxonomy, "")) == 25
    assert skill_choices(taxonomy, "zzzzqqq") == []
    assert all(len(label) <= 100 for label, _ in skill_choices(taxonomy, "a"))


def test_gap_counts_core_skills_and_specialisations(content: Content, taxonomy: Taxonomy) -> None:
    child = next(s for s in taxonomy.skills if s.parent == "kubernetes")
    assert "kubernetes" in covered_skills([child.id], taxonomy)
    gaps = step_gaps(content, taxonomy, ["python", child.id])
    assert len(gaps) == len(content.steps)
    first = gaps[0]
    assert "python" in first.have
    assert "python" not in first.missing
    assert set(first.have) | set(first.missing) == set(first.step.skills)
    mlops = next(g for g in gaps if g.step.id == "mlops")
    assert "kubernetes" in mlops.have
    assert first.related_have >= 1


def test_gap_card_is_a_png(content: Content, taxonomy: Taxonomy) -> None:
    gaps = step_gaps(content, taxonomy, ["python", "docker"])
    png = Image.open(io.BytesIO(render_gap_card(gaps, taxonomy.name)))
    assert png.format == "PNG"
    assert png.size[0] == 1100
