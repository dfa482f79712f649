"""Hand-off to a human advisor: with the user's consent, post a summary to the advisors' channel(s)
(`actions.advisor_delivery`), in the advisors' language (``ADVISOR_LANGUAGE``, default nl)."""

from __future__ import annotations

import logging
import os
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.advisor_delivery import advisor_targets
from actions.tracker import lang_of, profile_of
from wereldwijs.core.classify import classify
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
        delivered: List[str] = []
        if targets:
            try:
                message = advisor_message(tracker, advisor_language(env))
            except Exception as error:  # a summary bug must not leave the user without an answer
                logger.error("Advisor summary could not be built: %s", type(error).__name__)
                message = None
            if message:
                for name, post in targets.items():
                    if await post(message, env):
                        delivered.append(name)
            logger.info(
                "Advisor hand-off: delivered to %d of %d channel(s).", len(delivered), len(targets)
            )

        if delivered:
            dispatcher.utter_message(text=text("handoff_sent", lang))
        else:
            key = "handoff_failed" if targets else "handoff_unavailable"
            dispatcher.utter_message(
                text=text(key, lang),
                buttons=[{"title": text("handoff_report_button", lang), "payload": "/get_report"}],
            )
        return [SlotSet("handoff_consent", False), SlotSet("handoff_done", bool(delivered))]
