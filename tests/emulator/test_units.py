"""The emulator's pure rules, without sockets: permissions, pings, limits, validation."""

from __future__ import annotations

from discord_emulator import ALL_PERMISSIONS, Permission, RateLimiter, RouteLimit
from discord_emulator.mentions import compute_pings
from discord_emulator.state import World
from discord_emulator.validate import check_message, check_modal

SEND = int(Permission.SEND_MESSAGES)
VIEW = int(Permission.VIEW_CHANNEL)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_overwrite_precedence() -> None:
    world = World()
    guild = world.create_guild("g")
    role = world.create_role(guild.id, "muted")
    user = world.create_user("u")
    member = world.add_member(guild.id, user, [role.id])
    channel = world.create_channel(guild.id, "c")

    assert world.permissions_in(channel.id, user.id) & SEND
    world.set_overwrite(channel.id, guild.id, deny=SEND)  # @everyone denied
    assert not world.permissions_in(channel.id, user.id) & SEND
    world.set_overwrite(channel.id, role.id, allow=SEND)  # role allow beats @everyone deny
    assert world.permissions_in(channel.id, user.id) & SEND
    world.set_overwrite(channel.id, user.id, deny=SEND)  # member deny beats role allow
    assert not world.permissions_in(channel.id, user.id) & SEND
    world.set_overwrite(channel.id, guild.id, deny=VIEW)
    world.set_overwrite(channel.id, user.id)  # removed
    world.set_overwrite(channel.id, role.id)
    assert world.permissions_in(channel.id, user.id) == 0  # no View Channel: nothing at all

    world.set_member_roles(guild.id, member.id, [world.create_role(guild.id, "a", 8).id])
    assert world.permissions_in(channel.id, user.id) == ALL_PERMISSIONS  # Administrator
    assert world.permissions_in(channel.id, guild.owner_id) == ALL_PERMISSIONS


def test_pings_follow_allowed_mentions() -> None:
    world = World()
    guild = world.create_guild("g")
    role = world.create_role(guild.id, "team", mentionable=True)
    text = f"@everyone <@&{role.id}> <@123> <@!456>"
    mass = int(Permission.MENTION_EVERYONE)

    default = compute_pings(text, None, guild=guild, author_permissions=mass)
    assert default.everyone
    assert default.role_ids == (role.id,)
    assert default.user_ids == (123, 456)

    none = compute_pings(text, {"parse": []}, guild=guild, author_permissions=mass)
    assert not none.everyone
    assert not none.any_mass_ping
    assert none.user_ids == ()

    some = compute_pings(
        text, {"parse": [], "users": ["456"]}, guild=guild, author_permissions=mass
    )
    assert some.user_ids == (456,)

    powerless = compute_pings(text, None, guild=guild, author_permissions=0)
    assert not powerless.everyone  # needs Mention Everyone
    assert powerless.role_ids == (role.id,)  # but the role is mentionable


def test_route_bucket_and_global_window() -> None:
    clock = Clock()
    limiter = RateLimiter(global_limit=3, routes={"POST /x": RouteLimit(2, 5.0)}, clock=clock)
    first = limiter.check("POST /x", "1", token="t", global_exempt=False)
    assert first.retry_after is None
    assert first.headers["X-RateLimit-Remaining"] == "1"
    assert limiter.check("POST /x", "1", token="t", global_exempt=False).retry_after is None
    refused = limiter.check("POST /x", "1", token="t", global_exempt=False)
    assert refused.retry_after == 5.0
    assert not refused.is_global
    assert limiter.check("POST /x", "2", token="t", global_exempt=False).retry_after is None
    over = limiter.check("GET /y", "", token="t", global_exempt=False)
    assert over.is_global
    assert over.headers["X-RateLimit-Global"] == "true"
    assert limiter.check("GET /y", "", token=None, global_exempt=True).retry_after is None
    clock.now = 1.0
    assert limiter.check("GET /y", "", token="t", global_exempt=False).retry_after is None
    clock.now = 5.0
    assert limiter.check("POST /x", "1", token="t", global_exempt=False).retry_after is None


def test_a_counting_clock_makes_collisions_depend_on_request_count() -> None:
    """The windows follow the swapped-in clock from a clean start (windows measured on the old
    clock would otherwise look hours old or in the future)."""
    limiter = RateLimiter(global_limit=3, global_per=1.0)
    for _ in range(3):
        limiter.check("GET /y", "", token="t", global_exempt=False)
    ticks = iter(n * 0.3 for n in range(1, 100))
    limiter.use_clock(lambda: next(ticks))
    outcomes = [
        limiter.check("GET /y", "", token="t", global_exempt=False).is_global for _ in range(8)
    ]
    assert outcomes == [False, False, False, True, False, False, False, True]


def test_message_and_modal_limits() -> None:
    assert not check_message({"content": "x" * 2000}, file_count=0, creating=True)
    too_long = check_message({"content": "x" * 2001}, file_count=0, creating=True)
    assert too_long.as_json()["errors"]["content"]["_errors"][0]["code"] == "BASE_TYPE_MAX_LENGTH"
    assert check_message({}, file_count=0, creating=True).as_json()["code"] == 50006
    assert not check_message({}, file_count=1, creating=True)
    six_rows = [
        {"type": 1, "components": [{"type": 2, "style": 1, "custom_id": f"b{i}"}]} for i in range(6)
    ]
    assert check_message({"components": six_rows}, file_count=0, creating=False)
    duplicate = [{"type": 1, "components": [{"type": 2, "style": 1, "custom_id": "b"}] * 2}]
    assert check_message({"components": duplicate}, file_count=0, creating=False)
    big_embeds = [{"description": "d" * 4000}, {"description": "d" * 2001}]
    assert check_message({"embeds": big_embeds}, file_count=0, creating=False)
    modal = {"custom_id": "m", "title": "t" * 46, "components": []}
    assert set(check_modal(modal).as_json()["errors"]["data"]) == {"title", "components"}
