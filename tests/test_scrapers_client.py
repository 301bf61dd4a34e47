"""The polite, safe client against the local job-board server: pacing, retries, Retry-After,
time-outs, size caps, redirects and the SSRF guard, robots.txt, ETags, budgets, compression."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any

import pytest

from scrapers import (
    BlockedURL,
    BudgetExhausted,
    FetchError,
    HttpStatusError,
    PoliteClient,
    RobotsDisallowed,
    TooLarge,
    Validators,
)
from scrapers.client import retry_after_seconds
from scrapers.guard import address_allowed
from scrapers.ratelimit import HostPacer
from tests.conftest import FakeTime, make_config
from tests.jobboard import Fault, JobBoard

Factory = Callable[..., PoliteClient]
BODY = '{"jobs": []}'


async def test_user_agent_compression_and_body(jobboard: JobBoard, client_factory: Factory) -> None:
    big = '{"jobs": [' + ",".join(['{"id": 1}'] * 200) + "]}"
    jobboard.add("/a", big)
    async with client_factory() as client:
        response = await client.get(f"{jobboard.url}/a")
    assert response.body == big.encode()
    sent = jobboard.headers_seen[-1]
    assert sent["User-Agent"].startswith("ai-architect-bot-tests/")
    assert "gzip" in sent["Accept-Encoding"]


async def test_per_host_pacing_uses_the_injected_clock(
    jobboard: JobBoard, client_factory: Factory, fake_time: FakeTime
) -> None:
    jobboard.add("/a", BODY)
    async with client_factory(requests_per_second=0.5) as client:
        for _ in range(4):
            await client.get(f"{jobboard.url}/a")
    # robots.txt first, then four requests, each two (fake) seconds after the previous one
    assert sum(fake_time.sleeps) == pytest.approx(8.0)
    assert client.pacer.waited == pytest.approx(8.0)


async def test_per_source_interval_override(
    jobboard: JobBoard, client_factory: Factory, fake_time: FakeTime
) -> None:
    jobboard.add("/a", BODY)
    async with client_factory() as client:
        await client.get(f"{jobboard.url}/a", interval=5.0)
        await client.get(f"{jobboard.url}/a", interval=5.0)
    assert max(fake_time.sleeps) == pytest.approx(5.0)


def test_pacer_spaces_concurrent_reservations() -> None:
    now = [0.0]

    async def never(_: float) -> None:
        raise AssertionError

    pacer = HostPacer(1.0, lambda: now[0], never)
    assert [pacer.reserve("h") for _ in range(3)] == [0.0, 1.0, 2.0]
    assert pacer.reserve("other") == 0.0
    pacer.push_back("h", 30)
    assert pacer.reserve("h") == pytest.approx(30.0)


async def test_5xx_then_success_retries_with_backoff(
    jobboard: JobBoard, client_factory: Factory, fake_time: FakeTime
) -> None:
    jobboard.add("/a", BODY)
    jobboard.fail("/a", Fault("status", status=503), Fault("status", status=502))
    async with client_factory(backoff_base=2.0) as client:
        response = await client.get(f"{jobboard.url}/a")
    assert response.attempts == 3
    assert response.body == BODY.encode()
    assert 1.5 in fake_time.sleeps  # attempt 0: 2 s ceiling, equal jitter at rand 0.5
    assert 3.0 in fake_time.sleeps  # attempt 1: 4 s ceiling


async def test_429_honours_retry_after(
    jobboard: JobBoard, client_factory: Factory, fake_time: FakeTime
) -> None:
    jobboard.add("/a", BODY)
    jobboard.fail("/a", Fault("status", status=429, retry_after="42"))
    async with client_factory() as client:
        response = await client.get(f"{jobboard.url}/a")
    assert response.status == 200
    assert max(fake_time.sleeps) >= 42.0


async def test_retry_after_too_long_gives_up(jobboard: JobBoard, client_factory: Factory) -> None:
    jobboard.add("/a", BODY)
    jobboard.fail("/a", Fault("status", status=429, retry_after="86400"))
    async with client_factory() as client:
        with pytest.raises(HttpStatusError, match="asks to wait"):
            await client.get(f"{jobboard.url}/a")


async def test_persistent_5xx_fails_after_retries(
    jobboard: JobBoard, client_factory: Factory
) -> None:
    jobboard.add("/a", BODY)
    jobboard.fail("/a", *[Fault("status", status=500) for _ in range(5)])
    async with client_factory(retries=2) as client:
        with pytest.raises(HttpStatusError, match="after 3 attempts") as caught:
            await client.get(f"{jobboard.url}/a")
    assert caught.value.status == 500
    assert jobboard.count("/a") == 3


async def test_timeout_is_retried_then_succeeds(
    jobboard: JobBoard, client_factory: Factory
) -> None:
    jobboard.add("/a", BODY)
    jobboard.fail("/a", Fault("delay", seconds=1.0))
    async with client_factory(read_timeout=0.2, total_timeout=0.5) as client:
        response = await client.get(f"{jobboard.url}/a")
    assert response.attempts == 2


async def test_timeout_every_time_fails(jobboard: JobBoard, client_factory: Factory) -> None:
    jobboard.add("/a", BODY, delay=1.0)
    async with client_factory(read_timeout=0.2, total_timeout=0.5, retries=1) as client:
        with pytest.raises(FetchError, match="timed out"):
            await client.get(f"{jobboard.url}/a")


async def test_size_cap_with_content_length(jobboard: JobBoard, client_factory: Factory) -> None:
    jobboard.add("/big", b"x" * 300_000, "text/plain")
    async with client_factory(max_bytes=100_000) as client:
        with pytest.raises(TooLarge):
            await client.get(f"{jobboard.url}/big")


async def test_size_cap_while_streaming(jobboard: JobBoard, client_factory: Factory) -> None:
    jobboard.add("/stream", BODY)
    jobboard.fail("/stream", Fault("huge", size=5_000_000))
    async with client_factory(max_bytes=200_000) as client:
        with pytest.raises(TooLarge, match="abandoned"):
            await client.get(f"{jobboard.url}/stream")


@pytest.mark.parametrize(
    "target",
    [
        "http://10.1.2.3/jobs",
        "http://169.254.169.254/latest/meta-data",
        "http://[fd00::1]/x",
        "http://192.168.0.10/",
        "http://0.0.0.0/",
    ],
)
async def test_redirect_to_private_address_is_refused(
    jobboard: JobBoard, client_factory: Factory, target: str
) -> None:
    jobboard.add("/r", BODY)
    jobboard.fail("/r", Fault("redirect", location=target))
    async with client_factory() as client:
        with pytest.raises(BlockedURL, match="non-public"):
            await client.get(f"{jobboard.url}/r")


async def test_redirects_followed_and_capped(jobboard: JobBoard, client_factory: Factory) -> None:
    jobboard.add("/final", BODY)
    jobboard.add("/hop", BODY)
    jobboard.fail("/hop", Fault("redirect", location="/final"))
    async with client_factory() as client:
        response = await client.get(f"{jobboard.url}/hop")
        assert response.url.endswith("/final")
        for i in range(7):
            jobboard.add(f"/loop{i}", BODY)
            jobboard.fail(f"/loop{i}", Fault("redirect", location=f"/loop{i + 1}"))
        with pytest.raises(FetchError, match="more than 5 redirects"):
            await client.get(f"{jobboard.url}/loop0")


async def test_loopback_refused_unless_allowed(jobboard: JobBoard, fake_time: FakeTime) -> None:
    jobboard.add("/a", BODY)
    async with PoliteClient(make_config(), clock=fake_time.clock, sleep=fake_time.sleep) as client:
        with pytest.raises(BlockedURL):
            await client.get(f"{jobboard.url}/a")
        with pytest.raises(BlockedURL, match="only http and https"):
            await client.get("file:///etc/passwd")
        with pytest.raises(BlockedURL, match="localhost"):
            await client.get(f"http://localhost:{jobboard.port}/a")
    assert jobboard.hits == []


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        ("8.8.8.8", True),
        ("2606:4700::1111", True),
        ("10.0.0.1", False),
        ("172.16.5.4", False),
        ("192.168.1.1", False),
        ("127.0.0.1", False),
        ("::1", False),
        ("169.254.169.254", False),
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("100.64.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("fe80::1", False),
        ("0.0.0.0", False),
        # IPv6 transition forms are judged by the IPv4 address inside them
        ("2002:a01:203::", False),  # 6to4 of 10.1.2.3
        ("2002:7f00:1::", False),  # 6to4 of 127.0.0.1
        ("2002:a9fe:a9fe::", False),  # 6to4 of 169.254.169.254
        ("2002:808:808::", True),  # 6to4 of 8.8.8.8
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", False),  # Teredo, client ~ = 10.0.0.1
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", False),  # Teredo, client 127.0.0.1
        ("2001:0:4136:e378:8000:63bf:f7f7:f7f7", True),  # Teredo, client 8.8.8.8
        ("2001:0:a00:1:8000:63bf:f7f7:f7f7", False),  # Teredo, server 10.0.0.1
        ("64:ff9b::a00:1", False),  # NAT64 of 10.0.0.1
        ("64:ff9b::a9fe:a9fe", False),  # NAT64 of the metadata address
        ("64:ff9b::808:808", True),  # NAT64 of 8.8.8.8
        ("64:ff9b:1::808:808", False),  # local-use NAT64 prefix
        ("::10.0.0.1", False),  # IPv4-compatible
        ("::127.0.0.1", False),
        ("::8.8.8.8", True),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped
        ("::ffff:8.8.8.8", True),
    ],
)
def test_address_rules(address: str, allowed: bool) -> None:
    assert address_allowed(ipaddress.ip_address(address), allow_loopback=False) is allowed


@pytest.mark.parametrize(
    "host", ["[2002:a01:203::]", "[2001:0:4136:e378:8000:63bf:f5ff:fffe]", "[64:ff9b::7f00:1]"]
)
async def test_transition_address_literals_are_refused_before_connecting(
    jobboard: JobBoard, client_factory: Factory, host: str
) -> None:
    jobboard.add("/jobs", BODY)
    jobboard.fail("/jobs", Fault("redirect", location=f"http://{host}/jobs"))
    async with client_factory() as client:
        with pytest.raises(BlockedURL, match="non-public"):
            await client.get(f"{jobboard.url}/jobs")
    assert jobboard.count("/jobs") == 1  # the redirect was read, the hop never made


async def test_robots_disallow(jobboard: JobBoard, client_factory: Factory) -> None:
    jobboard.add("/private/jobs", BODY)
    async with client_factory() as client:
        with pytest.raises(RobotsDisallowed):
            await client.get(f"{jobboard.url}/private/jobs")
        jobboard.add("/public", BODY)
        await client.get(f"{jobboard.url}/public")
        await client.get(f"{jobboard.url}/public")
    assert jobboard.count("/private/jobs") == 0
    assert jobboard.count("/robots.txt") == 1  # cached per host


async def test_robots_missing_allows_and_5xx_denies(
    jobboard: JobBoard, client_factory: Factory
) -> None:
    jobboard.add("/a", BODY)
    jobboard.robots_status = 404
    async with client_factory() as client:
        assert (await client.get(f"{jobboard.url}/a")).status == 200
    jobboard.robots_status = 503
    async with client_factory(retries=0) as client:
        with pytest.raises(RobotsDisallowed):
            await client.get(f"{jobboard.url}/a")


async def test_robots_crawl_delay_slows_the_host(
    jobboard: JobBoard, client_factory: Factory, fake_time: FakeTime
) -> None:
    jobboard.robots = "User-agent: *\nCrawl-delay: 7\n"
    jobboard.add("/a", BODY)
    async with client_factory() as client:
        await client.get(f"{jobboard.url}/a")
        await client.get(f"{jobboard.url}/a")
    assert max(fake_time.sleeps) == pytest.approx(7.0)


async def test_etag_304(jobboard: JobBoard, client_factory: Factory) -> None:
    route = jobboard.add("/a", BODY, etag=True)
    async with client_factory() as client:
        first = await client.get(f"{jobboard.url}/a")
        assert first.validators.etag == route.etag
        second = await client.get(f"{jobboard.url}/a", validators=first.validators)
        assert second.not_modified
        assert second.body == b""
        third = await client.get(f"{jobboard.url}/a", validators=Validators('"stale"'))
        assert third.status == 200


async def test_404_raises_with_status(jobboard: JobBoard, client_factory: Factory) -> None:
    async with client_factory() as client:
        with pytest.raises(HttpStatusError) as caught:
            await client.get(f"{jobboard.url}/greenhouse/nosuchboard/jobs")
    assert caught.value.status == 404


class MemoryBudget:
    def __init__(self) -> None:
        self.calls: dict[str, int] = {}

    async def spend(self, scope: str, limit: int, window_seconds: float) -> bool:
        used = self.calls.get(scope, 0)
        if used >= limit:
            return False
        self.calls[scope] = used + 1
        return True


async def test_daily_budget(jobboard: JobBoard, fake_time: FakeTime) -> None:
    jobboard.add("/a", BODY)
    budget = MemoryBudget()
    kwargs: dict[str, Any] = {
        "allow_loopback": True,
        "clock": fake_time.clock,
        "sleep": fake_time.sleep,
        "budget": budget,
    }
    async with PoliteClient(make_config(), **kwargs) as client:
        await client.get(f"{jobboard.url}/a", daily_limit=2)
        await client.get(f"{jobboard.url}/a", daily_limit=2)
        with pytest.raises(BudgetExhausted):
            await client.get(f"{jobboard.url}/a", daily_limit=2)
    assert jobboard.count("/a") == 2


def test_retry_after_formats() -> None:
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
