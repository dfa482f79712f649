"""Sets the `language` slot after every user message, before the bot answers.

Runs as `action_validate_slot_mappings` (rasa-sdk ValidationAction), so every response of the
turn is already in the right language (`wereldwijs.reading.language.choose_language` decides).
"""

from __future__ import annotations

from typing import Any, Dict

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict

from actions.tracker import entity_values, intent_of, lang_of, latest_text, metadata_of
from wereldwijs.reading.language import choose_language


def language_after(tracker: Tracker) -> str:
    named = entity_values(tracker, "language")
    return choose_language(
        lang_of(tracker),
        latest_text(tracker),
        intent_of(tracker)[0],
        metadata_of(tracker).get("language"),
        named[0] if named else None,
    )


class ValidateSlotMappings(ValidationAction):
    def name(self) -> str:
        return "action_validate_slot_mappings"

    async def extract_language(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        language = language_after(tracker)
        return {"language": language} if language != tracker.get_slot("language") else {}
