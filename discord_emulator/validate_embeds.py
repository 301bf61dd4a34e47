"""Discord's limits for embeds: each part's length, well-formed links and images, and the
6,000-character total that counts every embed of a message together.

Discord answers a link with a raw space or a non-ASCII letter with "Not a well formed URL", and
an embed set over 6,000 characters with MAX_EMBED_SIZE_EXCEEDED; both refuse the whole message.
"""

from __future__ import annotations

from datetime import datetime

from discord_emulator.form_errors import (
    FormErrors,
    Path,
    check_url,
    int_between,
    is_list,
    is_object,
    length_between,
    max_len,
)
from discord_emulator.models import JSON

MAX_EMBEDS = 10
MAX_EMBED_TOTAL = 6000
MAX_FIELDS = 25
TITLE, DESCRIPTION, AUTHOR_NAME, FOOTER_TEXT = 256, 4096, 256, 2048
FIELD_NAME, FIELD_VALUE = 256, 1024
MAX_URL = 2048
LINK_SCHEMES = ("http", "https")
MEDIA_SCHEMES = ("http", "https", "attachment")


def _media(errors: FormErrors, path: Path, value: object) -> None:
    media = is_object(errors, path, value)
    if media or value is not None:
        check_url(errors, (*path, "url"), media.get("url"), MAX_URL, MEDIA_SCHEMES, required=True)


def _timestamp(errors: FormErrors, path: Path, value: object) -> None:
    if value is None:
        return
    try:
        datetime.fromisoformat(str(value))
    except ValueError:
        errors.add(path, "DATE_TIME_TYPE_PARSE", f"Could not parse {value}. Should be ISO8601.")


def check_embed(errors: FormErrors, path: Path, value: object) -> int:
    """Problems of one embed; returns the characters it counts towards the 6,000 total."""
    embed = is_object(errors, path, value)
    total = max_len(errors, (*path, "title"), embed.get("title"), TITLE)
    total += max_len(errors, (*path, "description"), embed.get("description"), DESCRIPTION)
    check_url(errors, (*path, "url"), embed.get("url"), MAX_URL, LINK_SCHEMES)
    _timestamp(errors, (*path, "timestamp"), embed.get("timestamp"))
    int_between(errors, (*path, "color"), embed.get("color"), 0, 0xFFFFFF)
    if embed.get("footer") is not None:
        at = (*path, "footer")
        footer = is_object(errors, at, embed.get("footer"))
        total += length_between(errors, (*at, "text"), footer.get("text"), 1, FOOTER_TEXT)
        check_url(errors, (*at, "icon_url"), footer.get("icon_url"), MAX_URL, MEDIA_SCHEMES)
    if embed.get("author") is not None:
        at = (*path, "author")
        author = is_object(errors, at, embed.get("author"))
        total += length_between(errors, (*at, "name"), author.get("name"), 1, AUTHOR_NAME)
        check_url(errors, (*at, "url"), author.get("url"), MAX_URL, LINK_SCHEMES)
        check_url(errors, (*at, "icon_url"), author.get("icon_url"), MAX_URL, MEDIA_SCHEMES)
    for part in ("image", "thumbnail"):
        if embed.get(part) is not None:
            _media(errors, (*path, part), embed.get(part))
    fields = is_list(errors, (*path, "fields"), embed.get("fields"))
    if len(fields) > MAX_FIELDS:
        errors.add((*path, "fields"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    for index, raw in enumerate(fields):
        at = (*path, "fields", str(index))
        item = is_object(errors, at, raw)
        total += length_between(errors, (*at, "name"), item.get("name"), 1, FIELD_NAME)
        total += length_between(errors, (*at, "value"), item.get("value"), 1, FIELD_VALUE)
        if item.get("inline") is not None and not isinstance(item.get("inline"), bool):
            errors.add((*at, "inline"), "BASE_TYPE_BOOLEAN", "Must be either true or false.")
    return total


def check_embeds(errors: FormErrors, value: object) -> list[JSON]:
    """Problems of a message's embeds, including the 6,000-character total of all of them."""
    embeds = is_list(errors, ("embeds",), value)
    if len(embeds) > MAX_EMBEDS:
        errors.add(("embeds",), "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
    total = sum(check_embed(errors, ("embeds", str(i)), e) for i, e in enumerate(embeds))
    if total > MAX_EMBED_TOTAL:
        errors.add(
            ("embeds",), "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000"
        )
    return embeds


def embed_size(embed: JSON) -> int:
    """The characters Discord counts for one embed (title, description, field names and
    values, footer text, author name)."""
    errors = FormErrors()
    return check_embed(errors, ("embed",), embed)
