"""The speed-ups on the wire (rasa_plugins/speedups.py): faster JSON that reads back the same,
kept-alive connections to the action server with Rasa's headers and auth, the fast accept of
action responses never accepting what jsonschema rejects, SQLite in write-ahead-log mode; and a
failure as soon as the Rasa code they replace changes shape."""

import asyncio
import inspect
import json
import math

import jsonschema
import pytest
import sqlalchemy as sa
from aiohttp import web
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.utils import endpoints
from rasa.utils.endpoints import EndpointConfig

import rasa_plugins  # noqa: F401  (installs the speed-ups, as every `rasa run` does)
from rasa_plugins import resilience, speedups
from rasa_plugins.tracker_store import engine_for
from tests.rasa_plugins.action_server import DOMAIN, serving


# ---------------------------------------------------------------- JSON
class Opaque:
    pass


SAME_AS_JSON = [
    {"text": "Wij exporteren naar Duitsland", "confidence": 0.9812345678901234},
    {"é/ü": "naïve \u2028 € 🇧🇪", "path": "a/b"},
    {2: "int key", 1.5: "float key", True: "bool key", None: "none key"},
    [0.1 + 0.2, -0.0, 5e-324, 1e300, 1 / 3, 2**70, -(2**63), 0],
    {"nested": [{"a": [None, True, False, ""]}]},
    ("a", "tuple"),
    "\ud800 lone surrogate",
    "",
]


@pytest.mark.parametrize("value", SAME_AS_JSON, ids=lambda v: repr(v)[:30])
def test_dumps_reads_back_as_json_dumps(value):
    assert json.loads(speedups.dumps(value)) == json.loads(json.dumps(value))
    assert speedups.loads(json.dumps(value)) == json.loads(json.dumps(value))


def test_non_finite_numbers_as_json_writes_them():
    text = speedups.dumps([math.nan, math.inf, -math.inf])
    back = json.loads(text)
    assert math.isnan(back[0]) and back[1:] == [math.inf, -math.inf]
    assert [str(x) for x in speedups.loads("[NaN, Infinity, -Infinity]")] == ["nan", "inf", "-inf"]


def test_what_json_cannot_encode_or_decode_fails_as_in_json():
    with pytest.raises(TypeError) as ours:
        speedups.dumps({"x": Opaque()})
    with pytest.raises(TypeError) as theirs:
        json.dumps({"x": Opaque()})
    assert str(ours.value) == str(theirs.value)
    for text in ["", "{", "[1,]", "nul"]:
        with pytest.raises(json.JSONDecodeError):
            speedups.loads(text)


def test_a_tracker_reads_back_the_same_through_dumps():
    domain = Domain.from_dict({"slots": {"employees": {"type": "any", "mappings": []}}})
    events = [
        UserUttered("40 mensen, 60% export", {"name": "inform", "confidence": 0.97}),
        SlotSet("employees", 40),
    ]
    state = DialogueStateTracker.from_events("s", events, domain.slots).current_state(
        EventVerbosity.ALL
    )
    assert json.loads(speedups.dumps(state)) == json.loads(json.dumps(state))


# ---------------------------------------------------------------- fast accept, same verdict
SCHEMA = RemoteAction.action_response_format_spec()
EVENT_TYPES = ["slot", "user", "bot", "action", "active_loop", "followup", "reset_slots",
               "restart", "session_started", "rewind", "undo", "pause", "resume",
               "action_execution_rejected", "loop_interrupted", "no_such_event"]  # fmt: skip
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**65), 2**65),
    st.floats(allow_nan=False), st.text(max_size=8),
)  # fmt: skip
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
event_keys = st.sampled_from(
    [
        "event",
        "name",
        "value",
        "timestamp",
        "text",
        "data",
        "metadata",
        "parse_data",
        "policy",
        "confidence",
        "intent",
        "entities",
        "validate",
        "is_interrupted",
    ]  # fmt: skip
)
events = st.dictionaries(
    event_keys, st.one_of(json_values, st.sampled_from(EVENT_TYPES)), max_size=5
) | st.fixed_dictionaries({"event": st.sampled_from(EVENT_TYPES)}, optional={"name": json_values, "value": json_values, "timestamp": json_values})  # fmt: skip
responses = st.dictionaries(
    st.sampled_from(
        [
            "text",
            "buttons",
            "elements",
            "custom",
            "image",
            "attachment",
            "template_name",
            "response",
        ]
    ),  # fmt: skip
    json_values,
    max_size=3,
)
results = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {},
        optional={
            "events": st.lists(events, max_size=4) | json_values,
            "responses": st.lists(responses, max_size=3) | json_values,
        },  # fmt: skip
    ),
)
VALIDATOR = speedups.ActionResultValidator(SCHEMA)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(results)
def test_the_fast_check_never_accepts_what_jsonschema_rejects(result):
    fast = VALIDATOR.fast.is_valid(result)
    errors = list(VALIDATOR.validator.iter_errors(result))
    if fast:
        assert errors == []
    try:
        jsonschema.validate(result, SCHEMA)
        rasa_says = None
    except jsonschema.ValidationError as e:
        rasa_says = e.message
    try:
        VALIDATOR.validate(result)
        ours = None
    except jsonschema.ValidationError as e:
        ours = e.message
    assert ours == rasa_says


def test_the_fast_check_is_the_draft_jsonschema_uses():
    assert type(VALIDATOR.fast).__name__ == type(VALIDATOR.validator).__name__


# ---------------------------------------------------------------- action server connections
def test_rasa_still_opens_a_session_per_request_where_the_patch_sits():
    original = speedups.ORIGINALS["endpoint_session"]
    assert original.__qualname__ == "EndpointConfig.session"
    assert list(inspect.signature(original).parameters) == ["self"]
    source = inspect.getsource(original)
    for part in ["aiohttp.ClientSession(", "headers=self.headers", "auth=auth",
                 "timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT)",
                 'self.basic_auth["username"], self.basic_auth["password"]']:  # fmt: skip
        assert part in source, part
    request = inspect.getsource(EndpointConfig.request)
    assert "async with self.session() as session:" in request
    assert "session.request(" in request and "**kwargs" in request
    rasas_run = resilience.ORIGINALS["RemoteAction.run"]  # under the resilience wrapper
    assert "self.action_endpoint.request(" in inspect.getsource(rasas_run)
    assert isinstance(endpoints.DEFAULT_REQUEST_TIMEOUT, int)


async def action_calls(count: int, endpoint_args: dict):
    """`count` RemoteAction runs against a real aiohttp action server on loopback; what it saw."""
    seen = {"peers": set(), "bodies": [], "auth": [], "query": []}

    async def webhook(request):
        seen["peers"].add(request.transport.get_extra_info("peername"))
        seen["bodies"].append(await request.json())
        seen["auth"].append(request.headers.get("Authorization"))
        seen["query"].append(dict(request.query))
        return web.json_response({"events": [{"event": "slot", "name": "employees", "value": 40}]})

    async with serving(webhook) as url:
        try:
            endpoint = EndpointConfig(url, **endpoint_args)
            tracker = DialogueStateTracker.from_events(
                "s1", [UserUttered("Wij zijn met 40, é/ü", {"name": "inform"})], DOMAIN.slots
            )
            nlg = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
            for _ in range(count):
                events = await RemoteAction("action_x", endpoint).run(
                    CollectingOutputChannel(), nlg, tracker, DOMAIN
                )
                assert [type(e) for e in events] == [SlotSet]
            seen["expected_body"] = json.loads(
                json.dumps(RemoteAction("action_x", endpoint)._action_call_format(tracker, DOMAIN))
            )
        finally:
            await speedups.CONNECTORS.close()
    return seen


def test_action_calls_reuse_one_kept_alive_connection():
    seen = asyncio.run(action_calls(5, {}))
    assert len(seen["bodies"]) == 5
    assert len(seen["peers"]) == 1  # Rasa's own session per call: 5 connections


def test_action_calls_carry_rasas_body_headers_auth_and_token():
    seen = asyncio.run(
        action_calls(
            2,
            {
                "basic_auth": {"username": "bot", "password": "pa:ss"},
                "token": "t0k",
                "params": {"x": "1"},
            },  # fmt: skip
        )
    )
    assert seen["auth"] == ["Basic Ym90OnBhOnNz"] * 2  # base64("bot:pa:ss")
    assert seen["query"] == [{"x": "1", "token": "t0k"}] * 2
    assert all(body == seen["expected_body"] for body in seen["bodies"])


def test_one_connector_per_loop_and_closed_with_it():
    connectors = speedups.LoopConnectors()

    async def twice():
        first, second = connectors.get(), connectors.get()
        assert first is second and not first.closed
        return first

    one = asyncio.run(twice())
    two = asyncio.run(twice())  # a new loop: a new connector, the closed loop's entry dropped
    assert one is not two and list(connectors.by_loop) != []
    assert len(connectors.by_loop) == 1

    async def close():
        connector = connectors.get()
        await connectors.close()
        return connector

    assert asyncio.run(close()).closed


# ---------------------------------------------------------------- SQLite
def test_sqlite_stores_write_ahead_and_sync_at_checkpoints(tmp_path):
    engine = engine_for(f"sqlite:///{tmp_path / 't.db'}")
    with engine.connect() as connection:
        assert connection.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(sa.text("PRAGMA synchronous")).scalar() == 1  # NORMAL


def test_a_sqlite_file_stays_open_between_sessions(tmp_path):
    engine = engine_for(f"sqlite:///{tmp_path / 't.db'}")
    opened = []
    sa.event.listen(engine, "connect", lambda *args: opened.append(1))
    for _ in range(3):
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    assert len(opened) == 1  # SQLAlchemy 1.4's default (NullPool) opens one per session


def test_switched_off_the_engine_is_rasas(tmp_path, monkeypatch):
    monkeypatch.setenv(speedups.SWITCH, "0")
    engine = engine_for(f"sqlite:///{tmp_path / 't.db'}")
    assert type(engine.pool).__name__ == "NullPool"
    with engine.connect() as connection:
        assert connection.execute(sa.text("PRAGMA journal_mode")).scalar() == "delete"
