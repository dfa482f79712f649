"""Report links: the link is the key. A token is the conversation id and an expiry, signed with
HMAC-SHA256; nothing is stored, so any server with the same secret can check it.

    token = make_token("conv-1", expires=1767225600, secret=...)
    read_token(token, secret, now) -> "conv-1" | None (wrong, altered or expired)
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from typing import Mapping, Optional

SECRET_VAR, URL_VAR, TTL_VAR = (
    "WERELDWIJS_REPORT_SECRET",
    "WERELDWIJS_PUBLIC_URL",
    "WERELDWIJS_REPORT_HOURS",
)
SECRET_NAME = "report_link_secret"  # its name in the settings table when not in the environment
DEFAULT_PUBLIC_URL = "http://localhost:5005"
DEFAULT_HOURS = 72
ROUTE = "/webhooks/report"  # the report channel's blueprint


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(payload: str, secret: str) -> str:
    return _b64(hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest())


def make_token(sender_id: str, expires: int, secret: str) -> str:
    payload = f"{_b64(sender_id.encode())}.{expires}"
    return f"{payload}.{_signature(payload, secret)}"


def read_token(token: str, secret: str, now: Optional[float] = None) -> Optional[str]:
    """The conversation id of a valid, unexpired token, else None."""
    try:
        sender, expires, signature = token.split(".")
        if not hmac.compare_digest(signature, _signature(f"{sender}.{expires}", secret)):
            return None
        if int(expires) < (now if now is not None else time.time()):
            return None
        return _unb64(sender).decode()
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


def lifetime_hours(env: Mapping[str, str]) -> int:
    try:
        return max(1, int(env.get(TTL_VAR) or DEFAULT_HOURS))
    except ValueError:
        return DEFAULT_HOURS


def public_url(env: Mapping[str, str]) -> str:
    return (env.get(URL_VAR) or DEFAULT_PUBLIC_URL).rstrip("/")


def report_urls(base: str, token: str) -> dict:
    """The page and the PDF of one report."""
    return {"html": f"{base}{ROUTE}/{token}", "pdf": f"{base}{ROUTE}/{token}/pdf"}


def report_secret(env: Mapping[str, str], engine) -> str:
    """The signing secret: ``WERELDWIJS_REPORT_SECRET``, or one kept in the conversations'
    database (made by the first server that needs it), so every server and the action server agree."""
    if env.get(SECRET_VAR):
        return env[SECRET_VAR]
    from wereldwijs.desk.store import shared_secret

    return shared_secret(engine, SECRET_NAME)
