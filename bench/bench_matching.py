"""Matching benchmark: extraction throughput, normalisation rate, full and incremental matching.

Everything runs on the real taxonomy in data/ and on data generated here with a fixed seed:
postings built from templates with skill names drawn by a Zipf-like popularity (Python and SQL
are in most postings, most skills in few), and member profiles drawn the same way.

Baselines are measured in the same run on samples and extrapolated (said so in the output):
* extraction: one regular-expression alternation over every alias, with word boundaries;
* matching: the naive pairwise approach, every member against every posting, comparing each
  pair of skill names with rapidfuzz `fuzz.ratio` (cutoff 90).
Peak memory is the process's maximum resident set size (`resource.getrusage`), read after each
stage.
"""

from __future__ import annotations

import random
import re
import resource
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from rapidfuzz import fuzz, process

from content import load_content
from matcher.extract import find_mentions
from matcher.index import MatchIndex
from matcher.models import Level, MemberProfile, PostingFacts
from matcher.normalise import normaliser_for
from matcher.taxonomy import Taxonomy, taxonomy_of

SEED = 7
EXTRACT_POSTINGS = 3_000
MEMBERS = 10_000
POSTINGS = 50_000
NEW_POSTINGS = 1_000
NORMALISE_INPUTS = 20_000
BASELINE_MEMBERS = 100
BASELINE_POSTINGS = 200
BASELINE_EXTRACT_POSTINGS = 8


def peak_mb() -> float:
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


class Popularity:
    """Skills with Zipf-like weights: rank r is drawn with probability proportional to 1/r."""

    def __init__(self, taxonomy: Taxonomy, rng: random.Random) -> None:
        ids = [s.id for s in taxonomy.skills]
        rng.shuffle(ids)
        # A few famous skills first, so generated postings look like real ones.
        for famous in reversed(["python", "sql", "aws", "docker", "kubernetes", "pytorch"]):
            if famous in ids:
                ids.remove(famous)
                ids.insert(0, famous)
        self.ids = ids
        self.weights = [1.0 / (rank + 1) for rank in range(len(ids))]
        self.rng = rng

    def draw(self, count: int) -> list[str]:
        chosen: dict[str, None] = {}
        while len(chosen) < count:
            for skill in self.rng.choices(self.ids, self.weights, k=count):
                chosen.setdefault(skill, None)
        return list(chosen)[:count]


INTRO = [
    "We are a fast-growing company building tools for {domain}.",
    "Join a team of twelve engineers who run the platform behind {domain}.",
    "Our product helps {domain} teams ship faster, and we are hiring.",
]
DOMAINS = ["logistics", "healthcare", "retail banking", "online education", "insurance", "media"]
REQUIRED = [
    "- {n}+ years of experience with {a}",
    "- Strong {a} and {b}",
    "- Hands-on experience with {a}, {b} and {c}",
    "- You have shipped {a} to production",
    "- Solid understanding of {a}",
]
PREFERRED = [
    "- {a} is a plus",
    "- Familiarity with {a} or {b}",
    "- Bonus: experience with {a}",
]
ABOUT = [
    "Founded six years ago, we now serve customers in more than forty countries.",
    "We are backed by investors who care about long-term, sustainable growth.",
    "Our team is spread across three offices and a dozen home offices.",
    "We believe the best products come from small teams that own their work end to end.",
    "Every quarter we take a week to fix what slows us down and to learn something new.",
    "We publish our salary bands and promotion criteria so that everyone knows where they stand.",
    "Customers tell us our support team is the best they have worked with.",
]
DUTIES = [
    "- Work with product managers and designers to turn customer problems into shipped features",
    "- Take part in design reviews and write clear, short design documents",
    "- Share what you learn through internal talks and pairing sessions",
    "- Help us improve the reliability and cost of the systems you own",
    "- Mentor other engineers and take part in hiring",
]
BENEFITS = [
    "- Competitive salary and meaningful equity",
    "- Thirty days of paid holiday plus public holidays",
    "- A yearly learning budget for books, courses and conferences",
    "- Private health insurance for you and your family",
    "- Flexible hours and a home-office allowance",
    "- Paid parental leave for every parent",
    "- A yearly team retreat somewhere sunny",
]
TAIL = (
    "We are an equal opportunity employer. We welcome applications from people of every "
    "background, identity and experience, and we make reasonable adjustments at every stage of "
    "the process: tell us what you need and we will make it work. If you are excited about the "
    "role but your experience does not match every line above, please apply anyway.\n"
)


def posting_text(taxonomy: Taxonomy, pop: Popularity, rng: random.Random) -> str:
    def name(skill_id: str) -> str:
        skill = taxonomy.by_id[skill_id]
        names = [n for n in skill.all_names if n not in skill.ambiguous] or [skill.name]
        return rng.choice(names)

    required = pop.draw(rng.randint(5, 9))
    preferred = pop.draw(rng.randint(2, 4))
    lines = [
        f"{rng.choice(['Senior', 'Staff', '', 'Lead'])} Machine Learning Engineer".strip(),
        "",
        "About us",
        " ".join([rng.choice(INTRO).format(domain=rng.choice(DOMAINS)), *rng.sample(ABOUT, 4)]),
        "",
        "What you'll do",
        *rng.sample(DUTIES, 4),
        "",
        "Requirements",
    ]
    names = [name(s) for s in required]
    while names:
        template = rng.choice(REQUIRED)
        need = template.count("{") - ("{n}" in template)
        chunk, names = names[:need], names[need:]
        while len(chunk) < need:
            chunk.append(name(rng.choice(required)))
        lines.append(
            template.format(n=rng.randint(2, 7), a=chunk[0], b=chunk[-1], c=chunk[len(chunk) // 2])
        )
    lines += ["", "Nice to have"]
    for skill in preferred:
        template = rng.choice(PREFERRED)
        lines.append(template.format(a=name(skill), b=name(rng.choice(preferred))))
    lines += ["", "Benefits", *rng.sample(BENEFITS, 5), "", TAIL]
    return "\n".join(lines)


def bench_extraction(taxonomy: Taxonomy, rng: random.Random) -> None:
    pop = Popularity(taxonomy, rng)
    texts = [posting_text(taxonomy, pop, rng) for _ in range(EXTRACT_POSTINGS)]
    size_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    find_mentions(texts[0], taxonomy)  # build the automaton outside the timing
    seconds, counts = timed(lambda: [len(find_mentions(t, taxonomy)) for t in texts])
    rate = size_mb / seconds
    print(
        f"extraction: {EXTRACT_POSTINGS} postings, {size_mb:.1f} MB, {sum(counts)} mentions "
        f"in {seconds:.2f} s = {rate:.1f} MB/s, {EXTRACT_POSTINGS / seconds:,.0f} postings/s"
    )
    aliases = sorted({n for s in taxonomy.skills for n in s.all_names}, key=len, reverse=True)
    build_s, pattern = timed(
        lambda: re.compile(
            r"(?<![\w+#.])(?:" + "|".join(re.escape(a) for a in aliases) + r")(?![\w+#])",
            re.IGNORECASE,
        )
    )
    sample = texts[:BASELINE_EXTRACT_POSTINGS]
    sample_mb = sum(len(t.encode("utf-8")) for t in sample) / 1e6
    base_s, _ = timed(lambda: [pattern.findall(t) for t in sample])
    base_rate = sample_mb / base_s
    print(
        f"  baseline, one regex alternation over {len(aliases)} aliases (compiled in "
        f"{build_s:.1f} s), measured on {len(sample)} postings: {base_rate:.3f} MB/s; "
        f"the automaton is {rate / base_rate:,.0f}x faster"
    )


def bench_normalisation(taxonomy: Taxonomy, rng: random.Random) -> None:
    normaliser = normaliser_for(taxonomy)
    names = [n for s in taxonomy.skills for n in s.all_names]
    inputs = []
    for _ in range(NORMALISE_INPUTS):
        name = rng.choice(names)
        roll = rng.random()
        if roll < 0.6:
            inputs.append(name.lower())
        elif roll < 0.9 and len(name) > 5:
            i = rng.randrange(1, len(name) - 1)
            inputs.append(name[:i] + name[i + 1 :])  # one letter dropped
        else:
            inputs.append(f"{name} {rng.choice(['stuff', 'things', 'wizardry'])}")
    seconds, results = timed(lambda: [normaliser.item(x) for x in inputs])
    known = sum(1 for r in results if r.skill_id is not None)
    print(
        f"normalisation: {len(inputs):,} inputs in {seconds:.2f} s = "
        f"{len(inputs) / seconds:,.0f} inputs/s ({known / len(inputs):.0%} resolved)"
    )


def make_profiles(pop: Popularity, rng: random.Random, count: int) -> list[MemberProfile]:
    places = [None, None, "Berlin", "London, UK", "New York", "Germany", "Lisbon", "Toronto"]
    return [
        MemberProfile(
            member_id=i,
            skills=frozenset(pop.draw(rng.randint(4, 14))),
            seniority=rng.choice([None, "junior", "mid", "senior", "staff"]),
            location=rng.choice(places),
            remote=rng.choice(["any", "any", "remote", "hybrid", "onsite"]),
        )
        for i in range(count)
    ]


def make_postings(
    pop: Popularity, rng: random.Random, start: int, count: int
) -> list[PostingFacts]:
    levels: list[Level] = ["required", "required", "preferred", "unknown"]
    offices = [(), ("Berlin",), ("London",), ("New York, NY",), ("Paris",), ("Toronto", "Remote")]
    base = datetime(2025, 1, 1, tzinfo=UTC)
    return [
        PostingFacts(
            posting_id=start + i,
            skills={s: rng.choice(levels) for s in pop.draw(rng.randint(5, 14))},
            seniority=rng.choice([None, "junior", "mid", "senior", "staff", "lead"]),
            remote=rng.choice(["remote", "hybrid", "onsite", "unknown"]),
            locations=rng.choice(offices),
            posted_at=base + timedelta(minutes=start + i),
        )
        for i in range(count)
    ]


def naive_pair_score(member_names: list[str], posting: list[tuple[str, float]]) -> float:
    """The baseline: fuzzy-compare every asked skill name with every member skill name."""
    total = sum(w for _, w in posting)
    got = 0.0
    for name, weight in posting:
        best = process.extractOne(name, member_names, scorer=fuzz.ratio, score_cutoff=90)
        if best is not None:
            got += weight
    return 100.0 * got / total if total else 0.0


def bench_matching(taxonomy: Taxonomy, rng: random.Random) -> None:
    pop = Popularity(taxonomy, rng)
    profiles = make_profiles(pop, rng, MEMBERS)
    postings = make_postings(pop, rng, 0, POSTINGS)
    extra = make_postings(pop, rng, POSTINGS, NEW_POSTINGS)
    rss_before = peak_mb()

    index = MatchIndex(taxonomy, floor=40.0)
    members_s, _ = timed(lambda: [index.upsert_member(p) for p in profiles])
    postings_s, found = timed(lambda: index.add_postings(postings))
    full_s = members_s + postings_s
    print(
        f"matching, full: {MEMBERS:,} profiles x {POSTINGS:,} postings in {full_s:.2f} s "
        f"(members {members_s:.2f} s, postings {postings_s:.2f} s); "
        f"{len(found):,} pairs at score >= {index.floor:g}"
    )
    inc_s, new = timed(lambda: index.add_postings(extra))
    print(
        f"matching, incremental: {NEW_POSTINGS:,} new postings against {MEMBERS:,} members "
        f"in {inc_s:.3f} s; {len(new):,} new pairs"
    )
    changed = make_profiles(pop, rng, 100)
    upd_s, _ = timed(lambda: [index.upsert_member(p) for p in changed])
    print(
        f"matching, member update: {len(changed)} changed profiles in {upd_s:.3f} s "
        f"({1000 * upd_s / len(changed):.1f} ms each, against {index.posting_count:,} postings)"
    )
    peak = peak_mb()
    print(f"peak memory (max RSS): {peak:,.0f} MB ({peak - rss_before:,.0f} MB during matching)")

    names = {s.id: s.name.lower() for s in taxonomy.skills}
    weights = {"required": 2.0, "preferred": 1.0, "unknown": 0.5}
    sample_m = [[names[s] for s in p.skills] for p in profiles[:BASELINE_MEMBERS]]
    sample_p = [
        [(names[s], weights[lvl]) for s, lvl in p.skills.items()]
        for p in postings[:BASELINE_POSTINGS]
    ]
    base_s, _ = timed(lambda: [naive_pair_score(m, p) for m in sample_m for p in sample_p])
    per_pair = base_s / (len(sample_m) * len(sample_p))
    full_base = per_pair * MEMBERS * POSTINGS
    inc_base = per_pair * MEMBERS * NEW_POSTINGS
    print(
        f"  baseline, naive pairwise rapidfuzz: {per_pair * 1e6:.1f} us per pair, measured on "
        f"{len(sample_m) * len(sample_p):,} pairs and extrapolated: full ~{full_base:,.0f} s, "
        f"incremental ~{inc_base:,.0f} s"
    )
    print(
        f"  index vs baseline: full {full_base / full_s:,.0f}x faster, "
        f"incremental {inc_base / inc_s:,.0f}x faster"
    )


def main() -> None:
    taxonomy = taxonomy_of(load_content().skills)
    print(
        f"taxonomy: {len(taxonomy.skills):,} skills, "
        f"{sum(len(s.all_names) for s in taxonomy.skills):,} names and aliases"
    )
    bench_extraction(taxonomy, random.Random(SEED))
    bench_normalisation(taxonomy, random.Random(SEED))
    bench_matching(taxonomy, random.Random(SEED))
