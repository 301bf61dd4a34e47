"""Scraping benchmark: 200 boards on the local job-board server, and parse throughput.

Part 1 scrapes 200 Greenhouse-format boards spread over 10 loopback hosts (127.0.0.1-10), with
injected latency and a few percent of errors (transient 503s that succeed on retry, and a few
boards that stay broken), through the real pipeline (polite client, parser, SQLite writes).
It prints the total time against the ideal the politeness rules allow for the requests that
were actually sent, and the peak memory (tracemalloc).

Part 2 parses large generated board payloads (Greenhouse and Ashby) and reports MB/s and
postings/s, against a naive baseline measured in the same run (json.loads, then html.unescape
and BeautifulSoup(...).get_text() per job: what a first scraper usually does).

Part 3 turns descriptions into text (every fixture description, 1,500 generated fragments and
the benchmark boards' descriptions) with the lexbor walker and with the BeautifulSoup
conversion it replaced, in the same run: the speed-up, and whether every output is identical.

Part 4 scrapes four 24 MB single-line career pages in one pass, in a child process, and prints
that process's peak resident memory against its memory before the scrape and the 25 MiB cap.
"""

from __future__ import annotations

import asyncio
import html
import json
import os
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from bs4 import BeautifulSoup

from archbot.scraping import run_scrape
from scrapers import ClientConfig, ParseContext, SourceSpec, get_kind
from scrapers.text import html_to_text
from store import migrate, open_db
from tests.html_corpus import fixture_descriptions, generated
from tests.jobboard import Fault, JobBoard
from tests.reference_text import reference_html_to_text

BOARDS = 200
HOSTS = 10
JOBS_PER_BOARD = 25
LATENCY = 0.03  # seconds the server waits before answering each board
RATE = 4.0  # requests per second per host (the default is 1; a bench should not take minutes)
CONCURRENCY = 8
TRANSIENT_ERRORS = 0.04  # boards whose first answer is a 503
BROKEN = 0.01  # boards that keep failing

PARAGRAPH = (
    "&lt;p&gt;We build &lt;strong&gt;LLM&lt;/strong&gt; platforms&amp;nbsp;for enterprises. You "
    "will design retrieval pipelines, evaluation harnesses and serving on Kubernetes.&lt;/p&gt;"
    "&lt;ul&gt;&lt;li&gt;Python, PyTorch&lt;/li&gt;&lt;li&gt;Vector databases&lt;/li&gt;"
    "&lt;li&gt;Terraform &amp;amp; AWS&lt;/li&gt;&lt;/ul&gt;"
)


def greenhouse_board(board: int, jobs: int, paragraphs: int = 3) -> bytes:
    rng = random.Random(board)
    titles = [
        "Senior ML Engineer",
        "AI Architect",
        "Staff Data Engineer",
        "Research Scientist",
        "Principal Platform Engineer",
        "Lead MLOps Engineer",
        "Solutions Architect",
    ]
    places = ["Berlin", "London", "Remote - US", "New York, NY", "Paris", "Toronto"]
    payload = {
        "jobs": [
            {
                "id": board * 100_000 + i,
                "title": rng.choice(titles),
                "company_name": f"Company {board}",
                "absolute_url": f"https://jobs.example/{board}/{i}?gh_src=bench",
                "location": {"name": rng.choice(places)},
                "metadata": [{"name": "Location Type", "value": None}],
                "updated_at": "2026-11-20T10:00:00Z",
                "first_published": "2026-11-01T09:00:00Z",
                "content": PARAGRAPH * paragraphs,
            }
            for i in range(jobs)
        ],
        "meta": {"total": jobs},
    }
    return json.dumps(payload).encode()


def ashby_board(jobs: int) -> bytes:
    body = PARAGRAPH.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") * 3
    payload = {
        "jobs": [
            {
                "id": f"job-{i}",
                "title": "Senior AI Engineer" if i % 2 else "ML Platform Architect",
                "location": "Remote",
                "secondaryLocations": [{"location": "London"}],
                "isListed": True,
                "isRemote": None,
                "workplaceType": "Remote" if i % 3 else None,
                "employmentType": "FullTime",
                "publishedAt": "2026-11-02T08:00:00.000+00:00",
                "jobUrl": f"https://jobs.ashbyhq.com/x/{i}",
                "descriptionHtml": body,
                "compensation": {
                    "summaryComponents": [
                        {
                            "compensationType": "Salary",
                            "interval": "1 YEAR",
                            "currencyCode": "USD",
                            "minValue": 150000,
                            "maxValue": 200000,
                        }
                    ]
                },
            }
            for i in range(jobs)
        ]
    }
    return json.dumps(payload).encode()


async def scrape_benchmark() -> None:
    rng = random.Random(7)
    board = JobBoard()
    await board.start(extra_hosts=[f"127.0.0.{h}" for h in range(2, HOSTS + 1)])
    sources: list[SourceSpec] = []
    broken = transient = 0
    for n in range(BOARDS):
        host = f"127.0.0.{n % HOSTS + 1}"
        route = board.add(f"/greenhouse/b{n}/jobs", greenhouse_board(n, JOBS_PER_BOARD))
        route.delay = LATENCY
        roll = rng.random()
        if roll < BROKEN:
            board.fail(f"/greenhouse/b{n}/jobs", *[Fault("status", status=500)] * 5)
            broken += 1
        elif roll < BROKEN + TRANSIENT_ERRORS:
            board.fail(f"/greenhouse/b{n}/jobs", Fault("status", status=503))
            transient += 1
        base = f"http://{host}:{board.port}/greenhouse"
        sources.append(SourceSpec("greenhouse", f"b{n}", None, {"base_url": base}))
    config = ClientConfig(
        user_agent="ai-architect-bot-bench/0.1 (+https://example.org/bench)",
        requests_per_second=RATE,
        concurrency=CONCURRENCY,
        retries=2,
        backoff_base=0.2,
    )
    with tempfile.TemporaryDirectory() as folder:
        db = open_db(Path(folder) / "bench.db")
        migrate(db)
        started = time.perf_counter()
        summaries = await run_scrape(db, sources, config, allow_loopback=True)
        elapsed = time.perf_counter() - started
        db.close()
        requests = len(board.hits)
        per_host = {f"127.0.0.{h}": 1 for h in range(1, HOSTS + 1)}  # robots.txt each
        for n in range(BOARDS):
            host = f"127.0.0.{n % HOSTS + 1}"
            per_host[host] += board.count(f"/greenhouse/b{n}/jobs")
        # tracemalloc slows allocation-heavy parsing several times over, so peak memory is
        # measured on a second run of the same boards into a fresh database.
        for route in board.routes.values():
            route.faults.clear()
        db = open_db(Path(folder) / "bench-memory.db")
        migrate(db)
        tracemalloc.start()
        await run_scrape(db, sources, config, allow_loopback=True)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        db.close()
    await board.stop()
    interval = 1 / RATE
    ideal_hosts = max((c - 1) * interval + LATENCY for c in per_host.values())
    ideal_slots = requests * LATENCY / CONCURRENCY
    ideal = max(ideal_hosts, ideal_slots)
    ok = sum(1 for s in summaries if s.status == "ok")
    failed = sum(1 for s in summaries if s.status == "failed")
    postings = sum(s.seen for s in summaries)
    print(
        f"boards: {BOARDS} on {HOSTS} hosts, {JOBS_PER_BOARD} jobs each, latency "
        f"{LATENCY * 1000:.0f} ms, {RATE:g} req/s per host, concurrency {CONCURRENCY}"
    )
    print(f"injected errors: {transient} transient 503, {broken} permanently broken")
    print(
        f"result: {ok} ok, {failed} failed, {postings} postings stored, {requests} requests "
        f"(incl. robots.txt and retries)"
    )
    print(
        f"total time: {elapsed:.2f} s; ideal under the politeness rules: {ideal:.2f} s; "
        f"ratio {elapsed / ideal:.2f}x"
    )
    print(f"peak traced memory: {peak / 1e6:.1f} MB")


def naive_parse(body: bytes) -> int:
    data = json.loads(body)
    count = 0
    for job in data["jobs"]:
        text = BeautifulSoup(
            html.unescape(job.get("content") or job.get("descriptionHtml") or ""), "html.parser"
        ).get_text(" ")
        count += bool(text) and bool(job.get("title"))
    return count


def timed(fn: object, *args: object, repeat: int = 2) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn(*args)  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best


def parse_benchmark() -> None:
    for kind, body in (("greenhouse", greenhouse_board(1, 1000, 4)), ("ashby", ashby_board(1000))):
        ctx = ParseContext(SourceSpec(kind, "bench", "Bench Co"), url="https://x.test/")
        parser = get_kind(kind).parse
        postings = len(parser(body, ctx))
        ours = timed(parser, body, ctx)
        naive = timed(naive_parse, body)
        size = len(body) / 1e6
        print(
            f"{kind}: {size:.1f} MB, {postings} postings: ours {size / ours:.1f} MB/s "
            f"({postings / ours:,.0f} postings/s); naive baseline {size / naive:.1f} MB/s "
            f"({postings / naive:,.0f} postings/s); ours/naive time {ours / naive:.2f}x"
        )


def description_corpus() -> list[str]:
    boards = [
        job.get("content") or job.get("descriptionHtml") or ""
        for body in (greenhouse_board(3, 200, 4), ashby_board(200))
        for job in json.loads(body)["jobs"]
    ]
    return fixture_descriptions(list) + list(generated(1500)) + boards


def text_benchmark() -> None:
    corpus = description_corpus()
    size = sum(len(c) for c in corpus) / 1e6
    identical = sum(html_to_text(c) == reference_html_to_text(c) for c in corpus)
    ours = min(timed_all(html_to_text, corpus) for _ in range(3))
    before = min(timed_all(reference_html_to_text, corpus) for _ in range(3))
    print(
        f"descriptions to text: {len(corpus)} descriptions, {size:.1f} M characters; "
        f"identical output {identical}/{len(corpus)}"
    )
    print(
        f"lexbor walker {ours:.2f} s ({len(corpus) / ours:,.0f}/s); BeautifulSoup before "
        f"{before:.2f} s ({len(corpus) / before:,.0f}/s); speed-up {before / ours:.1f}x"
    )


def timed_all(convert: object, corpus: list[str]) -> float:
    started = time.perf_counter()
    for markup in corpus:
        convert(markup)  # type: ignore[operator]
    return time.perf_counter() - started


ROOT = Path(__file__).resolve().parent.parent
PAGE_MB = 24
PAGES = 4


def hostile_page(number: int, megabytes: int = PAGE_MB) -> bytes:
    """One single-line career page of `megabytes` MB: deep markup, a huge inline description,
    and a JSON-LD JobPosting at the very end."""
    job = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": f"AI Architect {number}",
        "identifier": f"page-{number}",
        "hiringOrganization": {"name": "Bench Co"},
        "description": "<p>" + "Design retrieval and evaluation for LLM products. " * 40_000,
    }
    script = f'<script type="application/ld+json">{json.dumps(job)}</script>'.encode()
    head = b"<html><head><title>Careers</title></head><body>"
    cell = b"<div class=card><span>Engineering</span><a href=/jobs/1>Open role</a></div>"
    filler = cell * ((megabytes * 1024 * 1024 - len(script) - 200) // len(cell))
    return head + filler + script + b"</body></html>"


async def memory_benchmark() -> None:
    board = JobBoard()
    await board.start()
    paths = []
    for n in range(PAGES):
        board.add(f"/careers/{n}.html", hostile_page(n), "text/html")
        paths.append(f"/careers/{n}.html")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.scrape_memory",
        board.url,
        *paths,
        stdout=asyncio.subprocess.PIPE,
        env=env,
    )
    out, _ = await child.communicate()
    await board.stop()
    report = json.loads(out)
    cap = 25 * 1024 * 1024
    grown = (report["peak_kb"] - report["idle_kb"]) * 1024
    print(
        f"memory: {PAGES} single-line career pages of {PAGE_MB} MB in one scrape: "
        f"{report['statuses']}, {report['stored']} postings stored"
    )
    print(
        f"peak resident memory {report['peak_kb'] / 1024:.0f} MB; before the scrape "
        f"{report['idle_kb'] / 1024:.0f} MB; the scrape added {grown / 1e6:.0f} MB = "
        f"{grown / cap:.1f}x the {cap // (1024 * 1024)} MiB response cap "
        f"(the pages total {PAGES * PAGE_MB} MB)"
    )


def main() -> None:
    asyncio.run(scrape_benchmark())
    parse_benchmark()
    text_benchmark()
    asyncio.run(memory_benchmark())
