"""What the bot understood, and the summary for advisors, on request."""

from __future__ import annotations

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.advice import classification_events
from actions.replies import say, start_buttons
from actions.tracker import lang_of, profile_of
from wereldwijs.core.classify import classify
from wereldwijs.wording.report import advisor_summary, profile_summary


class ActionProfileSummary(Action):
    def name(self) -> str:
        return "action_profile_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        dispatcher.utter_message(text=profile_summary(profile_of(tracker), lang_of(tracker)))
        return []


def send_report(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """The reply to a report request, wherever it is made (the one home of that reply)."""
    lang = lang_of(tracker)
    profile = profile_of(tracker)
    if profile.is_blank():
        say(dispatcher, "report_empty", lang, buttons=start_buttons(lang))
        return []
    classification = classify(profile)
    dispatcher.utter_message(text=advisor_summary(profile, classification, lang))
    return classification_events(classification)


class ActionGetReport(Action):
    def name(self) -> str:
        return "action_get_report"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        return send_report(dispatcher, tracker)
