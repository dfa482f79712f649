"""The scan around the intake: starting it, facts told outside it, what to offer after advice."""

from __future__ import annotations

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.advice import give_advice
from actions.replies import say, start_buttons, yes_no_buttons
from actions.tracker import lang_of, latest_text, profile_of
from wereldwijs.core import conversation as talk
from wereldwijs.reading.facts import extract_facts
from wereldwijs.vocabulary import PROFILE_SLOTS
from wereldwijs.wording.labels import describe_all


class ActionStartScan(Action):
    def name(self) -> str:
        return "action_start_scan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        lang = lang_of(tracker)
        say(dispatcher, "scan_intro" if profile_of(tracker).is_blank() else "scan_resume", lang)
        events: List[EventType] = [SlotSet("pending_confirmation", None)]
        if not tracker.get_slot("scan_phase"):
            events.append(SlotSet("scan_phase", "core"))
        return events + note_facts(dispatcher, tracker, lang)


def note_facts(dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> List[EventType]:
    """Fill every profile slot the message supports and tell the user what was noted."""
    facts = {
        k: v
        for k, v in extract_facts(latest_text(tracker), lang).items()
        if k in PROFILE_SLOTS and v is not None
    }
    if not facts:
        return []
    say(dispatcher, "noted_facts", lang, facts=describe_all(facts, lang))
    return [SlotSet(k, v) for k, v in facts.items()]


class ActionNoteFacts(Action):
    """A fact about the firm outside the intake: note it, and refresh advice already given."""

    def name(self) -> str:
        return "action_note_facts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        lang = lang_of(tracker)
        events = note_facts(dispatcher, tracker, lang)
        if not events:
            say(dispatcher, "inform_outside", lang, buttons=start_buttons(lang))
            return []
        if not tracker.get_slot("advice_given"):
            return events
        # advice was given: recompute it with the new facts, so the slots reflect every answer
        say(dispatcher, "advice_updated", lang)
        changes = {e["name"]: e["value"] for e in events}
        return events + give_advice(dispatcher, profile_of(tracker, changes), lang)


class ActionOfferNext(Action):
    """After advice: offer the deeper round, or (after it) an advisor."""

    def name(self) -> str:
        return "action_offer_next"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        lang = lang_of(tracker)
        offer = talk.next_offer(tracker.get_slot("scan_phase"))
        say(dispatcher, offer.say, lang, buttons=yes_no_buttons(lang))
        return [SlotSet("advice_given", True), SlotSet("pending_confirmation", offer.pending)] + [
            SlotSet(slot, value) for slot, value in offer.sets.items()
        ]
