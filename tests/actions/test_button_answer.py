"""Button payloads carry canonical answers, lists included (real rasa_sdk Trackers, the payload
text and entities as Rasa parses `/inform{"answer": ...}`)."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker

from actions.replies import answer_payload
from actions.tracker import button_answer


def tracker(message, entities):
    latest = {
        "text": message,
        "intent": {"name": "inform", "confidence": 1.0},
        "entities": entities,
    }
    return Tracker("u", {}, latest, [], False, None, {}, "action_listen")


@pytest.mark.parametrize(
    "value",
    [[], ["neighbours", "eu15", "north_america"], "growth", True, 4],
)
def test_the_payload_gives_the_whole_value(value):
    # Rasa: one entity per list item, none for an empty list
    items = value if isinstance(value, list) else [value]
    entities = [{"entity": "answer", "value": v} for v in items]
    assert button_answer(tracker(answer_payload(value), entities)) == value


@pytest.mark.parametrize("message", ["we exporteren naar Duitsland", "/inform{broken", "/affirm"])
def test_no_button_no_answer(message):
    assert button_answer(tracker(message, [])) is None
