"""REST routes for interaction callbacks and the interaction webhook (follow-ups, @original).

The callback answers as Discord does with `?with_response=1`: 200 with {interaction, resource}
(discord.py breaks on 204 or an empty body there). A deferred reply (type 5) stores a loading
message that the first follow-up or edit of @original fills in, which is when Discord shows the
answer. The webhook routes need no bot token: the interaction token is the credential, valid
for 15 minutes.
"""

from __future__ import annotations

from aiohttp import web

from discord_emulator.bodies import Body, apply_edit, new_message
from discord_emulator.context import Services, services
from discord_emulator.interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE,
    COMPONENT,
    DEFERRED_MESSAGE,
    DEFERRED_UPDATE,
    MODAL,
    MODAL_SUBMIT,
    UPDATE_MESSAGE,
    InteractionRecord,
)
from discord_emulator.models import EPHEMERAL_FLAG, JSON, LOADING_FLAG, Message
from discord_emulator.responses import (
    BadBody,
    error,
    json_response,
    no_content,
    read_body,
    unknown,
)
from discord_emulator.rest_messages import body_problem
from discord_emulator.validate import FormErrors, check_callback, check_choices, check_modal

ALLOWED_RESPONSES: dict[int, set[int]] = {
    APPLICATION_COMMAND: {CHANNEL_MESSAGE, DEFERRED_MESSAGE, MODAL},
    COMPONENT: {CHANNEL_MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE, MODAL},
    MODAL_SUBMIT: {CHANNEL_MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE},
    AUTOCOMPLETE: {AUTOCOMPLETE_RESULT},
}


def _unknown_interaction() -> web.Response:
    return error(404, 10062, "Unknown interaction")


def _callback_json(
    svc: Services, record: InteractionRecord, message: Message | None
) -> dict[str, object]:
    interaction: dict[str, object] = {"id": str(record.id), "type": record.type}
    if message is not None:
        interaction.update(
            {
                "response_message_id": str(message.id),
                "response_message_loading": message.loading,
                "response_message_ephemeral": message.ephemeral,
            }
        )
    result: dict[str, object] = {"interaction": interaction}
    if message is not None and record.response_type in (
        CHANNEL_MESSAGE,
        DEFERRED_MESSAGE,
        UPDATE_MESSAGE,
    ):
        result["resource"] = {
            "type": record.response_type,
            "message": svc.world.message_payload(message),
        }
    return result


def _acknowledgeable(
    svc: Services, record: InteractionRecord | None, raw_id: str
) -> web.Response | None:
    """Discord's refusals before a callback is even read: unknown, answered, or too late."""
    store = svc.interactions
    if record is None:
        store.fail("unknown_interaction", f"callback for unknown interaction {raw_id}")
        return _unknown_interaction()
    if record.response_type is not None:
        store.fail("double_ack", "interaction acknowledged twice", record)
        return error(400, 40060, "Interaction has already been acknowledged.")
    if store.is_late(record):
        record.late = True
        elapsed = store.clock() - record.created_at
        detail = f"acknowledged after {elapsed:.2f}s (limit {store.ack_deadline}s)"
        store.fail("late_ack", detail, record)
        return _unknown_interaction()
    return None


def _type_problem(svc: Services, record: InteractionRecord, fields: JSON) -> web.Response | None:
    """A malformed callback, or a type this kind of interaction cannot use (e.g. an update
    for a command)."""
    envelope = check_callback(fields)
    if envelope:
        svc.interactions.fail("invalid_body", f"callback: {envelope.summary()}", record)
        return json_response(envelope.as_json(), status=400)
    kind = fields.get("type")
    allowed = ALLOWED_RESPONSES.get(record.type, set())
    if kind in allowed and not (
        kind in (DEFERRED_UPDATE, UPDATE_MESSAGE) and record.source_message_id is None
    ):
        return None
    errors = FormErrors()
    errors.add(("type",), "BASE_TYPE_CHOICES", f"Value must be one of {sorted(allowed)}.")
    svc.interactions.fail("invalid_body", f"callback type {kind} not allowed here", record)
    return json_response(errors.as_json(), status=400)


async def callback(request: web.Request) -> web.Response:
    """POST /interactions/{interaction_id}/{token}/callback."""
    svc = services(request)
    store = svc.interactions
    raw_id = request.match_info["interaction_id"]
    record = store.find(int(raw_id) if raw_id.isdigit() else 0, request.match_info["token"])
    refused = _acknowledgeable(svc, record, raw_id)
    if refused is not None:
        return refused
    assert record is not None
    try:
        body = await read_body(request)
    except BadBody:
        return error(400, 50109, "The request body contains invalid JSON.")
    kind = body.fields.get("type")
    refused = _type_problem(svc, record, body.fields)
    if refused is not None:
        return refused
    data = Body(fields=body.fields.get("data") or {}, uploads=body.uploads)
    refused, message = _respond(svc, record, int(str(kind)), data)
    if refused is not None:
        return refused
    record.response_type = int(str(kind))
    record.responded_at = store.clock()
    if record.response_type == DEFERRED_UPDATE:
        store.expect_update(record)
    store.touch(record)
    if request.query.get("with_response") not in ("1", "true", "True"):
        return no_content()
    return json_response(_callback_json(svc, record, message))


Outcome = tuple[web.Response | None, Message | None]


def _respond(svc: Services, record: InteractionRecord, kind: int, body: Body) -> Outcome:
    """Apply a callback to the world: a reply, a loading reply, an update, choices or a modal."""
    if kind in (CHANNEL_MESSAGE, DEFERRED_MESSAGE):
        return _reply(svc, record, kind, body)
    if kind in (UPDATE_MESSAGE, DEFERRED_UPDATE):
        return _update(svc, record, kind, body)
    problems = (
        check_choices(body.fields) if kind == AUTOCOMPLETE_RESULT else check_modal(body.fields)
    )
    if problems:
        svc.interactions.fail("invalid_body", problems.summary(), record)
        return json_response(problems.as_json(), status=400), None
    if kind == AUTOCOMPLETE_RESULT:
        record.choices = list(body.fields.get("choices") or [])
    else:
        record.modal = dict(body.fields)
    record.completed = True
    return None, None


def _reply(svc: Services, record: InteractionRecord, kind: int, body: Body) -> Outcome:
    world = svc.world
    channel = world.channel(record.channel_id)
    metadata = svc.interactions.metadata(record)
    if kind == CHANNEL_MESSAGE:
        refused = body_problem(svc, body, creating=True, record=record)
        if refused is not None:
            return refused, None
        fields = body
        extra = 0
    else:
        # A deferred reply shows as a loading message until a follow-up or edit fills it in.
        flags = int(body.fields.get("flags") or 0) & EPHEMERAL_FLAG
        record.defer_ephemeral = bool(flags)
        fields = Body(fields={"flags": flags})
        extra = LOADING_FLAG
    message = new_message(
        world,
        channel,
        fields,
        svc.base_url,
        extra_flags=extra,
        interaction_id=record.id,
        webhook_id=world.application_id,
        metadata=metadata,
    )
    record.original_message_id = message.id
    record.completed = kind == CHANNEL_MESSAGE
    return None, message


def _update(svc: Services, record: InteractionRecord, kind: int, body: Body) -> Outcome:
    source = svc.world.messages.get(record.source_message_id or 0)
    if source is None or source.deleted:
        return unknown("Message", 10008), None
    record.original_message_id = source.id
    if kind == UPDATE_MESSAGE:
        refused = body_problem(svc, body, creating=False, record=record)
        if refused is not None:
            return refused, None
        apply_edit(svc.world, source, body, svc.base_url)
        record.completed = True
    return None, source


def _webhook_record(
    svc: Services, request: web.Request
) -> tuple[InteractionRecord | None, web.Response | None]:
    if request.match_info["webhook_id"] != str(svc.world.application_id):
        return None, unknown("Webhook", 10015)
    record = svc.interactions.by_token.get(request.match_info["webhook_token"])
    if record is None or record.response_type is None:
        return None, unknown("Webhook", 10015)
    if svc.interactions.is_expired(record):
        svc.interactions.fail("expired_token", "interaction token used after 15 minutes", record)
        return None, error(401, 50027, "Invalid Webhook Token")
    return record, None


def _webhook_message(
    svc: Services, record: InteractionRecord, request: web.Request
) -> Message | None:
    raw = request.match_info["message_id"]
    if raw == "@original":
        message_id = record.original_message_id
    elif raw.isdigit() and int(raw) in (*record.followup_ids, record.original_message_id):
        message_id = int(raw)
    else:
        return None
    message = svc.world.messages.get(message_id or 0)
    return None if message is None or message.deleted else message


async def post_followup(request: web.Request) -> web.Response:
    """POST /webhooks/{application_id}/{token}?wait=1: a follow-up message.

    After a deferred reply (type 5) the first follow-up fills in the loading message, as on
    Discord; later ones are new messages.
    """
    svc = services(request)
    record, refused = _webhook_record(svc, request)
    if record is None:
        assert refused is not None
        return refused
    try:
        body = await read_body(request)
    except BadBody:
        return error(400, 50109, "The request body contains invalid JSON.")
    invalid = body_problem(svc, body, creating=True, record=record)
    if invalid is not None:
        return invalid
    world = svc.world
    original = world.messages.get(record.original_message_id or 0)
    if record.response_type == DEFERRED_MESSAGE and original is not None and original.loading:
        message = apply_edit(world, original, body, svc.base_url)
    else:
        message = new_message(
            world,
            world.channel(record.channel_id),
            body,
            svc.base_url,
            interaction_id=record.id,
            webhook_id=world.application_id,
            metadata=svc.interactions.metadata(record),
        )
        record.followup_ids.append(message.id)
    record.completed = True
    svc.interactions.touch(record)
    if request.query.get("wait") in ("1", "true", "True"):
        return json_response(world.message_payload(message))
    return no_content()


def _webhook_target(
    svc: Services, request: web.Request
) -> tuple[InteractionRecord, Message] | web.Response:
    """The interaction and the message a /messages/{id} route names, or Discord's refusal."""
    record, refused = _webhook_record(svc, request)
    if record is None:
        assert refused is not None
        return refused
    message = _webhook_message(svc, record, request)
    if message is None:
        return unknown("Message", 10008)
    return record, message


async def get_webhook_message(request: web.Request) -> web.Response:
    """GET /webhooks/{application_id}/{token}/messages/{message_id or @original}."""
    svc = services(request)
    target = _webhook_target(svc, request)
    if isinstance(target, web.Response):
        return target
    _, message = target
    return json_response(svc.world.message_payload(message))


async def edit_webhook_message(request: web.Request) -> web.Response:
    """PATCH /webhooks/{application_id}/{token}/messages/{message_id or @original}."""
    svc = services(request)
    target = _webhook_target(svc, request)
    if isinstance(target, web.Response):
        return target
    record, message = target
    try:
        body = await read_body(request)
    except BadBody:
        return error(400, 50109, "The request body contains invalid JSON.")
    invalid = body_problem(svc, body, creating=message.loading, record=record)
    if invalid is not None:
        return invalid
    apply_edit(svc.world, message, body, svc.base_url)
    record.completed = True
    svc.interactions.note_message_edit(message)
    svc.interactions.touch(record)
    return json_response(svc.world.message_payload(message))


async def delete_webhook_message(request: web.Request) -> web.Response:
    """DELETE /webhooks/{application_id}/{token}/messages/{message_id or @original}."""
    svc = services(request)
    target = _webhook_target(svc, request)
    if isinstance(target, web.Response):
        return target
    record, message = target
    svc.world.delete_message(message)
    svc.interactions.touch(record)
    return no_content()


def routes(prefix: str) -> list[web.RouteDef]:
    """The routes of this module under the API prefix."""
    hook = f"{prefix}/webhooks/{{webhook_id}}/{{webhook_token}}"
    return [
        web.post(f"{prefix}/interactions/{{interaction_id}}/{{token}}/callback", callback),
        web.post(hook, post_followup),
        web.get(f"{hook}/messages/{{message_id}}", get_webhook_message),
        web.patch(f"{hook}/messages/{{message_id}}", edit_webhook_message),
        web.delete(f"{hook}/messages/{{message_id}}", delete_webhook_message),
    ]
