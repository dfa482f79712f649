"""Hand-off to a human advisor: with the user's consent, the summary (in the advisors' language,
``ADVISOR_LANGUAGE``, default nl) is kept on the advisor desk (a table in the conversations'
database, so a hand-off always has somewhere to go) and posted to Slack/Teams when configured
(`actions.advisor_delivery`). Then the bot asks, with consent, how an advisor may reach the person
(`wereldwijs.core.contact` decides; the contact is shown only on the desk)."""

from __future__ import annotations

import logging
import os
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.advisor_delivery import advisor_targets
from actions.pending import pending_events
from actions.tracker import intent_of, lang_of, latest_text, profile_of
from wereldwijs.core import contact
from wereldwijs.core.classify import classify
from wereldwijs.core.conversation import read
from wereldwijs.desk import store
from wereldwijs.settings import advisor_language
from wereldwijs.wording.catalogue import text
from wereldwijs.wording.report import advisor_summary

logger = logging.getLogger(__name__)


def advisor_message(tracker: Tracker, lang: str) -> str:
    profile = profile_of(tracker)
    header = text(
        "handoff_advisor_header",
        lang,
        reference=tracker.sender_id,
        channel=tracker.get_latest_input_channel() or "?",
    )
    return f"{header}\n\n{advisor_summary(profile, classify(profile), lang)}"


def desk_engine(env=None):
    return store.engine_for(store.database_url(env if env is not None else os.environ))


def keep_on_desk(tracker: Tracker, summary: str, lang: str) -> bool:
    try:
        store.add_handoff(
            desk_engine(),
            tracker.sender_id,
            summary,
            lang,
            consent=True,
            channel=tracker.get_latest_input_channel(),
        )
        return True
    except Exception as error:  # no database: Slack/Teams may still take it
        logger.error("Hand-off could not be kept for the desk: %s", type(error).__name__)
        return False


def contact_buttons(lang: str) -> List[Dict[str, str]]:
    return [{"title": text("contact_button_none", lang), "payload": "/deny"}]


class ActionHandoffToAdvisor(Action):
    def name(self) -> Text:
        return "action_handoff_to_advisor"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        lang = lang_of(tracker)
        if tracker.get_slot("handoff_consent") is not True:
            dispatcher.utter_message(text=text("handoff_no_consent", lang))
            return [SlotSet("handoff_consent", False)]

        env = dict(os.environ)
        targets = advisor_targets(env)
        try:
            message = advisor_message(tracker, advisor_language(env))
        except Exception as error:  # a summary bug must not leave the user without an answer
            logger.error("Advisor summary could not be built: %s", type(error).__name__)
            message = None
        on_desk = bool(message) and keep_on_desk(tracker, message, advisor_language(env))
        delivered: List[str] = []
        if message:
            for name, post in targets.items():
                if await post(message, env):
                    delivered.append(name)
        logger.info(
            "Advisor hand-off: desk %s, delivered to %d of %d channel(s).",
            "yes" if on_desk else "no",
            len(delivered),
            len(targets),
        )
        done = on_desk or bool(delivered)
        if not done:
            dispatcher.utter_message(
                text=text("handoff_failed", lang),
                buttons=[{"title": text("handoff_report_button", lang), "payload": "/get_report"}],
            )
            return [SlotSet("handoff_consent", False), SlotSet("handoff_done", False)]
        dispatcher.utter_message(
            text=text("handoff_sent" if delivered else "handoff_sent_desk", lang)
        )
        events: List[EventType] = [SlotSet("handoff_consent", False), SlotSet("handoff_done", True)]
        if on_desk:  # the contact goes only to the desk
            dispatcher.utter_message(
                text=text("confirm_contact", lang), buttons=contact_buttons(lang)
            )
            events += pending_events("contact")
        return events


def resolve_contact(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> Optional[List[EventType]]:
    """The reply to "how may an advisor reach you?"; None when it is a request to carry out."""
    lang, message = lang_of(tracker), latest_text(tracker)
    intent, confidence = intent_of(tracker)
    reading = read(None, message, lang, profile_of(tracker))
    tries = int(tracker.get_slot("confirmation_retries") or 0)
    reply = contact.contact_reply(message, reading.yes_no, intent, confidence, tries)
    if reply.kind == contact.REQUEST:
        return None
    if reply.kind == contact.AGAIN:
        dispatcher.utter_message(text=text(reply.say, lang), buttons=contact_buttons(lang))
        return [SlotSet("confirmation_retries", float(reply.tries))]
    if reply.kind == contact.TAKE:
        try:
            kept = store.set_contact(
                desk_engine(), tracker.sender_id, reply.contact_kind, reply.value
            )
        except Exception as error:
            logger.error("Contact could not be kept for the desk: %s", type(error).__name__)
            kept = False
        say = (
            text("contact_noted", lang, contact=reply.value)
            if kept
            else text("handoff_failed", lang)
        )
        dispatcher.utter_message(text=say)
    else:
        dispatcher.utter_message(text=text(reply.say, lang))
    return pending_events(None)
