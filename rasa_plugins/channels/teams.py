"""Microsoft Teams (Bot Framework): Rasa's connector, made configurable and robust offline.

Differences from ``rasa.core.channels.botframework`` (Rasa 3.6):
- token and OpenID URLs come from credentials or ``BOTFRAMEWORK_OAUTH_URL`` /
  ``BOTFRAMEWORK_OPENID_URL`` (default Microsoft's); ``tenant_id`` selects a single-tenant app;
- a failed key fetch at start-up is logged, not fatal: keys are fetched again lazily, off the
  event loop;
- tokens are checked for RS256, audience, expiry, issuer (from the OpenID configuration) and the
  ``serviceUrl`` claim against the activity, so replies (carrying our access token) only go to
  the service the token was issued for;
- outgoing HTTP runs off the event loop, and buttons become ``messageBack`` card actions that Teams
  can show (title visible, payload sent to the bot).
"""

from __future__ import annotations

import asyncio
import datetime
import json
import logging
import os
import time
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import jwt
import requests
from jwt.algorithms import RSAAlgorithm
from rasa.core.channels.botframework import BotFramework, BotFrameworkInput
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

DEFAULT_OAUTH_URL = "https://login.microsoftonline.com"
DEFAULT_OPENID_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
MULTI_TENANT = "botframework.com"
TOKEN_SCOPE = "https://api.botframework.com/.default"
HTTP_TIMEOUT = 10
KEY_RETRY_SECONDS = 30  # least interval between key fetches for an unknown key id
NO_KEYS_RETRY_SECONDS = 5  # ... and while no keys are known at all (offline start)


class TeamsBot(BotFramework):
    """Output channel: posts activities to ``{serviceUrl}/v3/conversations/{id}/activities``."""

    _tokens: Dict[str, tuple] = {}  # token url + app id -> (headers, expires at)

    def __init__(
        self,
        app_id: Text,
        app_password: Text,
        conversation: Dict[Text, Any],
        bot: Any,
        service_url: Text,
        token_url: Text,
    ) -> None:
        super().__init__(app_id, app_password, conversation, bot, service_url)
        self.token_url = token_url

    async def _get_headers(self) -> Optional[Dict[Text, Any]]:
        key = f"{self.token_url}|{self.app_id}"
        cached = TeamsBot._tokens.get(key)
        if cached and cached[1] > time.time():
            return cached[0]
        payload = {
            "client_id": self.app_id,
            "client_secret": self.app_password,
            "grant_type": "client_credentials",
            "scope": TOKEN_SCOPE,
        }
        try:
            reply = await asyncio.to_thread(
                requests.post, self.token_url, data=payload, timeout=HTTP_TIMEOUT
            )
            reply.raise_for_status()
            data = reply.json()
        except (requests.RequestException, ValueError) as error:
            logger.error("Could not get a Bot Framework token: %s", type(error).__name__)
            return None
        headers = {
            "content-type": "application/json",
            "Authorization": f"Bearer {data['access_token']}",
        }
        TeamsBot._tokens[key] = (headers, time.time() + int(data.get("expires_in", 3600)) - 60)
        return headers

    async def send(self, message_data: Dict[Text, Any]) -> None:
        uri = f"{self.global_uri}conversations/{self.conversation['id']}/activities"
        headers = await self._get_headers()
        if headers is None:
            return
        try:
            reply = await asyncio.to_thread(
                requests.post,
                uri,
                headers=headers,
                data=json.dumps(message_data),
                timeout=HTTP_TIMEOUT,
            )
            if not reply.ok:
                logger.error("Bot Framework refused an activity: HTTP %s", reply.status_code)
        except requests.RequestException as error:
            logger.error("Could not send a Bot Framework activity: %s", type(error).__name__)

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        actions = [
            {
                "type": "messageBack",
                "title": b["title"],
                "text": b["payload"],
                "displayText": b["title"],
            }
            for b in buttons
        ]
        card = {
            "contentType": "application/vnd.microsoft.card.hero",
            "content": {"text": text, "buttons": actions},
        }
        await self.send(self.prepare_message(recipient_id, {"attachments": [card]}))


class TeamsInput(BotFrameworkInput):
    """Referenced in credentials as ``rasa_plugins.channels.teams.TeamsInput``."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        env = os.environ
        return cls(
            credentials.get("app_id"),
            credentials.get("app_password"),
            oauth_url=credentials.get("oauth_url")
            or env.get("BOTFRAMEWORK_OAUTH_URL")
            or DEFAULT_OAUTH_URL,
            openid_url=credentials.get("openid_url")
            or env.get("BOTFRAMEWORK_OPENID_URL")
            or DEFAULT_OPENID_URL,
            tenant_id=credentials.get("tenant_id") or MULTI_TENANT,
        )

    def __init__(
        self,
        app_id: Text,
        app_password: Text,
        oauth_url: Text = DEFAULT_OAUTH_URL,
        openid_url: Text = DEFAULT_OPENID_URL,
        tenant_id: Text = MULTI_TENANT,
    ) -> None:
        self.openid_url = openid_url
        self.token_url = f"{oauth_url.rstrip('/')}/{tenant_id}/oauth2/v2.0/token"
        self.issuer: Optional[str] = None
        self._last_fetch = -NO_KEYS_RETRY_SECONDS - KEY_RETRY_SECONDS
        super().__init__(app_id, app_password)  # fetches the keys (see below)

    def _update_cached_jwk_keys(self) -> None:
        """Fetch the OpenID configuration and signing keys; a failure is logged, not raised."""
        self._last_fetch = time.monotonic()
        try:
            conf = requests.get(self.openid_url, timeout=HTTP_TIMEOUT)
            conf.raise_for_status()
            conf = conf.json()
            keys = requests.get(conf["jwks_uri"], timeout=HTTP_TIMEOUT)
            keys.raise_for_status()
            self.jwt_keys = {key["kid"]: key for key in keys.json()["keys"]}
            self.issuer = conf.get("issuer")
            self.jwt_update_time = datetime.datetime.now()
        except (requests.RequestException, ValueError, KeyError) as error:
            logger.warning(
                "Bot Framework signing keys not available from %s (%s); will retry.",
                self.openid_url,
                type(error).__name__,
            )

    def _keys_for(self, key_id: Optional[str]) -> None:
        """Refresh daily, or for an unknown key id; no more often than every 30 s (5 s while no
        keys are known at all), so bogus tokens cannot make us hammer the OpenID endpoint."""
        wait = KEY_RETRY_SECONDS if self.jwt_keys else NO_KEYS_RETRY_SECONDS
        if time.monotonic() - self._last_fetch < wait:
            return
        stale = datetime.datetime.now() - self.jwt_update_time > datetime.timedelta(days=1)
        if stale or key_id not in self.jwt_keys:
            self._update_cached_jwk_keys()

    def _validate_jwt_token(self, jwt_token: Text, service_url: Optional[Text] = None) -> None:
        header = jwt.get_unverified_header(jwt_token)
        self._keys_for(header.get("kid"))
        if header.get("kid") not in self.jwt_keys:
            raise jwt.InvalidKeyError("unknown signing key")
        claims = jwt.decode(
            jwt_token,
            key=RSAAlgorithm.from_jwk(self.jwt_keys[header["kid"]]),
            audience=self.app_id,
            algorithms=["RS256"],
            issuer=self.issuer,
            options={"require": ["exp", "aud"]},
        )
        claimed = claims.get("serviceurl", claims.get("serviceUrl"))
        if claimed and (service_url or "").rstrip("/") != claimed.rstrip("/"):
            raise jwt.InvalidTokenError("serviceUrl claim does not match the activity")

    async def _refuse(self, request: Request) -> Optional[HTTPResponse]:
        auth = request.headers.get("Authorization") or ""
        if not auth.startswith("Bearer "):
            return response.text("No Bearer token provided.", status=HTTPStatus.UNAUTHORIZED)
        try:
            body = request.json or {}
        except Exception:  # malformed JSON
            return response.text("Bad request.", status=HTTPStatus.BAD_REQUEST)
        try:
            # off the event loop: it may fetch keys over the network
            await asyncio.to_thread(
                self._validate_jwt_token, auth[len("Bearer ") :].strip(), body.get("serviceUrl")
            )
        except (jwt.PyJWTError, ValueError) as error:
            if not self.jwt_keys:  # we cannot judge any token yet: ask the sender to retry
                return response.text(
                    "Signing keys not available yet.", status=HTTPStatus.SERVICE_UNAVAILABLE
                )
            logger.warning("Bot Framework request refused: %s", type(error).__name__)
            return response.text("Could not validate JWT token.", status=HTTPStatus.UNAUTHORIZED)
        return None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Rasa's blueprint, with our token check and our output channel."""
        webhook = Blueprint("botframework_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            refused = await self._refuse(request)
            if refused:
                return refused
            activity = request.json
            if activity.get("type") != "message":
                return response.text("success")
            try:
                metadata = self.add_attachments_to_metadata(activity, self.get_metadata(request))
                out = TeamsBot(
                    self.app_id,
                    self.app_password,
                    activity["conversation"],
                    activity["recipient"],
                    activity["serviceUrl"],
                    self.token_url,
                )
                await on_new_message(
                    UserMessage(
                        text=activity.get("text", ""),
                        output_channel=out,
                        sender_id=activity["from"]["id"],
                        input_channel=self.name(),
                        metadata=metadata,
                    )
                )
            except Exception as error:  # noqa: BLE001 - Teams must get its 200 regardless
                logger.error("Could not handle a Bot Framework message: %s", type(error).__name__)
            return response.text("success")

        return webhook
