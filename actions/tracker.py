"""Reading the tracker into plain values: the language, the profile, the latest message."""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple

from rasa_sdk import Tracker

from wereldwijs.reading.organisations import find_organisations
from wereldwijs.vocabulary import DEFAULT_LANGUAGE, LANGUAGES, ORGANISATIONS, FirmProfile


def lang_of(tracker: Tracker) -> str:
    lang = tracker.get_slot("language")
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def profile_of(tracker: Tracker, changes: Optional[Dict[str, Any]] = None) -> FirmProfile:
    """The firm profile from the slots, with ``changes`` (slot -> value) applied on top."""
    return FirmProfile.from_slots(slots_of(tracker, changes))


def slots_of(tracker: Tracker, changes: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    slots = dict(tracker.current_slot_values())
    slots.update(changes or {})
    return slots


def latest(tracker: Tracker) -> Dict[str, Any]:
    return tracker.latest_message or {}


def latest_text(tracker: Tracker) -> str:
    return (latest(tracker).get("text") or "").strip()


def intent_of(tracker: Tracker) -> Tuple[Optional[str], float]:
    intent = latest(tracker).get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def metadata_of(tracker: Tracker) -> Dict[str, Any]:
    return latest(tracker).get("metadata") or {}


def entity_values(tracker: Tracker, entity: str) -> list:
    return [
        e.get("value") for e in latest(tracker).get("entities") or [] if e.get("entity") == entity
    ]


def button_answer(tracker: Tracker) -> Any:
    """The canonical value a button sent, if the latest message came from a button."""
    values = entity_values(tracker, "answer")
    return values[0] if values else None


def requested_org(tracker: Tracker) -> Optional[str]:
    """The organisation the latest message names: the NLU's entity, else the name in the text."""
    for value in entity_values(tracker, "organisation") + find_organisations(latest_text(tracker)):
        if value in ORGANISATIONS:
            return value
    return None
