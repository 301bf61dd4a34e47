"""What a member is told about one matched posting, as plain text. Discord-free.

/jobs and the alert digests show the same facts in the same words: title, company, where, the
score, why it matched (each skill, and through which of the member's skills when not exact), what
is missing (required, then nice to have), the link, and the source's credit when its terms ask
for one. Posting text comes from third-party boards, so it is flattened and escaped here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.render.links import EMBED_URL_MAX, link_url
from bot.text import echo, plain
from content import Content
from store.matches import JobRow

REMOTE_LABELS = {
    "remote": "remote",
    "hybrid": "hybrid",
    "onsite": "on-site",
    "unknown": "work mode not stated",
}
LIST_LIMIT = 8


@dataclass(frozen=True)
class JobView:
    posting_id: int
    title: str
    company: str
    where: str
    score: float
    why: str
    missing_required: str
    missing_preferred: str
    url: str | None
    credit: str | None
    source: str


def _names(ids: Sequence[str], name: Callable[[str], str]) -> str:
    shown = [name(s) for s in ids[:LIST_LIMIT]]
    more = len(ids) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def why_text(matched: Sequence[dict[str, Any]], name: Callable[[str], str]) -> str:
    """'Python (required), PyTorch, Kubernetes (you have EKS)': exact first, as scored."""
    parts: list[str] = []
    for item in matched[:LIST_LIMIT]:
        skill = name(str(item.get("skill_id", "")))
        via = str(item.get("via", ""))
        text = skill
        if item.get("how") != "exact" and via:
            text += f" (you have {name(via)})"
        elif item.get("level") == "required":
            text += " (required)"
        parts.append(text)
    more = len(matched) - len(parts)
    return ", ".join(parts) + (f" and {more} more" if more > 0 else "")


def safe_url(url: str) -> str | None:
    """Only http(s) links are shown as links, percent-encoded so Discord accepts them; a URL
    that cannot be made valid is no link at all (see `bot.render.links`)."""
    return link_url(url, EMBED_URL_MAX)


def skill_namer(content: Content) -> Callable[[str], str]:
    """Skill id -> display name; an id the taxonomy no longer has is shown as it is."""
    by_id = content.skills_by_id

    def name(skill_id: str) -> str:
        skill = by_id.get(skill_id)
        return skill.name if skill else skill_id

    return name


FACT_NAMES = {
    "where": "where it may be done",
    "visa": "visa sponsorship",
    "years": "years asked",
    "salary": "salary",
    "employment_type": "employment type",
}


def salary_text(salary: Any) -> str | None:
    """'70,000-90,000 EUR a year' from the posting's stated salary as yearly amounts."""
    if not isinstance(salary, dict) or not salary.get("currency"):
        return None
    low, high = salary.get("yearly_min"), salary.get("yearly_max")
    amounts = [f"{v:,.0f}" for v in (low, high) if isinstance(v, int | float)]
    if not amounts:
        return None
    span = amounts[0] if len(set(amounts)) == 1 else "-".join(amounts)
    return f"{span} {salary['currency']} a year"


def facts_text(explanation: dict[str, Any]) -> str:
    """' · 70,000 EUR a year · not stated: visa sponsorship': salary when the posting states
    it, then the facts the member filters on that it leaves unknown."""
    parts: list[str] = []
    pay = salary_text(explanation.get("salary"))
    if pay:
        parts.append(pay)
    unknown = [FACT_NAMES.get(str(f), str(f)) for f in explanation.get("not_stated") or []]
    if unknown:
        parts.append("not stated: " + ", ".join(unknown))
    return "".join(f" · {p}" for p in parts)


def job_view(job: JobRow, name: Callable[[str], str]) -> JobView:
    explanation = job.explanation
    places = ", ".join(job.locations[:3]) or "location not stated"
    mode = REMOTE_LABELS.get(job.remote, job.remote)
    matched = explanation.get("matched") or []
    return JobView(
        posting_id=job.posting_id,
        title=echo(job.title, 120),
        company=echo(job.company or "company not stated", 80),
        where=echo(f"{places} · {mode}", 120) + facts_text(explanation),
        score=job.score,
        why=why_text(matched, name) or "-",
        missing_required=_names(explanation.get("missing_required") or [], name),
        missing_preferred=_names(explanation.get("missing_preferred") or [], name),
        url=safe_url(job.url),
        credit=plain(job.attribution, 200) if job.attribution else None,
        source=job.source,
    )
