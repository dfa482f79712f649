"""Speed-ups for the Rasa server: Rasa's behaviour, without work it repeats on every message.

Measured with py-spy on `rasa run` under load (docs/performance.md). Each patch replaces one
Rasa function with one that gives the same result, keeps the original in `ORIGINALS`, and is
guarded by tests/rasa_plugins/test_speedups.py, which fails when the Rasa code it replaces
changes shape (name, signature, what it calls), so an upgrade cannot silently undo or break it.

- `validate_action_result` (RemoteAction._validate_action_result): Rasa calls
  `jsonschema.validate(result, spec)` on every action-server response, which first checks the
  schema against the 2020-12 metaschema (27 of 31 ms a call). Here the schema is checked once and
  one validator built for it; every response is still validated against the same schema and a
  bad one raises the same ValidationError with the same message.
- `resolve_event_type` (Event.resolve_by_type): every stored event read back walks all
  subclasses of Event to find its class. The classes found are remembered by type name (a name
  not found yet still takes Rasa's walk, so a class imported later is found too).
- The tracker itself (rasa_plugins/tracker_speedups.py): a copy without replaying every event,
  slots copied without Python's generic copy protocol, applied events worked out once per tracker
  state and extended as events are added.
- Reading and writing the tracker store: rasa_plugins/event_rows.py (only the rows that changed
  are read and replayed, and every read still asks the store; one insert for a turn's events).
- `endpoint_session` (EndpointConfig.session): Rasa opens a new aiohttp session, with its own
  connector and so a new TCP connection, for every call to the action server, and encodes the
  request (the whole tracker) with json.dumps. Here every session of one event loop shares one
  connector, so connections are kept alive and reused, and bodies are encoded with `dumps`.
- `dumps` / `loads`: ujson (which Rasa itself installs), three times faster than the standard
  library on a tracker; whatever ujson cannot encode or decode goes to `json`, which decides.
- The action-response validation first asks jsonschema-rs (the same JSON Schema draft,
  implemented in Rust: 5 µs instead of 3 ms a response) whether the response is valid; only a
  response it does not accept goes to jsonschema, which then decides and gives Rasa's error. So
  jsonschema stays the judge: the fast check only says "valid" sooner.

Installed by `install()`, which rasa_plugins/__init__.py calls: every `rasa run` imports this
package (the model's NLU components and policy, and the tracker store of endpoints.yml, live
here). A Rasa module is patched right after Rasa imports it, never imported from here
(`rasa.core.actions.action` brings TensorFlow: rasa_plugins.model_inputs must stay quick).
The same install warms the server up before it reports ready (rasa_plugins/warmup.py).
WERELDWIJS_SPEEDUPS=0 leaves Rasa untouched: the load benchmark's "before".
"""

from __future__ import annotations

import asyncio
import importlib.abc
import importlib.util
import json
import os
import sys
from types import ModuleType
from typing import Any, Callable, Dict, Optional, Text, Type

import jsonschema_rs
import ujson
from jsonschema.exceptions import ValidationError, best_match
from jsonschema.validators import validator_for

SWITCH = "WERELDWIJS_SPEEDUPS"
ACTION_MODULE = "rasa.core.actions.action"
EVENTS_MODULE = "rasa.shared.core.events"
AGENT_MODULE = "rasa.core.agent"
ENDPOINTS_MODULE = "rasa.utils.endpoints"
TRACKERS_MODULE = "rasa.shared.core.trackers"
SLOTS_MODULE = "rasa.shared.core.slots"
# A kept-alive connection is dropped after this many idle seconds: fewer than the action
# server's keep-alive (Sanic's KEEP_ALIVE_TIMEOUT, 5 s), so a connection taken from the pool is
# never one the server is just closing.
KEEP_ALIVE_S = 2.0
# patch name -> the Rasa function it replaced
ORIGINALS: Dict[str, Callable[..., Any]] = {}


def enabled() -> bool:
    return os.environ.get(SWITCH, "1") != "0"


# ---------------------------------------------------------------- JSON
def dumps(obj: Any) -> str:
    """JSON text of `obj` that reads back as json.dumps' does, about three times faster."""
    try:
        return ujson.dumps(obj, escape_forward_slashes=False)
    except (TypeError, OverflowError, ValueError):  # json.dumps decides (and raises its error)
        return json.dumps(obj)


def loads(text: Any) -> Any:
    """json.loads(text), about 2.5 times faster on the tracker store's rows."""
    try:
        return ujson.loads(text)
    except (TypeError, OverflowError, ValueError):  # json.loads decides (and raises its error)
        return json.loads(text)


# ---------------------------------------------------------------- action response validation
class ActionResultValidator:
    """`jsonschema.validate(result, schema)` with the schema checked once, not on every call.

    jsonschema.validate = validator_for(schema) + check_schema + best_match(iter_errors): the
    same steps, the first two done here once. Before them, jsonschema-rs's validator of the same
    draft lets a valid response through at once; a response it rejects goes to jsonschema, which
    decides and gives the error. Validation never awaits, so one validator serves every request
    of the event loop.
    """

    def __init__(self, schema: Dict[Text, Any]):
        cls = validator_for(schema)
        cls.check_schema(schema)
        self.validator = cls(schema)
        self.fast = getattr(jsonschema_rs, cls.__name__)(schema)  # e.g. Draft202012Validator

    def validate(self, instance: Any) -> None:
        if self.fast.is_valid(instance):
            return
        error = best_match(self.validator.iter_errors(instance))
        if error is not None:
            raise error


def patch_action_validation(action_module: ModuleType) -> None:
    remote_action = action_module.RemoteAction
    if "validate_action_result" in ORIGINALS:
        return
    original = remote_action._validate_action_result
    schema_validator = ActionResultValidator(remote_action.action_response_format_spec())
    help_text = (
        ". Failed to validate Action server response from API, "
        "make sure your response from the Action endpoint is valid. "
        "For more information about the format visit "
        f"{action_module.DOCS_BASE_URL}/custom-actions"
    )

    def validate_action_result(self: Any, result: Dict[Text, Any]) -> bool:
        try:
            schema_validator.validate(result)
            return True
        except ValidationError as e:  # Rasa's own wording, appended the same way
            e.message += help_text
            raise e

    ORIGINALS["validate_action_result"] = original
    remote_action._validate_action_result = validate_action_result


# ---------------------------------------------------------------- event class look-up
def patch_event_lookup(events_module: ModuleType) -> None:
    Event = events_module.Event
    if "resolve_event_type" in ORIGINALS:
        return
    original = Event.resolve_by_type
    found: Dict[Text, Type] = {}

    def resolve_event_type(type_name: Text, default: Optional[Type] = None) -> Optional[Type]:
        cls = found.get(type_name)
        if cls is None:
            cls = original(type_name, default)
            if cls is not None and getattr(cls, "type_name", None) == type_name:
                found[type_name] = cls
        return cls

    ORIGINALS["resolve_event_type"] = original
    Event.resolve_by_type = staticmethod(resolve_event_type)


# ---------------------------------------------------------------- action server connections
class LoopConnectors:
    """One aiohttp connector per event loop, shared by the sessions opened on that loop."""

    def __init__(self) -> None:
        self.by_loop: Dict[Any, Any] = {}

    def get(self) -> Any:
        import aiohttp

        loop = asyncio.get_running_loop()
        connector = self.by_loop.get(loop)
        if connector is None or connector.closed:
            for gone in [other for other in self.by_loop if other.is_closed()]:
                del self.by_loop[gone]
            # limit=0: no cap on connections, as with Rasa's session per call
            connector = aiohttp.TCPConnector(limit=0, keepalive_timeout=KEEP_ALIVE_S)
            self.by_loop[loop] = connector
        return connector

    async def close(self) -> None:
        """Close the running loop's connector (before that loop ends)."""
        connector = self.by_loop.pop(asyncio.get_running_loop(), None)
        if connector is not None:
            await connector.close()


CONNECTORS = LoopConnectors()


def patch_endpoint_session(endpoints_module: ModuleType) -> None:
    config_class = endpoints_module.EndpointConfig
    if "endpoint_session" in ORIGINALS:
        return
    original = config_class.session
    aiohttp, timeout_s = endpoints_module.aiohttp, endpoints_module.DEFAULT_REQUEST_TIMEOUT

    def endpoint_session(self: Any) -> Any:
        """Rasa's session (headers, basic auth, timeout) on the loop's shared connector."""
        auth = None
        if self.basic_auth:
            auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
        return aiohttp.ClientSession(
            headers=self.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=timeout_s),
            connector=CONNECTORS.get(),
            connector_owner=False,  # closing the session keeps the connections
            json_serialize=dumps,
        )

    ORIGINALS["endpoint_session"] = original
    config_class.session = endpoint_session


# ---------------------------------------------------------------- installing
class PatchAfterImport(importlib.abc.MetaPathFinder):
    """Runs `patch(module)` right after the module `name` is first imported, then steps aside."""

    def __init__(self, name: str, patch: Callable[[ModuleType], None]):
        self.name, self.patch = name, patch

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        exec_module = spec.loader.exec_module

        def exec_and_patch(module: ModuleType) -> None:
            exec_module(module)
            self.patch(module)

        spec.loader.exec_module = exec_and_patch
        return spec


def when_imported(name: str, patch: Callable[[ModuleType], None]) -> None:
    if name in sys.modules:
        patch(sys.modules[name])
    elif not any(isinstance(f, PatchAfterImport) and f.name == name for f in sys.meta_path):
        sys.meta_path.insert(0, PatchAfterImport(name, patch))


def install() -> None:
    """Apply every speed-up (once), unless WERELDWIJS_SPEEDUPS=0."""
    if not enabled():
        return
    from rasa_plugins import tracker_speedups, warmup

    when_imported(EVENTS_MODULE, patch_event_lookup)
    when_imported(SLOTS_MODULE, tracker_speedups.patch_slot_copy)
    when_imported(TRACKERS_MODULE, tracker_speedups.patch_trackers)
    when_imported(ACTION_MODULE, patch_action_validation)
    when_imported(ENDPOINTS_MODULE, patch_endpoint_session)
    when_imported(AGENT_MODULE, warmup.patch_agent)
