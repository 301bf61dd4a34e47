"""The recorded extraction output the speed work must keep, and how to record it again.

Extraction is tuned for speed by rewriting how it gets to its answer, never the answer. The
golden file holds, for every labelled posting of both evaluations (tests/eval/postings/, written
by others, and tests/fixtures/eval/postings/, written here), in its own case and lower-cased,
every mention extract() returns (skill id, alias name, span, level, section, group) and the
posting-wide facts (years, seniority, title skills, alternatives).

When extraction changes on purpose (new rules, a grown taxonomy), record it again with
`python -m tests.matcher.golden` and review the diff of the golden file: every changed line is a
changed answer for a real posting.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from content import load_content
from matcher.extract import extract
from matcher.taxonomy import Taxonomy, taxonomy_of

TESTS = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "extraction_golden.jsonl"
SOURCES = (TESTS / "eval" / "postings", TESTS / "fixtures" / "eval" / "postings")


def cases() -> Iterator[tuple[str, str, str | None]]:
    """(case id, text, title) for every labelled posting, as written and lower-cased."""
    for folder in SOURCES:
        for path in sorted(folder.glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            name = f"{folder.parent.parent.name}/{path.stem}"
            title = data.get("title") if isinstance(data.get("title"), str) else None
            yield name, data["text"], title
            yield f"{name} (lower-cased)", data["text"].lower(), None


def outcome(text: str, title: str | None, taxonomy: Taxonomy) -> dict[str, Any]:
    result = extract(text, taxonomy, title=title).as_dict()
    result["mentions"] = [
        [m["skill_id"], m["name"], m["start"], m["end"], m["level"], m["section"], m["group"]]
        for m in result["mentions"]
    ]
    return result


def record_all(taxonomy: Taxonomy) -> dict[str, dict[str, Any]]:
    return {case: outcome(text, title, taxonomy) for case, text, title in cases()}


def load_golden() -> dict[str, dict[str, Any]]:
    golden: dict[str, dict[str, Any]] = {}
    for line in GOLDEN.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        golden[entry.pop("case")] = entry
    return golden


def write_golden(taxonomy: Taxonomy) -> int:
    lines = [
        json.dumps({"case": case, **result}, ensure_ascii=False, separators=(",", ":"))
        for case, result in record_all(taxonomy).items()
    ]
    GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


if __name__ == "__main__":
    count = write_golden(taxonomy_of(load_content().skills))
    print(f"recorded {count} extractions in {GOLDEN.relative_to(TESTS.parent)}")
