"""Posting a hand-off summary to the advisors: Slack Web API and a Teams incoming webhook.

Advisor channels come from the action server's environment (read at each hand-off):
- Slack: ``ADVISOR_SLACK_CHANNEL`` + ``SLACK_BOT_TOKEN`` (Web API at ``SLACK_API_URL``);
- Teams: ``ADVISOR_TEAMS_WEBHOOK_URL`` (an incoming webhook).
Logs name only the channel kind and the outcome, never profile data or who the user is.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, Mapping

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from wereldwijs.settings import quiet_slack_sdk, slack_api_url

logger = logging.getLogger(__name__)
quiet_slack_sdk()

HTTP_TIMEOUT = 15


async def post_to_slack(message: str, env: Mapping[str, str]) -> bool:
    client = AsyncWebClient(
        env["SLACK_BOT_TOKEN"], timeout=HTTP_TIMEOUT, base_url=slack_api_url(env)
    )
    try:
        await client.chat_postMessage(
            channel=env["ADVISOR_SLACK_CHANNEL"], text=message, mrkdwn=True
        )
        return True
    except SlackApiError as error:
        logger.error("Advisor hand-off to Slack refused: %s", error.response.get("error"))
    except Exception as error:  # network errors: the user gets an honest answer instead
        logger.error("Advisor hand-off to Slack failed: %s", type(error).__name__)
    return False


def teams_card(message: str) -> Dict[str, Any]:
    """An Adaptive Card message: accepted by Teams incoming webhooks and Workflows webhooks."""
    blocks = [
        {"type": "TextBlock", "text": part, "wrap": True}
        for part in message.split("\n\n")
        if part.strip()
    ]
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": {
                    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "type": "AdaptiveCard",
                    "version": "1.4",
                    "body": blocks,
                },
            }
        ],
    }


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
