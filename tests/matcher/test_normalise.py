"""Profile normalisation: exact aliases, typos, abbreviations, never-meet pairs, suggestions."""

from __future__ import annotations

import pytest

from matcher.normalise import normalise_skill, normalise_skills, split_items
from matcher.taxonomy import Taxonomy


def test_split_items() -> None:
    assert split_items("Python, pytorch; k8s\n- Docker | AWS • GCP,, ") == [
        "Python",
        "pytorch",
        "k8s",
        "Docker",
        "AWS",
        "GCP",
    ]


def test_the_example_from_the_issue(taxonomy: Taxonomy) -> None:
    items = normalise_skills("Python, pytorch; k8s and Kubernets / C#", taxonomy)
    assert [(i.input, i.skill_id, i.method) for i in items] == [
        ("Python", "python", "exact"),
        ("pytorch", "pytorch", "exact"),
        ("k8s", "kubernetes", "exact"),
        ("Kubernets", "kubernetes", "fuzzy"),
        ("C#", "csharp", "exact"),
    ]


@pytest.mark.parametrize(
    ("typed", "skill"),
    [
        ("kubernets", "kubernetes"),
        ("pytroch", "pytorch"),
        ("tensorflwo", "tensorflow"),
        ("javascrpt", "javascript"),
        ("Postgress", "postgresql"),
    ],
)
def test_typos_of_long_names(typed: str, skill: str, taxonomy: Taxonomy) -> None:
    item = normalise_skill(typed, taxonomy)
    assert (item.skill_id, item.method) == (skill, "fuzzy")


@pytest.mark.parametrize(
    ("typed", "skill"),
    [
        ("k8s", "kubernetes"),
        ("gcp", "gcp"),
        ("GCP", "gcp"),
        ("sklearn", "scikit-learn"),
        ("Scikit_Learn", "scikit-learn"),
        ("CI/CD", "ci-cd"),
        ("W&B", "wandb"),
        (".net", "dotnet"),
        ("node.js", "nodejs"),
        ("c++", "cpp"),
        ("C#", "csharp"),
        ("c", "c"),
        ("R", "r"),
        ("Go", "go"),
        ("go", "go"),
    ],
)
def test_exact_aliases_and_symbols(typed: str, skill: str, taxonomy: Taxonomy) -> None:
    item = normalise_skill(typed, taxonomy)
    assert (item.skill_id, item.method, item.score) == (skill, "exact", 100.0)


@pytest.mark.parametrize("typed", ["c+", "c#+", "cc", "jav", "sq", "rst", "k8", "gco", "pyth"])
def test_short_inputs_are_exact_only(typed: str, taxonomy: Taxonomy) -> None:
    item = normalise_skill(typed, taxonomy)
    assert item.skill_id is None
    assert item.method == "unknown"


@pytest.mark.parametrize(
    ("typed", "never"),
    [
        ("c+", {"c", "csharp"}),
        ("jav", {"javascript"}),
        ("javascrip", {"java"}),
        ("javas", {"javascript"}),
        ("rustt", {"r"}),
        ("mysq", {"sql", "nosql"}),
        ("nosq", {"sql", "mysql"}),
    ],
)
def test_never_meet_pairs_are_not_matched_or_suggested(
    typed: str, never: set[str], taxonomy: Taxonomy
) -> None:
    item = normalise_skill(typed, taxonomy)
    offered = {item.skill_id} | {s.skill_id for s in item.suggestions}
    assert not offered & never


def test_javas_is_unknown_and_suggests_only_java(taxonomy: Taxonomy) -> None:
    javas = normalise_skill("javas", taxonomy)
    assert javas.skill_id is None
    assert [s.skill_id for s in javas.suggestions] == ["java"]
    assert normalise_skill("javascript", taxonomy).skill_id == "javascript"
    assert normalise_skill("java", taxonomy).skill_id == "java"


def test_unknown_items_get_suggestions_and_no_id(taxonomy: Taxonomy) -> None:
    items = {
        i.input: i
        for i in normalise_skills("kube, pytorchh lightnin, pytorch lite, basket weaving", taxonomy)
    }
    kube = items["kube"]
    assert kube.skill_id is None
    assert kube.suggestions[0].skill_id == "kubernetes"
    assert items["pytorchh lightnin"].skill_id == "pytorch-lightning"
    assert "pytorch" in {s.skill_id for s in items["pytorch lite"].suggestions}
    weaving = items["basket weaving"]
    assert (weaving.skill_id, weaving.suggestions) == (None, ())
    assert len(kube.suggestions) <= 3


def test_slash_and_and_split_only_when_not_a_name(taxonomy: Taxonomy) -> None:
    items = normalise_skills("A/B testing, Docker and Kubernetes, TF/Keras", taxonomy)
    assert [i.skill_id for i in items] == [
        "ab-testing",
        "docker",
        "kubernetes",
        "tensorflow",
        "keras",
    ]


def test_as_dict_shape(taxonomy: Taxonomy) -> None:
    data = normalise_skill("kube", taxonomy).as_dict()
    assert set(data) == {"input", "skill_id", "name", "score", "method", "suggestions"}
    assert data["skill_id"] is None
    assert data["suggestions"][0]["name"] == "Kubernetes"
