"""A member's roadmap progress, summarised: per-step counts, the next topic and a checklist."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from content import Content, Step, Topic

STATUS_MARK = {"done": "✅", "learning": "📖", "skipped": "⏭️", None: "⬜"}


@dataclass(frozen=True)
class StepProgress:
    step: Step
    done: int
    learning: int
    skipped: int

    @property
    def total(self) -> int:
        return len(self.step.topics)

    @property
    def resolved(self) -> int:
        return self.done + self.skipped

    @property
    def complete(self) -> bool:
        return self.resolved == self.total

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


def summarise(content: Content, progress: Mapping[str, str]) -> list[StepProgress]:
    """Per-step counts; statuses of topics no longer in the content are ignored, not lost."""
    rows = []
    for step in content.steps:
        statuses = [progress.get(t.id) for t in step.topics]
        rows.append(
            StepProgress(
                step,
                done=statuses.count("done"),
                learning=statuses.count("learning"),
                skipped=statuses.count("skipped"),
            )
        )
    return rows


def next_topic(content: Content, progress: Mapping[str, str]) -> tuple[Step, Topic] | None:
    """Continue what the member is learning; otherwise the first untouched topic in order."""
    for step in content.steps:
        for topic in step.topics:
            if progress.get(topic.id) == "learning":
                return step, topic
    for step in content.steps:
        for topic in step.topics:
            if topic.id not in progress:
                return step, topic
    return None


def overall(content: Content, progress: Mapping[str, str]) -> tuple[int, int]:
    total = sum(len(s.topics) for s in content.steps)
    done = sum(1 for s in content.steps for t in s.topics if progress.get(t.id) == "done")
    return done, total


def checklist(content: Content, progress: Mapping[str, str], title: str) -> str:
    """A Markdown checklist of the whole roadmap that a member can keep or paste elsewhere."""
    lines = [f"# {title}", ""]
    for step in content.steps:
        lines.append(f"## {step.number}. {step.title}")
        for topic in step.topics:
            status = progress.get(topic.id)
            box = "x" if status == "done" else " "
            note = {"learning": " (learning)", "skipped": " (skipped)"}.get(status or "", "")
            lines.append(f"- [{box}] {topic.title}{note}")
        lines.append(f"- Milestone: {step.milestone}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
