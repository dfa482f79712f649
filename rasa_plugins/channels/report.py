"""The firm's report, served by the Rasa server itself: a custom input channel whose blueprint has
only GET routes (no messages come in through it), so the report works wherever the bot runs,
behind the same address, on any of several servers.

    GET /webhooks/report/<token>       the report as a web page (with a PDF download link)
    GET /webhooks/report/<token>/pdf   the report as a PDF

The token is the key (``wereldwijs.report.links``): a wrong, altered or expired one, or a
conversation without a profile (never held, or erased with "forget me"), gets 404. The tracker is
read from the server's own tracker store at request time; rendering runs in a process pool so a
report never stalls the event loop. Logs name neither the conversation nor the token.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from wereldwijs.desk.store import database_url, engine_for, prepare
from wereldwijs.report import links, service

logger = logging.getLogger(__name__)

RENDER_WORKERS = 1  # one report at a time per server: a PDF takes a core for about a second
SAFE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "X-Content-Type-Options": "nosniff",
}
_POOL: Optional[ProcessPoolExecutor] = None


def render_pool() -> ProcessPoolExecutor:
    """Started on first use; spawned (not forked) workers do not inherit TensorFlow's threads."""
    global _POOL
    if _POOL is None:
        _POOL = ProcessPoolExecutor(RENDER_WORKERS, mp_context=multiprocessing.get_context("spawn"))
    return _POOL


def store_engine(store: Any):
    """The SQLAlchemy engine of the SQL tracker store (under Rasa's fail-safe wrapper), if any."""
    for _ in range(3):
        if getattr(store, "engine", None) is not None:
            return store.engine
        store = getattr(store, "_tracker_store", None)
    return None


async def render_conversation(
    tracker_store: Any, sender_id: Text, fmt: str, download: Optional[str] = None
) -> Optional[bytes]:
    """This conversation's report (``fmt`` html or pdf) from its stored tracker, rendered in the
    process pool; None when there is no conversation or no profile. Rendering errors propagate."""
    tracker = await tracker_store.retrieve(sender_id)
    if tracker is None:
        return None
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(
        render_pool(), service.render, tracker.current_slot_values(), fmt, download
    )


def not_found() -> HTTPResponse:
    return response.text("Not found", status=404, headers=SAFE_HEADERS)


class ReportInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "report"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        return cls()

    def __init__(self) -> None:
        self._secret: Optional[str] = None

    def secret(self, agent: Any) -> str:
        if self._secret is None:
            engine = store_engine(agent.tracker_store)
            engine = prepare(engine) if engine is not None else engine_for(database_url(os.environ))
            self._secret = links.report_secret(os.environ, engine)
        return self._secret

    async def report(self, request: Request, token: str, fmt: str) -> HTTPResponse:
        agent = request.app.ctx.agent
        sender_id = links.read_token(token, self.secret(agent))
        if sender_id is None:
            return not_found()
        try:
            body = await render_conversation(agent.tracker_store, sender_id, fmt, f"{token}/pdf")
        except Exception as error:  # a rendering bug: an honest error, never a stack trace
            logger.error("Report could not be rendered: %s", type(error).__name__)
            return response.text("The report could not be made.", status=500, headers=SAFE_HEADERS)
        if body is None:
            return not_found()
        if fmt == "pdf":
            headers = {**SAFE_HEADERS, "Content-Disposition": 'inline; filename="wereldwijs.pdf"'}
            return response.raw(body, content_type="application/pdf", headers=headers)
        return response.raw(body, content_type="text/html; charset=utf-8", headers=SAFE_HEADERS)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hooks = Blueprint("report_webhook", __name__)

        @hooks.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hooks.route("/<token>", methods=["GET"])
        async def page(request: Request, token: str) -> HTTPResponse:
            return await self.report(request, token, "html")

        @hooks.route("/<token>/pdf", methods=["GET"])
        async def pdf(request: Request, token: str) -> HTTPResponse:
            return await self.report(request, token, "pdf")

        return hooks
