"""The server's speed-ups (rasa_plugins/speedups.py): installed, same behaviour as Rasa's code,
and a failure as soon as the Rasa code they replace changes shape."""

import asyncio
import inspect
import json
import subprocess
import sys

import jsonschema
import pytest
from aiohttp import web
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import EndpointConfig

import rasa_plugins  # noqa: F401  (installs the speed-ups, as every `rasa run` does)
from rasa_plugins import model_inputs, speedups

GOOD = [
    {},
    {"events": [], "responses": []},
    {
        "events": [
            {"event": "slot", "name": "employees", "value": 40},
            {"event": "active_loop", "name": "profile_form"},
            {"event": "followup", "name": "action_listen"},
        ],
        "responses": [{"text": "Dank je", "buttons": [{"title": "ja", "payload": "/affirm"}]}],
    },
]
BAD = [
    [],
    "not json at all",
    {"events": "slot"},
    {"events": [{"name": "employees"}]},  # no event type
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"event": "slot", "name": 7}]},
    {"events": [{"event": "slot", "name": "a", "timestamp": "yesterday"}]},
    {"responses": "hello"},
    {"responses": ["hello"]},
]


def original_validate(result):
    return speedups.ORIGINALS["validate_action_result"](RemoteAction("a", None), result)


def error_of(validate, result):
    with pytest.raises(jsonschema.ValidationError) as info:
        validate(result)
    e = info.value
    return (e.message, list(e.path), list(e.schema_path), e.validator, e.instance)


# ---------------------------------------------------------------- installed and in shape
def test_installed_when_rasa_plugins_is_imported():
    assert RemoteAction._validate_action_result is not speedups.ORIGINALS["validate_action_result"]
    assert Event.resolve_by_type is not speedups.ORIGINALS["resolve_event_type"]


def test_rasa_still_validates_action_responses_where_the_patch_sits():
    original = speedups.ORIGINALS["validate_action_result"]
    assert original.__qualname__ == "RemoteAction._validate_action_result"
    assert list(inspect.signature(original).parameters) == ["self", "result"]
    source = inspect.getsource(original)
    assert "from jsonschema import validate" in source
    assert "validate(result, self.action_response_format_spec())" in source
    assert "e.message +=" in source and "raise e" in source
    assert "self._validate_action_result(response)" in inspect.getsource(RemoteAction.run)
    assert isinstance(
        inspect.getattr_static(RemoteAction, "action_response_format_spec"), staticmethod
    )


def test_jsonschema_validate_is_still_check_schema_then_best_match():
    # the patch does these steps itself, the schema check once
    source = inspect.getsource(jsonschema.validate)
    assert "cls = validator_for(schema)" in source
    assert "cls.check_schema(schema)" in source
    assert "best_match(validator.iter_errors(instance))" in source


def test_event_lookup_is_still_resolve_by_type():
    original = speedups.ORIGINALS["resolve_event_type"]
    assert original.__qualname__ == "Event.resolve_by_type"
    assert list(inspect.signature(original).parameters) == ["type_name", "default"]
    assert "all_subclasses(Event)" in inspect.getsource(original)
    assert "Event.resolve_by_type(" in inspect.getsource(Event.from_parameters)
    assert isinstance(inspect.getattr_static(Event, "resolve_by_type"), staticmethod)


def test_switched_off_leaves_rasa_untouched():
    probe = (
        "import rasa_plugins\n"
        "from rasa.core.actions.action import RemoteAction\n"
        "from rasa.shared.core.events import Event\n"
        "print(RemoteAction._validate_action_result.__qualname__, "
        "Event.resolve_by_type.__qualname__)"
    )
    run = lambda env: subprocess.run(  # noqa: E731
        [sys.executable, "-c", probe],
        env={**env, "TF_CPP_MIN_LOG_LEVEL": "3"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert run({"WERELDWIJS_SPEEDUPS": "0"}) == [
        "RemoteAction._validate_action_result",
        "Event.resolve_by_type",
    ]
    assert run({}) == [
        "patch_action_validation.<locals>.validate_action_result",
        "patch_event_lookup.<locals>.resolve_event_type",
    ]


def test_speedups_do_not_retrain_the_model():
    listed = {str(p.relative_to(model_inputs.ROOT)) for p in model_inputs.model_files()}
    assert "rasa_plugins/speedups.py" not in listed
    assert "rasa_plugins/__init__.py" in listed


# ---------------------------------------------------------------- same validation
@pytest.mark.parametrize("result", GOOD)
def test_a_good_response_passes(result):
    assert original_validate(result) is True
    assert RemoteAction("a", None)._validate_action_result(result) is True


@pytest.mark.parametrize("result", BAD, ids=lambda r: json.dumps(r)[:40])
def test_a_bad_response_raises_the_same_error(result):
    patched = RemoteAction("a", None)._validate_action_result
    assert error_of(patched, result) == error_of(original_validate, result)
    assert "Failed to validate Action server response from API" in error_of(patched, result)[0]


def test_the_schema_itself_is_still_checked():
    with pytest.raises(jsonschema.SchemaError):
        speedups.ActionResultValidator({"type": "no such type"})


# ---------------------------------------------------------------- through RemoteAction.run
async def run_against(body: bytes):
    """RemoteAction.run against a real aiohttp action server on loopback answering `body`."""

    async def webhook(request):
        await request.json()
        return web.Response(body=body, content_type="application/json")

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        domain = Domain.from_dict({"slots": {"employees": {"type": "any", "mappings": []}}})
        action = RemoteAction("action_x", EndpointConfig(f"http://127.0.0.1:{port}/webhook"))
        tracker = DialogueStateTracker("s1", domain.slots)
        return await action.run(
            CollectingOutputChannel(),
            TemplatedNaturalLanguageGenerator(domain.responses),
            tracker,
            domain,
        )
    finally:
        await runner.cleanup()


def test_remote_action_takes_a_good_response():
    body = json.dumps(
        {
            "events": [{"event": "slot", "name": "employees", "value": 40}],
            "responses": [{"text": "ok"}],
        }
    )
    events = asyncio.run(run_against(body.encode()))
    assert [type(e) for e in events] == [BotUttered, SlotSet]
    assert events[0].text == "ok" and events[1].value == 40


@pytest.mark.parametrize(
    "body",
    [
        b'{"events": [{"event": "slot", "name": 7}]}',
        b'{"events": "everything"}',
        b'{"responses": [1, 2]}',
    ],
)
def test_remote_action_rejects_a_malformed_response_with_rasas_error(body, monkeypatch):
    with pytest.raises(jsonschema.ValidationError) as patched:
        asyncio.run(run_against(body))
    monkeypatch.setattr(
        RemoteAction, "_validate_action_result", speedups.ORIGINALS["validate_action_result"]
    )
    with pytest.raises(jsonschema.ValidationError) as original:
        asyncio.run(run_against(body))
    assert str(patched.value) == str(original.value)
    assert patched.value.message == original.value.message


# ---------------------------------------------------------------- event class look-up
def test_every_event_type_resolves_to_rasas_class():
    original = speedups.ORIGINALS["resolve_event_type"]
    names = {cls.type_name for cls in all_subclasses(Event)}
    assert len(names) > 20
    for name in sorted(names):
        assert Event.resolve_by_type(name) is original(name), name
        assert Event.resolve_by_type(name) is original(name), name  # from the cache


def test_unknown_types_behave_as_in_rasa():
    with pytest.raises(ValueError, match="Unknown event name 'nonsense'"):
        Event.resolve_by_type("nonsense")
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("nonsense", default=SlotSet) is SlotSet
    assert Event.resolve_by_type("slot", default=BotUttered) is SlotSet


def test_an_event_class_imported_later_is_found():
    name = "wereldwijs_test_late_event"
    with pytest.raises(ValueError):
        Event.resolve_by_type(name)

    class LateEvent(SlotSet):
        type_name = name

    assert Event.resolve_by_type(name) is LateEvent
