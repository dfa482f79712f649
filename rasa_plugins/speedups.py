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
- `EventRowsMixin` (for an SQLTrackerStore subclass): the tracker is read with Rasa's own query
  but only its `data` column, so no ORM object is built per stored event. No tracker is cached:
  every read goes to the store, so servers sharing one store never see stale state.

Installed by `install()`, which rasa_plugins/__init__.py calls: every `rasa run` imports this
package (the model's NLU components and policy, and the tracker store of endpoints.yml, live
here). A Rasa module is patched right after Rasa imports it, never imported from here
(`rasa.core.actions.action` brings TensorFlow: rasa_plugins.model_inputs must stay quick).
The same install warms the server up before it reports ready (rasa_plugins/warmup.py).
WERELDWIJS_SPEEDUPS=0 leaves Rasa untouched: the load benchmark's "before".
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import json
import os
import sys
from types import ModuleType
from typing import Any, Callable, Dict, Optional, Text, Type

from jsonschema.exceptions import ValidationError, best_match
from jsonschema.validators import validator_for

SWITCH = "WERELDWIJS_SPEEDUPS"
ACTION_MODULE = "rasa.core.actions.action"
EVENTS_MODULE = "rasa.shared.core.events"
AGENT_MODULE = "rasa.core.agent"
# patch name -> the Rasa function it replaced
ORIGINALS: Dict[str, Callable[..., Any]] = {}


def enabled() -> bool:
    return os.environ.get(SWITCH, "1") != "0"


# ---------------------------------------------------------------- action response validation
class ActionResultValidator:
    """`jsonschema.validate(result, schema)` with the schema checked once, not on every call.

    jsonschema.validate = validator_for(schema) + check_schema + best_match(iter_errors): the
    same steps, the first two done here once. Validation never awaits, so one validator serves
    every request of the event loop.
    """

    def __init__(self, schema: Dict[Text, Any]):
        cls = validator_for(schema)
        cls.check_schema(schema)
        self.validator = cls(schema)

    def validate(self, instance: Any) -> None:
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


# ---------------------------------------------------------------- tracker retrieval
class EventRowsMixin:
    """SQLTrackerStore._retrieve without an ORM object per event (put it before SQLTrackerStore).

    The same query (`_event_query`: this conversation, latest session or all, ordered by id)
    reads only the serialised events; the tracker is rebuilt from them as Rasa does.
    """

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool) -> Any:
        if not enabled():
            return await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        from rasa.shared.core.trackers import DialogueStateTracker

        with self.session_scope() as session:
            query = self._event_query(
                session, sender_id, fetch_events_from_all_sessions=fetch_events_from_all_sessions
            )
            events = [json.loads(data) for (data,) in query.with_entities(self.SQLEvent.data)]
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None


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
    from rasa_plugins import warmup

    when_imported(EVENTS_MODULE, patch_event_lookup)
    when_imported(ACTION_MODULE, patch_action_validation)
    when_imported(AGENT_MODULE, warmup.patch_agent)
