"""rasa-sdk adapters for the advisor's brain: classify, advise, explain, organisations.

Thin on purpose: tracker -> FirmProfile -> actions.core -> dispatcher messages and SlotSet events.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import offer_scan
from actions.core import knowledge
from actions.core.advise import compose_advice, org_choice_prompt, org_info, org_name, support_orgs_overview
from actions.core.classify import Classification, classify
from actions.core.explain import detect_topic, explain
from actions.core.profile import DEFAULT_LANGUAGE, LANGUAGES, ORGANISATIONS, FirmProfile

# What "explain that" refers to when the message names no topic: the last advice action's subject.
LAST_TOPIC_OF_ACTION = {"action_give_advice": "expansion_strategy", "action_classify": "positioning",
                        "action_support_orgs": "recommended_orgs", "action_org_info": "recommended_orgs"}


def _lang(tracker: Tracker) -> str:
    lang = tracker.get_slot("language")
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def _profile(tracker: Tracker) -> FirmProfile:
    return FirmProfile.from_slots(tracker.current_slot_values())


def _slot_events(c: Classification) -> List[EventType]:
    return [SlotSet(name, value) for name, value in c.as_slots().items()]


def last_advice_topic(tracker: Tracker) -> Optional[str]:
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") in LAST_TOPIC_OF_ACTION:
            return LAST_TOPIC_OF_ACTION[event["name"]]
    return None


def requested_org(tracker: Tracker) -> Optional[str]:
    """The organisation id from the latest message's entity (or the slot, if the domain has one)."""
    for value in list(tracker.get_latest_entity_values("organisation")) + [tracker.get_slot("organisation")]:
        if value in ORGANISATIONS:
            return value
    return None


def _button_title(org_id: str, lang: str) -> str:
    name = org_name(org_id, lang)
    return name if len(name) <= 40 else knowledge.organisation(org_id)["short"]


class ActionClassify(Action):
    def name(self) -> Text:
        return "action_classify"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        return _slot_events(classify(_profile(tracker)))


class ActionGiveAdvice(Action):
    def name(self) -> Text:
        return "action_give_advice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        profile = _profile(tracker)
        c = classify(profile)
        for message in compose_advice(profile, c, _lang(tracker)):
            dispatcher.utter_message(text=message)
        return _slot_events(c)


class ActionExplain(Action):
    def name(self) -> Text:
        return "action_explain"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        message = (tracker.latest_message or {}).get("text") or ""
        topic = detect_topic(message) or last_advice_topic(tracker)
        dispatcher.utter_message(text=explain(topic, _profile(tracker), None, _lang(tracker)))
        return []


class ActionSupportOrgs(Action):
    def name(self) -> Text:
        return "action_support_orgs"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        profile = _profile(tracker)
        known = any(value is not None for value in profile.as_slots().values())
        dispatcher.utter_message(text=support_orgs_overview(_lang(tracker), profile if known else None))
        return [] if known else offer_scan(dispatcher, _lang(tracker))


class ActionOrgInfo(Action):
    def name(self) -> Text:
        return "action_org_info"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        lang = _lang(tracker)
        org_id = requested_org(tracker)
        if org_id is None:
            buttons = [{"title": _button_title(o, lang), "payload": "/ask_org_info" + json.dumps({"organisation": o})}
                       for o in knowledge.organisation_ids()]
            dispatcher.utter_message(text=org_choice_prompt(lang), buttons=buttons)
            return []
        profile = _profile(tracker)
        known = any(value is not None for value in profile.as_slots().values())
        dispatcher.utter_message(text=org_info(org_id, lang, profile if known else None))
        return [] if known else offer_scan(dispatcher, lang)
