"""What members are shown about a matched posting: reasons in words, safe text and links, and
embeds that stay inside Discord's 6,000-character limit whatever the boards wrote."""

from __future__ import annotations

from bot.job_view import job_view, safe_url, why_text
from bot.render.jobs import DIGEST, PAGE, digest_intro, job_embed
from store.matches import JobRow

NAMES = {"python": "Python", "pytorch": "PyTorch", "kubernetes": "Kubernetes", "eks": "Amazon EKS"}


def name(skill_id: str) -> str:
    return NAMES.get(skill_id, skill_id)


def row(**kw: object) -> JobRow:
    values: dict[str, object] = {
        "posting_id": 1,
        "score": 82.4,
        "explanation": {
            "matched": [
                {"skill_id": "python", "level": "required", "how": "exact", "via": "python"},
                {"skill_id": "kubernetes", "level": "preferred", "how": "via child", "via": "eks"},
            ],
            "missing_required": ["pytorch"],
            "missing_preferred": [],
        },
        "title": "ML Engineer",
        "company": "Acme",
        "url": "https://jobs.example/1",
        "locations": ("Berlin", "Remote"),
        "remote": "hybrid",
        "posted_at": None,
        "attribution": "Jobs via Remotive",
        "source": "remotive",
    }
    values.update(kw)
    return JobRow(**values)  # type: ignore[arg-type]


def test_reasons_in_words() -> None:
    view = job_view(row(), name)
    assert view.why == "Python (required), Kubernetes (you have Amazon EKS)"
    assert view.missing_required == "PyTorch"
    assert view.where == "Berlin, Remote · hybrid"
    assert view.credit == "Jobs via Remotive"
    embed = job_embed(view, number=2)
    assert embed.title == "2. ML Engineer · Acme"
    assert embed.description is not None
    assert embed.description.startswith("**82**/100")
    assert embed.footer.text == "Jobs via Remotive"


def test_board_text_is_made_safe() -> None:
    view = job_view(row(title="@everyone **Hiring**", url="javascript:alert(1)"), name)
    assert "@everyone" not in view.title.replace("@\u200beveryone", "")
    assert "\\*\\*" in view.title
    assert view.url is None
    assert safe_url(" http://x.example/a ") == "http://x.example/a"
    assert safe_url("ftp://x.example") is None


def test_long_lists_are_cut_with_a_count() -> None:
    many = [{"skill_id": f"s{n}", "level": "unknown", "how": "exact", "via": ""} for n in range(12)]
    assert why_text(many, name).endswith("and 4 more")


def test_worst_case_embeds_fit_discords_limit() -> None:
    huge = row(
        title="T" * 500,
        company="C" * 300,
        locations=tuple("L" * 100 for _ in range(5)),
        attribution="A" * 500,
        explanation={
            "matched": [
                {"skill_id": "x" * 90, "level": "required", "how": "via parent", "via": "y" * 90}
                for _ in range(8)
            ],
            "missing_required": ["m" * 90] * 8,
            "missing_preferred": ["p" * 90] * 8,
        },
    )
    view = job_view(huge, name)
    digest = [job_embed(view, number=n, limits=DIGEST) for n in range(1, 6)]
    page = [job_embed(view, number=n, limits=PAGE) for n in range(1, 4)]
    assert sum(len(e) for e in digest) <= 6000
    assert sum(len(e) for e in page) <= 6000
    assert len(digest_intro(5, 12, 60)) <= 2000
    assert "7 more" in digest_intro(5, 12, 60)
