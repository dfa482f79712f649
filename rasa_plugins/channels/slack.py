"""Slack: Rasa's connector with a configurable Web API URL, retry de-duplication and DM-aware threads.

Differences from ``rasa.core.channels.slack`` (Rasa 3.6):
- the Web API base URL comes from the ``api_url`` credential or ``SLACK_API_URL`` (tests point it at
  a loopback stand-in; default is Slack's own);
- an event is answered once, whichever server its deliveries reach: with
  ``WERELDWIJS_DEDUP_REDIS_URL`` (redis://host:port/db, the servers' shared Redis) the first server
  to claim the Events API ``event_id`` (SET NX, kept an hour) answers it, every other delivery is
  acknowledged; a retry whose first delivery reached no server is answered. Without it every retry
  (``X-Slack-Retry-Num``) is acknowledged and never processed (Rasa answers in a background task,
  so the first delivery was already accepted and a retry would answer twice);
- with ``use_threads`` replies to a channel mention go into the thread; direct messages are answered
  in the DM itself, as Slack users expect;
- ``as_user`` is not sent (new Slack apps reject it with ``invalid_arguments``) and up to 25 buttons
  are shown (one actions block holds 25; the stock connector drops them all above 5);
- a report attachment (``type: report``, from actions/report.py) is posted as before and the
  conversation's PDF is uploaded beside it (``files_upload_v2``, bot scope ``files:write``), rendered
  by the report channel in its process pool from the stored tracker. A failed upload is logged by
  error code only; the link in the reply text stays.
"""

from __future__ import annotations

import logging
import os
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot as RasaSlackBot
from rasa.core.channels.slack import SlackInput as RasaSlackInput
from sanic import response
from sanic.request import Request
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from rasa_plugins.channels.report import render_conversation
from wereldwijs.settings import DEFAULT_SLACK_API_URL, quiet_slack_sdk, slack_api_url

logger = logging.getLogger(__name__)
quiet_slack_sdk()

MAX_BUTTONS = 25
DEDUP_VARIABLE = "WERELDWIJS_DEDUP_REDIS_URL"
DEDUP_SECONDS = 3600  # Slack retries within minutes; an hour is plenty


def dedup_client(env=os.environ):
    """The shared Redis for event de-duplication, or None (then retries are never processed)."""
    url = env.get(DEDUP_VARIABLE, "").strip()
    if not url:
        return None
    import redis

    return redis.Redis.from_url(url, socket_timeout=5)


def first_delivery(client, event_id: Optional[str], retry: Optional[str]) -> bool:
    """Should this delivery be processed? Once per event_id across servers when a shared store
    is there; otherwise (or for payloads without an event_id) only the non-retries."""
    if client is None or not event_id:
        return not retry
    try:
        return bool(client.set(f"wereldwijs:slack-event:{event_id}", 1, nx=True, ex=DEDUP_SECONDS))
    except Exception as error:  # Redis down: fall back to the header rule, say so
        logger.error("Slack de-duplication store failed (%s): header rule", type(error).__name__)
        return not retry


def api_url_from(credentials: Optional[Dict[Text, Any]] = None) -> str:
    return slack_api_url(os.environ, (credentials or {}).get("api_url") or "")


def is_direct_message(metadata: Dict[Text, Any]) -> bool:
    """A DM: Events API says channel_type "im"; interactive payloads only give the D-prefixed id."""
    if metadata.get("channel_type"):
        return metadata["channel_type"] == "im"
    return str(metadata.get("out_channel") or "").startswith("D")


class SlackBot(RasaSlackBot):
    def __init__(
        self,
        token: Text,
        slack_channel: Optional[Text] = None,
        thread_id: Optional[Text] = None,
        proxy: Optional[Text] = None,
        api_url: Text = DEFAULT_SLACK_API_URL,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.client = AsyncWebClient(token, base_url=api_url, proxy=proxy)
        self.tracker_store: Any = None  # set by SlackInput: where report uploads read the profile

    async def _post_message(self, channel: Text, **kwargs: Any) -> None:
        kwargs.pop("as_user", None)
        if self.thread_id:
            kwargs["thread_ts"] = self.thread_id
        try:
            await self.client.chat_postMessage(channel=channel, **kwargs)
        except SlackApiError as error:
            # the error code only: the request carried the user's conversation
            logger.error("Slack chat.postMessage failed: %s", error.response.get("error"))

    async def send_attachment(
        self, recipient_id: Text, attachment: Dict[Text, Any], **kwargs: Any
    ) -> None:
        await super().send_attachment(recipient_id, attachment, **kwargs)
        if attachment.get("type") == "report" and self.tracker_store is not None:
            await self.upload_report(recipient_id, attachment)

    async def upload_report(self, recipient_id: Text, attachment: Dict[Text, Any]) -> None:
        """The conversation's PDF as a file in the same channel (and thread); logs name the error
        only, never the conversation."""
        try:
            pdf = await render_conversation(self.tracker_store, recipient_id, "pdf")
            if pdf is None:
                return
            await self.client.files_upload_v2(
                channel=self.slack_channel or recipient_id,
                thread_ts=self.thread_id,
                file=pdf,
                filename=attachment.get("filename") or "wereldwijs.pdf",
                title=attachment.get("title"),
                request_file_info=False,
            )
        except SlackApiError as error:
            logger.error("Slack report upload failed: %s", error.response.get("error"))
        except Exception as error:  # network, rendering: the link in the text still works
            logger.error("Slack report upload failed: %s", type(error).__name__)

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        if len(buttons) > MAX_BUTTONS:
            return await self.send_text_message(recipient_id, text, **kwargs)
        blocks = [
            {"type": "section", "text": {"type": "mrkdwn", "text": text}},
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": b["title"][:75]},
                        "value": b["payload"],
                        "action_id": f"button_{i}",
                    }
                    for i, b in enumerate(buttons)
                ],
            },
        ]
        await self._post_message(
            channel=self.slack_channel or recipient_id, text=text, blocks=blocks
        )


class SlackInput(RasaSlackInput):
    """Referenced in credentials as ``rasa_plugins.channels.slack.SlackInput``; webhook /webhooks/slack/webhook."""

    api_url: Text = DEFAULT_SLACK_API_URL
    dedup = None
    tracker_store: Any = None  # the agent's, taken from the first request (report uploads)

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        channel = super().from_credentials(credentials)
        channel.api_url = api_url_from(credentials)
        channel.dedup = dedup_client()
        # which deliveries to process is decided in process_message below; Rasa's own rule
        # (drop http_timeout retries with a 201) would drop a retry whose first delivery was lost
        channel.errors_ignore_retry = ()
        return channel

    def get_metadata(self, request: Request) -> Dict[Text, Any]:
        metadata = super().get_metadata(request)
        if metadata and request.headers.get("content-type") == "application/json":
            metadata["channel_type"] = (request.json or {}).get("event", {}).get("channel_type")
        return metadata

    async def process_message(
        self,
        request: Request,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: Text,
        sender_id: Optional[Text],
        metadata: Optional[Dict],
    ) -> Any:
        retry = request.headers.get(self.retry_num_header)
        body = request.json if request.headers.get("content-type") == "application/json" else None
        event_id = body.get("event_id") if isinstance(body, dict) else None
        if not first_delivery(self.dedup, event_id, retry):
            logger.info(
                "Slack delivery acknowledged, not processed again (retry %s, %s).",
                retry or "-",
                request.headers.get(self.retry_reason_header) or "duplicate",
            )
            return response.text("", status=HTTPStatus.OK, headers={"X-Slack-No-Retry": "1"})
        agent = getattr(request.app.ctx, "agent", None)
        self.tracker_store = getattr(agent, "tracker_store", None)
        metadata = dict(metadata or {})
        if is_direct_message(metadata):
            metadata["thread_id"] = None
        return await super().process_message(request, on_new_message, text, sender_id, metadata)

    def get_output_channel(
        self, channel: Optional[Text] = None, thread_id: Optional[Text] = None
    ) -> OutputChannel:
        bot = SlackBot(
            self.slack_token, channel or self.slack_channel, thread_id, self.proxy, self.api_url
        )
        bot.tracker_store = self.tracker_store
        return bot
