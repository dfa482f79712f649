"""The REST channel, at the same URL (/webhooks/rest/webhook), without Rasa's silent defaults.

Rasa's RestInput files a message without `sender` under "default" (one tracker shared by every
anonymous caller), answers a JSON list or a missing message with a stack trace in the log and
an HTTP 500, takes request bodies up to Sanic's 100 MB, and logs the message text when a turn
fails. Here a request must be a JSON object with a non-empty `sender` (at most 128 characters)
and a text `message`; anything else gets HTTP 400 (413 when the body is larger than
WERELDWIJS_MAX_REQUEST_BYTES, default 64 KiB) with `{"error": code, "message": text}` in the
person's language. Logs name the failure, never the text.

Registered in credentials.yml as `rasa_plugins.channels.rest.RestInput`; name() is "rest", so
Rasa mounts it at /webhooks/rest/.
"""

from __future__ import annotations

import logging
import os
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa_plugins import resilience
from wereldwijs.wording.catalogue import text as catalogue_text

logger = logging.getLogger(__name__)
MAX_BYTES_VARIABLE = "WERELDWIJS_MAX_REQUEST_BYTES"
DEFAULT_MAX_BYTES = 64 * 1024
MAX_SENDER_CHARS = 128

resilience.install()


def max_bytes() -> int:
    try:
        return max(1024, int(os.environ.get(MAX_BYTES_VARIABLE, DEFAULT_MAX_BYTES)))
    except ValueError:
        return DEFAULT_MAX_BYTES


def refusal(status: int, code: str, lang: str, **values: Any) -> HTTPResponse:
    logger.info("REST request refused: %s", code)
    return response.json(
        {"error": code, "message": catalogue_text(code, lang, **values)}, status=status
    )


def request_problem(body: Any) -> Optional[str]:
    """None for a usable request body, else the text key of what is wrong."""
    if not isinstance(body, dict):
        return "request_not_json"
    sender = body.get("sender")
    if isinstance(sender, int) and not isinstance(sender, bool):
        sender = str(sender)
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        return "request_sender_missing"
    if not isinstance(body.get("message", ""), str):
        return "request_not_json"
    return None


class RestInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("wereldwijs_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            limit = max_bytes()
            if len(request.body or b"") > limit:
                return refusal(413, "request_too_large", "en", max_bytes=limit)
            try:
                body = request.json
            except Exception:
                body = None
            lang = resilience.failure_language(
                body.get("metadata") if isinstance(body, dict) else None,
                body.get("message") if isinstance(body, dict) else None,
                None,
            )
            problem = request_problem(body)
            if problem:
                return refusal(400, problem, lang)
            metadata: Optional[Dict[str, Any]] = body.get("metadata")
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        body.get("message", ""),
                        collector,
                        str(body["sender"]),
                        input_channel=self.name(),
                        metadata=metadata if isinstance(metadata, dict) else None,
                    )
                )
            except CancelledError:
                logger.error("REST turn timed out")
            except Exception as error:  # the person still gets an answer
                logger.error("REST turn failed: %s", type(error).__name__)
                collector.messages.clear()
                await collector.send_text_message(
                    str(body["sender"]), catalogue_text("service_unavailable", lang)
                )
            return response.json(collector.messages)

        return webhook
