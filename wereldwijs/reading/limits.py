"""Messages nobody should guess the meaning of: empty, or longer than anyone types in a chat."""

from __future__ import annotations

from typing import Optional

from wereldwijs.reading.text import clean
from wereldwijs.vocabulary import MAX_MESSAGE_CHARS


def message_problem(text: Optional[str]) -> Optional[str]:
    """ "empty", "too_long" or None. Markup alone counts as empty."""
    raw = text or ""
    if len(raw) > MAX_MESSAGE_CHARS:
        return "too_long"
    if not clean(raw):
        return "empty"
    return None
