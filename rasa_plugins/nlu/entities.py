"""Rule-based entities from maintained data: country (ISO code), organisation (org id), language.

Runs after any tokenizer (offsets are character offsets into the message text). It also sets the
message property ``wereldwijs_language`` (in the parse output, not an entity): the language the
text is clearly written in (or None when short/ambiguous), a named language, and a clearly
foreign language ("fr", "de", ...).
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from spacy.language import Language

from rasa_plugins.nlu import spacy_pipeline as nlp_core
from wereldwijs.reading import language, places
from wereldwijs.reading.text import fold
from wereldwijs.vocabulary import LANGUAGES

LANGUAGE_PROPERTY = "wereldwijs_language"
_KINDS = {"COUNTRY": "country", "ORG": "organisation", "LANGUAGE": "language"}
_GLUE = re.compile(r"[\w-]")


def _glued(text: str, start: int, end: int) -> bool:
    """A name glued to a word or hyphen ("Frans-Duitse") is not a mention, as in places."""
    return bool(_GLUE.match(text[start - 1 : start]) or _GLUE.match(text[end : end + 1]))


def extract(
    text: str, wanted: List[str], lang: Optional[str] = None, nlp: Optional[Language] = None
) -> List[Dict[Text, Any]]:
    """Entity dicts (without extractor name) for ``text``, from the spaCy entity ruler.

    ``lang`` picks the pipeline (default: the language the text is in, else Dutch); ``nlp``
    overrides it. The ruler gives spans (longest first, so a country inside an organisation name
    or a language request is not a country); places/language give values and the request rule.
    """
    plain = fold(text or "")
    nlp = nlp or nlp_core.load_pipeline(lang or language.detect_language(text, "nl"))
    requests = {(s, e) for s, e, _ in language.language_spans(text)}
    found = []
    for ent in nlp_core.ruler_entities(nlp(plain)):
        start, end = ent.start_char, ent.end_char
        if _glued(plain, start, end):
            continue
        kind, value = _KINDS.get(ent.label_), ent.ent_id_
        if kind == "language" and (start, end) not in requests:
            # a language name used as an adjective ("the Dutch market") may name a country
            kind, value = "country", places.country_code(ent.text)
        if kind not in wanted or not value:
            continue
        found.append(
            {
                ENTITY_ATTRIBUTE_TYPE: kind,
                ENTITY_ATTRIBUTE_START: start,
                ENTITY_ATTRIBUTE_END: end,
                ENTITY_ATTRIBUTE_VALUE: value,
            }
        )
    return found


def language_info(text: str) -> Dict[str, Optional[str]]:
    as_nl, as_en = language.detect_language(text, "nl"), language.detect_language(text, "en")
    return {
        "detected": as_nl if as_nl == as_en else None,
        "named": language.language_named(text),
        "other": language.other_language(text),
    }


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class WereldwijsEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Adds `country`, `organisation` and `language` entities from the spaCy entity ruler over place
    data. Both pipelines (nl, en) are built once, when the component is created."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"entities": ["country", "organisation", "language"], "language_property": True}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.wanted = list(config.get("entities") or [])
        self.language_property = bool(config.get("language_property", True))
        self.pipelines = {lang: nlp_core.load_pipeline(lang) for lang in LANGUAGES}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "WereldwijsEntityExtractor":
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            info = language_info(text) if self.language_property else {}
            lang = info.get("detected") or language.detect_language(text, "nl")
            entities = self.add_extractor_name(extract(text, self.wanted, nlp=self.pipelines[lang]))
            kept = [
                e
                for e in message.get(ENTITIES, [])
                if not any(
                    e.get(ENTITY_ATTRIBUTE_START) == n[ENTITY_ATTRIBUTE_START]
                    and e.get(ENTITY_ATTRIBUTE_TYPE) == n[ENTITY_ATTRIBUTE_TYPE]
                    for n in entities
                )
            ]
            message.set(ENTITIES, kept + entities, add_to_output=True)
            if self.language_property:
                message.set(LANGUAGE_PROPERTY, info, add_to_output=True)
        return messages
