"""The intake form: carries out what `wereldwijs.core.conversation` decides for each message.

`validate_profile_form` replaces rasa-sdk's per-slot extraction with one reading of the user's
message (a button value or a parsed free-text answer for the open question, plus any other facts
the message carries). The decision, not this module, says what the message means; here it only
becomes slot events and texts. A command (restart, forget me, a person, goodbye) is handed to the
rules by `hand_over`: the form's run is rejected and the rules take the turn.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.advice import classification_events
from actions.replies import question_buttons, say
from actions.tracker import (
    button_answer,
    intent_of,
    lang_of,
    latest_text,
    profile_of,
    requested_org,
    slots_of,
)
from wereldwijs.core import conversation as talk
from wereldwijs.core import intake
from wereldwijs.core.classify import classify, core_known
from wereldwijs.vocabulary import FORM, MAX_MESSAGE_CHARS, PROFILE_SLOTS
from wereldwijs.wording.detours import detour_reply
from wereldwijs.wording.labels import describe, describe_all

# Actions that may run between the user's message and the form without making it a detour.
_SAME_TURN = {FORM, "action_listen", "action_extract_slots", "action_validate_slot_mappings", None}


def user_just_answered(tracker: Tracker) -> bool:
    """True when the form runs right after a user message (not when it resumes after a detour)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return True
        if event.get("event") == "action" and event.get("name") not in _SAME_TURN:
            return False
    return False


def turn_of(tracker: Tracker, slot: str) -> talk.Turn:
    lang, profile = lang_of(tracker), profile_of(tracker)
    intent, confidence = intent_of(tracker)
    return talk.Turn(
        slot=slot,
        reading=talk.read(slot, latest_text(tracker), lang, profile),
        intent=intent,
        confidence=confidence,
        button=button_answer(tracker),
        retries=int(tracker.get_slot("answer_retries") or 0),
        profile=profile,
    )


def hand_over() -> List[EventType]:
    """Not an answer: the rules take this turn. A validation that sets no slot while a question
    is open makes Rasa's form reject its run (ActionExecutionRejection in rasa.core.actions.forms),
    and the RulePolicy then predicts from the rules."""
    return []


class ValidateProfileForm(FormValidationAction):
    def name(self) -> str:
        return "validate_profile_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        requested = tracker.get_slot("requested_slot")
        events: List[EventType] = []
        if requested in PROFILE_SLOTS and user_just_answered(tracker):
            decision = talk.decide(turn_of(tracker, requested))
            if decision.kind == talk.HAND_OVER:
                return hand_over()
            events = carry_out(decision, dispatcher, tracker, requested)
        changes = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
        return (
            events
            + classification_after(tracker, changes)
            + [SlotSet("requested_slot", next_slot(tracker, changes, requested))]
        )


def carry_out(
    decision: talk.Decision, dispatcher: CollectingDispatcher, tracker: Tracker, slot: str
) -> List[EventType]:
    """The decision as slot events and texts."""
    lang = lang_of(tracker)
    if decision.kind in (talk.TAKE, talk.NOTE):
        return taken(decision, dispatcher, lang)
    if decision.kind == talk.SKIP:
        say(dispatcher, decision.say, lang)
        skipped = list(tracker.get_slot("skipped_slots") or [])
        return [
            SlotSet("skipped_slots", skipped + [slot] if slot not in skipped else skipped),
            SlotSet("answer_retries", 0.0),
        ]
    if decision.kind == talk.ASK_AGAIN:
        say(dispatcher, decision.say, lang, max_chars=MAX_MESSAGE_CHARS)
        return keep_open(tracker)
    if decision.kind == talk.DETOUR:
        dispatcher.utter_message(
            text=detour_reply(
                decision.intent,
                slot,
                profile_of(tracker),
                latest_text(tracker),
                requested_org(tracker),
                lang,
            )
        )
        return keep_open(tracker)
    say(dispatcher, decision.say, lang, **decision.say_values)  # RETRY
    return [SlotSet("answer_retries", float(decision.tries))]


def taken(decision: talk.Decision, dispatcher: CollectingDispatcher, lang: str) -> List[EventType]:
    events: List[EventType] = [SlotSet("answer_retries", 0.0)]
    if decision.slot:
        events.append(SlotSet(decision.slot, decision.value))
    if decision.facts:
        for key, before in decision.changed.items():
            say(
                dispatcher,
                "fact_changed",
                lang,
                item=describe(key, decision.facts[key], lang),
                before=describe(key, before, lang),
            )
        events += [SlotSet(key, value) for key, value in decision.facts.items()]
        answered = {decision.slot: decision.value} if decision.slot else {}
        say(
            dispatcher,
            "noted_facts",
            lang,
            facts=describe_all({**answered, **decision.facts}, lang),
        )
    return events


def keep_open(tracker: Tracker) -> List[EventType]:
    """Keep the question open without counting a try. The form needs at least one slot event
    besides requested_slot, or Rasa rejects it and hands the turn to the rules."""
    return [SlotSet("answer_retries", tracker.get_slot("answer_retries") or 0.0)]


def classification_after(tracker: Tracker, changes: Dict[str, Any]) -> List[EventType]:
    """Once the core is known, the classification slots follow every new answer."""
    if not set(changes) & set(PROFILE_SLOTS):
        return []
    profile = profile_of(tracker, changes)
    return classification_events(classify(profile)) if core_known(profile) else []


def next_slot(
    tracker: Tracker, changes: Dict[str, Any], requested: Optional[str] = None
) -> Optional[str]:
    """The open question stays open until answered or skipped; then the first one left."""
    slots = slots_of(tracker, changes)
    remaining = intake.required_slots(
        profile_of(tracker, changes),
        slots.get("scan_phase") or "core",
        slots.get("skipped_slots") or [],
    )
    if requested in remaining:
        return requested
    return remaining[0] if remaining else None


class AskQuestion(Action):
    """Asks one profile question in the conversation's language, with quick replies."""

    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        lang = lang_of(tracker)
        say(dispatcher, f"ask_{self.slot}", lang, buttons=question_buttons(self.slot, lang))
        return []


# One ask action per profile slot (action_ask_employees, ...): rasa-sdk registers every
# subclass of Action it finds, and this table keeps them referenced and visible.
ASK_ACTIONS = {
    slot: type(f"AskQuestion_{slot}", (AskQuestion,), {"slot": slot}) for slot in PROFILE_SLOTS
}
