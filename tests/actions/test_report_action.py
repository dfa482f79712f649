"""action_get_report with real rasa_sdk Trackers: the link in the text on every channel, a card
on Teams, an attachment for the web page and Slack; nothing for an empty profile."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.report import ActionGetReport
from wereldwijs.desk import store
from wereldwijs.report import links
from wereldwijs.wording.catalogue import text


@pytest.fixture(autouse=True)
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    monkeypatch.setenv("WERELDWIJS_DB_URL", url)
    monkeypatch.setenv("WERELDWIJS_PUBLIC_URL", "https://bot.example.be")
    return store.engine_for(url)


def run(channel, slots):
    latest = {"text": "stuur me een rapport", "intent": {"name": "get_report", "confidence": 0.9}}
    events = [{"event": "user", "text": "x", "input_channel": channel, "parse_data": latest}]
    tracker = Tracker("conv-9", slots, latest, events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionGetReport().run(dispatcher, tracker, {}))
    return dispatcher.messages


PROFILE = {"home_region": "flanders", "niche_score": 5.0, "exports": True, "language": "en"}


@pytest.mark.parametrize("channel", ["rest", "socketio", "slack", "botframework", "cmdline"])
def test_the_link_is_in_the_text_on_every_channel(channel, db):
    messages = run(channel, PROFILE)
    first = messages[0]["text"]
    secret = links.report_secret({}, db)
    token = first.split("/webhooks/report/")[1].split("/")[0]
    assert links.read_token(token, secret) == "conv-9"
    assert "https://bot.example.be/webhooks/report/" in first and "valid until" in first
    extra = messages[1:]
    if channel == "botframework":
        (card,) = extra
        hero = card["custom"]["attachments"][0]
        assert hero["contentType"] == "application/vnd.microsoft.card.hero"
        assert [b["type"] for b in hero["content"]["buttons"]] == ["openUrl", "openUrl"]
        assert hero["content"]["buttons"][0]["value"].endswith(f"{token}/pdf")
    elif channel in ("socketio", "slack"):
        (attachment,) = extra
        att = attachment["attachment"]
        assert att["type"] == "report" and att["title_link"] == att["pdf"]
        assert att["button"] == text("report_link_pdf", "en")
    else:
        assert extra == []


def test_no_profile_no_report():
    (message,) = run("rest", {"language": "nl"})
    assert message["text"] == text("report_empty", "nl")
