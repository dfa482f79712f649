"""The conversation's policy, row by row: what one message decides (wereldwijs.core.conversation)."""

import pytest

from wereldwijs.core import conversation as talk
from wereldwijs.core.conversation import Reading, Turn, decide, next_offer, read, resolve
from wereldwijs.reading.answers import Parsed
from wereldwijs.vocabulary import CLASSIFICATION_SLOTS, PROFILE_SLOTS, FirmProfile

ANSWER = Parsed(True, 40)
NOT_READ = Parsed(False, error="error_number")
MASH = Parsed(False, error="error_gibberish")


def turn(
    reading=None,
    intent="inform",
    confidence=0.9,
    button=None,
    retries=0,
    profile=None,
    slot="employees",
):
    return Turn(
        slot,
        reading or Reading(NOT_READ),
        intent,
        confidence,
        button,
        retries,
        profile or FirmProfile(),
    )


# (what the person sent, the decision's kind and what it carries)
ROWS = [
    (
        "a valid button value",
        turn(Reading(NOT_READ), button=4, slot="niche_score"),
        talk.TAKE,
        {"value": 4},
    ),
    (
        "an invalid button value is read as text",
        turn(Reading(ANSWER), button="x"),
        talk.TAKE,
        {"value": 40},
    ),
    (
        "a confident command",
        turn(Reading(ANSWER), intent="restart"),
        talk.HAND_OVER,
        {"intent": "restart"},
    ),
    ("each command", turn(intent="goodbye", confidence=0.5), talk.HAND_OVER, {}),
    (
        "an unsure command is not taken",
        turn(Reading(ANSWER), intent="ask_human", confidence=0.3),
        talk.TAKE,
        {"value": 40},
    ),
    (
        "don't know in words",
        turn(Reading(NOT_READ, dont_know=True)),
        talk.SKIP,
        {"say": "skip_question"},
    ),
    ("don't know by intent", turn(intent="dont_know"), talk.SKIP, {"say": "skip_question"}),
    (
        "an empty message",
        turn(Reading(NOT_READ, problem="empty")),
        talk.ASK_AGAIN,
        {"say": "message_empty"},
    ),
    (
        "an oversized message",
        turn(Reading(NOT_READ, problem="too_long")),
        talk.ASK_AGAIN,
        {"say": "message_too_long"},
    ),
    (
        "another language",
        turn(Reading(ANSWER, foreign=True)),
        talk.ASK_AGAIN,
        {"say": "other_language"},
    ),
    ("an answer", turn(Reading(ANSWER)), talk.TAKE, {"slot": "employees", "value": 40}),
    (
        "an answer with other facts",
        turn(Reading(ANSWER, facts={"home_region": "flanders"})),
        talk.TAKE,
        {"facts": {"home_region": "flanders"}, "changed": {}},
    ),
    (
        "a fact that changes an earlier answer",
        turn(Reading(ANSWER, facts={"exports": True}), profile=FirmProfile(exports=False)),
        talk.TAKE,
        {"changed": {"exports": False}},
    ),
    (
        "other facts only",
        turn(Reading(NOT_READ, facts={"exports": True})),
        talk.NOTE,
        {"slot": None, "facts": {"exports": True}},
    ),
    ("a confident detour", turn(intent="ask_why"), talk.DETOUR, {"intent": "ask_why"}),
    (
        "an unsure detour is a bad answer",
        turn(intent="ask_why", confidence=0.2),
        talk.RETRY,
        {"tries": 1},
    ),
    (
        "keyboard mash is not a detour",
        turn(Reading(MASH), intent="out_of_scope"),
        talk.RETRY,
        {"say": "error_gibberish"},
    ),
    ("the first bad answer", turn(), talk.RETRY, {"say": "error_number", "tries": 1}),
    ("the second bad answer", turn(retries=1), talk.RETRY, {"tries": 2}),
    (
        "the third bad answer skips the question",
        turn(retries=2),
        talk.SKIP,
        {"say": "skip_after_retries"},
    ),
]


@pytest.mark.parametrize("case, t, kind, carries", ROWS, ids=[r[0] for r in ROWS])
def test_decide(case, t, kind, carries):
    decision = decide(t)
    assert decision.kind == kind
    for name, value in carries.items():
        assert getattr(decision, name) == value, name


@pytest.mark.parametrize(
    "slot, message, kind",
    [
        ("employees", "een twintigtal", talk.TAKE),
        ("employees", "geen idee", talk.SKIP),
        ("employees", "", talk.ASK_AGAIN),
        ("employees", "x" * 1001, talk.ASK_AGAIN),
        (
            "employees",
            "Bonjour, je voudrais exporter en Allemagne, c'est possible?",
            talk.ASK_AGAIN,
        ),
        ("founding_year", "we're 40 people in Ghent", talk.NOTE),
        ("founding_year", "3025", talk.RETRY),
    ],
)
def test_read_then_decide_real_messages(slot, message, kind):
    reading = read(slot, message, "nl", FirmProfile())
    assert decide(turn(reading, slot=slot, confidence=0.0)).kind == kind


# (pending confirmation, yes) -> (text, what follows, slot changes, reset)
OUTCOMES = [
    ("start", True, "scan_intro", talk.INTAKE, {"scan_phase": "core"}, False),
    ("start", False, "start_declined", talk.LISTEN, {}, False),
    ("restart", True, "restart_done", talk.INTAKE, {}, True),
    ("restart", False, "cancelled_continue", talk.RESUME, {}, False),
    ("forget_me", True, "forget_done", talk.ERASE, {}, False),
    ("forget_me", False, "cancelled_continue", talk.RESUME, {}, False),
    ("handoff", True, None, talk.HANDOFF, {"handoff_consent": True}, False),
    ("handoff", False, "handoff_declined", talk.RESUME, {}, False),
    ("deeper", True, "deeper_intro", talk.INTAKE, {"scan_phase": "deep"}, False),
    ("deeper", False, "deeper_declined", talk.LISTEN, {}, False),
    (None, False, "nothing_pending", talk.LISTEN, {}, False),
]


@pytest.mark.parametrize("pending, yes, say, then, sets, reset", OUTCOMES)
def test_resolve(pending, yes, say, then, sets, reset):
    outcome = resolve(pending, yes, scan_phase="core")
    assert (outcome.say, outcome.then, outcome.sets, outcome.reset) == (say, then, sets, reset)


def test_a_yes_before_anything_started_starts_the_scan():
    assert resolve(None, True, scan_phase=None).say == "scan_intro"
    assert resolve(None, True, scan_phase="done").say == "nothing_pending"


def test_a_restart_clears_profile_classification_and_intake_state():
    assert set(PROFILE_SLOTS + CLASSIFICATION_SLOTS) <= set(talk.RESTART_SLOTS)
    assert talk.RESTART_SLOTS["scan_phase"] == "core" and talk.RESTART_SLOTS["skipped_slots"] == []


@pytest.mark.parametrize(
    "phase, say, pending",
    [
        (None, "offer_deeper", "deeper"),
        ("core", "offer_deeper", "deeper"),
        ("deep", "offer_handoff", "handoff"),
    ],
)
def test_next_offer(phase, say, pending):
    offer = next_offer(phase)
    assert (offer.say, offer.pending) == (say, pending)


def test_commands_that_ask_first():
    assert talk.CONFIRMATION_OF == {
        "restart": "restart",
        "forget_me": "forget_me",
        "ask_human": "handoff",
    }
