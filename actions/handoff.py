"""Hand-off to a human advisor: with the user's consent, post a summary to the advisors' channel(s).

Advisor channels come from the action server's environment (read at each run):
- Slack: ``ADVISOR_SLACK_CHANNEL`` + ``SLACK_BOT_TOKEN`` (Web API at ``SLACK_API_URL``);
- Teams: ``ADVISOR_TEAMS_WEBHOOK_URL`` (an incoming webhook);
- ``ADVISOR_LANGUAGE`` (nl|en, default nl) is the language of the summary for the advisors.
Logs name only the channel kind and the outcome, never profile data or who the user is.
"""
from __future__ import annotations

import logging
import os
from typing import Any, Awaitable, Callable, Dict, List, Mapping, Text

import aiohttp
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from actions.common import lang_of, profile_of
from actions.core.classify import classify
from actions.core.profile import DEFAULT_LANGUAGE, LANGUAGES
from actions.core.report import advisor_summary
from actions.core.texts import text

logger = logging.getLogger(__name__)
logging.getLogger("slack_sdk").setLevel(logging.INFO)  # its DEBUG logs carry message bodies

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
HTTP_TIMEOUT = 15


async def post_to_slack(message: str, env: Mapping[str, str]) -> bool:
    api_url = env.get("SLACK_API_URL") or DEFAULT_SLACK_API_URL
    client = AsyncWebClient(env["SLACK_BOT_TOKEN"], timeout=HTTP_TIMEOUT,
                            base_url=api_url if api_url.endswith("/") else api_url + "/")
    try:
        await client.chat_postMessage(channel=env["ADVISOR_SLACK_CHANNEL"], text=message,
                                      mrkdwn=True)
        return True
    except SlackApiError as error:
        logger.error("Advisor hand-off to Slack refused: %s", error.response.get("error"))
    except Exception as error:  # network errors: the user gets an honest answer instead
        logger.error("Advisor hand-off to Slack failed: %s", type(error).__name__)
    return False


def teams_card(message: str) -> Dict[str, Any]:
    """An Adaptive Card message: accepted by Teams incoming webhooks and Workflows webhooks."""
    blocks = [{"type": "TextBlock", "text": part, "wrap": True}
              for part in message.split("\n\n") if part.strip()]
    return {"type": "message", "attachments": [{
        "contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None,
        "content": {"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "type": "AdaptiveCard", "version": "1.4", "body": blocks}}]}


async def post_to_teams(message: str, env: Mapping[str, str]) -> bool:
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=HTTP_TIMEOUT)) as s:
            async with s.post(env["ADVISOR_TEAMS_WEBHOOK_URL"], json=teams_card(message)) as reply:
                if reply.status < 300:
                    return True
                logger.error("Advisor hand-off to Teams refused: HTTP %s", reply.status)
    except Exception as error:  # network errors: the user gets an honest answer instead
        logger.error("Advisor hand-off to Teams failed: %s", type(error).__name__)
    return False


def advisor_targets(env: Mapping[str, str]) -> Dict[str, Callable[[str, Mapping], Awaitable[bool]]]:
    """The advisor channels configured in ``env``, by name."""
    targets = {}
    if env.get("ADVISOR_SLACK_CHANNEL") and env.get("SLACK_BOT_TOKEN"):
        targets["Slack"] = post_to_slack
    if env.get("ADVISOR_TEAMS_WEBHOOK_URL"):
        targets["Teams"] = post_to_teams
    return targets


def advisor_language(env: Mapping[str, str]) -> str:
    lang = (env.get("ADVISOR_LANGUAGE") or DEFAULT_LANGUAGE).strip().lower()
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def advisor_message(tracker: Tracker, lang: str) -> str:
    profile = profile_of(tracker)
    header = text("handoff_advisor_header", lang, reference=tracker.sender_id,
                  channel=tracker.get_latest_input_channel() or "?")
    return f"{header}\n\n{advisor_summary(profile, classify(profile), lang)}"


class ActionHandoffToAdvisor(Action):
    def name(self) -> Text:
        return "action_handoff_to_advisor"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
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
            logger.info("Advisor hand-off: delivered to %d of %d channel(s).",
                        len(delivered), len(targets))

        if delivered:
            dispatcher.utter_message(text=text("handoff_sent", lang))
        else:
            key = "handoff_failed" if targets else "handoff_unavailable"
            dispatcher.utter_message(text=text(key, lang), buttons=[
                {"title": text("handoff_report_button", lang), "payload": "/get_report"}])
        return [SlotSet("handoff_consent", False), SlotSet("handoff_done", bool(delivered))]
