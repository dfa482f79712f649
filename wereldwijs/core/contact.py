"""How an advisor may reach the person after a hand-off: reading an e-mail address or a phone
number from a reply, and what the reply means (pure; table-tested in tests/unit/test_contact.py).

An address or number in the message is the answer, whatever the intent classifier guesses. A no
("liever niet") leaves no contact. Otherwise the three-tries rule: the second failure says what
is expected, after the third the question is let go (no contact).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Tuple

from wereldwijs.core.conversation import CONFIDENT, MAX_TRIES

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d[\d ./()-]{6,20}\d(?!\w)")
MIN_DIGITS, MAX_DIGITS = 9, 15  # a Belgian number has 9 or 10 digits; E.164 allows 15
COMMANDS = ("forget_me", "restart", "goodbye", "get_report")

TAKE, NONE, AGAIN, GIVE_UP, REQUEST = "take", "none", "again", "give_up", "request"


@dataclass(frozen=True)
class ContactReply:
    kind: str
    contact_kind: Optional[str] = None  # "email" | "phone"
    value: Optional[str] = None
    say: Optional[str] = None  # catalogue key
    tries: int = 0


def normalise_phone(raw: str) -> Optional[str]:
    """'+32 (0)9 123 45 67' -> '+3291234567'; None when it cannot be a phone number."""
    raw = raw.replace("(0)", "")
    digits = re.sub(r"\D", "", raw)
    international = raw.lstrip().startswith(("+", "00"))
    if raw.lstrip().startswith("00"):
        digits = digits[2:]
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        return None
    if international:
        return f"+{digits}"
    return digits if digits.startswith("0") else None  # a national number starts with 0


def find_contact(message: str) -> Optional[Tuple[str, str]]:
    """The first e-mail address or phone number in ``message``: ("email", "a@b.be")."""
    email = EMAIL.search(message or "")
    if email:
        return "email", email.group(0).rstrip(".").lower()
    for match in PHONE.finditer(message or ""):
        phone = normalise_phone(match.group(0))
        if phone:
            return "phone", phone
    return None


def contact_reply(
    message: str,
    yes_no: Optional[bool],
    intent: Optional[str],
    confidence: float,
    tries: int,
) -> ContactReply:
    found = find_contact(message)
    if found:
        return ContactReply(TAKE, found[0], found[1], "contact_noted")
    if yes_no is False or (intent in ("deny", "dont_know") and confidence >= CONFIDENT):
        return ContactReply(NONE, say="contact_none")
    if intent in COMMANDS and confidence >= CONFIDENT:
        return ContactReply(REQUEST)
    tries += 1
    if tries >= MAX_TRIES:
        return ContactReply(GIVE_UP, say="contact_gave_up", tries=tries)
    return ContactReply(
        AGAIN, say="contact_expected" if tries >= 2 else "contact_invalid", tries=tries
    )
