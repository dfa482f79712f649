"""Advisor hand-off end to end: REST conversation -> Rasa -> action server -> advisor channels.

The action server runs with its advisor channels (Slack Web API and a Teams webhook) pointing at
loopback stand-ins; nothing may arrive there before the user said yes.
"""

from __future__ import annotations

import json
import time
import urllib.request

import pytest

from tests.integration.loopback_standins import StandIn, slack_ok
from tests.integration.servers import RestClient, start_action_server, start_rasa_server
from wereldwijs import knowledge
from wereldwijs.core.classify import classify
from wereldwijs.vocabulary import FirmProfile
from wereldwijs.wording.catalogue import text

SENDER = "handoff-user-1"
PROFILE = {
    "sector": "industriële bakkerijmachines",
    "home_region": "flanders",
    "employees": 35,
    "founding_year": 1998,
    "exports": True,
    "imports": True,
    "niche_score": 4,
    "relevant_market": "european",
    "support_needs": ["payment_risk", "market_research"],
}


@pytest.fixture(scope="module")
def advisors():
    slack = StandIn({"/api/chat.postMessage": slack_ok})
    teams = StandIn({"/webhook": lambda rec: (202, {})})
    yield slack, teams
    slack.close()
    teams.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory, model_path, advisors):
    slack, teams = advisors
    workdir = tmp_path_factory.mktemp("handoff")
    actions = start_action_server(
        workdir,
        env={
            "ADVISOR_SLACK_CHANNEL": "C0ADVISORS",
            "SLACK_BOT_TOKEN": "fake-slack-advisor-token",
            "SLACK_API_URL": f"{slack.url}/api/",
            "ADVISOR_TEAMS_WEBHOOK_URL": f"{teams.url}/webhook",
            "ADVISOR_LANGUAGE": "en",
        },
    )
    rasa = start_rasa_server(workdir, model_path, f"{actions.url}/webhook")
    yield rasa, actions
    rasa.stop()
    actions.stop()


def set_slots(server, sender, slots):
    events = [
        {"event": "slot", "name": k, "value": v, "timestamp": time.time()} for k, v in slots.items()
    ]
    request = urllib.request.Request(
        f"{server.url}/conversations/{sender}/tracker/events?token={server.token}",
        data=json.dumps(events).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    urllib.request.urlopen(request, timeout=30).read()


def test_handoff_only_after_consent(server, advisors):
    server, actions = server
    slack, teams = advisors
    user = RestClient(server, SENDER)
    user.say("hallo")
    set_slots(server, SENDER, {**PROFILE, "language": "nl"})

    user.say("kan ik met iemand spreken?")
    assert user.slots()["handoff_consent"] is not True
    user.say("nee")
    time.sleep(3)
    assert slack.received() == [] and teams.received() == []
    assert user.slots()["handoff_done"] is not True

    user.say("kan ik met iemand spreken?")
    replies = user.say("ja")
    assert text("handoff_sent", "nl") in [r.get("text") for r in replies]

    (posted,) = slack.wait_for(lambda got: len(got) >= 1, "/api/chat.postMessage", 30)
    assert posted.json["channel"] == "C0ADVISORS"
    summary = posted.json["text"]
    assert summary.startswith(
        text("handoff_advisor_header", "en", reference=SENDER, channel="rest")
    )
    assert PROFILE["sector"] in summary and "35" in summary and "1998" in summary
    orgs = classify(FirmProfile.from_slots(PROFILE)).recommended_orgs
    assert "credendo" in orgs and "fit" in orgs
    for org in orgs:
        assert knowledge.organisation(org)["name_today"] in summary

    (card,) = teams.wait_for(lambda got: len(got) >= 1, "/webhook", 30)
    paragraphs = [b["text"] for b in card.json["attachments"][0]["content"]["body"]]
    assert "\n\n".join(paragraphs) == "\n\n".join(p for p in summary.split("\n\n") if p.strip())

    for log in (actions.log(), server.log()):  # no profile data or token in either server's log
        assert PROFILE["sector"] not in log and "fake-slack-advisor-token" not in log
        assert "Credendo" not in log

    # the bot then waits for the user (no fallback that would rewind the hand-off's slots)
    slots = user.slots()
    assert slots["handoff_done"] is True and slots["handoff_consent"] is False
