"""Bad input through the real REST channel: a clear answer in the user's language, the open
question stays open, nothing given earlier is lost, and the server keeps going."""

from __future__ import annotations

import uuid

import pytest

from tests.integration.servers import RestClient
from wereldwijs.reading.language import detect_language

BAD = [
    ("", "nl"),
    ("x" * 50_000, "nl"),
    ("<script>alert('x')</script><b>hallo</b>", "nl"),
    ("asdkjh qwpoeiru zxcmnb", "nl"),
    ("Bonjour, je voudrais exporter en Allemagne, c'est possible?", "nl"),
    ("-5", "en"),
    ("100001 employees", "en"),
    ("🙂🙂🙂", "en"),
    ("'; DROP TABLE events; --", "en"),
]


@pytest.mark.parametrize("message, lang", BAD)
def test_bad_answer_mid_intake(rasa_server, message, lang):
    client = RestClient(rasa_server, f"bad-{uuid.uuid4().hex[:8]}")
    opening = "ik wil advies over export" if lang == "nl" else "can you assess my company"
    client.say(opening, metadata={"language": lang})
    client.say("we zitten in Gent" if lang == "nl" else "we are based in Ghent")
    before = client.slots()
    assert before["employees"] is None and before["requested_slot"] == "employees"

    replies = client.say(message)
    texts = [r["text"] for r in replies if r.get("text")]
    assert texts, "the bot answers"
    assert all("Traceback" not in t and "Error" not in t for t in texts)
    assert detect_language(" ".join(texts), "xx") == lang, texts
    after = client.slots()
    assert after["requested_slot"] == "employees"
    assert after["home_region"] == "flanders" and after["language"] == lang
    assert after["employees"] is None

    client.say("12")
    assert client.slots()["employees"] == 12, "the conversation goes on normally"


def test_contradiction_is_noted_and_explained(rasa_server):
    client = RestClient(rasa_server, f"contra-{uuid.uuid4().hex[:8]}")
    client.say("ik wil advies over export")
    client.say("40")
    client.say("Gent")
    client.say("1990")
    client.say("3")
    client.say("lokale markt")
    client.say("nee")  # does not export
    assert client.slots()["requested_slot"] == "export_barriers"
    replies = client.say("eigenlijk exporteren we al sinds 2001 naar Frankrijk")
    slots = client.slots()
    assert slots["exports"] is True and slots["first_export_year"] == 2001
    said = " ".join(r.get("text", "") for r in replies)
    assert "Nee" in said or "nee" in said, said  # the earlier answer is named
    assert slots["requested_slot"] != "export_barriers", "barrier questions are for non-exporters"
