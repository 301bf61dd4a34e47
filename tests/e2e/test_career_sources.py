"""/career pages through the emulator: each shows its sources and when it was last reviewed,
and every page fits Discord's embed limits (the emulator refuses oversized embeds)."""

from __future__ import annotations

from archbot.local import LocalBot
from content import Content
from tests.e2e.conftest import Server


async def test_every_career_page_names_its_sources_and_review_date(
    server: Server, bot: LocalBot, content: Content
) -> None:
    assert content.pages
    for page in content.pages:
        result = await server.emu.run_command(
            server.member, server.general.id, "career", {"topic": page.id}
        )
        assert not result.failed, (page.id, result.errors)
        embed = result.embeds[0]
        assert embed["title"] == page.title
        [sources] = [f for f in embed["fields"] if f["name"].startswith("Sources")]
        day = page.reviewed
        assert sources["name"] == f"Sources · last reviewed {day.day} {day:%B %Y}"
        assert sources["value"].splitlines() == [f"• {s}" for s in page.sources]
    salaries = content.pages_by_id["salaries"]
    assert any("Bureau of Labor Statistics" in s for s in salaries.sources)
