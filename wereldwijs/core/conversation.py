"""What one user message decides: the conversation's policy as pure functions over plain values.

Answers first. While a question is open, a message that answers it is the answer, whatever the
intent classifier guesses. A question about the conversation (a detour) or a command is taken
only when the message does not answer, or when it is unmistakable: the classifier gives it real
weight *and* its words are there. A message that answers and carries an unmistakable command is
both. The classifier helps; it does not decide.

The action server's adapters read the tracker into a `Turn`, call `decide` (an intake question
is open) or `reply` (a confirmation is pending), and carry out the `Decision`; what a yes or no
does is one table (`OUTCOMES`). Every row has a table test (tests/unit/test_conversation.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Dict, FrozenSet, Optional

from wereldwijs.reading.answers import Parsed, is_dont_know, parse_answer, yes_or_no
from wereldwijs.reading.facts import answer_countries, extract_facts
from wereldwijs.reading.language import other_language
from wereldwijs.reading.limits import message_problem
from wereldwijs.reading.requests import is_correction, is_question, requests_in
from wereldwijs.vocabulary import (
    BOOL_SLOTS,
    CLASSIFICATION_SLOTS,
    PROFILE_SLOTS,
    TEXT_SLOTS,
    FirmProfile,
    is_valid_value,
)

CONFIDENT = 0.5  # an intent alone is taken as meant from this confidence on
SUPPORTED = 0.2  # with its words in the message, this much weight makes a request unmistakable
MAX_TRIES = 3  # failed answers to one question (or confirmation) before it is let go

# Requests that need a confirmation or end the intake, and questions about the conversation
# (answered without counting a try). Something unrelated (out_of_scope, nlu_fallback) is no
# detour: it counts as a failed try, so that no question can go round in circles.
COMMAND_INTENTS = ("forget_me", "restart", "ask_human", "get_report", "goodbye")
DETOUR_INTENTS = (
    "ask_why",
    "ask_explain",
    "ask_org_info",
    "ask_support_orgs",
    "switch_language",
    "help",
    "bot_challenge",
    "thank",
    "greet",
    "start_scan",
)
# The confirmation each command asks for before it is carried out.
CONFIRMATION_OF = {"restart": "restart", "forget_me": "forget_me", "ask_human": "handoff"}

# Decision kinds while an intake question is open
TAKE = "take"  # the answer to the open question (and any other facts) is taken
NOTE = "note"  # no answer, but other facts about the firm: noted, the question stays open
SKIP = "skip"  # "don't know", or too many failed tries: the question is left empty
ASK_AGAIN = "ask_again"  # a message nobody should read (empty, too long, another language)
REQUEST = "request"  # not an answer: a detour to answer or a command to confirm, then go on
RETRY = "retry"  # not understood: say what is expected, count a try
HAND_OVER = "hand_over"  # goodbye: the rules end the intake, keeping every answer
# ... and while a confirmation is pending
YES = "yes"
NO = "no"
AGAIN = "again"  # neither yes nor no: say what is expected, count a try
GIVE_UP = "give_up"  # the third time: counts as no


@dataclass(frozen=True)
class Reading:
    """What the readers found in one message, for the open question (if any)."""

    answer: Parsed = field(default_factory=lambda: Parsed(False))
    facts: Dict[str, Any] = field(default_factory=dict)
    dont_know: bool = False
    problem: Optional[str] = None  # "empty" or "too_long"
    foreign: bool = False  # clearly written in a language the bot does not speak
    weak: bool = False  # an answer that the words of a request outweigh (free text, a question)
    requests: FrozenSet[str] = frozenset()  # requests whose words the message carries
    yes_no: Optional[bool] = None  # an explicit yes or no
    correction: bool = False  # "eigenlijk ...": the person corrects an earlier answer


def read(slot: Optional[str], message: str, lang: str, profile: FirmProfile) -> Reading:
    """Read one message: its answer to the open question ``slot`` and everything else in it."""
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
    answer = parse_answer(slot, message, lang, profile) if slot else Parsed(False)
    explicit = yes_or_no(message)
    weak = answer.ok and (
        slot in TEXT_SLOTS
        or (slot in BOOL_SLOTS and explicit is None)
        or (is_question(message) and not any(ch.isdigit() for ch in message))
    )
    return Reading(
        answer=answer,
        facts=facts,
        dont_know=message == "/dont_know" or is_dont_know(message),
        foreign=bool(other_language(message)),
        weak=weak,
        requests=requests_in(message),
        yes_no=explicit,
        correction=is_correction(message),
    )


@dataclass(frozen=True)
class Turn:
    """One user message: the open intake question and the pending confirmation, if any."""

    slot: Optional[str]
    reading: Reading
    intent: Optional[str] = None
    confidence: float = 0.0
    ranking: Dict[str, float] = field(default_factory=dict)  # intent -> confidence
    button: Any = None  # the canonical value an answer button sent, if any
    retries: int = 0  # failed tries at the open question so far
    profile: FirmProfile = field(default_factory=FirmProfile)
    pending: Optional[str] = None  # the confirmation waiting for a yes or no
    pending_tries: int = 0


@dataclass(frozen=True)
class Decision:
    kind: str
    slot: Optional[str] = None  # the answer taken ...
    value: Any = None
    facts: Dict[str, Any] = field(default_factory=dict)  # ... and the other facts taken
    corrected: Dict[str, Any] = field(default_factory=dict)  # fact slot -> the earlier answer
    conflict: Dict[str, Any] = field(default_factory=dict)  # a fact put back to the person
    confirm: Optional[str] = None  # a confirmation to ask next
    reply: Optional[str] = None  # a request to answer (an intent)
    say: Optional[str] = None  # catalogue key
    say_values: Dict[str, Any] = field(default_factory=dict)
    tries: int = 0


# ---------------------------------------------------------------- requests


def _weight(turn: Turn, intent: str) -> float:
    if turn.intent == intent:
        return max(turn.confidence, turn.ranking.get(intent, 0.0))
    return turn.ranking.get(intent, 0.0)


def unmistakable(turn: Turn) -> Optional[str]:
    """A request the classifier weighs and whose words are in the message."""
    for intent in COMMAND_INTENTS + DETOUR_INTENTS:
        if intent in turn.reading.requests and _weight(turn, intent) >= SUPPORTED:
            return intent
    return None


def meant(turn: Turn) -> Optional[str]:
    """A request, when the message answers nothing: a confident intent, else its words."""
    mash = turn.reading.answer.error == "error_gibberish"  # keyboard mash is no topic
    if turn.intent in COMMAND_INTENTS and turn.confidence >= CONFIDENT:
        return turn.intent
    if turn.intent in DETOUR_INTENTS and turn.confidence >= CONFIDENT and not mash:
        return turn.intent
    return next((i for i in COMMAND_INTENTS + DETOUR_INTENTS if i in turn.reading.requests), None)


def _request(turn: Turn, intent: str, **taken) -> Decision:
    """Carry out a request: goodbye ends the intake; a command asks its confirmation; anything
    else is answered."""
    if intent == "goodbye":
        return Decision(HAND_OVER, reply=intent, **taken)
    confirm = CONFIRMATION_OF.get(intent)
    if confirm:
        return Decision(REQUEST, confirm=confirm, **taken)
    return Decision(REQUEST, reply=intent, **taken)


# ---------------------------------------------------------------- an intake question is open


def split_facts(turn: Turn, facts: Dict[str, Any]) -> Dict[str, Dict[str, Any]]:
    """Facts from the rest of a message never overwrite an answer the person gave: new ones are
    taken, an explicit correction replaces the earlier answer, and a contradiction is put back to
    the person (the first one; nothing changes until it is confirmed)."""
    known = turn.profile.as_slots()
    taken, corrected, conflict = {}, {}, {}
    for key, value in facts.items():
        before = known.get(key)
        if before is None:
            taken[key] = value
        elif before != value and turn.reading.correction:
            taken[key], corrected[key] = value, before
        elif before != value and not conflict:
            conflict[key] = value
    return {"facts": taken, "corrected": corrected, "conflict": conflict}


def note(turn: Turn) -> Decision:
    """Facts told outside the intake (or with no answer): noted as `split_facts` allows."""
    return _take(turn, None, None, NOTE)


def _take(turn: Turn, slot: Optional[str], value: Any, kind: str = TAKE) -> Decision:
    facts = split_facts(turn, turn.reading.facts)
    return Decision(
        kind,
        slot=slot,
        value=value,
        confirm="contradiction" if facts["conflict"] else None,
        **facts,
    )


def decide(turn: Turn) -> Decision:
    """What a message means for the open question, in this order."""
    r = turn.reading
    if turn.button is not None and is_valid_value(turn.slot, turn.button):
        return Decision(TAKE, slot=turn.slot, value=turn.button)
    if r.dont_know:
        return Decision(SKIP, slot=turn.slot, say="skip_question")
    if r.problem:  # empty or oversized: say so, ask again, no try counted
        return Decision(ASK_AGAIN, say=f"message_{r.problem}")
    if r.foreign:
        return Decision(ASK_AGAIN, say="other_language")
    request = unmistakable(turn)
    if r.answer.ok or r.facts:
        taken = _take(turn, turn.slot, r.answer.value) if r.answer.ok else note(turn)
        if request and r.weak:  # "wat bedoel je met niche?" is no niche score
            return _request(turn, request)
        if request and not taken.confirm:  # "2015, en daarna wil ik opnieuw beginnen": both
            both = _request(turn, request)
            return replace(taken, confirm=both.confirm, reply=both.reply)
        return taken
    if not r.answer.specific:  # "3025" is an answer, if a wrong one: no request
        request = request or meant(turn)
    if request:
        return _request(turn, request)
    tries = turn.retries + 1
    if tries >= MAX_TRIES:
        return Decision(SKIP, slot=turn.slot, say="skip_after_retries")
    unrelated = turn.intent == "out_of_scope" and turn.confidence >= CONFIDENT
    if unrelated and not r.answer.specific and r.answer.error != "error_gibberish":
        return Decision(RETRY, say="out_of_scope_in_form", tries=tries)
    return Decision(
        RETRY,
        say=r.answer.error or "answer_not_understood",
        say_values=dict(r.answer.error_values),
        tries=tries,
    )


# ---------------------------------------------------------------- a confirmation is pending


def _yes_no(turn: Turn) -> Optional[bool]:
    if turn.reading.yes_no is not None:
        return turn.reading.yes_no
    if turn.intent in ("affirm", "deny") and turn.confidence >= CONFIDENT:
        return turn.intent == "affirm"
    return None


def reply(turn: Turn) -> Decision:
    """A message while a confirmation is pending: yes, no, an answer to the question that was
    open before it (taken; the confirmation is dropped), a request, or neither."""
    r, pending = turn.reading, turn.pending
    yes = _yes_no(turn)
    if yes is not None:
        return Decision(YES if yes else NO)
    starts = pending in ("start", "deeper")
    if starts and (r.facts or "start_scan" == meant(turn)):
        return Decision(YES, facts=split_facts(turn, r.facts)["facts"])  # "we zijn met 40 in Gent"
    if turn.slot and not r.problem and not r.dont_know:
        if turn.button is not None and is_valid_value(turn.slot, turn.button):
            return Decision(TAKE, slot=turn.slot, value=turn.button)
        if r.answer.ok and not (r.weak and unmistakable(turn)):
            return _take(turn, turn.slot, r.answer.value)
    request = None if r.problem else (unmistakable(turn) or meant(turn))
    if request and CONFIRMATION_OF.get(request) == pending:
        return Decision(YES)  # asking again for what is to be confirmed
    if request and request != "start_scan":
        return _request(turn, request)
    if r.facts and not r.problem:
        return note(turn)
    if r.problem:
        return Decision(AGAIN, say=f"message_{r.problem}", tries=turn.pending_tries)
    tries = turn.pending_tries + 1
    if tries >= MAX_TRIES:
        return Decision(GIVE_UP, say="confirm_gave_up")
    return Decision(AGAIN, tries=tries)


# ---------------------------------------------------------------- what a yes or no does

# What happens after an outcome
LISTEN = "listen"  # wait for the next message (or the intake asks its question again)
INTAKE = "intake"  # (re)start the intake form
HANDOFF = "handoff"  # hand the conversation to an advisor
ERASE = "erase"  # forget the conversation
REPORT = "report"  # send the report


@dataclass(frozen=True)
class Outcome:
    say: Optional[str] = None
    then: str = LISTEN
    sets: Dict[str, Any] = field(default_factory=dict)  # slot changes
    reset: bool = False  # clear the profile, its classification and the intake state
    apply_fact: bool = False  # take the fact that was put back to the person
    start_buttons: bool = False  # offer the scan, the organisations and help


NOTHING_PENDING = Outcome("nothing_pending", start_buttons=True)
# (pending confirmation, the person said yes) -> what happens
OUTCOMES: Dict[tuple, Outcome] = {
    ("start", True): Outcome("scan_intro", INTAKE, {"scan_phase": "core"}),
    ("start", False): Outcome("start_declined", start_buttons=True),
    ("restart", True): Outcome("restart_done", INTAKE, reset=True),
    ("restart", False): Outcome("cancelled_continue"),
    ("forget_me", True): Outcome("forget_done", ERASE),
    ("forget_me", False): Outcome("cancelled_continue"),
    ("handoff", True): Outcome(None, HANDOFF, {"handoff_consent": True}),
    ("handoff", False): Outcome("handoff_declined"),
    ("deeper", True): Outcome("deeper_intro", INTAKE, {"scan_phase": "deep"}),
    ("deeper", False): Outcome("deeper_declined"),
    ("contradiction", True): Outcome("contradiction_changed", apply_fact=True),
    ("contradiction", False): Outcome("contradiction_kept"),
    ("report", True): Outcome(None, REPORT),
    ("report", False): Outcome("report_declined"),
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
    return Offer("offer_handoff", "handoff", {"scan_phase": "done"})
