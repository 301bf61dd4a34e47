"""Resolving what members type (a step by number, id or title; a career page) into content,
with a clear message when nothing matches. Discord-free apart from the choice objects.
"""

from __future__ import annotations

from bot.errors import UserFacingError
from bot.text import echo
from content import Content, Page, Step


def resolve_step(content: Content, text: str) -> Step:
    key = text.strip().lower()
    if key.isdecimal() and len(key) <= 2:  # isdigit() admits "¹²", which int() refuses
        for step in content.steps:
            if step.number == int(key):
                return step
    for step in content.steps:
        if key in {step.id, step.title.lower(), f"{step.number}. {step.title.lower()}"}:
            return step
    starts = [s for s in content.steps if s.title.lower().startswith(key)] if key else []
    if len(starts) == 1:
        return starts[0]
    raise UserFacingError(
        f"No roadmap step matches “{echo(text)}”. Pick one from the list, or give its "
        f"number from 1 to {len(content.steps)}."
    )


def step_choices(content: Content, current: str, limit: int = 25) -> list[tuple[str, str]]:
    """(label, value) pairs for autocomplete: all steps, filtered by what has been typed."""
    key = current.strip().lower()
    pairs = []
    for step in content.steps:
        label = f"{step.number}. {step.title}"
        if not key or key in label.lower() or key == step.id:
            pairs.append((label, step.id))
    return pairs[:limit]


def resolve_page(content: Content, text: str) -> Page:
    key = text.strip().lower()
    for page in content.pages:
        if key in {page.id, page.title.lower()}:
            return page
    titles = ", ".join(p.title for p in content.pages)
    raise UserFacingError(f"No career page matches “{echo(text)}”. Available: {titles}.")


def page_choices(content: Content, current: str, limit: int = 25) -> list[tuple[str, str]]:
    key = current.strip().lower()
    return [
        (p.title, p.id) for p in content.pages if not key or key in p.title.lower() or key in p.id
    ][:limit]
