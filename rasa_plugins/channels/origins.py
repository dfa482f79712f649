"""Which web origins may talk to the server, from WERELDWIJS_ALLOWED_ORIGINS.

Space- or comma-separated origins, e.g. "https://www.example.be https://example.be"; an entry
may end in ":*" for any port ("http://localhost:*"). Unset: loopback pages only (the demo and the
tests), so a deployment that forgets the setting refuses every other site instead of accepting
all. Used for socket.io (rasa_plugins/channels/socketio.py, Rasa itself checks no origin there)
and for Rasa's own `--cors` (scripts/serve.py turns the entries into its regular expressions).
"""

from __future__ import annotations

import os
import re
from typing import List, Mapping, Optional

VARIABLE = "WERELDWIJS_ALLOWED_ORIGINS"
DEFAULT = ("http://localhost:*", "http://127.0.0.1:*")


def configured(env: Optional[Mapping[str, str]] = None) -> List[str]:
    raw = (os.environ if env is None else env).get(VARIABLE, "")
    entries = [part.strip().rstrip("/") for part in re.split(r"[\s,]+", raw) if part.strip()]
    return entries or list(DEFAULT)


def pattern(entry: str) -> str:
    """A regular expression matching exactly the origins `entry` allows (anchored at the end:
    sanic-cors matches from the start only)."""
    if entry.endswith(":*"):
        return re.escape(entry[:-2]) + r"(:\d+)?$"
    return re.escape(entry) + "$"


def allowed(origin: Optional[str], entries: List[str]) -> bool:
    if not origin:
        return False
    return any(re.fullmatch(pattern(entry), origin.rstrip("/")) for entry in entries)
