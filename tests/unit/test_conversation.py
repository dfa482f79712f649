"""The conversation's policy, row by row: what one message decides (wereldwijs.core.conversation)."""

import pytest

from wereldwijs.core import conversation as talk
from wereldwijs.core.conversation import Reading, Turn, decide, next_offer, read, reply, resolve
from wereldwijs.reading.answers import Parsed
from wereldwijs.vocabulary import CLASSIFICATION_SLOTS, PROFILE_SLOTS, FirmProfile

ANSWER = Parsed(True, 40)
NOT_READ = Parsed(False, error="error_number")
MASH = Parsed(False, error="error_gibberish")


def turn(reading=None, intent="inform", confidence=0.9, slot="employees", **kw):
    ranking = kw.pop("ranking", {intent: confidence})
    return Turn(slot, reading or Reading(NOT_READ), intent, confidence, ranking, **kw)


def words(*requests, answer=NOT_READ, **kw):
    return Reading(answer, requests=frozenset(requests), **kw)


# (case, turn, the decision's kind, what it carries)
INTAKE = [
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
    # answers first: an answer is an answer, whatever the classifier guesses
    (
        "an answer the classifier calls ask_human",
        turn(Reading(ANSWER), intent="ask_human", confidence=0.77),
        talk.TAKE,
        {"value": 40},
    ),
    (
        "an answer the classifier calls restart",
        turn(Reading(ANSWER), intent="restart"),
        talk.TAKE,
        {"value": 40, "confirm": None},
    ),
    (
        "an answer the classifier calls get_report",
        turn(Reading(ANSWER), intent="get_report"),
        talk.TAKE,
        {"reply": None},
    ),
    # ... unless the request is unmistakable: classifier and words agree; then both
    (
        "an answer with an unmistakable restart",
        turn(words("restart", answer=ANSWER), intent="restart"),
        talk.TAKE,
        {"value": 40, "confirm": "restart"},
    ),
    (
        "an answer whose restart words the classifier weighs a little",
        turn(
            words("restart", answer=ANSWER),
            intent="inform",
            ranking={"inform": 0.7, "restart": 0.25},
        ),
        talk.TAKE,
        {"confirm": "restart"},
    ),
    (
        "restart words the classifier does not hear",
        turn(words("restart", answer=ANSWER), intent="inform", ranking={"inform": 0.95}),
        talk.TAKE,
        {"confirm": None},
    ),
    (
        "an answer with an unmistakable why",
        turn(words("ask_why", answer=ANSWER), intent="ask_why"),
        talk.TAKE,
        {"value": 40, "reply": "ask_why"},
    ),
    (
        "a weak answer (a question) gives way to an unmistakable detour",
        turn(words("ask_explain", answer=ANSWER, weak=True), intent="ask_explain"),
        talk.REQUEST,
        {"reply": "ask_explain", "slot": None},
    ),
    (
        "a weak answer gives way to an unmistakable command",
        turn(words("ask_human", answer=ANSWER, weak=True), intent="ask_human"),
        talk.REQUEST,
        {"confirm": "handoff"},
    ),
    (
        "an answer and goodbye",
        turn(words("goodbye", answer=ANSWER), intent="goodbye"),
        talk.TAKE,
        {"reply": "goodbye"},
    ),
    # not an answer: the request is taken when the classifier is confident or the words are there
    ("a confident command", turn(intent="restart"), talk.REQUEST, {"confirm": "restart"}),
    (
        "command words the classifier missed",
        turn(words("forget_me"), intent="inform"),
        talk.REQUEST,
        {"confirm": "forget_me"},
    ),
    ("a person", turn(intent="ask_human"), talk.REQUEST, {"confirm": "handoff"}),
    ("the report", turn(intent="get_report"), talk.REQUEST, {"reply": "get_report"}),
    ("goodbye ends the intake", turn(intent="goodbye"), talk.HAND_OVER, {}),
    ("a confident detour", turn(intent="ask_why"), talk.REQUEST, {"reply": "ask_why"}),
    (
        "an unsure detour without words is a bad answer",
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
    ("an unsure command is a bad answer", turn(intent="restart", confidence=0.3), talk.RETRY, {}),
    # everything else as before
    (
        "don't know in words",
        turn(Reading(NOT_READ, dont_know=True)),
        talk.SKIP,
        {"say": "skip_question"},
    ),
    (
        "don't know by intent alone is no skip (code, mash)",
        turn(intent="dont_know"),
        talk.RETRY,
        {"tries": 1},
    ),
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
    (
        "an answer with other facts",
        turn(Reading(ANSWER, facts={"home_region": "flanders"})),
        talk.TAKE,
        {"facts": {"home_region": "flanders"}, "corrected": {}, "conflict": {}},
    ),
    (
        "other facts only",
        turn(Reading(NOT_READ, facts={"exports": True})),
        talk.NOTE,
        {"slot": None, "facts": {"exports": True}},
    ),
    ("the first bad answer", turn(), talk.RETRY, {"say": "error_number", "tries": 1}),
    ("the second bad answer", turn(retries=1), talk.RETRY, {"tries": 2}),
    (
        "the third bad answer skips the question",
        turn(retries=2),
        talk.SKIP,
        {"say": "skip_after_retries"},
    ),
    # facts from the rest of a message never overwrite an answer
    (
        "a fact that repeats an answer",
        turn(Reading(ANSWER, facts={"exports": False}), profile=FirmProfile(exports=False)),
        talk.TAKE,
        {"facts": {}, "conflict": {}},
    ),
    (
        "a fact that contradicts an answer is put back",
        turn(Reading(ANSWER, facts={"exports": True}), profile=FirmProfile(exports=False)),
        talk.TAKE,
        {"facts": {}, "conflict": {"exports": True}, "confirm": "contradiction"},
    ),
    (
        "an explicit correction replaces the answer",
        turn(
            Reading(NOT_READ, facts={"exports": True}, correction=True),
            profile=FirmProfile(exports=False),
        ),
        talk.NOTE,
        {"facts": {"exports": True}, "corrected": {"exports": False}, "confirm": None},
    ),
]


@pytest.mark.parametrize("case, t, kind, carries", INTAKE, ids=[r[0] for r in INTAKE])
def test_decide(case, t, kind, carries):
    decision = decide(t)
    assert decision.kind == kind
    for name, value in carries.items():
        assert getattr(decision, name) == value, name


# Every confirmation accepts yes, no, or an answer to the question that was open before it.
CONFIRMATIONS = ("restart", "forget_me", "handoff", "contradiction", "deeper", "start", "report")
REPLIES = [
    ("yes in words", dict(reading=Reading(NOT_READ, yes_no=True)), talk.YES),
    ("no in words", dict(reading=Reading(NOT_READ, yes_no=False)), talk.NO),
    ("yes by the classifier", dict(intent="affirm"), talk.YES),
    ("no by the classifier", dict(intent="deny"), talk.NO),
    ("an unrelated message, first time", dict(intent="inform"), talk.AGAIN),
    ("an unrelated message, second time", dict(intent="inform", pending_tries=1), talk.AGAIN),
    ("the third time counts as no", dict(intent="inform", pending_tries=2), talk.GIVE_UP),
    ("a detour does not count as a try", dict(intent="ask_why", pending_tries=2), talk.REQUEST),
    ("goodbye", dict(intent="goodbye"), talk.HAND_OVER),
]


@pytest.mark.parametrize("pending", CONFIRMATIONS)
@pytest.mark.parametrize("case, fields, kind", REPLIES, ids=[r[0] for r in REPLIES])
def test_reply_to_each_confirmation(pending, case, fields, kind):
    decision = reply(turn(pending=pending, **{"slot": None, **fields}))
    assert decision.kind == kind


@pytest.mark.parametrize("pending", CONFIRMATIONS)
def test_an_answer_to_the_open_question_is_taken_and_drops_the_confirmation(pending):
    decision = reply(turn(Reading(ANSWER), intent="restart", pending=pending))
    assert (decision.kind, decision.slot, decision.value) == (talk.TAKE, "employees", 40)


@pytest.mark.parametrize("pending", CONFIRMATIONS)
def test_another_command_switches_the_confirmation(pending):
    decision = reply(turn(words("forget_me"), intent="forget_me", pending=pending, slot=None))
    expected = talk.YES if pending == "forget_me" else talk.REQUEST
    assert decision.kind == expected
    if expected == talk.REQUEST:
        assert decision.confirm == "forget_me"


@pytest.mark.parametrize("pending", ["start", "deeper"])
def test_facts_or_a_scan_request_say_yes_to_starting(pending):
    facts = reply(turn(Reading(NOT_READ, facts={"employees": 40}), slot=None, pending=pending))
    assert facts.kind == talk.YES and facts.facts == {"employees": 40}
    assert reply(turn(intent="start_scan", slot=None, pending=pending)).kind == talk.YES


def test_yes_words_win_over_the_open_question():
    # "ja" answers "do you really want to start over?", not the open "do you export?"
    t = turn(Reading(Parsed(True, True), yes_no=True), slot="exports", pending="restart")
    assert reply(t).kind == talk.YES


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
        ("home_region", "Gent", talk.TAKE),
        ("home_region", "Ieper", talk.TAKE),
        ("home_region", "Louvain", talk.TAKE),
        ("first_export_year", "2021, right from the start", talk.TAKE),
    ],
)
def test_read_then_decide_real_messages_whatever_the_classifier_says(slot, message, kind):
    reading = read(slot, message, "nl", FirmProfile(founding_year=2019))
    for intent in ("inform", "restart", "ask_human", "get_report", "out_of_scope"):
        assert decide(turn(reading, intent=intent, confidence=0.8, slot=slot)).kind == kind


def test_an_answer_and_an_unmistakable_command_in_one_message():
    reading = read("founding_year", "2015, en daarna wil ik opnieuw beginnen", "nl", FirmProfile())
    decision = decide(turn(reading, intent="restart", confidence=0.6, slot="founding_year"))
    assert (decision.kind, decision.value, decision.confirm) == (talk.TAKE, 2015, "restart")


def test_a_question_about_the_term_is_no_answer_to_the_scale():
    reading = read("niche_score", "wat bedoel je met niche?", "nl", FirmProfile())
    decision = decide(turn(reading, intent="ask_explain", confidence=0.9, slot="niche_score"))
    assert (decision.kind, decision.reply) == (talk.REQUEST, "ask_explain")


def test_a_free_text_answer_gives_way_to_a_request_for_a_person():
    reading = read("sector", "kan ik met iemand spreken?", "nl", FirmProfile())
    decision = decide(turn(reading, intent="ask_human", confidence=0.9, slot="sector"))
    assert (decision.kind, decision.confirm) == (talk.REQUEST, "handoff")


# (pending confirmation, yes) -> (text, what follows, slot changes, reset)
OUTCOMES = [
    ("start", True, "scan_intro", talk.INTAKE, {"scan_phase": "core"}, False),
    ("start", False, "start_declined", talk.LISTEN, {}, False),
    ("restart", True, "restart_done", talk.INTAKE, {}, True),
    ("restart", False, "cancelled_continue", talk.LISTEN, {}, False),
    ("forget_me", True, "forget_done", talk.ERASE, {}, False),
    ("forget_me", False, "cancelled_continue", talk.LISTEN, {}, False),
    ("handoff", True, None, talk.HANDOFF, {"handoff_consent": True}, False),
    ("handoff", False, "handoff_declined", talk.LISTEN, {}, False),
    ("deeper", True, "deeper_intro", talk.INTAKE, {"scan_phase": "deep"}, False),
    ("deeper", False, "deeper_declined", talk.LISTEN, {}, False),
    ("contradiction", True, "contradiction_changed", talk.LISTEN, {}, False),
    ("contradiction", False, "contradiction_kept", talk.LISTEN, {}, False),
    ("report", True, None, talk.REPORT, {}, False),
    ("report", False, "report_declined", talk.LISTEN, {}, False),
    (None, False, "nothing_pending", talk.LISTEN, {}, False),
]


@pytest.mark.parametrize("pending, yes, say, then, sets, reset", OUTCOMES)
def test_resolve(pending, yes, say, then, sets, reset):
    outcome = resolve(pending, yes, scan_phase="core")
    assert (outcome.say, outcome.then, outcome.sets, outcome.reset) == (say, then, sets, reset)


def test_every_confirmation_has_both_outcomes():
    assert {p for p, _ in talk.OUTCOMES} == set(CONFIRMATIONS)
    assert resolve("contradiction", True, None).apply_fact


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
