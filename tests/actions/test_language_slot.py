"""The language slot, set after every user message, with real rasa_sdk Tracker objects."""

import pytest

from actions.language_slot import ValidateSlotMappings
from tests.actions.helpers import make_tracker, run, slots_of


@pytest.mark.parametrize(
    "text, meta, intent, before, after",
    [
        ("hello, can you help me", None, "greet", "nl", "en"),
        ("ok", None, "affirm", "en", "en"),
        ("45", None, "inform", "en", "en"),
        ("hallo", {"language": "en"}, "greet", "nl", "en"),
        ("English please", None, "switch_language", "nl", "en"),
        ("kan het in het Nederlands?", None, "switch_language", "en", "nl"),
        ("we maken machines voor de voedingsindustrie", None, "inform", "en", "nl"),
    ],
)
def test_language_slot_follows_the_user(text, meta, intent, before, after):
    t = make_tracker({"language": before}, text, intent=intent, metadata=meta, active_loop={})
    _, events = run(ValidateSlotMappings(), t)
    assert slots_of(events).get("language", before) == after
