"""Plan and pulse benchmark: /plan latency with 10,000 members and 50,000 postings, and the time
to compute the weekly pulse over those postings.

Part 1 (in this process): building the per-role-family market tables (what the pipeline does
after each match pass) and computing the pulse, each timed from the database read to the
figures.

Part 2: the bot runs as its own process (`archbot run` against the local emulator), rebuilds its
match index and the market tables at start, and /plan is offered open-loop at 50 per second
from members with profiles and target roles, against /help (no database, no content) measured
in the same run. Latency is from dispatch to the bot's callback reaching the emulator.
"""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.bench_matching import Popularity
from bench.latency import command, offer, start_bot, stop_bot
from bot.market_service import MarketService
from bot.pulse_poster import pulse_from_market, week_pulse
from content import load_content
from discord_emulator import Emulator, Member
from matcher.taxonomy import taxonomy_of
from scrapers.posting import Posting, Salary
from store import migrate, open_db, profiles, upsert_postings
from store.extractions import ExtractedSkills, save_extractions

MEMBERS = 10_000
POSTINGS = 50_000
MEMBERS_ONLINE = 400
RATE = 50
SECONDS = 10
PLAN_AIM_MS = 100.0
PULSE_AIM_S = 5.0
TITLES = (
    "Senior AI Architect",
    "Generative AI Architect",
    "Machine Learning Engineer",
    "Senior ML Engineer",
    "Data Scientist",
    "Data Engineer",
    "Cloud Solutions Architect",
    "Backend Engineer",
    "Product Manager",
    "Account Executive",
)
ROLES = ("AI architect", "ML engineer", "Data scientist", "Solutions architect", "AI architect")
LEVELS = (None, "junior", "mid", "senior", "lead")
PLACES = (("Berlin, Germany",), ("London, UK",), ("New York, NY",), ("Bangalore, India",), ())


def prepare_database(path: Path, online: list[Member], now: datetime) -> None:
    """50,000 postings of the last eight weeks with their skills read, 10,000 profiles."""
    content = load_content()
    taxonomy = taxonomy_of(content.skills)
    rng = random.Random(11)
    pop = Popularity(taxonomy, rng)
    db = open_db(path)
    migrate(db)
    batch: list[Posting] = []
    skills: list[dict[str, str]] = []
    for n in range(POSTINGS):
        salary = None
        if n % 5 == 0:
            low = rng.choice((90_000, 120_000, 150_000, 180_000))
            salary = Salary(low, low + 40_000, rng.choice(("USD", "EUR", "GBP")), "year")
        batch.append(
            Posting(
                kind="greenhouse",
                key=f"board{n % 200}",
                source_id=str(n),
                url=f"https://boards.example/{n}",
                title=rng.choice(TITLES),
                company=f"Company {n % 700}",
                remote=rng.choice(("remote", "hybrid", "onsite", "unknown")),
                locations=rng.choice(PLACES),
                posted_at=now - timedelta(hours=rng.randint(0, 8 * 7 * 24 - 1)),
                salary=salary,
                description=f"posting {n}",
            )
        )
        drawn = pop.draw(rng.randint(6, 16))
        skills.append(
            {s: rng.choice(("required", "required", "preferred", "unknown")) for s in drawn}
        )
    for key in sorted({p.key for p in batch}):
        upsert_postings(db, "greenhouse", key, [p for p in batch if p.key == key], now)
    ids = {
        (row[0], row[1]): (int(row[2]), row[3])
        for row in db.execute("SELECT key, source_id, id, content_hash FROM postings")
    }
    results = []
    for posting, chosen in zip(batch, skills, strict=True):
        pid, digest = ids[(posting.key, posting.source_id)]
        results.append(
            ExtractedSkills(pid, digest, chosen, rng.choice(LEVELS), mentions=len(chosen))
        )
    save_extractions(db, results, now)
    every_skill = sorted(s.id for s in content.skills)
    user_ids = [m.id for m in online] + [10**17 + n for n in range(MEMBERS - len(online))]
    for user_id in user_ids:
        profiles.save_profile(
            db,
            user_id,
            # One popular skill and the rest drawn evenly: the bot's start-up rebuild of the
            # match index explains every pair over the floor, and Zipf-drawn profiles (most
            # sharing Python and SQL with most postings) make millions of them.
            skills=[*pop.draw(1), *rng.sample(every_skill, rng.randint(2, 11))],
            experience=rng.choice(LEVELS),
            location=rng.choice(("Berlin", "London", None, None)),
            remote=rng.choice(("any", "remote", "hybrid")),
            target_roles=rng.choice(ROLES),
            now=now,
        )
    db.close()


def offline_part(db_path: Path, now: datetime) -> None:
    content = load_content()
    db = open_db(db_path)
    try:
        market = MarketService(content, clock=lambda: now)
        started = time.perf_counter()
        tables = market.build(db)
        built = time.perf_counter() - started
        sizes = ", ".join(f"{f} {len(t):,}" for f, t in sorted(tables.families.items()))
        print(f"  market tables built in {built:.2f} s ({tables.postings:,} postings: {sizes})")
        started = time.perf_counter()
        cold = week_pulse(db, content, now)
        took = time.perf_counter() - started
        print(
            f"  pulse from the database in {took:.2f} s ({cold.postings:,} focus postings this "
            f"week, {cold.baseline_postings:,} in the four before; aim under {PULSE_AIM_S:g} s: "
            f"{'met' if took < PULSE_AIM_S else 'NOT met'})"
        )
        started = time.perf_counter()
        warm = pulse_from_market(market, now)
        took = time.perf_counter() - started
        assert warm is not None
        assert warm.as_dict() == cold.as_dict(), "both paths must give the same figures"
        print(
            f"  pulse from the precomputed postings (what the poster uses) in {took:.2f} s, "
            "same figures"
        )
    finally:
        db.close()


async def wait_for_tables(emu: Emulator, member: Member, channel_id: int) -> float:
    """The bot builds its match index and the market tables after it connects; until then a
    /plan is deferred. Returns how long that took."""
    started = time.monotonic()
    while time.monotonic() - started < 600:
        result = await emu.run_command(member, channel_id, "plan", timeout=60)
        if not result.deferred and not result.failed:
            return time.monotonic() - started
        await asyncio.sleep(2)
    raise RuntimeError("the bot never answered /plan without a deferral")


async def run() -> None:
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="archbot-bench-") as tmp:
        db_path = Path(tmp) / "bench.db"
        async with Emulator(bot_name="ArchBot") as emu:
            guild = emu.create_guild("Bench")
            channel_id = guild.channel_ids[0]
            people = [emu.create_member(guild.id, f"m{n}") for n in range(MEMBERS_ONLINE)]
            started = time.perf_counter()
            await asyncio.to_thread(prepare_database, db_path, people, now)
            print(
                f"database prepared in {time.perf_counter() - started:.1f} s: "
                f"{MEMBERS:,} profiles, {POSTINGS:,} postings"
            )
            print("Part 1: precompute and pulse (in process)")
            await asyncio.to_thread(offline_part, db_path, now)
            print(f"Part 2: /plan latency at {RATE}/s, the bot as its own process")
            process = start_bot(emu, db_path, guild.id)
            try:
                await emu.wait_until_ready(timeout=900)
                await emu.wait_for_commands(guild.id, timeout=300)
                waited = await wait_for_tables(emu, people[0], channel_id)
                print(f"  match index and market tables ready {waited:.0f} s after connecting")
                count = RATE * SECONDS
                baseline = await offer(
                    "/help (baseline)", RATE, count, command(emu, people, channel_id, "help")
                )
                print("  " + baseline.line())
                measured = await offer(
                    "/plan", RATE, count, command(emu, people, channel_id, "plan")
                )
                print("  " + measured.line(baseline))
                deferred = sum(r.deferred for r in measured.results)
                print(
                    f"  deferred answers: {deferred}; aim: p99 under {PLAN_AIM_MS:g} ms: "
                    f"{'met' if measured.pct(0.99) < PLAN_AIM_MS else 'NOT met'}"
                )
            finally:
                stop_bot(process)


def main() -> None:
    asyncio.run(run())


if __name__ == "__main__":
    main()
