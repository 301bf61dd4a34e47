"""The /plan answer as an embed: what the fitting postings ask for, what each skill would change,
and, with too little data, why and the roadmap's next step instead."""

from __future__ import annotations

import discord

from bot.market_service import MemberPlan
from bot.render.budget import fit_one
from bot.render.style import BRAND, WARNING_COLOUR, truncate
from content import Content
from matcher.plan import Plan, PlanSkill

PLAN_IMAGE = "plan.png"
STATUS_MARK = {"done": "✅ done", "learning": "📖 learning", "skipped": "skipped"}


def topic_line(content: Content, skill: PlanSkill, progress: dict[str, str]) -> str:
    if not skill.topics:
        return "No roadmap topic teaches it yet: the quiz and your own projects are the way."
    parts = []
    for topic_id in skill.topics[:2]:
        topic = content.topics_by_id.get(topic_id)
        if topic is None:
            continue
        step = content.step_of_topic[topic_id]
        mark = STATUS_MARK.get(progress.get(topic_id, ""), "")
        parts.append(f"Step {step.number} · {topic.title}" + (f" ({mark})" if mark else ""))
    return "Learn it: " + "; ".join(parts)


def skill_text(content: Content, plan: Plan, skill: PlanSkill, progress: dict[str, str]) -> str:
    gain = skill.gain
    lines = [
        f"Asked by {skill.demand:.0%} of {plan.postings} fitting postings, "
        f"required in {skill.required_share:.0%}.",
    ]
    if gain.median_after > gain.median_before or gain.added_over_threshold:
        lines.append(
            f"Adding it lifts your median match from {gain.median_before:g} to "
            f"{gain.median_after:g} and brings {gain.added_over_threshold} more postings over "
            f"your alert threshold ({plan.threshold:g})."
        )
    else:
        lines.append(
            f"On its own it leaves your median match at {gain.median_before:g}; it counts with "
            "the skills above it."
        )
    lines.append(topic_line(content, skill, progress))
    return "\n".join(lines)


def _fallback(content: Content, member: MemberPlan) -> str:
    if member.next_step is None:
        return "You have been through the whole roadmap: `/quiz review` keeps it fresh."
    step, topic = member.next_step
    return f"Meanwhile, the roadmap's next step for you: **Step {step.number} · {topic.title}**."


def _why_not(member: MemberPlan) -> str:
    plan = member.plan
    if not member.has_profile:
        return (
            "You have no profile yet. Set your skills and target roles with `/profile set` "
            "(for example: target roles *AI architect, ML engineer*) and /plan compares you "
            "with the postings for those roles."
        )
    if plan.status == "no-role":
        return (
            "Your profile names no target role I can find postings for. Add one with "
            "`/profile set`, such as *AI architect*, *ML engineer*, *data scientist*, "
            "*data engineer* or *solutions architect*."
        )
    if plan.status == "no-postings":
        return (
            f"No posting for {plan.role} that fits your level, place and remote preference was "
            f"seen in the last {plan.weeks} weeks, so there is nothing to compare you with yet. "
            "Widening your remote preference or location in `/profile set` may help."
        )
    return (
        f"Only {plan.postings} fitting posting{'s' if plan.postings != 1 else ''} for "
        f"{plan.role} in the last {plan.weeks} weeks: too few to say what the market asks for "
        "with confidence. Here is what they ask, for what it is worth."
    )


def plan_embed(content: Content, member: MemberPlan, *, chart: bool) -> discord.Embed:
    plan = member.plan
    embed = discord.Embed(title="Your plan from the job market", colour=BRAND)
    if member.enough:
        embed.description = (
            f"**{plan.postings}** postings for **{truncate(plan.role, 120)}** fit you "
            f"(last {plan.weeks} weeks, open or recently closed). Your median match is "
            f"**{plan.median:g}**; {plan.over_threshold} are at or over your alert threshold "
            f"({plan.threshold:g}). What they ask for that you lack, most useful first:"
        )
    else:
        embed.colour = WARNING_COLOUR
        embed.description = _why_not(member) + "\n\n" + _fallback(content, member)
    for index, skill in enumerate(plan.skills[:6], start=1):
        embed.add_field(
            name=f"{index}. {skill.name}",
            value=truncate(skill_text(content, plan, skill, member.progress), 1024),
            inline=False,
        )
    if member.enough and not plan.skills:
        embed.add_field(
            name="Nothing missing",
            value="You already have every skill these postings ask for. "
            + _fallback(content, member),
            inline=False,
        )
    if chart:
        embed.set_image(url=f"attachment://{PLAN_IMAGE}")
    embed.set_footer(
        text="Buttons: open the topic, mark it as learning, quiz yourself, or add a skill you "
        "already have. The plan updates as you do."
    )
    return fit_one(embed)
