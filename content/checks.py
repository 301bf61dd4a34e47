"""Checks that span entries and files: unique ids, references that resolve, aliases that never
collide, tips that do not repeat each other, and a quiz bank that cannot be gamed.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

from content.loader import Collection, Problem
from content.models import Question, Tip
from content.tells import CHANCE, MIN_BANK_FOR_TELLS, TELL_LIMIT, bank_tells
from content.text import normalise_alias, scan_key
from content.words import EVERYDAY_WORDS

# Two tips whose words overlap this much say the same thing in other order.
TIP_SIMILARITY_LIMIT = 85.0
STEM_SIMILARITY_LIMIT = 92.0


def _duplicates(
    collection: Collection, kind: str, entries: Iterable[object], label: str
) -> list[Problem]:
    seen: dict[str, str] = {}
    problems: list[Problem] = []
    for entry in entries:
        ident = str(getattr(entry, "id", getattr(entry, "ref", "")))
        file = collection.file_of(entry)
        if ident in seen:
            problems.append(Problem(file, ident, f"{label} id also used in {seen[ident]}"))
        else:
            seen[ident] = file
    return problems


def check_ids(c: Collection) -> list[Problem]:
    topics = [t for s in c.steps for t in s.topics]
    for s in c.steps:
        for t in s.topics:
            c.origin.setdefault(id(t), c.file_of(s))
    problems = _duplicates(c, "steps", c.steps, "step")
    problems += _duplicates(c, "topics", topics, "topic")
    problems += _duplicates(c, "pages", c.pages, "page")
    problems += _duplicates(c, "tips", c.tips, "tip")
    problems += _duplicates(c, "questions", c.questions, "question")
    problems += _duplicates(c, "skills", c.skills, "skill")
    problems += _duplicates(c, "sources", c.sources, "source")
    numbers = sorted(s.number for s in c.steps)
    if numbers and numbers != list(range(1, len(numbers) + 1)):
        problems.append(
            Problem(c.file_of(c.steps[0]), "", f"steps must be numbered 1..N, got {numbers}")
        )
    return problems


def _pool(c: Collection, base: Collection | None) -> Collection:
    pool = Collection()
    if base is not None:
        pool.extend(base)
    pool.extend(c)
    return pool


def check_placement(c: Collection, pool: Collection) -> list[Problem]:
    """Tips and questions name a step that exists and a topic inside that step."""
    topics_of = {s.id: {t.id for t in s.topics} for s in pool.steps}
    problems: list[Problem] = []
    placed: list[tuple[str, Tip | Question]] = [("tip", t) for t in c.tips]
    placed += [("question", q) for q in c.questions]
    for kind, entry in placed:
        file = c.file_of(entry)
        if entry.step not in topics_of:
            problems.append(Problem(file, entry.id, f"{kind} names unknown step {entry.step!r}"))
        elif entry.topic is not None and entry.topic not in topics_of[entry.step]:
            problems.append(
                Problem(
                    file,
                    entry.id,
                    f"{kind} names topic {entry.topic!r}, which is not in step {entry.step!r}",
                )
            )
    return problems


def check_skill_links(c: Collection, pool: Collection) -> list[Problem]:
    """Steps list known skills; skills name known parents and steps."""
    steps = {s.id for s in pool.steps}
    skills = {s.id for s in pool.skills}
    problems: list[Problem] = []
    if skills:
        for step in c.steps:
            problems += [
                Problem(c.file_of(step), step.id, f"step lists unknown skill {skill!r}")
                for skill in step.skills
                if skill not in skills
            ]
    for sk in c.skills:
        file = c.file_of(sk)
        if sk.parent == sk.id:
            problems.append(Problem(file, sk.id, "skill is its own parent"))
        elif sk.parent is not None and sk.parent not in skills:
            problems.append(Problem(file, sk.id, f"parent {sk.parent!r} is unknown"))
        if steps:
            problems += [
                Problem(file, sk.id, f"unknown step {step_id!r}")
                for step_id in sk.steps
                if step_id not in steps
            ]
    return problems


def check_content_skills(c: Collection, base: Collection | None = None) -> list[Problem]:
    """Topics and questions name taxonomy skills that exist, each once.

    Shipped content (no `base`) must also name at least one per topic and per question: that
    link is what lets a plan send a member from a skill postings ask for to a topic and a quiz.
    A server's own questions may leave it out.
    """
    pool = _pool(c, base)
    known = {s.id for s in pool.skills}
    shipped = base is None
    problems: list[Problem] = []
    named: list[tuple[str, str, str, list[str]]] = []
    for step in c.steps:
        named += [("topic", c.file_of(step), t.id, t.skills) for t in step.topics]
    named += [("question", c.file_of(q), q.id, q.skills) for q in c.questions]
    for kind, file, ident, skills in named:
        if shipped and not skills:
            problems.append(Problem(file, ident, f"{kind} names no skill; add skills = [...]"))
        seen: set[str] = set()
        for skill_id in skills:
            if skill_id in seen:
                problems.append(Problem(file, ident, f"{kind} names skill {skill_id!r} twice"))
            elif known and skill_id not in known:
                problems.append(Problem(file, ident, f"{kind} names unknown skill {skill_id!r}"))
            seen.add(skill_id)
    return problems


def check_references(c: Collection, base: Collection | None = None) -> list[Problem]:
    """Every tip, question, step and skill points at things that exist (here or in `base`)."""
    pool = _pool(c, base)
    return check_placement(c, pool) + check_skill_links(c, pool) + _parent_cycles(c, pool)


def _parent_cycles(c: Collection, pool: Collection) -> list[Problem]:
    parent = {s.id: s.parent for s in pool.skills}
    problems: list[Problem] = []
    for skill in c.skills:
        seen = {skill.id}
        current = parent.get(skill.id)
        while current is not None:
            if current in seen:
                problems.append(
                    Problem(c.file_of(skill), skill.id, f"parent chain loops at {current!r}")
                )
                break
            seen.add(current)
            current = parent.get(current)
    return problems


def check_aliases(c: Collection, base: Collection | None = None) -> list[Problem]:
    """No name or alias belongs to two skills; `ambiguous` marks only the skill's own names."""
    if not c.skills:
        return []  # nothing new to compare with the shipped names
    owner: dict[str, str] = {}
    problems: list[Problem] = []
    if base is not None:
        for skill in base.skills:
            for name in skill.all_names:
                owner.setdefault(normalise_alias(name), skill.id)
    for skill in c.skills:
        file = c.file_of(skill)
        own: set[str] = set()
        for name in skill.all_names:
            key = normalise_alias(name)
            if not key:
                problems.append(Problem(file, skill.id, f"alias {name!r} is empty once normalised"))
                continue
            if key in own:
                problems.append(Problem(file, skill.id, f"alias {name!r} is listed twice"))
                continue
            own.add(key)
            other = owner.get(key)
            if other is not None and other != skill.id:
                problems.append(
                    Problem(file, skill.id, f"alias {name!r} also belongs to skill {other!r}")
                )
            owner.setdefault(key, skill.id)
        for word in skill.ambiguous:
            if normalise_alias(word) not in own:
                problems.append(
                    Problem(file, skill.id, f"ambiguous {word!r} is not one of its names")
                )
    return problems


def _acronym(name: str) -> bool:
    letters = "".join(c for c in name if c.isalpha())
    return bool(letters) and letters.isupper() and len(letters) <= 5


def check_alias_collisions(c: Collection, base: Collection | None = None) -> list[Problem]:
    """Names the matcher could confuse: two skills whose names meet at the same scan key in
    posting text ("Node.js" and "Node js!"), and everyday words ("Spark", "Slack", "Unity")
    not marked `ambiguous`, which would turn ordinary prose into skills."""
    if not c.skills:
        return []  # a tip or a question from a modal: nothing to compare, and no time to lose
    owner: dict[str, str] = {}
    problems: list[Problem] = []
    if base is not None:
        for skill in base.skills:
            for name in skill.all_names:
                owner.setdefault(scan_key(name), skill.id)
    for skill in c.skills:
        file = c.file_of(skill)
        marked = {normalise_alias(a) for a in skill.ambiguous}
        for name in skill.all_names:
            key = scan_key(name)
            other = owner.get(key)
            if other is not None and other != skill.id:
                problems.append(
                    Problem(
                        file,
                        skill.id,
                        f"alias {name!r} reads in text as {key!r}, a name of skill {other!r}",
                    )
                )
            owner.setdefault(key, skill.id)
            if key in EVERYDAY_WORDS and normalise_alias(name) not in marked and not _acronym(name):
                problems.append(
                    Problem(
                        file,
                        skill.id,
                        f"alias {name!r} is an everyday word: list it in `ambiguous`",
                    )
                )
    return problems


def _similar_pairs(texts: list[str], limit: float, start: int = 0) -> list[tuple[int, int, float]]:
    """Pairs (i, j), i < j and j >= start, whose texts are at least `limit` alike.

    Token order is ignored. `start` lets a modal's single new entry be compared with the bank
    without re-comparing the bank with itself: the cost is new x all, not all x all.
    """
    lowered = [t.casefold() for t in texts]
    pairs: list[tuple[int, int, float]] = []
    for j in range(max(start, 1), len(lowered)):
        for _, score, i in process.extract(
            lowered[j], lowered[:j], scorer=fuzz.token_sort_ratio, score_cutoff=limit, limit=None
        ):
            pairs.append((i, j, float(score)))
    return sorted(pairs)


def check_repetition(c: Collection, base: Collection | None = None) -> list[Problem]:
    """Flag tips and question stems that say the same thing as another."""
    problems: list[Problem] = []
    prior_tips = list(base.tips) if base else []
    tips = prior_tips + c.tips
    for i, j, score in _similar_pairs(
        [t.text for t in tips], TIP_SIMILARITY_LIMIT, len(prior_tips)
    ):
        later = tips[j]
        problems.append(
            Problem(
                c.file_of(later),
                later.id,
                f"says the same as tip {tips[i].id!r} ({score:.0f}% alike)",
            )
        )
    prior_q = list(base.questions) if base else []
    questions = prior_q + c.questions
    stems = [q.stem for q in questions]
    for i, j, score in _similar_pairs(stems, STEM_SIMILARITY_LIMIT, len(prior_q)):
        later_q = questions[j]
        problems.append(
            Problem(
                c.file_of(later_q),
                later_q.id,
                f"asks the same as question {questions[i].id!r} ({score:.0f}% alike)",
            )
        )
    return problems


def answer_is_longest(question: Question) -> bool:
    return len(question.answer) >= max(len(d) for d in question.distractors)


def check_bank_fairness(c: Collection) -> list[Problem]:
    """No test-taking strategy may beat the bank: each tell scores at most TELL_LIMIT."""
    if len(c.questions) < MIN_BANK_FOR_TELLS:
        return []
    return [
        Problem(
            "quiz bank",
            "",
            f"{tell.describe()} (chance {CHANCE:.0%}, limit {TELL_LIMIT:.0%}); rework the "
            f"options of questions such as {', '.join(tell.giveaways[:5])}",
        )
        for tell in bank_tells(c.questions)
        if tell.over_limit
    ]


def run_all(c: Collection, base: Collection | None = None) -> list[Problem]:
    problems = check_ids(_pool(c, base)) if base else check_ids(c)
    problems += check_references(c, base)
    problems += check_content_skills(c, base)
    problems += check_aliases(c, base)
    problems += check_alias_collisions(c, base)
    problems += check_repetition(c, base)
    if base is None:
        problems += check_bank_fairness(c)
    return problems
