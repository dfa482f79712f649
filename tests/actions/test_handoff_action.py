"""action_handoff_to_advisor with real rasa_sdk Trackers; advisor channels are loopback stand-ins."""

from __future__ import annotations

import asyncio
import logging

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.advisor_delivery import teams_card
from actions.handoff import ActionHandoffToAdvisor
from tests.integration.loopback_standins import StandIn, slack_ok
from wereldwijs import knowledge
from wereldwijs.core.classify import classify
from wereldwijs.desk import store
from wereldwijs.vocabulary import FirmProfile
from wereldwijs.wording.catalogue import text

SECTOR = "ambachtelijke chocolade"
SENDER = "user-7f3a"
PROFILE = {
    "sector": SECTOR,
    "home_region": "flanders",
    "employees": 40.0,
    "exports": True,
    "imports": False,
    "niche_score": 5.0,
    "support_needs": ["payment_risk"],
    "language": "nl",
}
ADVISOR_ENV = (
    "ADVISOR_SLACK_CHANNEL",
    "SLACK_BOT_TOKEN",
    "SLACK_API_URL",
    "ADVISOR_TEAMS_WEBHOOK_URL",
    "ADVISOR_LANGUAGE",
)


def tracker(consent, **slots) -> Tracker:
    values = {**PROFILE, "handoff_consent": consent, "handoff_done": False, **slots}
    latest = {"text": "ja", "intent": {"name": "affirm", "confidence": 0.99}, "entities": []}
    events = [{"event": "user", "text": "ja", "input_channel": "rest", "parse_data": latest}]
    return Tracker(SENDER, values, latest, events, False, None, {}, "action_listen")


def run(t: Tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionHandoffToAdvisor().run(dispatcher, t, {}))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


HANDOFF_SLOTS = {
    "handoff_consent": False,
    "handoff_done": True,
    "pending_confirmation": "contact",
    "confirmation_retries": 0.0,
    "pending_fact": None,
}


@pytest.fixture(autouse=True)
def desk_db(tmp_path, monkeypatch):
    """The conversations' database the desk shares (a real SQLite file per test)."""
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    monkeypatch.setenv("WERELDWIJS_DB_URL", url)
    return store.engine_for(url)


@pytest.fixture()
def advisors(monkeypatch):
    """Slack Web API and a Teams webhook on loopback, configured in the environment."""
    for var in ADVISOR_ENV:
        monkeypatch.delenv(var, raising=False)
    slack = StandIn({"/api/chat.postMessage": slack_ok})
    teams = StandIn({"/webhook": lambda rec: (202, {})})
    monkeypatch.setenv("SLACK_API_URL", f"{slack.url}/api/")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "fake-slack-token-1")
    monkeypatch.setenv("ADVISOR_SLACK_CHANNEL", "C0ADVISORS")
    monkeypatch.setenv("ADVISOR_TEAMS_WEBHOOK_URL", f"{teams.url}/webhook")
    yield slack, teams
    slack.close()
    teams.close()


def recommended_names() -> list:
    orgs = classify(FirmProfile.from_slots(PROFILE)).recommended_orgs
    assert "credendo" in orgs and "fit" in orgs  # the contract's routing for this firm
    return [knowledge.organisation(org)["name_today"] for org in orgs]


def teams_text(rec) -> str:
    return "\n\n".join(b["text"] for b in rec.json["attachments"][0]["content"]["body"])


def test_without_consent_nothing_is_sent(advisors):
    slack, teams = advisors
    messages, slots = run(tracker(False))
    assert [m["text"] for m in messages] == [text("handoff_no_consent", "nl")]
    assert slots == {"handoff_consent": False}
    assert slack.received() == [] and teams.received() == []


def test_with_consent_summary_goes_to_slack_and_teams_in_advisor_language(
    advisors, monkeypatch, caplog
):
    slack, teams = advisors
    monkeypatch.setenv("ADVISOR_LANGUAGE", "en")
    caplog.set_level(logging.DEBUG)
    messages, slots = run(tracker(True))

    posted = slack.received("/api/chat.postMessage")
    assert len(posted) == 1
    assert posted[0].headers["authorization"] == "Bearer fake-slack-token-1"
    slack_body = posted[0].json
    assert slack_body["channel"] == "C0ADVISORS"
    summary = slack_body["text"]
    assert summary.startswith(
        text("handoff_advisor_header", "en", reference=SENDER, channel="rest")
    )
    assert SECTOR in summary and "40" in summary
    for name in recommended_names():
        assert name in summary
    assert "Nieuwe aanvraag" not in summary  # advisors' language, not the user's

    (card,) = teams.received("/webhook")
    assert teams_text(card) == "\n\n".join(p for p in summary.split("\n\n") if p.strip())

    # the user hears it in the conversation language, and is asked for a contact
    assert [m["text"] for m in messages] == [
        text("handoff_sent", "nl"),
        text("confirm_contact", "nl"),
    ]
    assert slots == HANDOFF_SLOTS
    # no personal data in the logs
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert SECTOR not in logged and SENDER not in logged and "fake-slack-token-1" not in logged


def test_default_advisor_language_is_dutch(advisors):
    slack, _ = advisors
    run(tracker(True, language="en"))
    summary = slack.received("/api/chat.postMessage")[0].json["text"]
    assert summary.startswith(
        text("handoff_advisor_header", "nl", reference=SENDER, channel="rest")
    )


def test_no_advisor_channel_configured_the_desk_keeps_it(monkeypatch, desk_db):
    for var in ADVISOR_ENV:
        monkeypatch.delenv(var, raising=False)
    messages, slots = run(tracker(True, language="en"))
    assert [m["text"] for m in messages] == [
        text("handoff_sent_desk", "en"),
        text("confirm_contact", "en"),
    ]
    assert messages[1]["buttons"] == [
        {"title": text("contact_button_none", "en"), "payload": "/deny"}
    ]
    assert slots == HANDOFF_SLOTS
    (kept,) = store.list_handoffs(desk_db)
    assert kept["sender_id"] == SENDER and kept["consent"] is True and kept["contact"] is None
    assert SECTOR in kept["summary"] and kept["language"] == "nl" and kept["channel"] == "rest"


def test_without_a_database_and_channels_the_user_hears_it_failed(monkeypatch, tmp_path):
    for var in ADVISOR_ENV:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("WERELDWIJS_DB_URL", f"sqlite:///{tmp_path}/missing/dir/x.db")
    messages, slots = run(tracker(True, language="en"))
    assert [m["text"] for m in messages] == [text("handoff_failed", "en")]
    assert slots == {"handoff_consent": False, "handoff_done": False}


def test_refused_posts_are_reported_honestly(advisors):
    slack, teams = advisors
    slack.routes["/api/chat.postMessage"] = lambda rec: (
        200,
        {"ok": False, "error": "channel_not_found"},
    )
    teams.routes["/webhook"] = lambda rec: (500, {})
    messages, slots = run(tracker(True))
    assert len(slack.received()) == 1 and len(teams.received()) == 1
    assert messages[0]["text"] == text("handoff_sent_desk", "nl")  # the desk still has it
    assert slots["handoff_done"] is True


def test_one_working_channel_is_enough(advisors, monkeypatch):
    slack, teams = advisors
    teams.close()  # Teams unreachable, Slack works
    messages, slots = run(tracker(True))
    assert messages[0]["text"] == text("handoff_sent", "nl")
    assert slots["handoff_done"] is True


def test_teams_card_keeps_every_paragraph():
    card = teams_card("a\n\nb\n\n\n\nc")
    body = card["attachments"][0]["content"]["body"]
    assert [b["text"] for b in body] == ["a", "b", "c"]
    assert card["attachments"][0]["contentType"] == "application/vnd.microsoft.card.adaptive"
