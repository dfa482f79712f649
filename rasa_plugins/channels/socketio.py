"""Rasa's socket.io channel with an origin check.

Rasa builds its socket.io server with `cors_allowed_origins=[]`, which switches the check off:
any website can open a WebSocket to the bot. Here the check is on, against the configured
origins (rasa_plugins/channels/origins.py): a page from another site gets HTTP 400 at the
handshake, polling and WebSocket alike. Clients that send no Origin (not a browser) pass, as
they do at Rasa's REST endpoint. Registered in credentials.yml under this module path; the name
stays "socketio", so the URL is unchanged.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from sanic import Blueprint

from rasa_plugins.channels import origins


class SocketIOInput(RasaSocketIOInput):
    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)
        entries = origins.configured()
        self.sio.eio.cors_allowed_origins = lambda origin: origins.allowed(origin, entries)
        return webhook
