"""The intake form: carries out what `wereldwijs.core.conversation` decides for each message.

`validate_profile_form` replaces rasa-sdk's per-slot extraction with one reading of the user's
message (the answer to the open question, plus any other facts the message carries). The
decision, not this module, says what the message means; here it only becomes slot events and
texts. A confirmation asked during the intake keeps the form active: `action_ask_<slot>` then
asks the confirmation instead of the question, and the reply goes to `action_resolve_confirmation`
(rasa_plugins/policy.py routes it there).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.advice import classification_events
from actions.pending import ask_pending, pending_events
from actions.replies import question_buttons, say
from actions.report import send_report
from actions.tracker import (
    lang_of,
    latest_text,
    profile_of,
    requested_org,
    slot_changes,
    slots_of,
    turn_of,
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


def hand_over() -> List[EventType]:
    """Goodbye: the rules end the intake. A validation that sets no slot while a question is
    open makes Rasa's form reject its run (ActionExecutionRejection in rasa.core.actions.forms),
    and the rules then take the turn."""
    return []


class ValidateProfileForm(FormValidationAction):
    def name(self) -> str:
        return "validate_profile_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        requested = tracker.get_slot("requested_slot")
        if requested in PROFILE_SLOTS and user_just_answered(tracker):
            decision = talk.decide(turn_of(tracker))
            if decision.kind == talk.HAND_OVER:
                return hand_over()
            return intake_events(decision, dispatcher, tracker)
        return [SlotSet("requested_slot", next_slot(tracker, {}, requested))]


def intake_events(
    decision: talk.Decision, dispatcher: CollectingDispatcher, tracker: Tracker
) -> List[EventType]:
    """A decision about the open question as events: the answer and facts, the classification
    that follows them, and the question to ask next."""
    requested = tracker.get_slot("requested_slot")
    events = carry_out(decision, dispatcher, tracker, requested)
    changes = slot_changes(events)
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
    kind = decision.kind
    if kind in (talk.TAKE, talk.NOTE):
        events = taken(decision, dispatcher, lang)
    elif kind == talk.SKIP:
        say(dispatcher, decision.say, lang)
        skipped = list(tracker.get_slot("skipped_slots") or [])
        events = [
            SlotSet("skipped_slots", skipped + [slot] if slot not in skipped else skipped),
            SlotSet("answer_retries", 0.0),
        ]
    elif kind == talk.ASK_AGAIN:
        say(dispatcher, decision.say, lang, max_chars=MAX_MESSAGE_CHARS)
        events = keep_open(tracker)
    elif kind == talk.RETRY:
        say(dispatcher, decision.say, lang, **decision.say_values)
        events = [SlotSet("answer_retries", float(decision.tries))]
    else:  # REQUEST: answered or confirmed below; the question stays open, no try counted
        events = keep_open(tracker)
    return events + follow_request(decision, dispatcher, tracker, decision.slot or slot)


def follow_request(
    decision: talk.Decision, dispatcher: CollectingDispatcher, tracker: Tracker, slot: str
) -> List[EventType]:
    """What a decision asks besides the answer: a reply to a request, then a confirmation (the
    form's ask action puts the confirmation question)."""
    lang = lang_of(tracker)
    events: List[EventType] = []
    if decision.reply == "get_report":
        events += send_report(dispatcher, tracker)
    elif decision.reply == "goodbye":
        say(dispatcher, "goodbye", lang)
    elif decision.reply:
        dispatcher.utter_message(
            text=detour_reply(
                decision.reply,
                slot,
                profile_of(tracker),
                latest_text(tracker),
                requested_org(tracker),
                lang,
            ),
        )
    if decision.confirm:
        events += pending_events(decision.confirm, decision.conflict)
    return events


def taken(decision: talk.Decision, dispatcher: CollectingDispatcher, lang: str) -> List[EventType]:
    events: List[EventType] = [SlotSet("answer_retries", 0.0)]
    if decision.slot:
        events.append(SlotSet(decision.slot, decision.value))
    for key, before in decision.corrected.items():
        say(
            dispatcher,
            "fact_changed",
            lang,
            item=describe(key, decision.facts[key], lang),
            before=describe(key, before, lang),
        )
    if decision.facts:
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


HINT_AFTER = 2  # failed tries after which the question itself is not repeated, only what to do


class AskQuestion(Action):
    """Asks the open question in the conversation's language, with quick replies; or, while a
    confirmation waits, that yes/no question. After two failed tries it says what is expected
    and offers the buttons instead of repeating the question a third time."""

    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        lang = lang_of(tracker)
        if tracker.get_slot("pending_confirmation"):
            ask_pending(dispatcher, tracker)
        elif int(tracker.get_slot("answer_retries") or 0) >= HINT_AFTER:
            say(dispatcher, "ask_hint", lang, buttons=question_buttons(self.slot, lang))
        else:
            say(dispatcher, f"ask_{self.slot}", lang, buttons=question_buttons(self.slot, lang))
        return []


# One ask action per profile slot (action_ask_employees, ...): rasa-sdk registers every
# subclass of Action it finds, and this table keeps them referenced and visible.
ASK_ACTIONS = {
    slot: type(f"AskQuestion_{slot}", (AskQuestion,), {"slot": slot}) for slot in PROFILE_SLOTS
}
