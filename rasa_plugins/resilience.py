"""A clear answer instead of silence when the action server or the tracker store is down.

Rasa 3.6, when the action server cannot be reached, logs "Failed to execute custom action",
drops that action's events and carries on: the person hears nothing, or half a turn. And its
FailSafeTrackerStore, when the store fails, starts a fresh tracker (retrieve) or keeps the
conversation in memory (save): answers silently vanish.

Here both failures become `ServiceUnavailable`, which ends the turn: nothing of the failed turn
is saved (the tracker is saved only at the end of `MessageProcessor.handle_message`), every
earlier answer stays in the store, the open question stays open, and the person gets
"een ogenblik, probeer het opnieuw" / "a moment, please try again" in their language.

`ServiceUnavailable` derives from BaseException on purpose: Rasa catches `Exception` around each
action (processor._run_action), around slot-validation actions (ActionExtractSlots) and around
every store call (FailSafeTrackerStore), and each of those catches is what makes the failure
silent. Two patches, installed once by `install()` (called by the tracker store and the REST
channel modules, which every `rasa run` of this project imports):

- `RemoteAction.run`: a connection error, timeout or 5xx from the action server raises
  ServiceUnavailable (a 400 rejection and everything else behave as before);
- `MessageProcessor.handle_message`: catches ServiceUnavailable and sends the message.

tests/rasa_plugins/test_resilience.py fails when the Rasa code patched here changes shape.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any, Callable, Dict, Optional

from wereldwijs.reading.language import choose_language
from wereldwijs.vocabulary import DEFAULT_LANGUAGE, LANGUAGES
from wereldwijs.wording.catalogue import text

logger = logging.getLogger(__name__)
ORIGINALS: Dict[str, Callable[..., Any]] = {}


class ServiceUnavailable(BaseException):
    """A part the turn needs (action server, tracker store) did not answer."""

    def __init__(self, part: str):
        super().__init__(f"{part} unavailable")
        self.part = part


def action_server_down(error: BaseException) -> bool:
    """Is this RemoteAction failure the action server being unreachable (not a bad action)?"""
    import aiohttp

    if isinstance(error, asyncio.TimeoutError):
        return True
    cause = error.__cause__ or error.__context__
    if isinstance(cause, aiohttp.ClientResponseError):
        return cause.status >= 500
    return isinstance(cause, (aiohttp.ClientConnectionError, asyncio.TimeoutError))


def failure_language(metadata: Any, text_: Optional[str], slot: Optional[str]) -> str:
    """The language to apologise in: the channel's, else the conversation's, else the text's."""
    current = slot if slot in LANGUAGES else DEFAULT_LANGUAGE
    meta = metadata.get("language") if isinstance(metadata, dict) else None
    return choose_language(current, text_ or "", metadata_language=meta)


def install() -> None:
    if ORIGINALS:
        return
    from rasa.core.actions.action import RemoteAction
    from rasa.core.channels.channel import CollectingOutputChannel
    from rasa.core.processor import MessageProcessor
    from rasa.exceptions import RasaException

    ORIGINALS["RemoteAction.run"] = original_run = RemoteAction.run
    ORIGINALS["MessageProcessor.handle_message"] = original_handle = MessageProcessor.handle_message

    @functools.wraps(original_run)
    async def run(self, output_channel, nlg, tracker, domain):
        try:
            return await original_run(self, output_channel, nlg, tracker, domain)
        except (RasaException, asyncio.TimeoutError) as error:
            if action_server_down(error):
                raise ServiceUnavailable("action server") from error
            raise

    @functools.wraps(original_handle)
    async def handle_message(self, message):
        try:
            return await original_handle(self, message)
        except ServiceUnavailable as failure:
            logger.error("Turn dropped: the %s did not answer.", failure.part)
            slot = None
            if failure.part != "tracker store":
                try:
                    tracker = await self.tracker_store.retrieve(message.sender_id)
                    slot = tracker.get_slot("language") if tracker else None
                except BaseException:  # the store may be down as well
                    slot = None
            lang = failure_language(message.metadata, message.text, slot)
            channel = message.output_channel
            if isinstance(channel, CollectingOutputChannel):
                channel.messages.clear()  # half a turn that was not saved would mislead
            await channel.send_text_message(message.sender_id, text("service_unavailable", lang))
            if isinstance(channel, CollectingOutputChannel):
                return channel.messages
            return None

    RemoteAction.run = run
    MessageProcessor.handle_message = handle_message
