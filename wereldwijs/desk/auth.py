"""Advisor accounts, sessions and CSRF tokens for the desk (pure; stdlib only).

Accounts come from ``WERELDWIJS_DESK_USERS="name:pbkdf2_sha256$iterations$salt$hash,..."``
(``make desk-user`` prints an entry). A session is a signed cookie ``name|expiry|signature``;
every form carries a CSRF token bound to the session (before login: to a random cookie).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from typing import Dict, Mapping, Optional

USERS_VAR, SECRET_VAR = "WERELDWIJS_DESK_USERS", "WERELDWIJS_DESK_SECRET"
SESSION_SECRET = "desk_session_secret"  # its name in the settings table when not in the env
ALGORITHM, ITERATIONS = "pbkdf2_sha256", 310_000  # OWASP's 2023 figure for PBKDF2-SHA256
SESSION_SECONDS = 8 * 3600  # one working day


def hash_password(password: str, salt: Optional[str] = None, iterations: int = ITERATIONS) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    return f"{ALGORITHM}${iterations}${salt}${digest.hex()}"


def verify_password(password: str, encoded: str) -> bool:
    try:
        algorithm, iterations, salt, digest = encoded.split("$")
        if algorithm != ALGORITHM:
            return False
        expected = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), int(iterations))
        return hmac.compare_digest(expected.hex(), digest)
    except ValueError:
        return False


def parse_users(env: Mapping[str, str]) -> Dict[str, str]:
    """name -> encoded hash; malformed entries are left out."""
    users = {}
    for entry in (env.get(USERS_VAR) or "").split(","):
        name, _, encoded = entry.strip().partition(":")
        if name and encoded.startswith(ALGORITHM + "$"):
            users[name] = encoded
    return users


def check_login(users: Dict[str, str], name: str, password: str) -> bool:
    """Constant work whether or not the name exists (no user enumeration by timing)."""
    encoded = users.get(name) or hash_password("", salt="no-such-user")
    return verify_password(password, encoded) and name in users


def _sign(payload: str, secret: str) -> str:
    mac = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def make_session(name: str, secret: str, now: Optional[float] = None) -> str:
    expires = int((now if now is not None else time.time()) + SESSION_SECONDS)
    payload = f"{base64.urlsafe_b64encode(name.encode()).decode()}|{expires}"
    return f"{payload}|{_sign(payload, secret)}"


def read_session(cookie: Optional[str], secret: str, now: Optional[float] = None) -> Optional[str]:
    """The advisor's name for a valid, unexpired session cookie, else None."""
    try:
        encoded, expires, signature = (cookie or "").split("|")
        if not hmac.compare_digest(signature, _sign(f"{encoded}|{expires}", secret)):
            return None
        if int(expires) < (now if now is not None else time.time()):
            return None
        return base64.urlsafe_b64decode(encoded.encode()).decode()
    except (ValueError, UnicodeDecodeError):
        return None


def csrf_token(bound_to: str, secret: str) -> str:
    return _sign(f"csrf|{bound_to}", secret)


def csrf_ok(token: Optional[str], bound_to: Optional[str], secret: str) -> bool:
    return bool(token and bound_to) and hmac.compare_digest(token, csrf_token(bound_to, secret))
