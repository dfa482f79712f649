"""The scan around the intake: starting it, facts told outside it, what to offer after advice."""

from __future__ import annotations

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.advice import give_advice
from actions.intake_form import taken
from actions.pending import ask_pending, pending_events
from actions.replies import say, start_buttons, yes_no_buttons
from actions.tracker import lang_of, profile_of, slot_changes, turn_of
from wereldwijs.core import conversation as talk


def note_facts(
    dispatcher: CollectingDispatcher, tracker: Tracker, decision: talk.Decision
) -> List[EventType]:
    """Facts told outside the intake, as the decision allows: new ones noted (and said), a
    contradiction of an earlier answer put back to the person first."""
    events = taken(decision, dispatcher, lang_of(tracker)) if decision.facts else []
    if decision.confirm:
        opened = pending_events(decision.confirm, decision.conflict)
        ask_pending(dispatcher, tracker, slot_changes(events + opened))
        events += opened
    return events


def facts_in_message(tracker: Tracker) -> talk.Decision:
    return talk.note(turn_of(tracker))


def refreshed(
    events: List[EventType], dispatcher: CollectingDispatcher, tracker: Tracker
) -> List[EventType]:
    """After advice was given, new answers recompute it, so the slots reflect every answer."""
    changes = slot_changes(events)
    if not tracker.get_slot("advice_given") or not set(changes) & set(
        profile_of(tracker).as_slots()
    ):
        return events
    say(dispatcher, "advice_updated", lang_of(tracker))
    return events + give_advice(dispatcher, profile_of(tracker, changes), lang_of(tracker))


class ActionStartScan(Action):
    def name(self) -> str:
        return "action_start_scan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        lang = lang_of(tracker)
        say(dispatcher, "scan_intro" if profile_of(tracker).is_blank() else "scan_resume", lang)
        events: List[EventType] = pending_events(None)
        if not tracker.get_slot("scan_phase"):
            events.append(SlotSet("scan_phase", "core"))
        return events + note_facts(dispatcher, tracker, facts_in_message(tracker))


class ActionNoteFacts(Action):
    """A fact about the firm outside the intake: note it, and refresh advice already given."""

    def name(self) -> str:
        return "action_note_facts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        lang = lang_of(tracker)
        decision = facts_in_message(tracker)
        if not decision.facts and not decision.confirm:
            say(dispatcher, "inform_outside", lang, buttons=start_buttons(lang))
            return []
        return refreshed(note_facts(dispatcher, tracker, decision), dispatcher, tracker)


class ActionOfferNext(Action):
    """After advice: offer the deeper round, then an advisor."""

    def name(self) -> str:
        return "action_offer_next"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        lang = lang_of(tracker)
        offer = talk.next_offer(tracker.get_slot("scan_phase"))
        say(dispatcher, offer.say, lang, buttons=yes_no_buttons(lang))
        return (
            [SlotSet("advice_given", True)]
            + pending_events(offer.pending)
            + [SlotSet(slot, value) for slot, value in offer.sets.items()]
        )
