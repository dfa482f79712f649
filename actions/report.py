"""What the bot understood, on request, and the firm's report: a link to it (page and PDF), served
by the Rasa server's report channel (rasa_plugins/channels/report.py)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from typing import Any, Dict, List, Mapping

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.advice import classification_events
from actions.replies import say, start_buttons
from actions.tracker import lang_of, profile_of
from wereldwijs.core.classify import classify
from wereldwijs.desk.store import database_url, engine_for
from wereldwijs.report import links
from wereldwijs.wording.catalogue import text
from wereldwijs.wording.report import profile_summary

logger = logging.getLogger(__name__)


class ActionProfileSummary(Action):
    def name(self) -> str:
        return "action_profile_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        dispatcher.utter_message(text=profile_summary(profile_of(tracker), lang_of(tracker)))
        return []


def report_link(sender_id: str, env: Mapping[str, str], now: float = None) -> Dict[str, Any]:
    """Signed page and PDF addresses of this conversation's report, and when they expire."""
    now = time.time() if now is None else now
    expires = int(now + links.lifetime_hours(env) * 3600)
    secret = links.report_secret(env, engine_for(database_url(env)))
    urls = links.report_urls(links.public_url(env), links.make_token(sender_id, expires, secret))
    return {**urls, "expires": expires}


def link_card(link: Dict[str, Any], lang: str) -> Dict[str, Any]:
    """A Teams activity with a hero card: the report's title and a button that opens the PDF."""
    card = {
        "title": text("report_link_title", lang),
        "text": text("report_link_card", lang),
        "buttons": [
            {"type": "openUrl", "title": text("report_link_pdf", lang), "value": link["pdf"]},
            {"type": "openUrl", "title": text("report_link_page", lang), "value": link["html"]},
        ],
    }
    return {
        "type": "message",
        "attachments": [{"contentType": "application/vnd.microsoft.card.hero", "content": card}],
    }


def link_attachment(link: Dict[str, Any], lang: str) -> Dict[str, Any]:
    """For the web page (download button) and Slack (a legacy attachment linking the PDF; the
    Slack channel also uploads the PDF itself, named ``filename``)."""
    return {
        "type": "report",
        "fallback": text("report_link_title", lang),
        "title": text("report_link_title", lang),
        "title_link": link["pdf"],
        "pdf": link["pdf"],
        "html": link["html"],
        "button": text("report_link_pdf", lang),
        "filename": text("report_file_name", lang),
    }


def send_report(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """The reply to a report request, wherever it is made (the one home of that reply)."""
    lang = lang_of(tracker)
    profile = profile_of(tracker)
    if profile.is_blank():
        say(dispatcher, "report_empty", lang, buttons=start_buttons(lang))
        return []
    classification = classify(profile)
    try:
        link = report_link(tracker.sender_id, os.environ)
    except Exception as error:  # no database: the user still gets what the bot understood
        logger.error("Report link could not be made: %s", type(error).__name__)
        dispatcher.utter_message(text=text("report_link_failed", lang))
        dispatcher.utter_message(text=profile_summary(profile, lang))
        return classification_events(classification)
    until = dt.datetime.fromtimestamp(link["expires"]).strftime("%d-%m-%Y %H:%M")
    dispatcher.utter_message(
        text=text("report_link_ready", lang, html=link["html"], pdf=link["pdf"], until=until)
    )
    channel = tracker.get_latest_input_channel()
    if channel in ("botframework", "teams"):
        dispatcher.utter_message(json_message=link_card(link, lang))
    elif channel in ("socketio", "slack"):
        dispatcher.utter_message(attachment=link_attachment(link, lang))
    return classification_events(classification)


class ActionGetReport(Action):
    def name(self) -> str:
        return "action_get_report"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        return send_report(dispatcher, tracker)
