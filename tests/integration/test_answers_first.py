"""The conversations that went wrong when the intake followed the classifier's guess, through the
REST channel against the model `make test` trains. Whatever that model guesses, an answer to the
open question is taken."""

from __future__ import annotations

import uuid

import pytest

from tests.integration.servers import RestClient


def texts(replies):
    return [r.get("text", "") for r in replies if r.get("text")]


@pytest.fixture
def client(rasa_server):
    return RestClient(rasa_server, f"af-{uuid.uuid4().hex[:8]}")


def open_question(client: RestClient, slot: str, lang: str, **known) -> None:
    """Bring a fresh conversation to the intake with ``slot`` asked and ``known`` answers given
    (the HTTP API's events endpoint, as an earlier part of the conversation would have)."""
    client.say("hallo" if lang == "nl" else "hello")
    events = [
        {"event": "active_loop", "name": "profile_form"},
        {"event": "slot", "name": "language", "value": lang},
        {"event": "slot", "name": "scan_phase", "value": "deep"},
        {"event": "slot", "name": "pending_confirmation", "value": None},
        {"event": "slot", "name": "requested_slot", "value": slot},
    ]
    events += [{"event": "slot", "name": k, "value": v} for k, v in known.items()]
    client._request(
        "POST", f"/conversations/{client.sender}/tracker/events?token={client.server.token}", events
    )


def test_a_bare_town_is_the_answer_and_nothing_after_it_is_lost(client):
    client.say("ik wil exporteren, kan je helpen?")
    client.say("3")
    replies = client.say("Gent")
    slots = client.slots()
    assert slots["home_region"] == "flanders" and slots["requested_slot"] == "founding_year"
    assert slots["pending_confirmation"] is None, texts(replies)
    client.say("1990")
    client.say("3")
    slots = client.slots()
    assert (slots["employees"], slots["founding_year"], slots["niche_score"]) == (3, 1990, 3)


@pytest.mark.parametrize("town, lang", [("Ieper", "nl"), ("Louvain", "en"), ("Hasselt", "nl")])
def test_towns_a_model_once_read_as_commands(client, town, lang):
    open_question(client, "home_region", lang, employees=12)
    replies = client.say(town)
    slots = client.slots()
    assert slots["home_region"] == "flanders" and slots["pending_confirmation"] is None
    assert not any("summary" in t.lower() or "samenvatting" in t.lower() for t in texts(replies))


def test_an_answer_that_contains_start_is_no_restart(client):
    open_question(client, "first_export_year", "en", founding_year=2019, exports=True)
    replies = client.say("2021, right from the start")
    slots = client.slots()
    assert slots["first_export_year"] == 2021 and slots["pending_confirmation"] is None
    assert not any("start over" in t for t in texts(replies))


def test_a_support_need_that_mentions_export_does_not_make_an_exporter(client):
    open_question(
        client,
        "support_needs",
        "en",
        exports=False,
        home_region="flanders",
        niche_score=2,
        employees=8,
    )
    replies = client.say("help with the export formalities")
    slots = client.slots()
    assert slots["support_needs"] == ["export_formalities"] and slots["exports"] is False
    assert not any("changing it" in t for t in texts(replies))


def test_an_importer_who_got_in_touch_is_the_trigger_not_an_import(client):
    open_question(client, "trigger", "en", exports=True, imports=False)
    client.say("an importer in Japan got in touch with us")
    slots = client.slots()
    assert slots["trigger"] == "unsolicited_order" and slots["imports"] is False


def test_an_answer_and_an_unmistakable_restart_are_both_then_no_keeps_everything(client):
    open_question(client, "founding_year", "nl", employees=12, home_region="flanders")
    client.say("2015, en daarna wil ik opnieuw beginnen")
    slots = client.slots()
    assert slots["founding_year"] == 2015
    if slots["pending_confirmation"] == "restart":  # the model gave the request real weight
        client.say("nee")
        slots = client.slots()
    assert slots["pending_confirmation"] is None and slots["founding_year"] == 2015
    assert slots["employees"] == 12 and slots["requested_slot"] == "niche_score"


def test_a_confirmation_accepts_the_open_question_s_answer_and_never_loops(client):
    open_question(client, "home_region", "nl", employees=12)
    said = texts(client.say("ik wil opnieuw beginnen"))
    assert client.slots()["pending_confirmation"] == "restart", said
    for _ in range(3):
        said += texts(client.say("blablabla"))
    slots = client.slots()
    assert slots["pending_confirmation"] is None and slots["employees"] == 12
    assert not any(said[i] == said[i + 1] == said[i + 2] for i in range(len(said) - 2)), said
    client.say("ik wil opnieuw beginnen")
    client.say("Antwerpen")  # the answer to the question open before the confirmation
    slots = client.slots()
    assert slots["home_region"] == "flanders" and slots["pending_confirmation"] is None


def test_with_no_advisor_channel_a_person_is_still_offered_the_desk_takes_it(client):
    open_question(client, "founding_year", "nl", employees=12, home_region="wallonia")
    client.say("kan ik met een adviseur spreken?")
    assert client.slots()["pending_confirmation"] == "handoff"
    assert client.slots()["requested_slot"] == "founding_year"
