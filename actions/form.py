"""The intake form: reads each answer, fills the profile, and asks the next question.

`validate_profile_form` replaces rasa-sdk's per-slot extraction with one reading of the user's
message: a button value or a parsed free-text answer for the question being asked, plus any
other facts the message carries. Questions about the conversation (why, help, which
organisations, ...) are answered here and the open question is asked again; requests that need
a confirmation or end the intake (restart, forget me, a person, goodbye) are left to the rules
by returning no events, which makes Rasa reject the form for this turn.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.common import (HANDOVER_INTENTS, META_INTENTS, SCALE_SLOTS, button_answer,
                            classification_events, intent_of, lang_of, latest_text, profile_of,
                            question_buttons, requested_org, say, value_label)
from actions.core import flow
from actions.core.advise import org_info, support_orgs_overview
from actions.core.classify import classify, core_known
from actions.core.explain import detect_topic, explain, why_question
from actions.core.facts import extract_facts
from actions.core.guard import MAX_MESSAGE_CHARS, message_problem
from actions.core.language import other_language
from actions.core.parsing import is_dont_know, parse_answer
from actions.core.profile import (BOOL_SLOTS, CHOICES, LIST_SLOTS, PROFILE_SLOTS,
                                  FirmProfile)
from actions.core.texts import text

MAX_TRIES = 3
CONFIDENT = 0.5
FORM = "profile_form"
# Actions that may run between the user's message and the form without making it a detour.
_SAME_TURN = {"profile_form", "action_listen", "action_extract_slots",
              "action_validate_slot_mappings", None}


def _user_just_answered(tracker: Tracker) -> bool:
    """True when the form runs right after a user message (not when it resumes after a detour)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return True
        if event.get("event") == "action" and event.get("name") not in _SAME_TURN:
            return False
    return False


def _ask_again(tracker: Tracker) -> List[EventType]:
    """Keep the question open without counting a try. The form needs at least one slot event
    besides requested_slot, or Rasa rejects it and hands the turn to the rules."""
    return [SlotSet("answer_retries", tracker.get_slot("answer_retries") or 0.0)]


def _slots_after(tracker: Tracker, events: List[EventType]) -> Dict[str, Any]:
    slots = dict(tracker.current_slot_values())
    slots.update({e["name"]: e["value"] for e in events if e.get("event") == "slot"})
    return slots


def _valid_button_value(slot: str, value: Any) -> bool:
    if slot in LIST_SLOTS:
        return isinstance(value, list) and all(v in CHOICES[slot] for v in value)
    if slot in CHOICES:
        return value in CHOICES[slot]
    if slot in BOOL_SLOTS:
        return isinstance(value, bool)
    if slot in SCALE_SLOTS:
        return isinstance(value, int) and 1 <= value <= 5
    return False


def describe(slot: str, value: Any, lang: str) -> str:
    """A short human form of one answer, e.g. "Voltijdse werknemers: 40"."""
    if isinstance(value, list):
        shown = ", ".join(value_label(slot, v, lang) for v in value) or text("value_none", lang)
    elif isinstance(value, bool):
        shown = text(f"value_bool_{str(value).lower()}", lang)
    elif slot in CHOICES:
        shown = value_label(slot, value, lang)
    else:
        shown = str(value)
    return text("noted_item", lang, slot=text(f"slot_{slot}", lang), value=shown)


class ValidateProfileForm(FormValidationAction):
    def name(self) -> str:
        return "validate_profile_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        requested = tracker.get_slot("requested_slot")
        events: List[EventType] = []
        if requested in PROFILE_SLOTS and _user_just_answered(tracker):
            read = self.read_answer(dispatcher, tracker, requested)
            if read is None:
                return []  # not an answer: Rasa rejects the form and the rules take over
            events = read
        return (events + self.classification(tracker, events)
                + [SlotSet("requested_slot", self.next_slot(tracker, events, requested))])

    # -- reading one message ---------------------------------------------------------------
    def read_answer(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                    slot: str) -> Optional[List[EventType]]:
        lang = lang_of(tracker)
        message = latest_text(tracker)
        intent, confidence = intent_of(tracker)
        button = button_answer(tracker)
        if button is not None and _valid_button_value(slot, button):
            return self.accept(dispatcher, tracker, slot, button, {}, lang)
        if intent in HANDOVER_INTENTS and confidence >= CONFIDENT:
            return None
        if message == "/dont_know" or is_dont_know(message):
            return self.skip(dispatcher, tracker, slot, "skip_question", lang)

        problem = message_problem(message)
        if problem:  # empty or oversized: say so, ask again, no try counted
            say(dispatcher, f"message_{problem}", lang, max_chars=MAX_MESSAGE_CHARS)
            return _ask_again(tracker)
        if other_language(message):
            say(dispatcher, "other_language", lang)
            return _ask_again(tracker)

        profile = profile_of(tracker)
        parsed = parse_answer(slot, message, lang, profile)
        facts = {k: v for k, v in extract_facts(message, lang).items()
                 if k in PROFILE_SLOTS and k != slot and v is not None}
        if parsed.ok:  # also when NLU heard "don't know": "geen" is a fine answer to a list
            return self.accept(dispatcher, tracker, slot, parsed.value, facts, lang)
        if facts:
            return self.accept(dispatcher, tracker, None, None, facts, lang)
        if intent == "dont_know" and confidence >= CONFIDENT:
            return self.skip(dispatcher, tracker, slot, "skip_question", lang)
        mash = parsed.error == "error_gibberish"  # keyboard mash is a bad answer, not a topic
        if intent in META_INTENTS and confidence >= CONFIDENT and not mash:
            self.detour(dispatcher, tracker, intent, slot, profile, lang)
            return _ask_again(tracker)
        return self.reject_answer(dispatcher, tracker, slot, parsed, lang)

    def accept(self, dispatcher: CollectingDispatcher, tracker: Tracker, slot: Optional[str],
               value: Any, facts: Dict[str, Any], lang: str) -> List[EventType]:
        events: List[EventType] = [SlotSet("answer_retries", 0.0)]
        if slot:
            events.append(SlotSet(slot, value))
        if facts:
            noted = []
            for key, fact in facts.items():
                before = tracker.get_slot(key)
                if before is not None and before != fact:
                    say(dispatcher, "fact_changed", lang, item=describe(key, fact, lang),
                        before=describe(key, before, lang))
                events.append(SlotSet(key, fact))
                noted.append(describe(key, fact, lang))
            if slot:
                noted.insert(0, describe(slot, value, lang))
            say(dispatcher, "noted_facts", lang, facts="; ".join(noted))
        return events

    def skip(self, dispatcher: CollectingDispatcher, tracker: Tracker, slot: str, key: str,
             lang: str) -> List[EventType]:
        say(dispatcher, key, lang)
        skipped = list(tracker.get_slot("skipped_slots") or [])
        if slot not in skipped:
            skipped.append(slot)
        return [SlotSet("skipped_slots", skipped), SlotSet("answer_retries", 0.0)]

    def reject_answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, slot: str,
                      parsed, lang: str) -> List[EventType]:
        tries = int(tracker.get_slot("answer_retries") or 0) + 1
        if tries >= MAX_TRIES:
            return self.skip(dispatcher, tracker, slot, "skip_after_retries", lang)
        say(dispatcher, parsed.error or "answer_not_understood", lang, **(parsed.error_values or {}))
        return [SlotSet("answer_retries", float(tries))]

    def detour(self, dispatcher: CollectingDispatcher, tracker: Tracker, intent: str, slot: str,
               profile: FirmProfile, lang: str) -> None:
        """Answer a question about the conversation; the form asks its question again."""
        if intent == "ask_why":
            dispatcher.utter_message(text=why_question(slot, lang))
        elif intent == "ask_explain":
            known = classify(profile) if core_known(profile) else None
            dispatcher.utter_message(
                text=explain(detect_topic(latest_text(tracker)), profile, known, lang))
        elif intent == "ask_support_orgs":
            dispatcher.utter_message(text=support_orgs_overview(lang, profile))
        elif intent == "ask_org_info":
            org = requested_org(tracker)
            dispatcher.utter_message(
                text=org_info(org, lang, profile) if org else support_orgs_overview(lang, profile))
        elif intent == "switch_language":
            say(dispatcher, "language_switched", lang)
        elif intent in ("help", "bot_challenge", "thank", "greet", "start_scan"):
            say(dispatcher, f"{intent}_in_form", lang)
        else:
            say(dispatcher, "out_of_scope_in_form", lang)

    # -- what comes next ---------------------------------------------------------------------
    @staticmethod
    def classification(tracker: Tracker, events: List[EventType]) -> List[EventType]:
        """Once the core is known, the classification slots follow every new answer."""
        if not any(e.get("event") == "slot" and e["name"] in PROFILE_SLOTS for e in events):
            return []
        profile = FirmProfile.from_slots(_slots_after(tracker, events))
        if not core_known(profile):
            return []
        return classification_events(classify(profile))

    @staticmethod
    def next_slot(tracker: Tracker, events: List[EventType],
                  requested: Optional[str] = None) -> Optional[str]:
        """The open question stays open until answered or skipped; then the first one left."""
        slots = _slots_after(tracker, events)
        profile = FirmProfile.from_slots(slots)
        remaining = flow.required_slots(profile, slots.get("scan_phase") or "core",
                                        slots.get("skipped_slots") or [])
        if requested in remaining:
            return requested
        return remaining[0] if remaining else None


class AskQuestion(Action):
    """Asks one profile question in the conversation's language, with quick replies."""

    slot: str = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        lang = lang_of(tracker)
        say(dispatcher, f"ask_{self.slot}", lang, buttons=question_buttons(self.slot, lang))
        return []


# One ask action per profile slot (action_ask_employees, action_ask_home_region, ...).
for _slot in PROFILE_SLOTS:
    globals()[f"AskQuestion_{_slot}"] = type(f"AskQuestion_{_slot}", (AskQuestion,),
                                             {"slot": _slot})
