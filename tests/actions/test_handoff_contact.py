"""After a hand-off: "how may an advisor reach you?" through action_resolve_confirmation, with
real rasa_sdk Trackers and a real SQLite desk database."""

from __future__ import annotations

import asyncio
import logging

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.confirmations import ActionResolveConfirmation
from wereldwijs.desk import store
from wereldwijs.wording.catalogue import text

SENDER = "contact-user-1"


@pytest.fixture()
def desk(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    monkeypatch.setenv("WERELDWIJS_DB_URL", url)
    engine = store.engine_for(url)
    store.add_handoff(engine, SENDER, "summary", "nl", consent=True, channel="rest")
    return engine


def reply(message, intent, confidence=0.9, tries=0, lang="nl"):
    slots = {
        "pending_confirmation": "contact",
        "confirmation_retries": float(tries),
        "language": lang,
        "handoff_done": True,
    }
    latest = {"text": message, "intent": {"name": intent, "confidence": confidence}, "entities": []}
    events = [{"event": "user", "text": message, "input_channel": "rest", "parse_data": latest}]
    tracker = Tracker(SENDER, slots, latest, events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionResolveConfirmation().run(dispatcher, tracker, {}))
    return [m.get("text") for m in dispatcher.messages], {
        e["name"]: e["value"] for e in events if e["event"] == "slot"
    }


def contact_of(engine):
    (row,) = store.list_handoffs(engine)
    return row["contact_kind"], row["contact"]


def test_an_address_is_the_answer_whatever_the_intent(desk, caplog):
    caplog.set_level(logging.DEBUG)
    texts, slots = reply("mail naar Jan.Peeters@chocolade.be", "forget_me")
    assert texts == [text("contact_noted", "nl", contact="jan.peeters@chocolade.be")]
    assert slots["pending_confirmation"] is None
    assert contact_of(desk) == ("email", "jan.peeters@chocolade.be")
    assert "chocolade.be" not in "\n".join(r.getMessage() for r in caplog.records)


def test_a_phone_number_in_english(desk):
    texts, slots = reply("call me on +32 470 12 34 56", "inform", lang="en")
    assert texts == [text("contact_noted", "en", contact="+32470123456")]
    assert contact_of(desk) == ("phone", "+32470123456")


def test_no_leaves_no_contact(desk):
    texts, slots = reply("nee, liever niet", "deny")
    assert texts == [text("contact_none", "nl")]
    assert slots["pending_confirmation"] is None and contact_of(desk) == (None, None)


def test_three_tries_then_the_question_is_let_go(desk):
    texts, slots = reply("jan bij firma", "inform", 0.4, tries=0)
    assert texts == [text("contact_invalid", "nl")] and slots == {"confirmation_retries": 1.0}
    texts, slots = reply("jan bij firma punt be", "inform", 0.4, tries=1)
    assert texts == [text("contact_expected", "nl")] and slots == {"confirmation_retries": 2.0}
    texts, slots = reply("???", "out_of_scope", 0.4, tries=2)
    assert texts == [text("contact_gave_up", "nl")] and slots["pending_confirmation"] is None
    assert contact_of(desk) == (None, None)


def test_a_confident_command_is_carried_out_instead(desk):
    texts, slots = reply("verwijder mijn gegevens", "forget_me", 0.95)
    assert slots.get("pending_confirmation") == "forget_me"
    assert texts[-1] == text("confirm_forget_me", "nl")
