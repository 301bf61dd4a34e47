"""Turn a posting's annotation file into mention labels with exact, checked character spans.

Labelling by hand with offsets is error-prone, so each posting is labelled in a small text file
(tests/eval/annotations/<id>.txt) that names surfaces, skills and section headings; this module
finds every span, checks `text[start:end] == surface`, and writes the result into
tests/eval/postings/<id>.json. The format is described in tests/eval/GUIDE.md.

Run `python -m tests.eval.build` to rebuild every posting (or name some ids); it prints any
surface it could not find and any skill name the taxonomy does not know (those stay labelled,
with `taxonomy_id` null: they are what the extractor is missing).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapers.text import html_to_text

EVAL_DIR = Path(__file__).resolve().parent
POSTINGS_DIR = EVAL_DIR / "postings"
ANNOTATIONS_DIR = EVAL_DIR / "annotations"

SECTIONS = (
    "company",
    "role",
    "responsibilities",
    "requirements",
    "nice_to_have",
    "benefits",
    "legal",
    "apply",
)
LEVELS = ("required", "preferred", "unknown", "context")
# What a mention in each section means when the annotation does not say otherwise.
DEFAULT_LEVEL = {
    "company": "context",
    "role": "unknown",
    "responsibilities": "required",
    "requirements": "required",
    "nice_to_have": "preferred",
    "benefits": "context",
    "legal": "context",
    "apply": "context",
}

# How far into its line a heading may sit and still start the section at the line's start.
_HEADING_LEAD = 16
_SECTION_LINE = re.compile(r'^§\s*(\w+)\s*(?:"(.*)")?\s*$')
_OR_LINE = re.compile(r'^or\s+"(.+)"\s*:\s*(.+)$')
_LABEL_LINE = re.compile(
    r"^(?P<surface>.+?)(?:\s*=\s*(?P<skill>[^@]+?))?(?:\s*@(?P<level>\w+))?"
    r'(?:\s+in\s+"(?P<anchor>.+)")?\s*$'
)


class AnnotationError(ValueError):
    """An annotation that cannot be applied to its posting's text; the message names the line."""


@dataclass
class Rule:
    surface: str
    skill: str
    level: str | None
    anchor: str | None
    group: str | None = None
    line: int = 0


@dataclass
class Annotation:
    sections: list[tuple[str, str | None]] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    taxonomy_ids: dict[str, str | None] = field(default_factory=dict)


def parse_annotation(source: str) -> Annotation:
    ann = Annotation()
    groups = 0
    for number, raw in enumerate(source.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("§"):
            m = _SECTION_LINE.match(line)
            if not m or m.group(1) not in SECTIONS:
                raise AnnotationError(f"line {number}: bad section line {line!r}")
            ann.sections.append((m.group(1), m.group(2)))
            continue
        if line.startswith("id "):  # `id Skill name = taxonomy-id` (or `= none`)
            name, _, value = line[3:].partition("=")
            ann.taxonomy_ids[name.strip()] = None if value.strip() == "none" else value.strip()
            continue
        m_or = _OR_LINE.match(line)
        if m_or:
            groups += 1
            anchor, rest = m_or.group(1), m_or.group(2)
            for part in rest.split(";"):
                rule = _label(part.strip(), number)
                rule.anchor, rule.group = anchor, f"g{groups}"
                ann.rules.append(rule)
            continue
        ann.rules.append(_label(line, number))
    return ann


def _label(text: str, number: int) -> Rule:
    m = _LABEL_LINE.match(text)
    if not m:
        raise AnnotationError(f"line {number}: cannot read {text!r}")
    surface = m.group("surface").strip()
    skill = (m.group("skill") or surface).strip()
    level = m.group("level")
    if level is not None and level not in LEVELS:
        raise AnnotationError(f"line {number}: unknown level {level!r}")
    return Rule(surface, skill, level, m.group("anchor"), line=number)


def section_spans(text: str, sections: list[tuple[str, str | None]]) -> list[dict[str, Any]]:
    """Each section from the start of the line holding its heading to the next section."""
    if not sections:
        raise AnnotationError("no section lines")
    starts: list[tuple[int, str]] = []
    cursor = 0
    for name, heading in sections:
        if heading is None:
            if starts:
                raise AnnotationError(
                    f"section {name} needs a heading (only the first may omit it)"
                )
            starts.append((0, name))
            continue
        at = text.find(heading, cursor)
        if at < 0:
            raise AnnotationError(f"heading {heading!r} not found after offset {cursor}")
        line_start = text.rfind("\n", 0, at) + 1
        # A heading starts its section at the start of its line (a bullet or a stray tag may
        # come first); in a text without line breaks, at the heading itself.
        begin = line_start if at - line_start <= _HEADING_LEAD else at
        if starts and begin <= starts[-1][0]:
            raise AnnotationError(f"heading {heading!r} does not start after the one before")
        if not starts and begin > 0:
            starts.append((0, "role"))
        starts.append((begin, name))
        cursor = at + len(heading)
    spans = []
    for i, (start, name) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        if end > start:
            spans.append({"start": start, "end": end, "section": name})
    return spans


def section_at(spans: list[dict[str, Any]], offset: int) -> str:
    for span in spans:
        if span["start"] <= offset < span["end"]:
            return str(span["section"])
    return str(spans[-1]["section"])


def _word_char(char: str) -> bool:
    """ASCII letters and digits only: mis-decoded bytes ("DeveloperÂ") do not glue words."""
    return char.isascii() and char.isalnum()


def _occurrences(text: str, surface: str, lo: int = 0, hi: int | None = None) -> list[int]:
    """Start offsets of `surface` in text[lo:hi] not glued to a word character on either side."""
    hi = len(text) if hi is None else hi
    found = []
    at = text.find(surface, lo, hi)
    while at >= 0:
        end = at + len(surface)
        before = text[at - 1] if at > 0 else " "
        after = text[end] if end < len(text) else " "
        glued_before = surface[0].isalnum() and _word_char(before)
        glued_after = surface[-1].isalnum() and _word_char(after)
        if not glued_before and not glued_after:
            found.append(at)
        at = text.find(surface, at + 1, hi)
    return found


def label_text(
    text: str, ann: Annotation, resolve: Any
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Labels (sorted by start) and section spans for one text; `resolve` maps names to ids."""
    spans = section_spans(text, ann.sections)
    labels: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(rule: Rule, start: int) -> None:
        end = start + len(rule.surface)
        section = section_at(spans, start)
        level = rule.level or DEFAULT_LEVEL[section]
        tax_id = (
            ann.taxonomy_ids[rule.skill] if rule.skill in ann.taxonomy_ids else resolve(rule.skill)
        )
        label: dict[str, Any] = {
            "start": start,
            "end": end,
            "surface": text[start:end],
            "skill": rule.skill,
            "taxonomy_id": tax_id,
            "section": section,
            "level": level,
        }
        if rule.group:
            label["group"] = rule.group
        labels.append(label)
        taken.append((start, end))

    anchored = [r for r in ann.rules if r.anchor is not None]
    plain = [r for r in ann.rules if r.anchor is None]
    for rule in anchored:
        assert rule.anchor is not None
        places = _occurrences(text, rule.anchor) or [
            m.start() for m in re.finditer(re.escape(rule.anchor), text)
        ]
        if not places:
            raise AnnotationError(f"line {rule.line}: anchor {rule.anchor!r} not in the text")
        hits = 0
        for place in places:
            for start in _occurrences(text, rule.surface, place, place + len(rule.anchor)):
                if free(start, start + len(rule.surface)):
                    add(rule, start)
                    hits += 1
        if not hits:
            raise AnnotationError(f"line {rule.line}: {rule.surface!r} not inside {rule.anchor!r}")
    # Longer surfaces first, so "Google Cloud Platform" is labelled before "Google Cloud".
    for rule in sorted(plain, key=lambda r: -len(r.surface)):
        starts = [s for s in _occurrences(text, rule.surface) if free(s, s + len(rule.surface))]
        if not starts and not _occurrences(text, rule.surface):
            raise AnnotationError(f"line {rule.line}: {rule.surface!r} not in the text")
        for start in starts:
            add(rule, start)
    labels.sort(key=lambda lab: (lab["start"], lab["end"]))
    return labels, spans


def taxonomy_resolver() -> Any:
    from content import load_content
    from content.text import normalise_alias
    from matcher.taxonomy import taxonomy_of

    taxonomy = taxonomy_of(load_content().skills)

    def resolve(name: str) -> str | None:
        return taxonomy.alias_owner.get(normalise_alias(name))

    return resolve


def build(posting_id: str, resolve: Any) -> dict[str, Any]:
    path = POSTINGS_DIR / f"{posting_id}.json"
    posting = json.loads(path.read_text(encoding="utf-8"))
    text = html_to_text(posting["source"]["original_html"])
    ann_path = ANNOTATIONS_DIR / f"{posting_id}.txt"
    ann = parse_annotation(ann_path.read_text(encoding="utf-8"))
    try:
        labels, spans = label_text(text, ann, resolve)
    except AnnotationError as exc:
        raise AnnotationError(f"{ann_path.name}: {exc}") from None
    for label in labels:
        assert text[label["start"] : label["end"]] == label["surface"]
    posting["text"] = text
    posting["sections"] = spans
    posting["labels"] = labels
    ordered = {
        k: posting[k]
        for k in ("id", "source", "role_family", "title", "text", "sections", "labels")
    }
    path.write_text(json.dumps(ordered, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return ordered


def main(argv: list[str]) -> int:
    resolve = taxonomy_resolver()
    ids = argv or sorted(p.stem for p in ANNOTATIONS_DIR.glob("*.txt"))
    failed = 0
    for posting_id in ids:
        try:
            posting = build(posting_id, resolve)
        except (AnnotationError, FileNotFoundError, KeyError) as exc:
            print(f"{posting_id}: {exc}")
            failed += 1
            continue
        unknown = sorted({lab["skill"] for lab in posting["labels"] if lab["taxonomy_id"] is None})
        print(f"{posting_id}: {len(posting['labels'])} labels; not in taxonomy: {unknown}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
