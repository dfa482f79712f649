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
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    DefinePrevUserUtteredFeaturization,
    Event,
    FollowupAction,
    LoopInterrupted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import EndpointConfig

import rasa_plugins  # noqa: F401  (installs the speed-ups, as every `rasa run` does)
from rasa_plugins import event_rows, model_inputs, speedups, warmup
from rasa_plugins.tracker_store import ForgetfulSQLTrackerStore
from tests.rasa_plugins.action_server import DOMAIN, serving

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


def test_rasas_sql_retrieval_is_still_the_query_the_mixin_reads():
    retrieve = SQLTrackerStore._retrieve
    assert list(inspect.signature(retrieve).parameters) == [
        "self",
        "sender_id",
        "fetch_events_from_all_sessions",
    ]
    source = inspect.getsource(retrieve)
    assert "self._event_query(" in source
    assert "json.loads(event.data)" in source
    assert "DialogueStateTracker.from_dict(" in source and "self.domain.slots" in source
    assert list(inspect.signature(SQLTrackerStore._event_query).parameters) == [
        "self",
        "session",
        "sender_id",
        "fetch_events_from_all_sessions",
    ]
    for public in (SQLTrackerStore.retrieve, SQLTrackerStore.retrieve_full_tracker):
        assert "self._retrieve(" in inspect.getsource(public)
    assert "data" in SQLTrackerStore.SQLEvent.__table__.columns
    mro = ForgetfulSQLTrackerStore.__mro__
    assert mro.index(event_rows.EventRowsMixin) < mro.index(SQLTrackerStore)


def test_switched_off_leaves_rasa_untouched():
    probe = (
        "import rasa_plugins\n"
        "from rasa.core.actions.action import RemoteAction\n"
        "from rasa.shared.core.events import Event\n"
        "from rasa.utils.endpoints import EndpointConfig\n"
        "from rasa.shared.core.trackers import DialogueStateTracker\n"
        "print(RemoteAction._validate_action_result.__qualname__, "
        "Event.resolve_by_type.__qualname__, EndpointConfig.session.__qualname__, "
        "DialogueStateTracker.copy.__qualname__)"
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
        "EndpointConfig.session",
        "DialogueStateTracker.copy",
    ]
    assert run({}) == [
        "patch_action_validation.<locals>.validate_action_result",
        "patch_event_lookup.<locals>.resolve_event_type",
        "patch_endpoint_session.<locals>.endpoint_session",
        "patch_tracker_copy.<locals>.copy_tracker",
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

    async with serving(webhook) as url:
        try:
            tracker = DialogueStateTracker("s1", DOMAIN.slots)
            return await RemoteAction("action_x", EndpointConfig(url)).run(
                CollectingOutputChannel(),
                TemplatedNaturalLanguageGenerator(DOMAIN.responses),
                tracker,
                DOMAIN,
            )
        finally:
            await speedups.CONNECTORS.close()


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


# ---------------------------------------------------------------- tracker retrieval
def conversation_events(start: float):
    """A conversation with every kind of event the assistant's turns store."""
    parse = {
        "text": "we zijn met 40 in Gent",
        "intent": {"name": "inform", "confidence": 0.93},
        "intent_ranking": [
            {"name": "inform", "confidence": 0.93},
            {"name": "dont_know", "confidence": 0.04},
        ],
        "entities": [{"entity": "country", "value": "BE", "start": 0, "end": 4}],
        "language": {"code": "nl", "certain": True},
    }
    return [
        SessionStarted(timestamp=start),
        ActionExecuted("action_session_start", timestamp=start + 0.1),
        SlotSet("language", "nl", timestamp=start + 0.2),
        ActionExecuted("action_listen", timestamp=start + 0.3),
        UserUttered(
            "we zijn met 40 in Gent",
            parse["intent"],
            parse["entities"],
            parse,
            timestamp=start + 1,
            input_channel="rest",
            metadata={"language": "nl"},
        ),
        DefinePrevUserUtteredFeaturization(False, timestamp=start + 1.1),
        ActionExecuted(
            "profile_form", policy="AnswersFirstPolicy", confidence=1.0, timestamp=start + 1.15
        ),
        ActiveLoop("profile_form", timestamp=start + 1.2),
        SlotSet("employees", 40.0, timestamp=start + 1.3),
        SlotSet("export_regions", ["neighbours", "eu15"], timestamp=start + 1.4),
        SlotSet("exports", True, timestamp=start + 1.5),
        SlotSet("requested_slot", "founding_year", timestamp=start + 1.6),
        BotUttered(
            "Wanneer is het bedrijf opgericht?",
            {"buttons": [{"title": "weet ik niet", "payload": "/dont_know"}]},
            {"utter_action": "action_ask_founding_year"},
            timestamp=start + 1.7,
        ),
        ActionExecuted("action_listen", timestamp=start + 1.8),
        UserUttered("/dont_know", {"name": "dont_know", "confidence": 1.0}, timestamp=start + 2),
        ActionExecutionRejected("profile_form", timestamp=start + 2.1),
        LoopInterrupted(True, timestamp=start + 2.2),
        FollowupAction("action_resolve_confirmation", timestamp=start + 2.3),
        UserUtteranceReverted(timestamp=start + 2.4),
        ActiveLoop(None, timestamp=start + 2.5),
        SlotSet("requested_slot", None, timestamp=start + 2.6),
        AllSlotsReset(timestamp=start + 2.7),
        ConversationPaused(timestamp=start + 2.8),
        ConversationResumed(timestamp=start + 2.9),
    ]


def stores(db, count=2):
    domain = Domain.load(model_inputs.ROOT / "domain.yml")
    return [ForgetfulSQLTrackerStore(domain, db=str(db)) for _ in range(count)]


def test_a_conversation_round_trips_through_the_tracker_store_unchanged(tmp_path):
    store, rasas_own = (
        stores(tmp_path / "t.db", 1)[0],
        SQLTrackerStore(Domain.load(model_inputs.ROOT / "domain.yml"), db=str(tmp_path / "t.db")),
    )
    events = conversation_events(1_700_000_000.0)
    tracker = DialogueStateTracker.from_events("round-trip", events, store.domain.slots)
    asyncio.run(store.save(tracker))
    for read in (store.retrieve, store.retrieve_full_tracker):
        back = asyncio.run(read("round-trip"))
        assert list(back.events) == events
        assert back.current_state(EventVerbosity.ALL) == tracker.current_state(EventVerbosity.ALL)
    # exactly what Rasa's own SQL store reads from the same rows
    ours = asyncio.run(store.retrieve_full_tracker("round-trip"))
    theirs = asyncio.run(rasas_own.retrieve_full_tracker("round-trip"))
    assert ours.current_state(EventVerbosity.ALL) == theirs.current_state(EventVerbosity.ALL)
    assert asyncio.run(store.retrieve("nobody")) is None


def test_retrieval_switched_off_is_rasas_own(tmp_path, monkeypatch):
    store = stores(tmp_path / "t.db", 1)[0]
    events = conversation_events(1_700_000_000.0)
    asyncio.run(store.save(DialogueStateTracker.from_events("r", events, store.domain.slots)))
    calls = []
    original = SQLTrackerStore._retrieve

    async def rasas(self, *args):
        calls.append(args)
        return await original(self, *args)

    monkeypatch.setattr(SQLTrackerStore, "_retrieve", rasas)
    assert list(asyncio.run(store.retrieve("r")).events) == events and calls == []
    monkeypatch.setenv(speedups.SWITCH, "0")
    assert list(asyncio.run(store.retrieve("r")).events) == events and calls == [("r", False)]


def test_the_latest_session_only_as_in_rasa(tmp_path):
    store = stores(tmp_path / "t.db", 1)[0]
    first, second = conversation_events(1_700_000_000.0), conversation_events(1_700_000_100.0)
    tracker = DialogueStateTracker.from_events("s", first + second, store.domain.slots)
    asyncio.run(store.save(tracker))
    assert list(asyncio.run(store.retrieve("s")).events) == second
    assert list(asyncio.run(store.retrieve_full_tracker("s")).events) == first + second


def test_two_servers_on_one_store_never_see_stale_state(tmp_path):
    """Messages alternate between two servers (two store objects, one database)."""
    one, two = stores(tmp_path / "shared.db")
    events = conversation_events(1_700_000_000.0)
    expected = []
    for i, event in enumerate(events):
        store = (one, two)[i % 2]
        tracker = asyncio.run(store.retrieve("alt")) or DialogueStateTracker(
            "alt", store.domain.slots
        )
        assert list(tracker.events) == expected
        tracker.update(event)
        asyncio.run(store.save(tracker))
        expected.append(event)
    for store in (one, two):
        assert list(asyncio.run(store.retrieve_full_tracker("alt")).events) == events


# ---------------------------------------------------------------- warm-up (rasa_plugins/warmup.py)
def test_the_warm_up_still_runs_before_the_server_is_ready():
    import rasa.core.agent
    import rasa.core.run

    original = warmup.ORIGINALS["load_model"]
    assert rasa.core.agent.Agent.load_model is not original
    assert list(inspect.signature(original).parameters) == ["self", "model_path", "fingerprint"]
    # the model (so the warm-up) loads in a listener that runs before the server listens
    serve = inspect.getsource(rasa.core.run.serve_application)
    assert "partial(load_agent_on_start" in serve and '"before_server_start"' in serve
    # the project's tracker store (which imports rasa_plugins) is built before the model loads
    load = inspect.getsource(rasa.core.agent.load_agent)
    assert load.index("TrackerStore.create(") < load.index("agent.load_model(model_path)")
    processor = inspect.getsource(rasa.core.processor.MessageProcessor)
    assert "self.tracker_store" in processor
