"""Conversation actions outside the intake questions: welcome, help, confirmations, scan phases."""
from __future__ import annotations

from typing import Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import (ActiveLoop, AllSlotsReset, EventType, FollowupAction, Restarted,
                             SlotSet, UserUtteranceReverted)
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.advice_actions import give_advice
from actions.common import (classification_events, intent_of, lang_of, latest_text, profile_of,
                            say)
from actions.core.classify import classify
from actions.core.facts import extract_facts
from actions.core.guard import MAX_MESSAGE_CHARS, message_problem
from actions.core.language import other_language
from actions.core.profile import PROFILE_SLOTS, FirmProfile
from actions.core.report import advisor_summary, profile_summary
from actions.core.texts import text
from actions.form import describe

CLASSIFICATION_SLOTS = ("positioning", "intl_type", "stage", "export_scope", "pace", "stimulus",
                        "entrepreneur_profile", "expansion_strategy", "recommended_orgs")
FORM = "profile_form"


def yes_no_buttons(lang: str) -> List[Dict[str, str]]:
    return [{"title": text("button_yes", lang), "payload": "/affirm"},
            {"title": text("button_no", lang), "payload": "/deny"}]


def start_buttons(lang: str) -> List[Dict[str, str]]:
    return [{"title": text("button_start_scan", lang), "payload": "/start_scan"},
            {"title": text("button_support_orgs", lang), "payload": "/ask_support_orgs"},
            {"title": text("button_help", lang), "payload": "/help"}]


class TextAction(Action):
    """Says one catalogue text; subclasses set the action name and the text key."""

    action_name = ""
    key = ""

    def name(self) -> str:
        return self.action_name

    def buttons(self, lang: str, tracker: Tracker) -> List[Dict[str, str]]:
        return []

    def events(self, tracker: Tracker) -> List[EventType]:
        return []

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        lang = lang_of(tracker)
        say(dispatcher, self.key, lang, buttons=self.buttons(lang, tracker))
        return self.events(tracker)


class ActionGreet(TextAction):
    action_name, key = "action_greet", "greet"

    def buttons(self, lang, tracker):
        return start_buttons(lang)

    def events(self, tracker):
        return [SlotSet("pending_confirmation", "start")]


class ActionGoodbye(TextAction):
    action_name, key = "action_goodbye", "goodbye"


class ActionThank(TextAction):
    action_name, key = "action_thank", "thank"


class ActionHelp(TextAction):
    action_name, key = "action_help", "help"

    def buttons(self, lang, tracker):
        return start_buttons(lang)


class ActionBotChallenge(TextAction):
    action_name, key = "action_bot_challenge", "bot_challenge"


class ActionOutOfScope(TextAction):
    action_name, key = "action_out_of_scope", "out_of_scope"

    def buttons(self, lang, tracker):
        return start_buttons(lang)


class ActionDontKnow(TextAction):
    action_name, key = "action_dont_know", "dont_know_outside"


class ActionAskWhy(TextAction):
    action_name, key = "action_ask_why", "why_outside"


class ActionSwitchLanguage(TextAction):
    action_name, key = "action_switch_language", "language_switched"


class ActionDefaultFallback(Action):
    """Low NLU confidence, an empty or oversized message, or no rule: say so and ask to
    rephrase, without changing the conversation state."""

    def name(self) -> str:
        return "action_default_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        lang = lang_of(tracker)
        message = latest_text(tracker)
        problem = message_problem(message)
        if problem:
            say(dispatcher, f"message_{problem}", lang, max_chars=MAX_MESSAGE_CHARS)
        elif other_language(message):
            say(dispatcher, "other_language", lang)
        else:
            buttons = [] if tracker.active_loop.get("name") else start_buttons(lang)
            say(dispatcher, "fallback", lang, buttons=buttons)
        return [UserUtteranceReverted()]


class ActionStartScan(Action):
    def name(self) -> str:
        return "action_start_scan"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        lang = lang_of(tracker)
        started = any(tracker.get_slot(s) is not None for s in PROFILE_SLOTS)
        say(dispatcher, "scan_resume" if started else "scan_intro", lang)
        events: List[EventType] = [SlotSet("pending_confirmation", None)]
        if not tracker.get_slot("scan_phase"):
            events.append(SlotSet("scan_phase", "core"))
        return events + note_facts(dispatcher, tracker, lang)


def note_facts(dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[EventType]:
    """Fill every profile slot the message supports and tell the user what was noted."""
    facts = {k: v for k, v in extract_facts(latest_text(tracker), lang).items()
             if k in PROFILE_SLOTS and v is not None}
    if not facts:
        return []
    say(dispatcher, "noted_facts", lang,
        facts="; ".join(describe(k, v, lang) for k, v in facts.items()))
    return [SlotSet(k, v) for k, v in facts.items()]


class ActionNoteFacts(Action):
    """A fact about the firm outside the intake: note it, and refresh advice already given."""

    def name(self) -> str:
        return "action_note_facts"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        lang = lang_of(tracker)
        events = note_facts(dispatcher, tracker, lang)
        if not events:
            say(dispatcher, "inform_outside", lang, buttons=start_buttons(lang))
            return []
        if not tracker.get_slot("advice_given"):
            return events
        # advice was given: recompute it with the new facts, so the slots reflect every answer
        slots = dict(tracker.current_slot_values())
        slots.update({e["name"]: e["value"] for e in events})
        say(dispatcher, "advice_updated", lang)
        return events + give_advice(dispatcher, FirmProfile.from_slots(slots), lang)


class ActionRequestConfirmation(Action):
    """forget_me / ask_human: ask first, remember whether to resume the intake."""

    def name(self) -> str:
        return "action_request_confirmation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        intent, _ = intent_of(tracker)
        pending = {"restart": "restart", "forget_me": "forget_me", "ask_human": "handoff"}.get(intent)
        return ask_confirmation(dispatcher, tracker, pending) if pending else []


class ActionRestart(Action):
    """Overrides Rasa's default `action_restart` (run by the default rule for intent restart):
    starting over clears the profile, so it is confirmed first."""

    def name(self) -> str:
        return "action_restart"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        events = ask_confirmation(dispatcher, tracker, "restart")
        if tracker.active_loop.get("name"):
            events.append(ActiveLoop(None))
        return events


def ask_confirmation(dispatcher: CollectingDispatcher, tracker: Tracker,
                     pending: str) -> List[EventType]:
    lang = lang_of(tracker)
    in_form = tracker.active_loop.get("name") == FORM
    say(dispatcher, f"confirm_{pending}", lang, buttons=yes_no_buttons(lang))
    return [SlotSet("pending_confirmation", pending), SlotSet("resume_form", in_form)]


class ActionResolveConfirmation(Action):
    """affirm / deny: carry out or drop what is pending, then pick up the intake if it was open."""

    def name(self) -> str:
        return "action_resolve_confirmation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        lang = lang_of(tracker)
        intent, _ = intent_of(tracker)
        yes = intent == "affirm"
        pending = tracker.get_slot("pending_confirmation")
        events: List[EventType] = [SlotSet("pending_confirmation", None),
                                   SlotSet("resume_form", None)]
        resume = [FollowupAction(FORM)] if tracker.get_slot("resume_form") else []

        if pending == "start" or (pending is None and yes and not tracker.get_slot("scan_phase")):
            if yes:
                say(dispatcher, "scan_intro", lang)
                return events + [SlotSet("scan_phase", "core"), FollowupAction(FORM)]
            say(dispatcher, "start_declined", lang, buttons=start_buttons(lang))
            return events
        if pending == "restart":
            if yes:
                say(dispatcher, "restart_done", lang)
                return (events + [SlotSet(s, None) for s in PROFILE_SLOTS + CLASSIFICATION_SLOTS]
                        + [SlotSet("requested_slot", None), SlotSet("skipped_slots", []),
                           SlotSet("answer_retries", 0.0),
                           SlotSet("scan_phase", "core"), SlotSet("advice_given", False),
                           SlotSet("handoff_done", False), FollowupAction(FORM)])
            say(dispatcher, "cancelled_continue", lang)
            return events + resume
        if pending == "forget_me":
            if yes:
                say(dispatcher, "forget_done", lang)
                # Restarted ends the conversation; the tracker store drops its stored events.
                return [AllSlotsReset(), Restarted(), SlotSet("language", lang)]
            say(dispatcher, "cancelled_continue", lang)
            return events + resume
        if pending == "handoff":
            if yes:
                return events + [SlotSet("handoff_consent", True),
                                 FollowupAction("action_handoff_to_advisor")]
            say(dispatcher, "handoff_declined", lang)
            return events + resume
        if pending == "deeper":
            if yes:
                say(dispatcher, "deeper_intro", lang)
                return events + [SlotSet("scan_phase", "deep"), FollowupAction(FORM)]
            say(dispatcher, "deeper_declined", lang)
            return events
        say(dispatcher, "nothing_pending", lang, buttons=start_buttons(lang))
        return events


class ActionProfileSummary(Action):
    def name(self) -> str:
        return "action_profile_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(text=profile_summary(profile_of(tracker), lang_of(tracker)))
        return []


class ActionOfferNext(Action):
    """After advice: offer the deeper round, or (after it) the report and an advisor."""

    def name(self) -> str:
        return "action_offer_next"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        lang = lang_of(tracker)
        events: List[EventType] = [SlotSet("advice_given", True)]
        if (tracker.get_slot("scan_phase") or "core") == "core":
            say(dispatcher, "offer_deeper", lang, buttons=yes_no_buttons(lang))
            return events + [SlotSet("pending_confirmation", "deeper")]
        say(dispatcher, "offer_handoff", lang, buttons=yes_no_buttons(lang))
        return events + [SlotSet("scan_phase", "done"), SlotSet("pending_confirmation", "handoff"),
                         SlotSet("resume_form", False)]


class ActionGetReport(Action):
    def name(self) -> str:
        return "action_get_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        lang = lang_of(tracker)
        profile = profile_of(tracker)
        if not any(v is not None for v in profile.as_slots().values()):
            say(dispatcher, "report_empty", lang, buttons=start_buttons(lang))
            return []
        classification = classify(profile)
        dispatcher.utter_message(text=advisor_summary(profile, classification, lang))
        return classification_events(classification)
