"""The emulator's validator against Discord's documented limits, one rule at a time.

Each case is a payload Discord refuses with 400 50035 and the field path its `errors` tree names;
a payload just inside every limit passes.
"""

from __future__ import annotations

from typing import Any

import pytest

from discord_emulator.command_rules import check_definitions
from discord_emulator.form_errors import FormErrors, url_problem
from discord_emulator.validate import check_callback, check_choices, check_message, check_modal


def paths(errors: FormErrors) -> set[str]:
    return {".".join(path) for path, _, _ in errors.problems}


def error_at(tree: dict[str, Any], *path: str) -> list[dict[str, str]]:
    node = tree["errors"]
    for part in path:
        node = node[part]
    return list(node["_errors"])


def embed(**parts: Any) -> dict[str, Any]:
    return {"title": "t", **parts}


def message(**fields: Any) -> FormErrors:
    return check_message(fields, file_count=0, creating=True)


# ---- embeds ----------------------------------------------------------------------------------


def test_embed_at_every_limit_passes() -> None:
    full = {
        "title": "t" * 256,
        "description": "d" * 1000,
        "url": "https://jobs.example/ai%20architect/4?x=%C3%A9",
        "footer": {"text": "f" * 200, "icon_url": "attachment://icon.png"},
        "author": {"name": "a" * 256, "url": "http://example.com"},
        "image": {"url": "https://cdn.example/i.png"},
        "thumbnail": {"url": "attachment://card.png"},
        "fields": [{"name": "n" * 10, "value": "v" * 100} for _ in range(25)],
        "timestamp": "2026-06-01T06:00:00+00:00",
        "color": 0xFFFFFF,
    }
    assert not message(embeds=[full])


@pytest.mark.parametrize(
    ("part", "value", "path"),
    [
        ("title", "t" * 257, "embeds.0.title"),
        ("description", "d" * 4097, "embeds.0.description"),
        ("footer", {"text": "f" * 2049}, "embeds.0.footer.text"),
        ("footer", {"text": ""}, "embeds.0.footer.text"),
        ("author", {"name": "a" * 257}, "embeds.0.author.name"),
        ("fields", [{"name": "n", "value": "v"}] * 26, "embeds.0.fields"),
        ("fields", [{"name": "n" * 257, "value": "v"}], "embeds.0.fields.0.name"),
        ("fields", [{"name": "n", "value": "v" * 1025}], "embeds.0.fields.0.value"),
        ("fields", [{"name": "n", "value": ""}], "embeds.0.fields.0.value"),
        ("url", "https://jobs.example/ai architect/4", "embeds.0.url"),
        ("url", "https://jobs.example/ingénieur", "embeds.0.url"),
        ("url", "https://jobs.example/100%", "embeds.0.url"),
        ("url", "javascript:alert(1)", "embeds.0.url"),
        ("url", "https://", "embeds.0.url"),
        ("url", "https://x.example/" + "a" * 2048, "embeds.0.url"),
        ("image", {"url": "ftp://x.example/i.png"}, "embeds.0.image.url"),
        ("thumbnail", {}, "embeds.0.thumbnail.url"),
        (
            "author",
            {"name": "a", "icon_url": "https://x.example/a b.png"},
            "embeds.0.author.icon_url",
        ),
        ("color", 0x1000000, "embeds.0.color"),
        ("timestamp", "yesterday", "embeds.0.timestamp"),
    ],
)
def test_embed_part_over_its_limit_is_refused(part: str, value: object, path: str) -> None:
    errors = message(embeds=[embed(**{part: value})])
    assert path in paths(errors)
    assert errors.as_json()["code"] == 50035


def test_six_thousand_characters_count_across_every_embed() -> None:
    five = [embed(title="t" * 200, description="d" * 1000) for _ in range(5)]  # 6,000 in all
    assert not message(embeds=five)
    errors = message(embeds=[*five, embed(title="x")])
    assert error_at(errors.as_json(), "embeds")[0]["code"] == "MAX_EMBED_SIZE_EXCEEDED"
    assert "embeds" in paths(message(embeds=[embed()] * 11))


# ---- messages and components -----------------------------------------------------------------


def row(*children: dict[str, Any]) -> dict[str, Any]:
    return {"type": 1, "components": list(children)}


def button(**fields: Any) -> dict[str, Any]:
    return {"type": 2, "style": 1, "label": "Go", "custom_id": "go", **fields}


def select(**fields: Any) -> dict[str, Any]:
    options = [{"label": "a", "value": "a"}]
    return {"type": 3, "custom_id": "s", "options": options, **fields}


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"content": "x" * 2001}, "content"),
        ({"content": "x", "allowed_mentions": {"parse": ["all"]}}, "allowed_mentions.parse.0"),
        ({"content": "x", "allowed_mentions": {"parse": "users"}}, "allowed_mentions.parse"),
        (
            {"content": "x", "allowed_mentions": {"parse": ["users"], "users": ["1"]}},
            "allowed_mentions",
        ),
        ({"content": "x", "allowed_mentions": {"users": ["me"]}}, "allowed_mentions.users.0"),
        ({"components": [row(button(custom_id=f"b{i}")) for i in range(6)]}, "components"),
        (
            {"components": [row(*[button(custom_id=f"b{i}") for i in range(6)])]},
            "components.0.components",
        ),
        ({"components": [row(button(label="x" * 81))]}, "components.0.components.0.label"),
        ({"components": [row(button(custom_id=""))]}, "components.0.components.0.custom_id"),
        ({"components": [row(button(custom_id="c" * 101))]}, "components.0.components.0.custom_id"),
        (
            {"components": [row(button(custom_id="same"), button(custom_id="same"))]},
            "components.0.components.1.custom_id",
        ),
        (
            {"components": [row(button(style=5, custom_id=None, url="https://x.example/a b"))]},
            "components.0.components.0.url",
        ),
        (
            {
                "components": [
                    row(button(style=5, custom_id=None, url="https://x.example/" + "a" * 500))
                ]
            },
            "components.0.components.0.url",
        ),
        (
            {"components": [row(button(style=5, url="https://x.example"))]},
            "components.0.components.0.custom_id",
        ),
        ({"components": [row(button(style=5, custom_id=None))]}, "components.0.components.0.url"),
        ({"components": [row(button(label=None))]}, "components.0.components.0.label"),
        (
            {"components": [row(select(placeholder="p" * 151))]},
            "components.0.components.0.placeholder",
        ),
        ({"components": [row(select(options=[]))]}, "components.0.components.0.options"),
        (
            {
                "components": [
                    row(select(options=[{"label": "a", "value": str(i)} for i in range(26)]))
                ]
            },
            "components.0.components.0.options",
        ),
        (
            {"components": [row(select(options=[{"label": "l" * 101, "value": "v"}]))]},
            "components.0.components.0.options.0.label",
        ),
        (
            {"components": [row(select(options=[{"label": "l", "value": "v" * 101}]))]},
            "components.0.components.0.options.0.value",
        ),
        (
            {
                "components": [
                    row(select(options=[{"label": "l", "value": "v", "description": "d" * 101}]))
                ]
            },
            "components.0.components.0.options.0.description",
        ),
        (
            {"components": [row(select(min_values=2, max_values=1))]},
            "components.0.components.0.min_values",
        ),
        ({"components": [row(select(max_values=26))]}, "components.0.components.0.max_values"),
        ({"components": [row(select(max_values=2))]}, "components.0.components.0.max_values"),
        ({"components": [row(select(), button())]}, "components.0.components"),
    ],
)
def test_message_over_a_limit_is_refused(fields: dict[str, Any], path: str) -> None:
    assert path in paths(message(**fields))


def test_well_formed_message_passes() -> None:
    fields = {
        "content": "x" * 2000,
        "allowed_mentions": {"parse": [], "users": ["123"], "replied_user": False},
        "components": [
            row(
                *[button(custom_id=f"b{i}") for i in range(4)],
                button(style=5, custom_id=None, url="https://x.example/a%20b"),
            ),
            row(
                select(
                    options=[{"label": "l" * 100, "value": str(i)} for i in range(25)],
                    max_values=25,
                )
            ),
        ],
    }
    assert not message(**fields)


def test_empty_message_is_refused_with_its_own_code() -> None:
    assert message().as_json() == {"code": 50006, "message": "Cannot send an empty message"}


# ---- modals, autocomplete, callbacks ---------------------------------------------------------


def text_input(**fields: Any) -> dict[str, Any]:
    return {"type": 4, "custom_id": "f", "style": 1, "label": "Field", **fields}


def modal(*inputs: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"custom_id": "m", "title": "Form", "components": [row(i) for i in inputs], **fields}


@pytest.mark.parametrize(
    ("data", "path"),
    [
        (modal(text_input(), title="t" * 46), "data.title"),
        (modal(text_input(), custom_id="c" * 101), "data.custom_id"),
        (modal(), "data.components"),
        (modal(*[text_input(custom_id=f"f{i}") for i in range(6)]), "data.components"),
        (modal(text_input(label="l" * 46)), "data.components.0.components.0.label"),
        (modal(text_input(placeholder="p" * 101)), "data.components.0.components.0.placeholder"),
        (modal(text_input(max_length=4001)), "data.components.0.components.0.max_length"),
        (modal(text_input(min_length=-1)), "data.components.0.components.0.min_length"),
        (
            modal(text_input(min_length=10, max_length=5)),
            "data.components.0.components.0.min_length",
        ),
        (modal(text_input(max_length=10, value="v" * 11)), "data.components.0.components.0.value"),
        (modal(text_input(value="v" * 4001)), "data.components.0.components.0.value"),
        (modal(text_input(style=3)), "data.components.0.components.0.style"),
        (modal(text_input(custom_id="c" * 101)), "data.components.0.components.0.custom_id"),
        (modal(text_input(), text_input()), "data.components.1.components.0.custom_id"),
    ],
)
def test_modal_over_a_limit_is_refused(data: dict[str, Any], path: str) -> None:
    assert path in paths(check_modal(data))


def test_modal_at_its_limits_passes() -> None:
    fields = [
        text_input(
            custom_id=f"f{i}",
            label="l" * 45,
            placeholder="p" * 100,
            max_length=4000,
            value="v" * 4000,
        )
        for i in range(5)
    ]
    assert not check_modal(modal(*fields, title="t" * 45, custom_id="c" * 100))


@pytest.mark.parametrize(
    ("choices", "path"),
    [
        ([{"name": str(i), "value": str(i)} for i in range(26)], "data.choices"),
        ([{"name": "", "value": "v"}], "data.choices.0.name"),
        ([{"name": "n" * 101, "value": "v"}], "data.choices.0.name"),
        ([{"name": "n", "value": "v" * 101}], "data.choices.0.value"),
        ([{"name": "n", "value": None}], "data.choices.0.value"),
    ],
)
def test_autocomplete_choices_over_a_limit_are_refused(choices: list[Any], path: str) -> None:
    assert path in paths(check_choices({"choices": choices}))
    assert not check_choices({"choices": [{"name": "n" * 100, "value": "v" * 100}] * 25})


def test_callback_envelope() -> None:
    assert not check_callback({"type": 4, "data": {"content": "x"}})
    assert "type" in paths(check_callback({"type": 11}))
    assert "type" in paths(check_callback({"type": "4"}))
    assert "data" in paths(check_callback({"type": 4, "data": ["x"]}))


# ---- application commands --------------------------------------------------------------------


def command(**fields: Any) -> dict[str, Any]:
    return {"name": "cmd", "description": "A command", "type": 1, **fields}


def option(**fields: Any) -> dict[str, Any]:
    return {"name": "opt", "description": "An option", "type": 3, **fields}


@pytest.mark.parametrize(
    ("definition", "path"),
    [
        (command(name="Upper"), "0.name"),
        (command(name="has space"), "0.name"),
        (command(name="x" * 33), "0.name"),
        (command(description=""), "0.description"),
        (command(description="d" * 101), "0.description"),
        (command(options=[option(name=f"o{i}") for i in range(26)]), "0.options"),
        (command(options=[option(description="d" * 101)]), "0.options.0.description"),
        (command(options=[option(name="Bad")]), "0.options.0.name"),
        (command(options=[option(max_length=6001)]), "0.options.0.max_length"),
        (command(options=[option(min_length=-1)]), "0.options.0.min_length"),
        (command(options=[option(type=4, max_length=5)]), "0.options.0.max_length"),
        (
            command(
                options=[option(choices=[{"name": str(i), "value": str(i)} for i in range(26)])]
            ),
            "0.options.0.choices",
        ),
        (
            command(options=[option(choices=[{"name": "n" * 101, "value": "v"}])]),
            "0.options.0.choices.0.name",
        ),
        (
            command(options=[option(choices=[{"name": "n", "value": "v" * 101}])]),
            "0.options.0.choices.0.value",
        ),
        (
            command(options=[option(autocomplete=True, choices=[{"name": "n", "value": "v"}])]),
            "0.options.0.autocomplete",
        ),
        (
            command(options=[option(name="a"), option(name="b", required=True)]),
            "0.options.1.required",
        ),
        (command(options=[{"name": "sub", "description": "s", "type": 1}, option()]), "0.options"),
    ],
)
def test_command_definition_over_a_limit_is_refused(definition: dict[str, Any], path: str) -> None:
    assert path in paths(check_definitions([definition]))


def test_command_size_counts_names_descriptions_and_choices_to_8000() -> None:
    choices = [{"name": "n" * 100, "value": "v" * 100} for _ in range(25)]  # 5,000 each option
    big = command(options=[option(name="a", choices=choices), option(name="b", choices=choices)])
    errors = check_definitions([big])
    assert error_at(errors.as_json(), "0")[0]["code"] == "APPLICATION_COMMAND_TOO_LARGE"
    fits = command(options=[option(name="a", choices=choices)])
    assert not check_definitions([fits])
    assert not check_definitions([{"name": "Report Message", "type": 3}])


def test_url_problem_names_the_scheme() -> None:
    assert url_problem("https://x.example/a%20b", ("http", "https")) is None
    assert "Scheme" in str(url_problem("ftp://x.example", ("http", "https")))
