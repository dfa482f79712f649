"""What one user message decides: the conversation's policy as pure functions over plain values.

The action server's adapters read the tracker into a `Turn`, call `decide`, and carry out the
`Decision` (slot events and texts); the same for a yes/no to a pending confirmation (`resolve`)
and for what to offer after advice (`next_offer`). Nothing here knows Rasa, so every row of the
policy has a table test (tests/unit/test_conversation.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Optional

from wereldwijs.reading.answers import Parsed, is_dont_know, parse_answer
from wereldwijs.reading.facts import answer_countries, extract_facts
from wereldwijs.reading.language import other_language
from wereldwijs.reading.limits import message_problem
from wereldwijs.vocabulary import CLASSIFICATION_SLOTS, PROFILE_SLOTS, FirmProfile, is_valid_value

CONFIDENT = 0.5  # an intent below this confidence is not taken as meant
MAX_TRIES = 3  # failed answers to one question before it is skipped

# Intents that ask something about the conversation: answered, then the question is asked again.
DETOUR_INTENTS = frozenset(
    {
        "ask_why",
        "help",
        "bot_challenge",
        "switch_language",
        "out_of_scope",
        "nlu_fallback",
        "ask_explain",
        "ask_support_orgs",
        "ask_org_info",
        "thank",
        "greet",
        "start_scan",
    }
)
# Intents that need a confirmation or end the intake: the intake hands them over.
COMMAND_INTENTS = frozenset({"restart", "forget_me", "ask_human", "get_report", "goodbye"})
# The confirmation each command asks for before it is carried out.
CONFIRMATION_OF = {"restart": "restart", "forget_me": "forget_me", "ask_human": "handoff"}

# Decision kinds
TAKE = "take"  # the answer to the open question (and any other facts) is taken
NOTE = "note"  # no answer, but other facts about the firm: noted, question stays open
SKIP = "skip"  # "don't know", or too many failed tries: the question is left empty
ASK_AGAIN = "ask_again"  # a message nobody should read (empty, too long, another language)
DETOUR = "detour"  # a question about the conversation: answered, question asked again
RETRY = "retry"  # not understood: say what is expected, count a try
HAND_OVER = "hand_over"  # a command: the rules take the turn


@dataclass(frozen=True)
class Reading:
    """What the readers found in one message, for the open question."""

    answer: Parsed
    facts: Dict[str, Any] = field(default_factory=dict)
    dont_know: bool = False
    problem: Optional[str] = None  # "empty" or "too_long"
    foreign: bool = False  # clearly written in a language the bot does not speak


def read(slot: str, message: str, lang: str, profile: FirmProfile) -> Reading:
    """Read one message for the open question ``slot``: its answer and the other facts."""
    problem = message_problem(message)
    if problem:
        return Reading(Parsed(False, error=f"message_{problem}"), problem=problem)
    facts = {
        k: v
        for k, v in extract_facts(message, lang).items()
        if k in PROFILE_SLOTS and k != slot and v is not None
    }
    if slot == "export_regions":  # the countries named there are the next-market exclusions
        facts.update(answer_countries(message))
    return Reading(
        answer=parse_answer(slot, message, lang, profile),
        facts=facts,
        dont_know=message == "/dont_know" or is_dont_know(message),
        foreign=bool(other_language(message)),
    )


@dataclass(frozen=True)
class Turn:
    """One user message while the intake question ``slot`` is open."""

    slot: str
    reading: Reading
    intent: Optional[str] = None
    confidence: float = 0.0
    button: Any = None  # the canonical value a button sent, if any
    retries: int = 0  # failed tries at this question so far
    profile: FirmProfile = field(default_factory=FirmProfile)


@dataclass(frozen=True)
class Decision:
    kind: str
    slot: Optional[str] = None
    value: Any = None
    facts: Dict[str, Any] = field(default_factory=dict)
    changed: Dict[str, Any] = field(default_factory=dict)  # fact slot -> the earlier answer
    say: Optional[str] = None  # catalogue key
    say_values: Dict[str, Any] = field(default_factory=dict)
    tries: int = 0
    intent: Optional[str] = None


def _confident(turn: Turn, intents) -> bool:
    return turn.intent in intents and turn.confidence >= CONFIDENT


def _take(turn: Turn, slot: Optional[str], value: Any, facts: Dict[str, Any]) -> Decision:
    known = turn.profile.as_slots()
    changed = {k: known[k] for k, v in facts.items() if known.get(k) is not None and known[k] != v}
    return Decision(TAKE if slot else NOTE, slot=slot, value=value, facts=facts, changed=changed)


def decide(turn: Turn) -> Decision:
    """What the message means for the open question, in this order."""
    r = turn.reading
    if turn.button is not None and is_valid_value(turn.slot, turn.button):
        return _take(turn, turn.slot, turn.button, {})
    if _confident(turn, COMMAND_INTENTS):
        return Decision(HAND_OVER, intent=turn.intent)
    if r.dont_know:
        return Decision(SKIP, slot=turn.slot, say="skip_question")
    if r.problem:  # empty or oversized: say so, ask again, no try counted
        return Decision(ASK_AGAIN, say=f"message_{r.problem}")
    if r.foreign:
        return Decision(ASK_AGAIN, say="other_language")
    if r.answer.ok:  # also when NLU heard "don't know": "geen" is a fine answer to a list
        return _take(turn, turn.slot, r.answer.value, r.facts)
    if r.facts:
        return _take(turn, None, None, r.facts)
    if _confident(turn, {"dont_know"}):
        return Decision(SKIP, slot=turn.slot, say="skip_question")
    mash = r.answer.error == "error_gibberish"  # keyboard mash is a bad answer, not a topic
    if _confident(turn, DETOUR_INTENTS) and not mash:
        return Decision(DETOUR, intent=turn.intent)
    tries = turn.retries + 1
    if tries >= MAX_TRIES:
        return Decision(SKIP, slot=turn.slot, say="skip_after_retries")
    return Decision(
        RETRY,
        say=r.answer.error or "answer_not_understood",
        say_values=dict(r.answer.error_values),
        tries=tries,
    )


# ---------------------------------------------------------------- confirmations

# What happens after an outcome
LISTEN = "listen"  # wait for the next message
RESUME = "resume"  # back to the intake if it was open when the question was asked
INTAKE = "intake"  # (re)start the intake form
HANDOFF = "handoff"  # hand the conversation to an advisor
ERASE = "erase"  # forget the conversation


@dataclass(frozen=True)
class Outcome:
    say: Optional[str] = None
    then: str = LISTEN
    sets: Dict[str, Any] = field(default_factory=dict)  # slot changes
    reset: bool = False  # clear the profile, its classification and the intake state
    start_buttons: bool = False  # offer the scan, the organisations and help


NOTHING_PENDING = Outcome("nothing_pending", start_buttons=True)
# (pending confirmation, the person said yes) -> what happens
OUTCOMES: Dict[tuple, Outcome] = {
    ("start", True): Outcome("scan_intro", INTAKE, {"scan_phase": "core"}),
    ("start", False): Outcome("start_declined", start_buttons=True),
    ("restart", True): Outcome("restart_done", INTAKE, reset=True),
    ("restart", False): Outcome("cancelled_continue", RESUME),
    ("forget_me", True): Outcome("forget_done", ERASE),
    ("forget_me", False): Outcome("cancelled_continue", RESUME),
    ("handoff", True): Outcome(None, HANDOFF, {"handoff_consent": True}),
    ("handoff", False): Outcome("handoff_declined", RESUME),
    ("deeper", True): Outcome("deeper_intro", INTAKE, {"scan_phase": "deep"}),
    ("deeper", False): Outcome("deeper_declined"),
}


def resolve(pending: Optional[str], yes: bool, scan_phase: Optional[str]) -> Outcome:
    """A yes or no to the pending confirmation. A yes before anything started starts the scan."""
    if pending is None and yes and not scan_phase:
        pending = "start"
    return OUTCOMES.get((pending, yes), NOTHING_PENDING)


# Slot values after a confirmed restart: the profile, its classification and the intake state.
RESTART_SLOTS: Dict[str, Any] = {
    **{slot: None for slot in PROFILE_SLOTS + CLASSIFICATION_SLOTS},
    "requested_slot": None,
    "skipped_slots": [],
    "answer_retries": 0.0,
    "scan_phase": "core",
    "advice_given": False,
    "handoff_done": False,
}


@dataclass(frozen=True)
class Offer:
    say: str
    pending: str
    sets: Dict[str, Any] = field(default_factory=dict)


def next_offer(scan_phase: Optional[str]) -> Offer:
    """After advice: the deeper round after the core, then a hand-off to an advisor."""
    if (scan_phase or "core") == "core":
        return Offer("offer_deeper", "deeper")
    return Offer("offer_handoff", "handoff", {"scan_phase": "done", "resume_form": False})
