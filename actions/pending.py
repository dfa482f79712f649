"""The pending yes/no question: opening and closing it, and putting it to the person."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import yes_no_buttons
from actions.tracker import lang_of, slot_changes, slots_of
from wereldwijs.wording.catalogue import text
from wereldwijs.wording.labels import describe


def pending_events(
    pending: Optional[str], fact: Optional[Dict[str, Any]] = None
) -> List[EventType]:
    """Open (or, with None, close) a confirmation; the fact is what a contradiction would set."""
    return [
        SlotSet("pending_confirmation", pending),
        SlotSet("confirmation_retries", 0.0),
        SlotSet("pending_fact", fact or None),
    ]


def contradiction_values(slots: Dict[str, Any], lang: str) -> Dict[str, str]:
    """The earlier answer and the fact that contradicts it, as a person reads them."""
    ((slot, value),) = (slots.get("pending_fact") or {}).items()
    return {"before": describe(slot, slots.get(slot), lang), "item": describe(slot, value, lang)}


def ask_pending(
    dispatcher: CollectingDispatcher, tracker: Tracker, changes: Optional[Dict[str, Any]] = None
) -> None:
    """The pending yes/no question (with ``changes`` applied to the slots): the second time with
    what is expected, the third time only what is expected and the buttons, so that a question is
    never put three times in a row."""
    lang, slots = lang_of(tracker), slots_of(tracker, changes)
    pending = slots.get("pending_confirmation")
    tries = int(slots.get("confirmation_retries") or 0)
    if pending == "contradiction":
        question = text("confirm_contradiction", lang, **contradiction_values(slots, lang))
    else:
        question = text(f"confirm_{pending}", lang)
    if tries == 1:
        question = f"{text('confirm_expected', lang)} {question}"
    elif tries >= 2:
        question = text("confirm_hint", lang)
    dispatcher.utter_message(text=question, buttons=yes_no_buttons(lang))


def ask_confirmation(
    dispatcher: CollectingDispatcher, tracker: Tracker, pending: str
) -> List[EventType]:
    """Open a confirmation and put its question."""
    events = pending_events(pending)
    ask_pending(dispatcher, tracker, slot_changes(events))
    return events
