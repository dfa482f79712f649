"""Rule-based entities from maintained data: country (ISO code), organisation (org id), language.

Runs after any tokenizer (offsets are character offsets into the message text). It also sets the
message property ``wereldwijs_language`` (in the parse output, not an entity): the language the
text is clearly written in (or None when short/ambiguous), a named language, and a clearly
foreign language ("fr", "de", ...).
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (ENTITIES, ENTITY_ATTRIBUTE_END, ENTITY_ATTRIBUTE_START,
                                       ENTITY_ATTRIBUTE_TYPE, ENTITY_ATTRIBUTE_VALUE, TEXT)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from actions.core import language, places

LANGUAGE_PROPERTY = "wereldwijs_language"


def _overlaps(span, others) -> bool:
    return any(s < span[1] and span[0] < e for s, e, _ in others)


def extract(text: str, wanted: List[str]) -> List[Dict[Text, Any]]:
    """Entity dicts (without extractor name) for ``text``."""
    langs = language.language_spans(text)
    orgs = places.org_spans(text)
    found = []
    if "language" in wanted:
        found += [("language", s, e, v) for s, e, v in langs]
    if "organisation" in wanted:
        found += [("organisation", s, e, v) for s, e, v in orgs]
    if "country" in wanted:
        found += [("country", s, e, v) for s, e, v in places.country_spans(text)
                  if v != places.HOME and not _overlaps((s, e), langs + orgs)]
    return [{ENTITY_ATTRIBUTE_TYPE: kind, ENTITY_ATTRIBUTE_START: s, ENTITY_ATTRIBUTE_END: e,
             ENTITY_ATTRIBUTE_VALUE: v}
            for kind, s, e, v in sorted(found, key=lambda f: f[1])]


def language_info(text: str) -> Dict[str, Optional[str]]:
    as_nl, as_en = language.detect_language(text, "nl"), language.detect_language(text, "en")
    return {"detected": as_nl if as_nl == as_en else None,
            "named": language.language_named(text),
            "other": language.other_language(text)}


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class WereldwijsEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Adds `country`, `organisation` and `language` entities found by rules over place data."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"entities": ["country", "organisation", "language"], "language_property": True}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.wanted = list(config.get("entities") or [])
        self.language_property = bool(config.get("language_property", True))

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "WereldwijsEntityExtractor":
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            entities = self.add_extractor_name(extract(text, self.wanted))
            kept = [e for e in message.get(ENTITIES, [])
                    if not any(e.get(ENTITY_ATTRIBUTE_START) == n[ENTITY_ATTRIBUTE_START]
                               and e.get(ENTITY_ATTRIBUTE_TYPE) == n[ENTITY_ATTRIBUTE_TYPE]
                               for n in entities)]
            message.set(ENTITIES, kept + entities, add_to_output=True)
            if self.language_property:
                message.set(LANGUAGE_PROPERTY, language_info(text), add_to_output=True)
        return messages
