"""Each kind of broken content file gives a clear message naming the file and the entry."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from archbot.cli import cli
from content import ContentError, check_entries, check_extra, load_content

ROADMAP = """
[[steps]]
id = "basics"
number = 1
title = "Basics"
summary = "Why the basics matter."
weeks = 4
milestone = "Build a thing."
skills = ["python"]

{topics}
"""

TOPIC = """
[[steps.topics]]
id = "basics.t{n}"
title = "Topic {n}"
skills = ["python"]
explanation = "What topic {n} is."
actions = ["Do one thing.", "Do another thing."]
"""

SKILLS = """
[[skills]]
id = "python"
name = "Python"
category = "languages"
aliases = ["py3", "python3"]
steps = ["basics"]

[[skills]]
id = "r"
name = "R"
category = "languages"
ambiguous = ["R"]
steps = ["basics"]

[[skills]]
id = "go"
name = "Go"
category = "languages"
aliases = ["golang"]
ambiguous = ["Go"]
steps = ["basics"]
"""

TIPS = """
[[tips]]
id = "tip.1"
step = "basics"
topic = "basics.t1"
text = "Write a small parser by hand once, because it shows you how tokens become trees."
"""


def write_dataset(root: Path, **overrides: str) -> Path:
    files = {
        "roadmap.toml": ROADMAP.format(topics="".join(TOPIC.format(n=n) for n in range(1, 5))),
        "skills/langs.toml": SKILLS,
        "tips/basics.toml": TIPS,
    }
    files.update(overrides)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def problems_of(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(root, cached=False)
    return [str(p) for p in caught.value.problems]


def test_small_valid_dataset_loads(tmp_path: Path) -> None:
    content = load_content(write_dataset(tmp_path), cached=False)
    assert content.stats()["steps"] == 1
    assert content.stats()["topics"] == 4
    assert content.stats()["aliases"] == 3
    assert content.step_of_topic["basics.t2"].id == "basics"


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    write_dataset(tmp_path, **{"tips/broken.toml": "[[tips]\nid = 1"})
    problems = problems_of(tmp_path)
    assert any("tips/broken.toml" in p and "not valid TOML" in p for p in problems)


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path) -> None:
    bad = """
    [[tips]]
    id = "tip.2"
    step = "nowhere"
    text = "Short but long enough to pass the minimum length rule for tips."

    [[tips]]
    id = "tip.3"
    step = "basics"
    topic = "basics.t9"
    text = "Another tip that points at a topic which does not exist in the step."

    [[tips]]
    id = "tip.4"
    step = "basics"
    text = "%s"
    """ % ("x" * 300)
    write_dataset(tmp_path, **{"tips/more.toml": bad})
    problems = problems_of(tmp_path)
    assert any("[tip.2]" in p and "unknown step 'nowhere'" in p for p in problems)
    assert any("[tip.3]" in p and "basics.t9" in p for p in problems)
    assert any("[tip.4]" in p and "at most 280" in p for p in problems)


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    again = TIPS.replace("Write a small parser", "Read a real grammar file")
    write_dataset(tmp_path, **{"tips/again.toml": again})
    problems = problems_of(tmp_path)
    assert any("tip id also used in" in p and "[tip.1]" in p for p in problems)


def test_near_duplicate_tips_are_flagged(tmp_path: Path) -> None:
    same = TIPS.replace('id = "tip.1"', 'id = "tip.9"').replace("small parser", "small  parser!")
    write_dataset(tmp_path, **{"tips/same.toml": same})
    assert any("says the same as tip" in p for p in problems_of(tmp_path))


def test_alias_on_two_skills_is_refused(tmp_path: Path) -> None:
    clash = """
    [[skills]]
    id = "golang-tools"
    name = "Go tooling"
    category = "languages"
    aliases = ["GoLang"]
    """
    write_dataset(tmp_path, **{"skills/clash.toml": clash})
    problems = problems_of(tmp_path)
    assert any(
        ("[golang-tools]" in p and "also belongs to skill 'go'" in p)
        or ("[go]" in p and "also belongs to skill 'golang-tools'" in p)
        for p in problems
    )


def test_names_that_meet_in_posting_text_are_refused(tmp_path: Path) -> None:
    """ "Node.js!" and "Node.js" differ as aliases but read the same in a posting."""
    clash = """
    [[skills]]
    id = "node"
    name = "Node.js"
    category = "runtimes"

    [[skills]]
    id = "node-bang"
    name = "Node.js!"
    category = "runtimes"
    """
    write_dataset(tmp_path, **{"skills/clash.toml": clash})
    problems = problems_of(tmp_path)
    assert any("[node-bang]" in p and "a name of skill 'node'" in p for p in problems)


def test_everyday_words_must_be_marked_ambiguous(tmp_path: Path) -> None:
    unmarked = """
    [[skills]]
    id = "slack"
    name = "Slack"
    category = "office"
    aliases = ["Slack apps"]

    [[skills]]
    id = "teams"
    name = "Microsoft Teams"
    category = "office"
    aliases = ["Teams"]
    ambiguous = ["Teams"]

    [[skills]]
    id = "sam"
    name = "SAM"
    category = "vision"
    """
    write_dataset(tmp_path, **{"skills/office.toml": unmarked})
    problems = problems_of(tmp_path)
    assert any("[slack]" in p and "'Slack' is an everyday word" in p for p in problems)
    # Marked, or an acronym in capitals (the matcher keeps those in capitals): no problem.
    assert not any("[teams]" in p or "[sam]" in p for p in problems)


def test_unknown_parent_cycle_and_bad_ambiguous(tmp_path: Path) -> None:
    bad = """
    [[skills]]
    id = "a-skill"
    name = "A skill"
    category = "tools"
    parent = "b-skill"
    ambiguous = ["not a name"]

    [[skills]]
    id = "b-skill"
    name = "B skill"
    category = "tools"
    parent = "a-skill"

    [[skills]]
    id = "c-skill"
    name = "C skill"
    category = "tools"
    parent = "missing"
    """
    write_dataset(tmp_path, **{"skills/bad.toml": bad})
    problems = problems_of(tmp_path)
    assert any("[a-skill]" in p and "loops" in p for p in problems)
    assert any("[c-skill]" in p and "'missing' is unknown" in p for p in problems)
    assert any("[a-skill]" in p and "ambiguous 'not a name'" in p for p in problems)


def test_step_referring_to_unknown_skill(tmp_path: Path) -> None:
    roadmap = ROADMAP.replace('skills = ["python"]', 'skills = ["python", "cobol"]')
    write_dataset(
        tmp_path,
        **{"roadmap.toml": roadmap.format(topics="".join(TOPIC.format(n=n) for n in range(1, 5)))},
    )
    assert any("unknown skill 'cobol'" in p for p in problems_of(tmp_path))


def test_step_needs_four_topics_and_unknown_keys_are_refused(tmp_path: Path) -> None:
    roadmap = ROADMAP.format(topics=TOPIC.format(n=1)).replace("weeks = 4", "weeks = 4\ncolour = 1")
    write_dataset(tmp_path, **{"roadmap.toml": roadmap})
    problems = problems_of(tmp_path)
    assert any("[basics]" in p and "topics" in p and "at least 4" in p for p in problems)
    assert any("[basics]" in p and "colour" in p for p in problems)


QUESTION = """
[[questions]]
id = "q.{n}"
step = "basics"
topic = "basics.t1"
skills = ["python"]
difficulty = 2
stem = "Which data structure gives O(1) average lookup by key, variant {n}?"
answer = "{answer}"
distractors = ["{d1}", "Sorted array", "Linked list"]
explanation = "Hash tables hash the key to a bucket; sorted arrays need a binary search."
"""


def test_question_rules(tmp_path: Path) -> None:
    bad = QUESTION.format(n=1, answer="Hash table", d1="All of the above")
    bad += QUESTION.format(n=2, answer="Hash table", d1="hash table").replace(
        "variant 2", "a different wording entirely"
    )
    write_dataset(tmp_path, **{"quiz/bad.toml": bad})
    problems = problems_of(tmp_path)
    assert any("[q.1]" in p and "all/none of the above" in p for p in problems)
    assert any("[q.2]" in p and "also listed as a distractor" in p for p in problems)


def test_bank_where_the_answer_is_always_longest_is_refused(tmp_path: Path) -> None:
    stems = [
        "Which structure answers membership questions in constant time on average?",
        "What does a binary heap give you cheaply?",
        "Which traversal visits a binary search tree's keys in sorted order?",
        "What is the worst case of quicksort with a naive pivot?",
        "Which algorithm finds shortest paths with non-negative weights?",
    ]
    bank = ""
    for n in range(25):
        bank += f"""
[[questions]]
id = "q.long.{n}"
step = "basics"
topic = "basics.t2"
skills = ["python"]
difficulty = 1
stem = "{stems[n % 5]} (case {n}, which is worded on purpose to differ: {"z" * n})"
answer = "The deliberately much longer right answer {n}"
distractors = ["Short {n}", "Tiny {n}", "Brief {n}"]
explanation = "The right answer is right because it is long; the others are short."
"""
    write_dataset(tmp_path, **{"quiz/long.toml": bank})
    problems = problems_of(tmp_path)
    assert any("picking the longest option scores 100% over 25 questions" in p for p in problems)
    assert any("limit 30%" in p and "q.long.0" in p for p in problems)


def test_check_extra_against_shipped(tmp_path: Path) -> None:
    data = write_dataset(tmp_path / "data")
    extra = tmp_path / "server-tips.toml"
    extra.write_text(TIPS.replace("tip.1", "tip.server.1").replace("basics.t1", "basics.t7"))
    problems = [str(p) for p in check_extra([extra], data)]
    assert any("server-tips.toml [tip.server.1]" in p and "basics.t7" in p for p in problems)
    assert any("says the same as tip 'tip.1'" in p for p in problems)


def test_check_entries_from_a_modal(tmp_path: Path) -> None:
    data = write_dataset(tmp_path / "data")
    ok = check_entries(
        "tips",
        [{"id": "s.1", "step": "basics", "text": "Pair with a colleague on a code review weekly."}],
        data_dir=data,
    )
    assert ok == []
    bad = check_entries(
        "tips", [{"id": "s.2", "step": "basics", "text": "too short"}], data_dir=data
    )
    assert bad
    assert "at least 20 characters" in bad[0].message


def test_cli_check_and_stats(tmp_path: Path) -> None:
    data = write_dataset(tmp_path / "data")
    runner = CliRunner()
    ok = runner.invoke(cli, ["content", "check", "--data-dir", str(data)])
    assert ok.exit_code == 0, ok.output
    stats = runner.invoke(cli, ["content", "stats", "--json", "--data-dir", str(data)])
    assert stats.exit_code == 0
    import json

    counts = json.loads(stats.output)
    assert {"steps", "topics", "tips", "questions", "skills", "aliases"} <= counts.keys()
    assert all(isinstance(v, int) for v in counts.values())
    (data / "tips" / "bad.toml").write_text("[[tips]]\nid = 'x.1'\nstep = 'none'\ntext = 'tiny'\n")
    bad = runner.invoke(cli, ["content", "check", "--data-dir", str(data)])
    assert bad.exit_code == 1
    assert "tips/bad.toml [x.1]" in bad.output


def test_topics_and_questions_must_name_known_skills(tmp_path: Path) -> None:
    topics = "".join(TOPIC.format(n=n) for n in range(1, 5))
    topics = topics.replace('skills = ["python"]', "skills = []", 1)
    topics = topics.replace('skills = ["python"]', 'skills = ["python", "cobol"]', 1)
    question = QUESTION.format(n=1, answer="Hash table", d1="Binary tree")
    unnamed = QUESTION.format(n=2, answer="Hash table", d1="Trie").replace(
        'skills = ["python"]\n', ""
    )
    unnamed = unnamed.replace("variant 2", "asked a second, quite different way")
    write_dataset(
        tmp_path,
        **{
            "roadmap.toml": ROADMAP.format(topics=topics),
            "quiz/q.toml": question.replace('["python"]', '["python", "python"]') + unnamed,
        },
    )
    problems = problems_of(tmp_path)
    assert any("[basics.t1]" in p and "topic names no skill" in p for p in problems)
    assert any("[basics.t2]" in p and "unknown skill 'cobol'" in p for p in problems)
    assert any("[q.1]" in p and "names skill 'python' twice" in p for p in problems)
    assert any("[q.2]" in p and "question names no skill" in p for p in problems)


def test_a_servers_question_may_leave_skills_out_but_not_invent_them(tmp_path: Path) -> None:
    data = write_dataset(tmp_path / "data")
    entry: dict[str, object] = {
        "id": "s.q.1",
        "step": "basics",
        "topic": "basics.t1",
        "difficulty": 1,
        "stem": "Which keyword defines a function in Python?",
        "answer": "def",
        "distractors": ["fun", "func", "lambda"],
        "explanation": "def starts a function definition; lambda makes an anonymous function.",
    }
    assert check_entries("questions", [entry], data_dir=data) == []
    invented = check_entries("questions", [{**entry, "skills": ["cobol"]}], data_dir=data)
    assert any("unknown skill 'cobol'" in p.message for p in invented)


def test_loaded_content_maps_skills_to_topics_and_questions(tmp_path: Path) -> None:
    bank = QUESTION.format(n=1, answer="Hash table", d1="Binary tree")
    content = load_content(write_dataset(tmp_path, **{"quiz/q.toml": bank}), cached=False)
    assert content.topics_by_skill["python"] == tuple(f"basics.t{n}" for n in range(1, 5))
    assert content.questions_by_skill["python"] == ("q.1",)
    assert "go" not in content.topics_by_skill


PAGE = """
[[pages]]
id = "salaries"
title = "Salaries"
{extra}
summary = "Rough pay bands."

[[pages.sections]]
heading = "Entry level"
body = "{body}"
"""


def test_a_page_needs_a_review_date_sources_and_must_fit_one_embed(tmp_path: Path) -> None:
    fine = 'reviewed = 2026-12-08\nsources = ["U.S. Bureau of Labor Statistics"]'
    content = load_content(
        write_dataset(tmp_path / "ok", **{"career.toml": PAGE.format(extra=fine, body="Bands.")}),
        cached=False,
    )
    page = content.pages_by_id["salaries"]
    assert page.reviewed.isoformat() == "2026-12-08"
    assert page.sources == ["U.S. Bureau of Labor Statistics"]

    bare = write_dataset(tmp_path / "bare", **{"career.toml": PAGE.format(extra="", body="B.")})
    problems = problems_of(bare)
    assert any("career.toml [salaries]: reviewed: Field required" in p for p in problems)
    assert any("[salaries]: sources: Field required" in p for p in problems)

    section = '\n[[pages.sections]]\nheading = "More"\nbody = "{}"\n'.format("x" * 1000)
    long_page = PAGE.format(extra=fine, body="x" * 1000) + section * 5
    long_root = write_dataset(tmp_path / "long", **{"career.toml": long_page})
    assert any("at most 5600 fit one Discord embed" in p for p in problems_of(long_root))
