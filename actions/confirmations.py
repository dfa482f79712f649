"""Questions that need a yes or no (start the scan, start over, forget me, a person, the deeper
round, a contradiction, the report) and what the reply does. `wereldwijs.core.conversation`
decides (`reply`, then `resolve` for a yes or no); this module carries it out. Every reply to a
pending confirmation reaches `action_resolve_confirmation`, in the intake or not
(rasa_plugins/policy.py routes it there); during the intake the form stays active and asks its
question, or the confirmation still pending, right after.
"""

from __future__ import annotations

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, EventType, FollowupAction, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.handoff import resolve_contact
from actions.intake_form import classification_after, follow_request, intake_events
from actions.pending import ask_confirmation, ask_pending, contradiction_values, pending_events
from actions.replies import say, start_buttons
from actions.report import send_report
from actions.scan import note_facts, refreshed
from actions.tracker import (
    in_intake,
    intent_of,
    lang_of,
    slot_changes,
    slots_of,
    turn_of,
)
from wereldwijs.core import conversation as talk
from wereldwijs.vocabulary import FORM, MAX_MESSAGE_CHARS


class ActionRequestConfirmation(Action):
    """forget_me / ask_human outside the intake: ask first."""

    def name(self) -> str:
        return "action_request_confirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        pending = talk.CONFIRMATION_OF.get(intent_of(tracker)[0])
        return ask_confirmation(dispatcher, tracker, pending) if pending else []


class ActionRestart(Action):
    """Overrides Rasa's default `action_restart` (run for intent restart outside the intake):
    starting over clears the profile, so it is confirmed first."""

    def name(self) -> str:
        return "action_restart"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        return ask_confirmation(dispatcher, tracker, "restart")


class ActionResolveConfirmation(Action):
    """The reply to a pending confirmation (or a yes or no with nothing pending)."""

    def name(self) -> str:
        return "action_resolve_confirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        turn = turn_of(tracker)
        if turn.pending == "contact":  # an open question, not a yes/no (actions/handoff.py)
            events = resolve_contact(dispatcher, tracker)
            if events is not None:
                return events
        if not turn.pending:
            yes = intent_of(tracker)[0] == "affirm"
            outcome = talk.resolve(None, yes, tracker.get_slot("scan_phase"))
            return outcome_events(outcome, dispatcher, tracker)
        return carry_out_reply(talk.reply(turn), dispatcher, tracker)


def carry_out_reply(
    decision: talk.Decision, dispatcher: CollectingDispatcher, tracker: Tracker
) -> List[EventType]:
    lang, intake, kind = lang_of(tracker), in_intake(tracker), decision.kind
    if kind in (talk.YES, talk.NO, talk.GIVE_UP):
        if decision.say:
            say(dispatcher, decision.say, lang)
        noted = note_facts(dispatcher, tracker, decision)
        outcome = talk.resolve(
            tracker.get_slot("pending_confirmation"),
            kind == talk.YES,
            tracker.get_slot("scan_phase"),
        )
        return noted + outcome_events(outcome, dispatcher, tracker)
    if kind in (talk.TAKE, talk.NOTE) and intake:  # an answer to the open question
        return pending_events(None) + intake_events(decision, dispatcher, tracker)
    if kind == talk.HAND_OVER:  # goodbye: the answers stay
        say(dispatcher, "goodbye", lang)
        return pending_events(None) + ([ActiveLoop(None)] if intake else [])
    if kind == talk.NOTE:  # facts told outside the intake: noted, the question waits
        events = refreshed(note_facts(dispatcher, tracker, decision), dispatcher, tracker)
    elif kind == talk.REQUEST:
        events = follow_request(decision, dispatcher, tracker, None)
    else:  # AGAIN: neither yes nor no
        if decision.say:
            say(dispatcher, decision.say, lang, max_chars=MAX_MESSAGE_CHARS)
        events = [SlotSet("confirmation_retries", float(decision.tries))]
    if not intake and slots_of(tracker, slot_changes(events)).get("pending_confirmation"):
        ask_pending(dispatcher, tracker, slot_changes(events))  # in the intake the form asks
    return events


def outcome_events(
    outcome: talk.Outcome, dispatcher: CollectingDispatcher, tracker: Tracker
) -> List[EventType]:
    """What a yes or no does, as texts and events."""
    lang, slots = lang_of(tracker), slots_of(tracker)
    values = contradiction_values(slots, lang) if slots.get("pending_fact") else {}
    if outcome.say:
        buttons = start_buttons(lang) if outcome.start_buttons else None
        say(dispatcher, outcome.say, lang, buttons=buttons, **values)
    if outcome.then == talk.ERASE:
        # Restarted ends the conversation; the tracker store drops its stored events.
        return [AllSlotsReset(), Restarted(), SlotSet("language", lang)]
    events: List[EventType] = pending_events(None)
    if outcome.reset:
        events += [SlotSet(slot, value) for slot, value in talk.RESTART_SLOTS.items()]
    if outcome.apply_fact:
        fact = [SlotSet(slot, value) for slot, value in (slots.get("pending_fact") or {}).items()]
        changes = slot_changes(fact)
        events += fact + (classification_after(tracker, changes) if in_intake(tracker) else [])
        events = events if in_intake(tracker) else refreshed(events, dispatcher, tracker)
    events += [SlotSet(slot, value) for slot, value in outcome.sets.items()]
    return events + then(outcome.then, dispatcher, tracker)


def then(step: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """What runs after an outcome's texts. In the intake the form simply goes on."""
    if step == talk.INTAKE and not in_intake(tracker):
        return [FollowupAction(FORM)]
    if step == talk.HANDOFF:
        return [FollowupAction("action_handoff_to_advisor")]
    if step == talk.REPORT:
        return send_report(dispatcher, tracker)
    return []
