"""Sets the `language` slot after every user message, before the bot answers.

Runs as `action_validate_slot_mappings` (rasa-sdk ValidationAction), so every response of the
turn is already in the right language. Order: channel metadata, an explicitly named language,
"switch" without a name (toggle), then detection on the text (short/ambiguous keeps the current).
"""
from __future__ import annotations

from typing import Any, Dict, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict

from actions.common import intent_of, lang_of, latest_text, metadata_of
from actions.core.language import detect_language, language_named
from actions.core.profile import LANGUAGES


def choose_language(tracker: Tracker) -> str:
    current = lang_of(tracker)
    meta = metadata_of(tracker).get("language")
    if isinstance(meta, str) and meta.lower()[:2] in LANGUAGES:
        return meta.lower()[:2]
    message = latest_text(tracker)
    if message.startswith("/"):  # a button payload: no words to judge
        return current
    intent, _ = intent_of(tracker)
    if intent == "switch_language":
        named = _entity_language(tracker) or language_named(message)
        if named:
            return named
        return "en" if current == "nl" else "nl"
    return detect_language(message, current)


def _entity_language(tracker: Tracker) -> Optional[str]:
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == "language" and entity.get("value") in LANGUAGES:
            return entity["value"]
    return None


class ValidateSlotMappings(ValidationAction):
    def name(self) -> str:
        return "action_validate_slot_mappings"

    async def extract_language(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> Dict[str, Any]:
        language = choose_language(tracker)
        return {"language": language} if language != tracker.get_slot("language") else {}
