"""spaCy pipelines per language with an entity ruler over the place and organisation data.

Uses nl_core_news_sm / en_core_web_sm when installed, otherwise spacy.blank(lang) with the lookup
lemmatizer of spacy-lookups-data. Entity labels: COUNTRY, REGION, ORG, LANGUAGE, BE_PLACE; the
entity's ``ent_id_`` holds the normalised value (ISO code, region id, org id, language code).
"""
from __future__ import annotations

import logging
from functools import lru_cache
from typing import Dict, List

import spacy
from spacy.language import Language

from actions.core import places
from actions.core.language import _NAMES

log = logging.getLogger(__name__)

TRAINED_MODELS = {"nl": "nl_core_news_sm", "en": "en_core_web_sm"}


def _pattern(label: str, name: str, value: str) -> Dict:
    words = name.split()
    # Upper-case abbreviations that are also common words ("US", "EEN") must match in capitals.
    if name.isupper() and name.lower().strip(".") in places._CASE_WORDS:
        return {"label": label, "pattern": [{"TEXT": w} for w in words], "id": value}
    return {"label": label, "pattern": name, "id": value}


def ruler_patterns() -> List[Dict]:
    patterns = [_pattern("COUNTRY", name, code) for name, code in places.country_names()]
    patterns += [_pattern("REGION", word, region) for word, region in places.region_words()]
    patterns += [_pattern("ORG", name, org) for name, org in places.org_names()]
    patterns += [_pattern("BE_PLACE", name, region) for name, region in places.belgian_place_names()]
    patterns += [_pattern("LANGUAGE", name, code) for code, names in _NAMES.items() for name in names]
    # accent-free spellings too ("Belgie", "Liege")
    extra = []
    for p in patterns:
        if isinstance(p["pattern"], str):
            plain = places._strip_accents(p["pattern"])
            if plain != p["pattern"]:
                extra.append({**p, "pattern": plain})
    return patterns + extra


def _blank(lang: str) -> Language:
    nlp = spacy.blank(lang)
    try:
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
    except Exception as exc:  # no lookup tables for this language
        log.info("no lookup lemmatizer for %s: %s", lang, exc)
        if "lemmatizer" in nlp.pipe_names:
            nlp.remove_pipe("lemmatizer")
    return nlp


@lru_cache(maxsize=None)
def load_pipeline(lang: str) -> Language:
    """The spaCy pipeline for ``lang`` ("nl"/"en"), cached."""
    try:
        nlp = spacy.load(TRAINED_MODELS.get(lang, ""))
    except (OSError, IOError):
        nlp = _blank(lang)
    config = {"phrase_matcher_attr": "LOWER", "overwrite_ents": True}
    before = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("entity_ruler", name="wereldwijs_ruler", config=config, **before)
    ruler.add_patterns(ruler_patterns())
    return nlp
