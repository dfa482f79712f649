"""Reading the tracker into plain values: the language, the profile, the latest message."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Tracker

from wereldwijs.core import conversation as talk
from wereldwijs.reading.organisations import find_organisations
from wereldwijs.vocabulary import (
    DEFAULT_LANGUAGE,
    FORM,
    LANGUAGES,
    ORGANISATIONS,
    PROFILE_SLOTS,
    FirmProfile,
)


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


def slot_changes(events: List[Dict[str, Any]]) -> Dict[str, Any]:
    """The slot values a list of events sets (the last one wins)."""
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


ANSWER_PAYLOAD = "/inform{"  # actions.replies.answer_payload


def latest(tracker: Tracker) -> Dict[str, Any]:
    return tracker.latest_message or {}


def latest_text(tracker: Tracker) -> str:
    return (latest(tracker).get("text") or "").strip()


def intent_of(tracker: Tracker) -> Tuple[Optional[str], float]:
    intent = latest(tracker).get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def ranking_of(tracker: Tracker) -> Dict[str, float]:
    """Every intent the classifier weighed for the latest message, with its confidence."""
    ranking = latest(tracker).get("intent_ranking") or []
    return {r.get("name"): float(r.get("confidence") or 0.0) for r in ranking if r.get("name")}


def in_intake(tracker: Tracker) -> bool:
    return (tracker.active_loop or {}).get("name") == FORM


def open_question(tracker: Tracker) -> Optional[str]:
    """The intake question waiting for an answer, if the intake is running."""
    slot = tracker.get_slot("requested_slot")
    return slot if in_intake(tracker) and slot in PROFILE_SLOTS else None


def turn_of(tracker: Tracker) -> talk.Turn:
    """The latest message as the plain values the conversation's decisions take."""
    lang, profile, slot = lang_of(tracker), profile_of(tracker), open_question(tracker)
    intent, confidence = intent_of(tracker)
    return talk.Turn(
        slot=slot,
        reading=talk.read(slot, latest_text(tracker), lang, profile),
        intent=intent,
        confidence=confidence,
        ranking=ranking_of(tracker),
        button=button_answer(tracker),
        retries=int(tracker.get_slot("answer_retries") or 0),
        profile=profile,
        pending=tracker.get_slot("pending_confirmation"),
        pending_tries=int(tracker.get_slot("confirmation_retries") or 0),
    )


def metadata_of(tracker: Tracker) -> Dict[str, Any]:
    return latest(tracker).get("metadata") or {}


def entity_values(tracker: Tracker, entity: str) -> list:
    return [
        e.get("value") for e in latest(tracker).get("entities") or [] if e.get("entity") == entity
    ]


def button_answer(tracker: Tracker) -> Any:
    """The canonical value a button sent, if the latest message came from a button. Read from
    the payload itself: Rasa makes one entity per list item, and none for an empty list (the
    "none" button of a list question)."""
    message = latest_text(tracker)
    if message.startswith(ANSWER_PAYLOAD):
        try:
            payload = json.loads(message[len(ANSWER_PAYLOAD) - 1 :])
        except ValueError:
            payload = None
        if isinstance(payload, dict) and "answer" in payload:
            return payload["answer"]
    values = entity_values(tracker, "answer")
    return values[0] if values else None


def requested_org(tracker: Tracker) -> Optional[str]:
    """The organisation the latest message names: the NLU's entity, else the name in the text."""
    for value in entity_values(tracker, "organisation") + find_organisations(latest_text(tracker)):
        if value in ORGANISATIONS:
            return value
    return None
