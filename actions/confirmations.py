"""Questions that need a yes or no first (start over, forget me, a person, the deeper round) and
what the answer does: `wereldwijs.core.conversation.resolve` decides, this module carries it out."""

from __future__ import annotations

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, EventType, FollowupAction, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.replies import say, start_buttons, yes_no_buttons
from actions.tracker import intent_of, lang_of
from wereldwijs.core import conversation as talk
from wereldwijs.vocabulary import FORM


def ask_confirmation(
    dispatcher: CollectingDispatcher, tracker: Tracker, pending: str
) -> List[EventType]:
    lang = lang_of(tracker)
    say(dispatcher, f"confirm_{pending}", lang, buttons=yes_no_buttons(lang))
    return [
        SlotSet("pending_confirmation", pending),
        SlotSet("resume_form", tracker.active_loop.get("name") == FORM),
    ]


class ActionRequestConfirmation(Action):
    """forget_me / ask_human: ask first, remember whether to resume the intake."""

    def name(self) -> str:
        return "action_request_confirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        pending = talk.CONFIRMATION_OF.get(intent_of(tracker)[0])
        return ask_confirmation(dispatcher, tracker, pending) if pending else []


class ActionRestart(Action):
    """Overrides Rasa's default `action_restart` (run by the default rule for intent restart):
    starting over clears the profile, so it is confirmed first."""

    def name(self) -> str:
        return "action_restart"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        events = ask_confirmation(dispatcher, tracker, "restart")
        if tracker.active_loop.get("name"):
            events.append(ActiveLoop(None))
        return events


class ActionResolveConfirmation(Action):
    """affirm / deny: carry out or drop what is pending, then pick up the intake if it was open."""

    def name(self) -> str:
        return "action_resolve_confirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        lang = lang_of(tracker)
        outcome = talk.resolve(
            tracker.get_slot("pending_confirmation"),
            intent_of(tracker)[0] == "affirm",
            tracker.get_slot("scan_phase"),
        )
        if outcome.say:
            say(
                dispatcher,
                outcome.say,
                lang,
                buttons=start_buttons(lang) if outcome.start_buttons else None,
            )
        if outcome.then == talk.ERASE:
            # Restarted ends the conversation; the tracker store drops its stored events.
            return [AllSlotsReset(), Restarted(), SlotSet("language", lang)]
        events: List[EventType] = [
            SlotSet("pending_confirmation", None),
            SlotSet("resume_form", None),
        ]
        if outcome.reset:
            events += [SlotSet(slot, value) for slot, value in talk.RESTART_SLOTS.items()]
        events += [SlotSet(slot, value) for slot, value in outcome.sets.items()]
        return events + then(outcome.then, tracker)


def then(step: str, tracker: Tracker) -> List[EventType]:
    """What runs after the outcome's texts."""
    if step == talk.INTAKE or (step == talk.RESUME and tracker.get_slot("resume_form")):
        return [FollowupAction(FORM)]
    if step == talk.HANDOFF:
        return [FollowupAction("action_handoff_to_advisor")]
    return []
