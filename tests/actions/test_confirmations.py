"""Replies to a pending confirmation, in the intake and outside it, with real rasa_sdk Trackers."""

import pytest

from actions.confirmations import ActionRequestConfirmation, ActionResolveConfirmation
from actions.intake_form import ASK_ACTIONS
from tests.actions.helpers import FORM, make_tracker, run, slots_of, texts
from wereldwijs.core.conversation import RESTART_SLOTS
from wereldwijs.wording.catalogue import text as catalogue_text

INTAKE = {"requested_slot": "home_region", "scan_phase": "core", "employees": 12.0}
NO_FORM = {}


@pytest.fixture(autouse=True)
def advisor_channel(monkeypatch):
    monkeypatch.setenv("ADVISOR_TEAMS_WEBHOOK_URL", "http://127.0.0.1:9/hook")


def resolve(pending, text, intent="inform", confidence=0.9, slots=None, form=True, **kw):
    values = {**(INTAKE if form else NO_FORM), "pending_confirmation": pending, **(slots or {})}
    t = make_tracker(
        values, text, intent=intent, confidence=confidence, active_loop=FORM if form else {}, **kw
    )
    messages, events = run(ActionResolveConfirmation(), t)
    return texts(messages), events, slots_of(events)


def test_yes_to_restart_in_the_intake_clears_everything_and_the_form_goes_on():
    _, events, slots = resolve("restart", "ja hoor", intent="affirm")
    assert {k: slots[k] for k in RESTART_SLOTS} == RESTART_SLOTS
    assert slots["pending_confirmation"] is None
    assert not [e for e in events if e["event"] == "followup"]  # the active form asks next


def test_no_to_restart_keeps_every_answer():
    messages, _, slots = resolve("restart", "nee", intent="deny")
    assert slots["pending_confirmation"] is None and "employees" not in slots
    assert messages


def test_an_answer_to_the_open_question_is_taken_and_the_confirmation_dropped():
    _, _, slots = resolve("restart", "Gent", intent="restart", confidence=0.8)
    assert slots["home_region"] == "flanders" and slots["pending_confirmation"] is None
    assert slots["requested_slot"] == "founding_year"


@pytest.mark.parametrize("pending", ["restart", "forget_me", "handoff", "contradiction"])
def test_unrelated_replies_count_and_the_third_counts_as_no(pending):
    fact = (
        {"pending_fact": {"exports": True}, "exports": False} if pending == "contradiction" else {}
    )
    _, _, first = resolve(pending, "blablabla", slots=fact)
    assert first["confirmation_retries"] == 1.0 and "pending_confirmation" not in first
    _, _, third = resolve(pending, "blablabla", slots={**fact, "confirmation_retries": 2.0})
    assert third["pending_confirmation"] is None
    assert "exports" not in third and "employees" not in third


def test_a_detour_while_waiting_is_answered_and_is_no_try():
    messages, _, slots = resolve(
        "restart", "waarom vraag je dat?", intent="ask_why", slots={"confirmation_retries": 1.0}
    )
    assert messages and "confirmation_retries" not in slots and "pending_confirmation" not in slots


def test_the_question_is_asked_in_the_intake_as_the_confirmation_then_with_what_is_expected():
    ask = ASK_ACTIONS["home_region"]()
    first = texts(run(ask, make_tracker({**INTAKE, "pending_confirmation": "restart"}))[0])
    second = texts(
        run(
            ask,
            make_tracker(
                {**INTAKE, "pending_confirmation": "restart", "confirmation_retries": 1.0}
            ),
        )[0]
    )
    third = texts(
        run(
            ask,
            make_tracker(
                {**INTAKE, "pending_confirmation": "restart", "confirmation_retries": 2.0}
            ),
        )[0]
    )
    assert "opnieuw beginnen" in first[0]
    assert second[0].startswith("Ik verwacht een ja of een nee.") and "opnieuw" in second[0]
    assert "opnieuw" not in third[0] and "Ja of Nee" in third[0]


def test_after_two_failed_answers_the_question_is_not_repeated_a_third_time():
    ask = ASK_ACTIONS["founding_year"]()
    messages, _ = run(ask, make_tracker({**INTAKE, "answer_retries": 2.0}))
    assert "Weet ik niet" in messages[0]["text"] and messages[0]["buttons"]


def test_yes_to_a_contradiction_takes_the_fact_no_keeps_the_answer():
    fact = {"pending_fact": {"exports": True}, "exports": False}
    messages, _, yes = resolve("contradiction", "ja", intent="affirm", slots=fact)
    assert yes["exports"] is True and yes["pending_fact"] is None
    messages, _, no = resolve("contradiction", "nee", intent="deny", slots=fact)
    assert "exports" not in no and "Nee" in messages[0]


def test_outside_the_intake_a_waiting_question_is_asked_again_by_the_action():
    messages, _, slots = resolve("deeper", "hmm", form=False)
    assert slots == {"confirmation_retries": 1.0}
    assert messages[-1].startswith("Ik verwacht een ja of een nee.")


def test_facts_say_yes_to_starting_the_scan():
    messages, events, slots = resolve("start", "we zijn met 40 mensen in Gent", form=False)
    assert slots["employees"] == 40 and slots["home_region"] == "flanders"
    assert [e["name"] for e in events if e["event"] == "followup"] == ["profile_form"]


def test_without_slack_or_teams_a_person_is_still_offered_the_desk_keeps_it(monkeypatch, tmp_path):
    monkeypatch.delenv("ADVISOR_TEAMS_WEBHOOK_URL")
    monkeypatch.setenv("WERELDWIJS_DB_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    t = make_tracker(
        {"home_region": "wallonia"}, "kan ik iemand spreken?", intent="ask_human", active_loop={}
    )
    messages, events = run(ActionRequestConfirmation(), t)
    assert texts(messages)[0] == catalogue_text("confirm_handoff", "nl")
    assert slots_of(events)["pending_confirmation"] == "handoff"
    messages, _, slots = resolve(
        "report",
        "ja",
        intent="affirm",
        form=False,
        slots={"home_region": "wallonia", "niche_score": 4.0},
    )
    assert slots["pending_confirmation"] is None and slots["positioning"] == "niche"
    assert "/webhooks/report/" in messages[0]  # the report's link
