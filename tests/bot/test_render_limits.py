"""Every message the bot renders, from every content item and from worst-case member and board
input, passes the same validator the Discord emulator applies (Discord's documented limits).

Content grows (a longer career page, a server's own 600-character question) and members type
whatever a form allows; a reply Discord refuses is a command that fails for everyone who hits
it. These tests render everything and validate the payloads without a network.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.cogs.career import page_embed
from bot.cogs.profile import profile_embed
from bot.cogs.quiz_admin import QuestionModal
from bot.cogs.quiz_report import ReportModal
from bot.cogs.roadmap import overview_view, step_view, topic_view
from bot.cogs.server_settings import AddTipModal
from bot.dbrunner import DbRunner
from bot.job_view import JobView, job_view, skill_namer
from bot.lookup import page_choices, step_choices
from bot.profile_form import ProfileModal
from bot.profile_input import skill_choices
from bot.quiz.rounds import Standing
from bot.quiz.scoring import Score
from bot.render import quiz as quiz_render
from bot.render.budget import embed_size, fit
from bot.render.jobs import DIGEST, bare_job_embed, digest_intro, job_embed
from bot.render.quiz_boards import (
    leaderboard_embed,
    quiz_settings_embed,
    report_pages,
    reports_embed,
    stats_embed,
)
from bot.render.roadmap import overview_embed, step_embed, topic_embed
from bot.render.tips import tip_embed
from bot.schedule import search_timezones
from bot.services import Services
from content import Content, Page, Question, Section, load_content
from discord_emulator.validate import check_choices, check_message, check_modal
from matcher.taxonomy import taxonomy_of
from store.matches import JobRow
from store.profiles import Profile
from store.quiz import Total
from store.quiz_settings import QuizSettings, ReportedQuestion

NOW = datetime(2026, 6, 1, 6, 0, tzinfo=UTC)
HOSTILE = "**@everyone** <@&123456789012345678> `x` ||y|| ~~z~~ _w_ > q \\ ünï 🤖 \u202e "
WORST_NAME = (HOSTILE * 10)[:32]


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def valid(
    *,
    content: str | None = None,
    embeds: Sequence[discord.Embed] = (),
    view: discord.ui.View | None = None,
) -> None:
    """Assert Discord would accept this message."""
    fields: dict[str, Any] = {"embeds": [e.to_dict() for e in embeds]}
    if content is not None:
        fields["content"] = content
    if view is not None:
        fields["components"] = view.to_components()
    problems = check_message(fields, file_count=0, creating=True)
    assert not problems, problems.summary()


def test_every_roadmap_step_and_topic(content: Content) -> None:
    statuses: list[dict[str, str]] = [{}]
    for status in ("done", "learning", "skipped"):
        statuses.append({t.id: status for s in content.steps for t in s.topics})
    for progress in statuses:
        valid(
            embeds=[overview_embed(content, progress, WORST_NAME)],
            view=overview_view(content, progress),
        )
        for step in content.steps:
            valid(
                embeds=[step_embed(content, step, progress)],
                view=step_view(content, step, progress),
            )
            for topic in step.topics:
                mark = progress.get(topic.id)
                valid(
                    embeds=[topic_embed(step, topic, mark)],
                    view=topic_view(step, topic.id, mark),
                )


def test_every_tip(content: Content, tmp_path: Path) -> None:
    services = Services(db=DbRunner(tmp_path / "unused.db"), content=content)
    for tip in content.tips:
        valid(embeds=[tip_embed(services, tip)])
        valid(embeds=[tip_embed(services, tip, heading="Daily roadmap tip")])


def test_every_career_page_and_the_largest_page_allowed(content: Content) -> None:
    for page in content.pages:
        valid(embeds=[page_embed(page)])
    # Larger than the content model lets a page be: the embed is budgeted all the same.
    largest = Page.model_construct(
        id="largest",
        title="t" * 80,
        summary="s" * 500,
        sections=[Section(heading="h" * 256, body="b" * 1024) for _ in range(10)],
        caveat="c" * 500,
        reviewed=date(2026, 12, 8),
        sources=["x" * 120] * 8,
    )
    valid(embeds=[page_embed(largest)])


def _questions(content: Content) -> list[Question]:
    biggest = Question(
        id="server.huge",
        step=content.steps[0].id,
        topic=content.steps[0].topics[0].id,
        difficulty=3,
        stem=(HOSTILE * 20)[:600],
        answer=(HOSTILE * 5)[:80],
        distractors=[(HOSTILE * 5)[i : i + 80] for i in range(1, 4)],
        explanation=(HOSTILE * 40)[:1000],
    )
    return [*content.questions, biggest]


def test_every_quiz_question_in_every_state(content: Content) -> None:
    standings = [Standing(10**17 + i, 1000 - i, 50, 60) for i in range(40)]
    top = standings[:3]
    for question in _questions(content):
        order = "3120"
        valid(
            embeds=[
                quiz_render.question_embed(
                    content, question, order, NOW, owner_id=10**18, heading="Quiz review"
                )
            ]
        )
        for chosen, correct in ((0, False), (3, True)):
            score = Score(correct=correct, repeat=False, points=3)
            valid(
                embeds=[
                    quiz_render.answered_embed(
                        content,
                        question,
                        order,
                        chosen,
                        score,
                        owner_id=10**18,
                        streak=999,
                        next_due=NOW,
                    )
                ]
            )
        valid(embeds=[quiz_render.expired_embed(content, question, order, owner_id=10**18)])
        valid(embeds=[quiz_render.round_question_embed(content, question, order, 9, 10, NOW)])
        valid(
            embeds=[
                quiz_render.round_reveal_embed(
                    content, question, order, 9, 10, [999, 999, 999, 999], standings
                )
            ]
        )
    for status in ("finished", "stopped", "abandoned"):
        valid(embeds=[quiz_render.round_final_embed(status, standings, top)])
    valid(embeds=[quiz_render.session_embed(999, 999, 9999, owner_id=10**18)])


def test_quiz_boards_with_the_largest_inputs(content: Content) -> None:
    rows = [Total(10**17 + i, 10**6, 10**5, 10**5) for i in range(50)]
    valid(embeds=[leaderboard_embed(rows, "week", rows[0], 1, "g" * 100)])
    valid(embeds=[leaderboard_embed([], "all", Total(1, 0, 0, 0), None, "")])
    accuracy = {s.id: (10**5, 10**5) for s in content.steps}
    valid(
        embeds=[
            stats_embed(
                content,
                name=WORST_NAME,
                accuracy=accuracy,
                streak=999,
                best=999,
                cards=10**5,
                due=10**4,
                next_due=NOW,
                here=rows[0],
                rank=1,
            )
        ]
    )
    switches = {10**17 + i: i % 2 == 0 for i in range(500)}
    valid(embeds=[quiz_settings_embed(QuizSettings(1), switches, 10**4, 10**4)])


def test_report_pages_with_the_longest_reasons(content: Content) -> None:
    reported = [
        ReportedQuestion(f"server.q{i:03d}" + "x" * 60, 10**4, [(HOSTILE * 10)[:300]] * 3, "")
        for i in range(40)
    ]
    stems = {r.question_id: (HOSTILE * 20)[:600] for r in reported}
    for page in range(report_pages(len(reported))):
        embed = reports_embed(content, reported, stems, page)
        valid(embeds=[embed])
        assert len(embed.fields) == 5


def _worst_row(number: int, url: str) -> JobRow:
    skills = [f"skill-{i}-" + "x" * 60 for i in range(40)]
    return JobRow(
        posting_id=number,
        score=100.0,
        explanation={
            "matched": [
                {"skill_id": s, "how": "parent", "via": s, "level": "required"} for s in skills
            ],
            "missing_required": skills,
            "missing_preferred": skills,
        },
        title=HOSTILE * 300,
        company=HOSTILE * 300,
        url=url,
        locations=tuple(HOSTILE * 50 for _ in range(20)),
        remote="remote",
        posted_at=None,
        attribution=HOSTILE * 300,
        source="greenhouse:" + "k" * 200,
    )


URLS = [
    "https://jobs.example/ai architect/4",
    "https://jobs.example/ingénieur/" + "é" * 300,
    "https://jobs.example/" + "a" * 3000,
    "ftp://jobs.example/x",
    "https://bad host/x",
    "https://jobs.example/100%",
]


def test_job_pages_and_digests_with_worst_case_postings(content: Content) -> None:
    name = skill_namer(content)
    views: list[JobView] = [job_view(_worst_row(i, u), name) for i, u in enumerate(URLS, 1)]
    for start in range(0, len(views), 3):
        page = [job_embed(v, number=start + i) for i, v in enumerate(views[start : start + 3], 1)]
        valid(content="h" * 200, embeds=page)
    for start in range(0, len(views), 5):
        chunk = views[start : start + 5]
        digest = [job_embed(v, number=i, limits=DIGEST) for i, v in enumerate(chunk, 1)]
        valid(content=digest_intro(len(chunk), 10**6, 100), embeds=digest)
        valid(embeds=[bare_job_embed(v, number=i) for i, v in enumerate(chunk, 1)])


def test_profile_reply_with_every_skill(content: Content) -> None:
    names = {s.id: s.name for s in content.skills}
    profile = Profile(
        user_id=1,
        skills=tuple(names),
        experience="principal",
        location=(HOSTILE * 10)[:100],
        remote="hybrid",
        target_roles=(HOSTILE * 10)[:200],
        updated_at="",
    )
    valid(embeds=[profile_embed(profile, names, ("Europe/Paris", "yours"), "on " * 30)])


def test_every_form_opens_within_discords_limits(content: Content) -> None:
    names = {s.id: s.name for s in content.skills}
    longest = sorted(content.skills, key=lambda s: -len(s.name))
    for count in (0, 60, len(longest)):
        profile = Profile(
            user_id=1,
            skills=tuple(s.id for s in longest[:count]),
            experience="senior",
            location="l" * 100,
            remote="any",
            target_roles="r" * 200,
            updated_at="",
        )
        for modal in (ProfileModal(profile, names), ProfileModal(None, names)):
            problems = check_modal(modal.to_dict())
            assert not problems, problems.summary()
    for other in (ReportModal("q.x"), QuestionModal("s", "t", 1), AddTipModal()):
        problems = check_modal(other.to_dict())
        assert not problems, problems.summary()


def test_autocomplete_choices_for_any_typed_text(content: Content) -> None:
    taxonomy = taxonomy_of(content.skills)
    for typed in ("", "a", "e", "step", "python", HOSTILE, "1", "x" * 6000):
        for choices in (
            step_choices(content, typed),
            page_choices(content, typed),
            skill_choices(taxonomy, typed),
            [(z, z) for z in search_timezones(typed)],
        ):
            payload = {"choices": [{"name": n, "value": v} for n, v in choices]}
            problems = check_choices(payload)
            assert not problems, problems.summary()


def test_fit_trims_the_longest_texts_until_the_total_fits() -> None:
    embeds = [discord.Embed(title="t", description="d" * 4000) for _ in range(3)]
    embeds[0].add_field(name="n", value="v" * 1024)
    fitted = fit(embeds)
    assert sum(embed_size(e) for e in fitted) <= 6000
    assert all(len(e.description or "") >= 1000 for e in fitted)  # shared out, not wiped
    valid(embeds=fitted)
