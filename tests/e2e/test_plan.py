"""/plan through the emulator: the plan, its picture and every button, and the answers for
members without a profile, a target role or fitting postings."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime, timedelta

from PIL import Image

from archbot.local import LocalBot
from bot.cogs.plan import plan_view
from bot.market_service import MemberPlan
from bot.match_engine import MatchEngine
from content import Content
from matcher.plan import Gain, Plan, PlanSkill
from scrapers.posting import Posting
from store import Database, members, profiles, upsert_postings
from store import quiz_cards as cards
from tests.e2e.conftest import Server

ARCHITECT_JOBS: Sequence[tuple[str, Sequence[str]]] = [
    ("Senior AI Architect", ["Python", "Kubernetes", "Terraform"]),
    ("AI Architect", ["Python", "Kubernetes", "LangChain"]),
    ("Generative AI Architect", ["Kubernetes", "Terraform", "Docker"]),
    ("AI Architect", ["Python", "Kubernetes"]),
] * 3 + [("Account Executive", ["Salesforce"])] * 3


def _store(db: Database, jobs: Sequence[tuple[str, Sequence[str]]], now_text: str) -> None:
    now = datetime.fromisoformat(now_text)
    postings = [
        Posting(
            kind="greenhouse",
            key="plan",
            source_id=str(n),
            url=f"https://boards.example/plan/{n}",
            title=title,
            company=f"Company {n % 4}",
            remote="remote",
            posted_at=now - timedelta(days=n),
            description="Requirements\n" + "".join(f"- {s}\n" for s in skills),
        )
        for n, (title, skills) in enumerate(jobs, start=1)
    ]
    upsert_postings(db, "greenhouse", "plan", postings, now)


async def seed(bot: LocalBot, jobs: Sequence[tuple[str, Sequence[str]]] = ARCHITECT_JOBS) -> None:
    await bot.services.db(_store, jobs, bot.services.now().isoformat())
    engine = bot.services.matching
    assert isinstance(engine, MatchEngine)
    await engine.sync_postings(bot.services.db)


async def profile(bot: LocalBot, user_id: int, skills: Sequence[str], roles: str) -> None:
    await bot.services.db(
        profiles.save_profile,
        user_id,
        skills=skills,
        experience=None,
        location=None,
        remote="any",
        target_roles=roles,
        now=bot.services.now(),
    )


async def test_plan_shows_demand_gain_topics_and_a_picture(
    server: Server, bot: LocalBot, content: Content
) -> None:
    await seed(bot)
    await profile(bot, server.member.id, ["python"], "AI architect")
    result = await server.emu.run_command(server.member, server.general.id, "plan")
    assert not result.failed, result.errors
    assert result.ephemeral
    embed = result.embeds[0]
    assert "**12** postings for **AI architect** fit you" in embed["description"]
    first = embed["fields"][0]
    assert first["name"] == "1. Kubernetes"
    assert "Asked by 100% of 12 fitting postings, required in 100%." in first["value"]
    assert "lifts your median match from" in first["value"]
    kubernetes_topic = content.topics_by_skill["kubernetes"][0]
    title = content.topics_by_id[kubernetes_topic].title
    assert title in first["value"]
    assert result.message is not None

    assert not result.message.attachments  # the picture comes on request
    pictured = await server.emu.click(server.member, result.message, "plan:chart")
    assert not pictured.failed, pictured.errors
    assert pictured.message is not None
    [png] = [a for a in pictured.message.attachments if a.filename == "plan.png"]
    assert Image.open(io.BytesIO(png.data)).format == "PNG"
    assert pictured.embeds[0]["image"]["url"] == "attachment://plan.png"
    assert pictured.embeds[0]["fields"] == embed["fields"]
    assert result.message is not None
    ids = result.message.custom_ids()
    assert {
        "plan:open:kubernetes",
        "plan:learn:kubernetes",
        "plan:quiz:kubernetes",
        "plan:have:kubernetes",
    } <= set(ids)
    # Sales postings never count for an AI architect.
    assert all("Salesforce" not in f["name"] for f in embed["fields"])
    # With the tables built, the answer comes at once, without a deferral.
    again = await server.emu.run_command(server.member, server.general.id, "plan")
    assert not again.failed, again.errors
    assert not again.deferred
    assert again.embeds[0]["fields"] == embed["fields"]


async def test_plan_buttons(server: Server, bot: LocalBot, content: Content) -> None:
    emu, ada = server.emu, server.member
    await seed(bot)
    await profile(bot, ada.id, ["python"], "AI architect")
    result = await emu.run_command(ada, server.general.id, "plan")
    message = result.message
    assert message is not None
    topic = content.topics_by_skill["kubernetes"][0]

    opened = await emu.click(ada, message, "plan:open:kubernetes")
    assert not opened.failed, opened.errors
    assert opened.ephemeral
    assert opened.embeds[0]["title"].endswith(content.topics_by_id[topic].title)

    learning = await emu.click(ada, message, "plan:learn:kubernetes")
    assert not learning.failed, learning.errors
    progress = await bot.services.db(members.progress_of, ada.id)
    assert progress[topic] == "learning"
    updated = learning.message
    assert updated is not None
    assert "📖 learning" in updated.embeds[0]["fields"][0]["value"]
    button = updated.find_component("plan:learn:kubernetes")
    assert button is not None
    assert button["disabled"] is True

    quiz = await emu.click(ada, updated, "plan:quiz:kubernetes")
    assert not quiz.failed, quiz.errors
    question = quiz.message
    assert question is not None
    assert not question.ephemeral
    linked = set(content.questions_by_skill["kubernetes"])
    answer_id = next(c for c in question.custom_ids() if c.startswith("qz:a:"))
    answered = await emu.click(ada, question, answer_id)
    assert not answered.failed, answered.errors
    due = await bot.services.db(cards.due_cards, ada.id, bot.services.now() + timedelta(days=400))
    assert {question_id for question_id, _ in due} <= linked
    assert len(due) == 1

    have = await emu.click(ada, updated, "plan:have:kubernetes")
    assert not have.failed, have.errors
    stored = await bot.services.db(profiles.get_profile, ada.id)
    assert stored is not None
    assert "kubernetes" in stored.skills
    after = have.message
    assert after is not None
    names = [f["name"] for f in after.embeds[0]["fields"]]
    assert all("Kubernetes" not in n for n in names)
    assert "1. Terraform" in names


async def test_no_profile_gets_the_way_in_and_the_next_step(
    server: Server, bot: LocalBot, content: Content
) -> None:
    await seed(bot)
    result = await server.emu.run_command(server.member, server.general.id, "plan")
    assert not result.failed, result.errors
    text = result.embeds[0]["description"]
    assert "You have no profile yet" in text
    assert "/profile set" in text
    first = content.steps[0].topics[0]
    assert first.title in text
    assert result.message is not None
    assert f"plan:next:{first.id}" in result.message.custom_ids()
    opened = await server.emu.click(server.member, result.message, f"plan:next:{first.id}")
    assert opened.embeds[0]["title"].endswith(first.title)


async def test_no_target_role_and_no_fitting_postings_are_explained(
    server: Server, bot: LocalBot
) -> None:
    emu, ada = server.emu, server.member
    await seed(bot)
    await profile(bot, ada.id, ["python"], "")
    no_role = await emu.run_command(ada, server.general.id, "plan")
    assert "names no target role" in no_role.embeds[0]["description"]
    await profile(bot, ada.id, ["python"], "data engineer")
    nothing = await emu.run_command(ada, server.general.id, "plan")
    text = nothing.embeds[0]["description"]
    assert "No posting for Data engineer" in text
    assert "roadmap's next step" in text


async def test_few_postings_are_flagged(server: Server, bot: LocalBot) -> None:
    await seed(bot, ARCHITECT_JOBS[:3])
    await profile(bot, server.member.id, ["python"], "AI architect")
    result = await server.emu.run_command(server.member, server.general.id, "plan")
    text = result.embeds[0]["description"]
    assert "Only 3 fitting postings" in text
    assert result.embeds[0]["fields"], "what the few postings ask is still shown"


def test_two_skills_taught_by_one_topic_get_distinct_buttons(content: Content) -> None:
    shared = next(
        (a, b)
        for a, topics_a in content.topics_by_skill.items()
        for b, topics_b in content.topics_by_skill.items()
        if a < b and topics_a[0] == topics_b[0]
    )
    gain = Gain(40.0, 50.0, 3)
    skills = tuple(
        PlanSkill(s, s, 5, 5, 0.5, 0.5, content.topics_by_skill[s], gain) for s in shared
    )
    plan = Plan("AI architect", ("ai-architect",), 10, 60.0, 40.0, 2, skills, "ok")
    view = plan_view(content, MemberPlan(plan, True, None, {}))
    ids = [c["custom_id"] for row in view.to_components() for c in row["components"]]
    assert len(ids) == 9  # four per skill and the picture
    assert len(set(ids)) == len(ids)
