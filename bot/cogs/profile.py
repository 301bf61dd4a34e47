"""/profile: set (a form), add, remove, preferences (hard filters), show, gap (with a picture)
and delete (erase everything).

Everything a member declares is private: every reply here is ephemeral. Skills are always
taxonomy ids; what members type is normalised first (see `bot.profile_input`).
"""

from __future__ import annotations

import asyncio
import io
import re
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import UserFacingError, reported
from bot.gap import step_gaps
from bot.gap_card import render_gap_card
from bot.preference_input import described, merged
from bot.profile_form import (
    AddSuggested,
    ProfileModal,
    add_one,
    engine_of,
    profile_changed,
    resolve_skill,
)
from bot.profile_input import skill_choices
from bot.render.style import BRAND, SUCCESS_COLOUR, WARNING_COLOUR, truncate
from bot.services import services_of
from bot.text import echo
from bot.views import StaticView
from store import alerts, members, preferences, profiles
from store.preferences import MemberPreferences
from store.profiles import Profile

Interaction = discord.Interaction[Any]

REMOTE_PREFERENCE_LABELS = {
    "remote": "remote roles only",
    "hybrid": "remote or hybrid roles",
    "onsite": "any work mode (on-site preferred)",
    "any": "any work mode",
}
ERASED_WHAT = (
    "your profile and skills, your job matches, alert settings and every digest record, your "
    "roadmap progress, quiz history and the tips you have seen"
)


def add_preference_fields(embed: discord.Embed, prefs: MemberPreferences) -> None:
    for name, value in described(prefs):
        embed.add_field(name=name, value=truncate(value, 1024))


def profile_embed(
    profile: Profile,
    names: dict[str, str],
    zone: tuple[str, str],
    alerts_line: str,
    prefs: MemberPreferences | None = None,
) -> discord.Embed:
    embed = discord.Embed(title="Your job profile", colour=BRAND)
    skills = sorted((names.get(s, s) for s in profile.skills), key=str.casefold)
    embed.add_field(
        name=f"Skills ({len(skills)})",
        value=truncate(", ".join(skills) or "none yet: add some with /profile add", 1024),
        inline=False,
    )
    embed.add_field(name="Experience level", value=profile.experience or "not stated")
    embed.add_field(name="Location", value=echo(profile.location, 100) if profile.location else "-")
    embed.add_field(
        name="Remote preference", value=REMOTE_PREFERENCE_LABELS.get(profile.remote, "any")
    )
    embed.add_field(
        name="Target roles",
        value=echo(profile.target_roles, 200) if profile.target_roles else "-",
    )
    embed.add_field(name="Time zone", value=f"{zone[0]} ({zone[1]})")
    add_preference_fields(embed, prefs or MemberPreferences())
    embed.add_field(name="Job alerts", value=alerts_line, inline=False)
    embed.set_footer(text="Only you can see this. /profile delete erases everything.")
    return embed


def delete_view(user_id: int) -> discord.ui.View:
    view = StaticView()
    view.add_item(EraseButton(user_id))
    view.add_item(KeepButton())
    return view


class EraseButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"pf:erase:(?P<user>\d+)"
):
    def __init__(self, user_id: int) -> None:
        self.user_id = user_id
        super().__init__(
            discord.ui.Button(
                label="Yes, erase everything",
                style=discord.ButtonStyle.danger,
                custom_id=f"pf:erase:{user_id}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> EraseButton:
        return cls(int(match["user"]))

    @reported
    async def callback(self, interaction: Interaction) -> None:
        if interaction.user.id != self.user_id:
            raise UserFacingError("Only the member who asked can erase their own data.")
        services = services_of(interaction.client)
        await engine_of(services).remove_member(self.user_id)
        await services.db(members.erase_member, self.user_id)
        embed = discord.Embed(
            title="Everything erased",
            description=(
                f"I no longer hold anything about you: {ERASED_WHAT}. Using a command "
                "again starts afresh."
            ),
            colour=SUCCESS_COLOUR,
        )
        await interaction.response.edit_message(embed=embed, view=None)


class KeepButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"pf:keep"):
    def __init__(self) -> None:
        super().__init__(
            discord.ui.Button(
                label="Keep my data", style=discord.ButtonStyle.secondary, custom_id="pf:keep"
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> KeepButton:
        return cls()

    @reported
    async def callback(self, interaction: Interaction) -> None:
        embed = discord.Embed(title="Nothing was erased", colour=BRAND)
        await interaction.response.edit_message(embed=embed, view=None)


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    AddSuggested,
    EraseButton,
    KeepButton,
)


class ProfileCog(commands.GroupCog, group_name="profile", group_description="Your job profile"):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        super().__init__()

    def _names(self) -> dict[str, str]:
        return {s.id: s.name for s in services_of(self.bot).content.skills}

    @app_commands.command(name="set", description="Declare your skills, level and preferences")
    async def set_profile(self, interaction: Interaction) -> None:
        services = services_of(self.bot)
        current = await services.db(profiles.get_profile, interaction.user.id)
        await interaction.response.send_modal(ProfileModal(current, self._names()))

    @app_commands.command(name="add", description="Add one skill to your profile")
    @app_commands.describe(skill="Start typing and pick a skill from the list")
    async def add(self, interaction: Interaction, skill: app_commands.Range[str, 1, 100]) -> None:
        services = services_of(self.bot)
        skill_id = resolve_skill(services, skill)
        typed = skill.strip()
        via = typed if typed != skill_id and typed not in self._names().values() else None
        await add_one(interaction, skill_id, via=via)

    @add.autocomplete("skill")
    async def _add_choices(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        taxonomy = engine_of(services_of(self.bot)).taxonomy
        return [
            app_commands.Choice(name=label, value=value)
            for label, value in skill_choices(taxonomy, current)
        ]

    @app_commands.command(name="remove", description="Remove one skill from your profile")
    @app_commands.describe(skill="One of your skills")
    async def remove(
        self, interaction: Interaction, skill: app_commands.Range[str, 1, 100]
    ) -> None:
        services = services_of(self.bot)
        names = self._names()
        value = skill.strip()
        by_name = {n.casefold(): i for i, n in names.items()}
        skill_id = value if value in names else by_name.get(value.casefold(), value)
        await interaction.response.defer(ephemeral=True, thinking=True)
        removed = await services.db(
            profiles.remove_skill, interaction.user.id, skill_id, services.now()
        )
        if not removed:
            raise UserFacingError(
                f"“{echo(value, 40)}” is not in your profile; `/profile show` lists your skills."
            )
        count = await profile_changed(interaction)
        await interaction.followup.send(
            f"Removed **{names.get(skill_id, skill_id)}**. {count} open postings match you now.",
            ephemeral=True,
        )

    @remove.autocomplete("skill")
    async def _remove_choices(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        services = services_of(self.bot)
        profile = await services.db(profiles.get_profile, interaction.user.id)
        names = self._names()
        key = current.strip().casefold()
        own = sorted((names.get(s, s), s) for s in (profile.skills if profile else ()))
        return [
            app_commands.Choice(name=label[:100], value=value)
            for label, value in own
            if not key or key in label.casefold()
        ][:25]

    @app_commands.command(
        name="preferences", description="Hard filters for /jobs and digests (only you see them)"
    )
    @app_commands.describe(
        work_in="Where you can work: 'DE, EU, UTC+01:00' (- clears)",
        needs_visa="Whether you need visa sponsorship",
        years="Your years of experience",
        min_salary="Least yearly salary with its currency: '70000 EUR', '$120k' (- clears)",
        employment="Types you accept: 'full-time contract' (- clears)",
        clear="Forget every preference first",
    )
    async def set_preferences(
        self,
        interaction: Interaction,
        work_in: app_commands.Range[str, 1, 300] | None = None,
        needs_visa: bool | None = None,
        years: app_commands.Range[int, 0, 60] | None = None,
        min_salary: app_commands.Range[str, 1, 60] | None = None,
        employment: app_commands.Range[str, 1, 120] | None = None,
        clear: bool = False,
    ) -> None:
        services = services_of(self.bot)
        user_id = interaction.user.id
        current = await services.db(preferences.get_preferences, user_id)
        chosen = merged(
            current,
            work_in=work_in,
            needs_visa=needs_visa,
            years=years,
            min_salary=min_salary,
            employment=employment,
            clear=clear,
        )
        if chosen != current:
            await services.db(preferences.save_preferences, user_id, chosen, services.now())
        embed = discord.Embed(
            title="Your job preferences",
            description=(
                "`/jobs` and your digests hide jobs whose postings rule you out; a fact a "
                "posting does not state never hides it."
            ),
            colour=BRAND,
        )
        add_preference_fields(embed, chosen)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="show", description="Your profile (only you see it)")
    async def show(self, interaction: Interaction) -> None:
        services = services_of(self.bot)
        user_id = interaction.user.id
        profile = await services.db(profiles.get_profile, user_id)
        if profile is None:
            raise UserFacingError("You have no profile yet: `/profile set` creates one.")
        settings = await services.db(alerts.get_alert_settings, user_id)
        zone = await services.db(
            alerts.member_zone, user_id, settings.guild_id or interaction.guild_id
        )
        line = (
            f"on, score {settings.threshold}+ (see `/alerts status`)"
            if settings.enabled
            else "off (`/alerts on` to get digests by DM)"
        )
        prefs = await services.db(preferences.get_preferences, user_id)
        embed = profile_embed(profile, self._names(), zone, line, prefs)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="gap", description="What you still lack for each roadmap step")
    async def gap(self, interaction: Interaction) -> None:
        services = services_of(self.bot)
        profile = await services.db(profiles.get_profile, interaction.user.id)
        if profile is None or not profile.skills:
            raise UserFacingError("Add your skills first with `/profile set` or `/profile add`.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        taxonomy = engine_of(services).taxonomy
        gaps = step_gaps(services.content, taxonomy, profile.skills)
        png = await asyncio.to_thread(render_gap_card, gaps, taxonomy.name)
        have = sum(len(g.have) for g in gaps)
        core = sum(len(g.core) for g in gaps)
        embed = discord.Embed(
            title="Your skill gaps along the roadmap",
            description=f"You cover **{have}** of the {core} core skills of the roadmap's steps.",
            colour=BRAND,
        )
        for gap in gaps:
            missing = ", ".join(taxonomy.name(s) for s in gap.missing) or "nothing: all covered"
            related = (
                f" · {gap.related_have} of your skills belong here" if gap.related_have else ""
            )
            embed.add_field(
                name=truncate(
                    f"{gap.step.number}. {gap.step.title}: {len(gap.have)}/{len(gap.core)}"
                    f"{related}",
                    256,
                ),
                value=truncate(f"Missing: {missing}", 250),
                inline=False,
            )
        embed.set_image(url="attachment://skill-gaps.png")
        await interaction.followup.send(
            embed=embed,
            file=discord.File(io.BytesIO(png), filename="skill-gaps.png"),
            ephemeral=True,
        )

    @app_commands.command(name="delete", description="Erase everything the bot holds about you")
    async def delete(self, interaction: Interaction) -> None:
        embed = discord.Embed(
            title="Erase everything about you?",
            description=f"This erases {ERASED_WHAT}, in every server. It cannot be undone.",
            colour=WARNING_COLOUR,
        )
        await interaction.response.send_message(
            embed=embed, view=delete_view(interaction.user.id), ephemeral=True
        )
