"""Reporting a question members think is wrong: `/quiz report <reason>` on the member's last
question, or the Report button under an answered question (a modal asks why).

Reports are kept per server for its admins (`/settings quiz reports`); one open report per
member and question, so nobody can stack them.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.cogs.quiz_common import Interaction, guild_name, guild_of
from bot.errors import UserFacingError, reported
from bot.quiz.solo import server_pool
from bot.services import services_of
from bot.text import clean_submission, echo
from store import quiz as store
from store import quiz_settings as admin

ID = r"[a-z0-9][a-z0-9.\-]*"
REASON_MIN, REASON_MAX = 5, 300


def clean_reason(text: str) -> str:
    reason = clean_submission(text)
    if len(reason) < REASON_MIN:
        raise UserFacingError(
            f"Please say what is wrong in a few words (at least {REASON_MIN} characters). "
            "Nothing was stored."
        )
    if len(reason) > REASON_MAX:
        raise UserFacingError(
            f"Please keep the reason under {REASON_MAX} characters. Nothing was stored."
        )
    return reason


async def file_report(interaction: Interaction, question_id: str | None, reason: str) -> None:
    services = services_of(interaction.client)
    guild_id = guild_of(interaction)
    cleaned = clean_reason(reason)
    if question_id is None:
        question_id = await services.db(store.last_question_in, interaction.user.id, guild_id)
        if question_id is None:
            raise UserFacingError(
                "You have not had a question in this server yet, so there is nothing to report."
            )
    pool = await services.db(server_pool, services.content, guild_id)
    question = pool.get(question_id)
    if question is None:
        raise UserFacingError("That question is no longer in the bank. Nothing was stored.")
    fresh = await services.db(
        admin.add_report,
        guild_id=guild_id,
        guild_name=guild_name(interaction),
        question_id=question_id,
        reporter_id=interaction.user.id,
        reason=cleaned,
        now=services.now(),
    )
    verb = "Thanks: your report" if fresh else "Your report was updated: it"
    await interaction.response.send_message(
        f"{verb} on “{echo(question.stem, 120)}” (`{question_id}`) is with this server's admins.",
        ephemeral=True,
    )


class ReportModal(discord.ui.Modal, title="Report this question"):
    reason: discord.ui.TextInput[ReportModal] = discord.ui.TextInput(
        label="What is wrong with it?",
        custom_id="qz:report:reason",
        style=discord.TextStyle.paragraph,
        placeholder="e.g. the explanation contradicts the answer",
        min_length=REASON_MIN,
        max_length=REASON_MAX,
    )

    def __init__(self, question_id: str) -> None:
        super().__init__(custom_id="qz:report:modal", timeout=900)
        self.question_id = question_id

    @reported
    async def on_submit(self, interaction: Interaction) -> None:
        await file_report(interaction, self.question_id, self.reason.value)


class ReportButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=rf"qz:rep:(?P<question>{ID})"
):
    def __init__(self, question_id: str, *, row: int = 1) -> None:
        self.question_id = question_id
        super().__init__(
            discord.ui.Button(
                label="Report question",
                style=discord.ButtonStyle.secondary,
                custom_id=f"qz:rep:{question_id}",
                row=row,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReportButton:
        return cls(match["question"], row=item.row or 1)

    @reported
    async def callback(self, interaction: Interaction) -> None:
        guild_of(interaction)
        await interaction.response.send_modal(ReportModal(self.question_id))
