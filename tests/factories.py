"""Small, valid content built in code, for tests that need a roadmap but not the real one."""

from __future__ import annotations

from content import Content, Step, Tip, Topic


def make_content(steps: int = 3, topics: int = 4, tips_per_step: int = 3) -> Content:
    built = []
    tips = []
    for n in range(1, steps + 1):
        step_id = f"step{n}"
        built.append(
            Step(
                id=step_id,
                number=n,
                title=f"Step number {n}",
                summary=f"Why step {n} matters.",
                weeks=2,
                milestone=f"Build project {n}.",
                skills=["python"],
                topics=[
                    Topic(
                        id=f"{step_id}.t{t}",
                        title=f"Topic {n}.{t}",
                        explanation="What it is.",
                        actions=["Read about it.", "Build something with it."],
                    )
                    for t in range(1, topics + 1)
                ],
            )
        )
        tips += [
            Tip(
                id=f"tip.{step_id}.{k}",
                step=step_id,
                topic=f"{step_id}.t1",
                text=f"Tip {k} for step {n}: do a concrete thing because it helps.",
            )
            for k in range(1, tips_per_step + 1)
        ]
    return Content(
        steps=tuple(built), pages=(), tips=tuple(tips), questions=(), skills=(), sources=()
    )
