"""rasa-sdk adapters for the advisor's brain: classify, advise, explain, organisations.

Thin on purpose: tracker -> FirmProfile -> wereldwijs -> dispatcher messages and SlotSet events.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import say
from actions.tracker import lang_of, latest_text, profile_of, requested_org
from wereldwijs import knowledge
from wereldwijs.core.classify import Classification, classify
from wereldwijs.vocabulary import DETAILS_SLOT, FirmProfile
from wereldwijs.wording.advice import (
    compose_advice,
    compose_details,
    org_choice_prompt,
    org_info,
    support_orgs_overview,
)
from wereldwijs.wording.catalogue import text
from wereldwijs.wording.explain import detect_topic, explain
from wereldwijs.wording.labels import org_name

# What "explain that" refers to when the message names no topic: the last advice action's subject.
LAST_TOPIC_OF_ACTION = {
    "action_give_advice": "expansion_strategy",
    "action_advice_details": "answers",
    "action_classify": "positioning",
    "action_support_orgs": "recommended_orgs",
    "action_org_info": "recommended_orgs",
}


def classification_events(c: Classification) -> List[EventType]:
    """The classification as SlotSet events (positioning, stage, ..., recommended_orgs)."""
    return [SlotSet(name, value) for name, value in c.as_slots().items()]


def last_advice_topic(tracker: Tracker) -> Optional[str]:
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") in LAST_TOPIC_OF_ACTION:
            return LAST_TOPIC_OF_ACTION[event["name"]]
    return None


def _button_title(org_id: str) -> str:
    name = org_name(org_id)
    return name if len(name) <= 40 else knowledge.organisation(org_id)["short"]


def more_button(lang: str) -> List[Dict[str, str]]:
    return [{"title": text("button_more", lang), "payload": "/ask_details"}]


def give_advice(
    dispatcher: CollectingDispatcher, profile: FirmProfile, lang: str
) -> List[EventType]:
    """Classify, send the short advice messages (the last one offers the details), and return
    the classification slots; the details start again from the first section."""
    c = classify(profile)
    messages = compose_advice(profile, c, lang)
    for message in messages[:-1]:
        dispatcher.utter_message(text=message)
    dispatcher.utter_message(text=messages[-1], buttons=more_button(lang))
    return classification_events(c) + [SlotSet(DETAILS_SLOT, 0.0)]


def give_details(
    dispatcher: CollectingDispatcher, profile: FirmProfile, lang: str, shown: int
) -> List[EventType]:
    """The next section of the details; the button again while more remain."""
    sections = compose_details(profile, classify(profile), lang)
    if shown >= len(sections):
        dispatcher.utter_message(text=text("details_done", lang))
        return []
    messages = sections[shown]
    more = shown + 1 < len(sections)
    for index, message in enumerate(messages):
        last = index == len(messages) - 1
        dispatcher.utter_message(text=message, buttons=more_button(lang) if last and more else [])
    return [SlotSet(DETAILS_SLOT, float(shown + 1))]


def offer_scan(dispatcher: CollectingDispatcher, lang: str) -> List[EventType]:
    """Before any profile exists: offer the scan (a "yes" then starts it)."""
    say(
        dispatcher,
        "offer_scan",
        lang,
        buttons=[{"title": text("button_start_scan", lang), "payload": "/start_scan"}],
    )
    return [SlotSet("pending_confirmation", "start")]


class ActionClassify(Action):
    def name(self) -> Text:
        return "action_classify"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        return classification_events(classify(profile_of(tracker)))


class ActionGiveAdvice(Action):
    def name(self) -> Text:
        return "action_give_advice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        return give_advice(dispatcher, profile_of(tracker), lang_of(tracker))


class ActionAdviceDetails(Action):
    """ "Vertel meer": the next part of the details, or the scan when there is no advice yet."""

    def name(self) -> Text:
        return "action_advice_details"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        lang, profile = lang_of(tracker), profile_of(tracker)
        if profile.is_blank():
            say(dispatcher, "details_before_advice", lang)
            return offer_scan(dispatcher, lang)
        shown = int(float(tracker.get_slot(DETAILS_SLOT) or 0))
        return give_details(dispatcher, profile, lang, shown)


class ActionExplain(Action):
    def name(self) -> Text:
        return "action_explain"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        topic = detect_topic(latest_text(tracker)) or last_advice_topic(tracker)
        dispatcher.utter_message(text=explain(topic, profile_of(tracker), None, lang_of(tracker)))
        return []


class ActionSupportOrgs(Action):
    def name(self) -> Text:
        return "action_support_orgs"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        profile, lang = profile_of(tracker), lang_of(tracker)
        known = not profile.is_blank()
        dispatcher.utter_message(text=support_orgs_overview(lang, profile if known else None))
        return [] if known else offer_scan(dispatcher, lang)


class ActionOrgInfo(Action):
    def name(self) -> Text:
        return "action_org_info"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        lang = lang_of(tracker)
        org_id = requested_org(tracker)
        if org_id is None:
            buttons = [
                {
                    "title": _button_title(o),
                    "payload": "/ask_org_info" + json.dumps({"organisation": o}),
                }
                for o in knowledge.organisation_ids()
            ]
            dispatcher.utter_message(text=org_choice_prompt(lang), buttons=buttons)
            return []
        profile = profile_of(tracker)
        known = not profile.is_blank()
        dispatcher.utter_message(text=org_info(org_id, lang, profile if known else None))
        return [] if known else offer_scan(dispatcher, lang)
