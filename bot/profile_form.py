"""The /profile set form and the "Add <suggestion>" buttons that follow it.

The form replaces the whole profile. Recognised skills are saved; items that were not recognised
are listed with suggestions, each offered as a button, and never saved silently (see
`bot.profile_input`). A bad experience level or remote preference refuses the whole form.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import discord

from bot.errors import UserFacingError, reported
from bot.match_engine import MatchEngine
from bot.match_reader import count_matches
from bot.profile_input import (
    MAX_SKILLS,
    ProfileInputError,
    SkillReading,
    clean_line,
    describe_item,
    parse_experience,
    parse_remote,
    read_skills,
)
from bot.render.style import SUCCESS_COLOUR, WARNING_COLOUR, truncate
from bot.services import Services, services_of
from bot.text import echo
from bot.views import StaticView
from matcher.normalise import NormalisedItem, Suggestion, normalise_skill
from matcher.taxonomy import Taxonomy
from store import matches, profiles
from store.db import Database
from store.profiles import Profile

Interaction = discord.Interaction[Any]
SKILLS_FORM_MAX = 4000  # Discord's most for a text input; 60 skills' names take under 3,000
SKILL_ID = r"[a-z0-9][a-z0-9.\-]*"


def engine_of(services: Services) -> MatchEngine:
    if services.matching is None:
        raise RuntimeError("the match engine is not running")
    return services.matching


def unknown_lines(reading: SkillReading) -> str:
    lines = []
    for item in reading.unknown[:10]:
        hint = ", ".join(s.name for s in item.suggestions) or "no close skill"
        lines.append(f"• {echo(item.text, 40)}: did you mean {hint}?")
    if len(reading.unknown) > 10:
        lines.append(f"… and {len(reading.unknown) - 10} more")
    return "\n".join(lines)


def suggestion_view(suggestions: list[Suggestion]) -> discord.ui.View | None:
    if not suggestions:
        return None
    view = StaticView()
    for suggestion in suggestions:
        view.add_item(AddSuggested(suggestion.skill_id, suggestion.name))
    return view


def _queue_and_count(db: Database, taxonomy: Taxonomy, user_id: int, now: datetime) -> int:
    matches.queue_member(db, user_id, now)
    profile = profiles.get_profile(db, user_id)
    return count_matches(db, taxonomy, profile) if profile and profile.skills else 0


async def profile_changed(interaction: Interaction) -> int:
    """Queue the member for the matching worker (the bot never waits for it) and count the
    jobs that match them now, exactly, with a scan of their own."""
    services = services_of(interaction.client)
    taxonomy = engine_of(services).taxonomy
    return await services.db(_queue_and_count, taxonomy, interaction.user.id, services.now())


def _match_line(count: int) -> str:
    if count == 0:
        return "No open posting matches your profile yet; new ones are checked after every scrape."
    noun = "posting matches" if count == 1 else "postings match"
    return f"{count} open {noun} your profile: see them with `/jobs`."


def kept_reading(skill_ids: tuple[str, ...], taxonomy: Taxonomy) -> SkillReading:
    """The stored skills, kept as they are when the form's skills field was left empty."""
    return SkillReading(
        recognised=[
            NormalisedItem(
                input=taxonomy.name(s), skill_id=s, name=taxonomy.name(s), method="exact", score=100
            )
            for s in skill_ids
        ]
    )


class ProfileModal(discord.ui.Modal, title="Your job profile"):
    skills: discord.ui.TextInput[ProfileModal] = discord.ui.TextInput(
        label="Skills (comma separated)",
        style=discord.TextStyle.paragraph,
        placeholder="Python, PyTorch, Kubernetes, AWS SageMaker, RAG…",
        max_length=SKILLS_FORM_MAX,
        custom_id="skills",
    )
    experience: discord.ui.TextInput[ProfileModal] = discord.ui.TextInput(
        label="Experience level",
        placeholder="intern, junior, mid, senior, lead, staff, principal or head",
        required=False,
        max_length=40,
        custom_id="experience",
    )
    location: discord.ui.TextInput[ProfileModal] = discord.ui.TextInput(
        label="Where you are (for on-site and hybrid roles)",
        placeholder="e.g. Berlin, or Germany",
        required=False,
        max_length=100,
        custom_id="location",
    )
    remote: discord.ui.TextInput[ProfileModal] = discord.ui.TextInput(
        label="Remote preference",
        placeholder="remote (only), hybrid (remote or hybrid), onsite, or any",
        required=False,
        max_length=40,
        custom_id="remote",
    )
    roles: discord.ui.TextInput[ProfileModal] = discord.ui.TextInput(
        label="Target roles",
        placeholder="e.g. ML platform engineer, AI architect",
        required=False,
        max_length=200,
        custom_id="roles",
    )

    def __init__(self, current: Profile | None, names: dict[str, str]) -> None:
        super().__init__(custom_id="pf:set:modal", timeout=900)
        self.kept_skills: tuple[str, ...] = ()
        if current is not None:
            listed = ", ".join(names.get(s, s) for s in current.skills)
            if len(listed) <= SKILLS_FORM_MAX and len(current.skills) <= MAX_SKILLS:
                self.skills.default = listed
            else:
                # The whole list cannot be pre-filled (or saved back through the form): leave
                # the field empty and keep the stored skills unless the member types new ones,
                # rather than pre-filling a cut list that would drop skills when submitted.
                self.kept_skills = tuple(current.skills)
                self.skills.required = False
                self.skills.placeholder = (
                    f"Leave empty to keep your {len(current.skills)} skills (too many to list "
                    "here), or type a full new list"
                )
            self.experience.default = current.experience or ""
            self.location.default = current.location or ""
            self.remote.default = current.remote
            self.roles.default = current.target_roles

    @reported
    async def on_submit(self, interaction: Interaction) -> None:
        await save_form(
            interaction,
            skills=self.skills.value,
            kept_skills=self.kept_skills if not self.skills.value.strip() else (),
            experience=self.experience.value,
            location=self.location.value,
            remote=self.remote.value,
            roles=self.roles.value,
        )


async def save_form(
    interaction: Interaction,
    *,
    skills: str,
    experience: str,
    location: str,
    remote: str,
    roles: str,
    kept_skills: tuple[str, ...] = (),
) -> None:
    services = services_of(interaction.client)
    taxonomy = engine_of(services).taxonomy
    try:
        level = parse_experience(experience)
        preference = parse_remote(remote)
        place = clean_line(location, 100)
        target = clean_line(roles, 200) or ""
        reading = kept_reading(kept_skills, taxonomy) if kept_skills else None
        reading = reading or read_skills(skills, taxonomy)
    except ProfileInputError as exc:
        raise UserFacingError(f"{exc} Nothing was saved.") from None
    if not reading.skill_ids:
        embed = discord.Embed(
            title="None of those skills is in the taxonomy",
            description="Nothing was saved. " + unknown_lines(reading),
            colour=WARNING_COLOUR,
        )
        view = suggestion_view(reading.suggestions())
        if view is None:
            await interaction.response.send_message(embed=embed, ephemeral=True)
        else:
            await interaction.response.send_message(embed=embed, view=view, ephemeral=True)
        return
    await interaction.response.defer(ephemeral=True, thinking=True)
    await services.db(
        profiles.save_profile,
        interaction.user.id,
        skills=reading.skill_ids,
        experience=level,
        location=place,
        remote=preference,
        target_roles=target,
        now=services.now(),
    )
    count = await profile_changed(interaction)
    saved = ", ".join(echo(describe_item(i), 80) for i in reading.recognised)
    embed = discord.Embed(
        title="Profile saved",
        description=_match_line(count),
        colour=SUCCESS_COLOUR if not reading.unknown else WARNING_COLOUR,
    )
    embed.add_field(
        name=f"Skills saved ({len(reading.skill_ids)})", value=truncate(saved, 1024), inline=False
    )
    if reading.unknown:
        embed.add_field(
            name="Not recognised, not saved",
            value=truncate(
                unknown_lines(reading) + "\nPress a button to add a suggestion, or use "
                "`/profile add`.",
                1024,
            ),
            inline=False,
        )
    view = suggestion_view(reading.suggestions())
    if view is None:
        await interaction.followup.send(embed=embed, ephemeral=True)
    else:
        await interaction.followup.send(embed=embed, view=view, ephemeral=True)


async def add_one(interaction: Interaction, skill_id: str, *, via: str | None = None) -> None:
    """Add one known skill to the member's profile and tell them what it changed."""
    services = services_of(interaction.client)
    taxonomy = engine_of(services).taxonomy
    name = taxonomy.name(skill_id)
    await interaction.response.defer(ephemeral=True, thinking=True)
    added = await services.db(profiles.add_skills, interaction.user.id, [skill_id], services.now())
    if not added:
        await interaction.followup.send(f"{name} is already in your profile.", ephemeral=True)
        return
    count = await profile_changed(interaction)
    how = f" (from “{echo(via, 40)}”)" if via else ""
    await interaction.followup.send(
        f"Added **{name}**{how} to your skills. {_match_line(count)}", ephemeral=True
    )


def resolve_skill(services: Services, text: str) -> str:
    """An autocomplete choice (a skill id) or typed text that normalises to exactly one skill."""
    taxonomy = engine_of(services).taxonomy
    value = text.strip()
    if value in taxonomy.by_id:
        return value
    item = normalise_skill(value, taxonomy)
    if item.skill_id is not None:
        return item.skill_id
    hint = ", ".join(s.name for s in item.suggestions)
    raise UserFacingError(
        f"“{echo(value, 40)}” is not a skill I know"
        + (f"; did you mean {hint}?" if hint else ".")
        + " Pick one from the list as you type. Nothing was changed."
    )


class AddSuggested(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=rf"pf:add:(?P<skill>{SKILL_ID})"
):
    def __init__(self, skill_id: str, name: str = "skill") -> None:
        self.skill_id = skill_id
        super().__init__(
            discord.ui.Button(
                label=truncate(f"Add {name}", 80),
                style=discord.ButtonStyle.primary,
                custom_id=f"pf:add:{skill_id}"[:100],
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> AddSuggested:
        label = item.label if isinstance(item, discord.ui.Button) and item.label else "skill"
        return cls(match["skill"], label.removeprefix("Add "))

    @reported
    async def callback(self, interaction: Interaction) -> None:
        services = services_of(interaction.client)
        if self.skill_id not in engine_of(services).taxonomy.by_id:
            raise UserFacingError("That skill is no longer in the taxonomy.")
        await add_one(interaction, self.skill_id)
