"""A whole intake through the REST channel against real servers on loopback.

Reads `requested_slot` and the profile/classification slots from the HTTP API after each turn.
"""

from __future__ import annotations

import uuid

import pytest

from tests.integration.servers import RestClient
from wereldwijs.reading.language import detect_language


def texts(replies):
    return [r.get("text", "") for r in replies if r.get("text")]


def assert_language(replies, lang):
    said = " ".join(texts(replies))
    assert said, "the bot said nothing"
    assert detect_language(said, "xx") == lang, said


@pytest.fixture
def dutch(rasa_server):
    return RestClient(rasa_server, f"nl-{uuid.uuid4().hex[:8]}")


@pytest.fixture
def english(rasa_server):
    return RestClient(rasa_server, f"en-{uuid.uuid4().hex[:8]}")


def answer(client, text, expect_next):
    replies = client.say(text)
    slots = client.slots()
    assert slots["requested_slot"] == expect_next, (text, texts(replies), slots["requested_slot"])
    return replies, slots


def test_dutch_exporter_intake_reaches_advice(dutch):
    replies = dutch.say("Hallo")
    assert_language(replies, "nl")
    assert any(r.get("buttons") for r in replies), "the welcome offers buttons"
    answer(dutch, "ik wil graag exporteren, kan je mij helpen?", "employees")
    answer(dutch, "een twintigtal", "home_region")
    answer(dutch, "we zitten in Zele", "founding_year")
    # a founding year in the future is refused, the question stays open, nothing is lost
    replies, slots = answer(dutch, "3025", "founding_year")
    assert_language(replies, "nl")
    assert slots["employees"] == 20 and slots["home_region"] == "flanders"
    answer(dutch, "opgericht in 1987", "niche_score")
    answer(dutch, "echt een nicheproduct", "exports")
    answer(dutch, "ja hoor", "first_export_year")
    answer(dutch, "sinds 1995", "export_regions")
    answer(dutch, "de buurlanden en de VS", "imports")
    answer(dutch, "neen", "other_activities")
    answer(dutch, "geen", "trigger")
    answer(dutch, "we zijn zelf actief gaan prospecteren", "motive")
    answer(dutch, "om te groeien", "priority")
    replies, slots = answer(dutch, "groei", None)
    assert_language(replies, "nl")
    assert slots["founding_year"] == 1987 and slots["exports"] is True
    assert set(slots["export_regions"]) == {"neighbours", "north_america"}
    assert slots["positioning"] == "niche"
    assert slots["intl_type"] == "internationalized"
    assert slots["stage"] == "export"
    assert slots["export_scope"] == "world"
    assert slots["pace"] == "gradual"
    assert slots["stimulus"] == "proactive_internal"
    assert slots["entrepreneur_profile"] == "cap"
    assert slots["expansion_strategy"] == "sprinkler"
    assert slots["recommended_orgs"][0] == "fit" or "fit" in slots["recommended_orgs"][:3]
    # the deeper round, then the classification is recomputed
    replies, slots = answer(dutch, "ja", "sector")
    assert slots["scan_phase"] == "deep"


def test_english_with_metadata_detours_and_dont_know(english):
    replies = english.say("hello", metadata={"language": "en"})
    assert english.slots()["language"] == "en"
    assert_language(replies, "en")
    answer(english, "can you assess my company", "employees")
    replies, _ = answer(english, "why do you need that", "employees")
    assert_language(replies, "en")
    answer(english, "I'd rather not say", "home_region")
    replies, slots = answer(english, "we're in Liège", "founding_year")
    assert slots["home_region"] == "wallonia"
    assert "employees" in slots["skipped_slots"]


def test_language_switch_mid_form_reasks_in_new_language(dutch):
    answer(dutch, "ik wil advies over export", "employees")
    replies, slots = answer(dutch, "English please", "employees")
    assert slots["language"] == "en"
    assert_language(replies, "en")


def test_several_facts_in_one_message_skip_questions(english):
    english.say("hi", metadata={"language": "en"})
    answer(english, "can you assess my company", "employees")
    replies, slots = (
        english.say("we're 40 people in Ghent exporting to 12 countries since 2005"),
        english.slots(),
    )
    assert slots["employees"] == 40 and slots["home_region"] == "flanders"
    assert slots["exports"] is True and slots["first_export_year"] == 2005
    assert slots["requested_slot"] == "founding_year"
    assert any("40" in t for t in texts(replies)), texts(replies)


def test_restart_clears_profile_after_confirmation(dutch):
    answer(dutch, "ik wil advies over export", "employees")
    answer(dutch, "15", "home_region")
    dutch.say("opnieuw beginnen")
    assert dutch.slots()["employees"] == 15, "nothing is cleared before the confirmation"
    dutch.say("ja")
    slots = dutch.slots()
    assert slots["employees"] is None and slots["requested_slot"] == "employees"
