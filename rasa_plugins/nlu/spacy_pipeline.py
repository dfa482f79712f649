"""spaCy pipelines per language with an entity ruler over the place and organisation data.

Uses nl_core_news_sm / en_core_web_sm when installed, otherwise spacy.blank(lang) with the lookup
lemmatizer of spacy-lookups-data. Entity labels: COUNTRY, REGION, ORG, LANGUAGE, BE_PLACE; the
entity's ``ent_id_`` holds the normalised value (ISO code, region id, org id, language code).
Entities without an ``ent_id_`` come from a trained model's own NER (see ``ruler_entities``).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Dict, Iterator, List

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, compile_suffix_regex

from wereldwijs.reading import places
from wereldwijs.reading.language import LANGUAGE_NAMES
from wereldwijs.reading.organisations import org_names
from wereldwijs.reading.text import fold, normalise

log = logging.getLogger(__name__)

TRAINED_MODELS = {"nl": "nl_core_news_sm", "en": "en_core_web_sm"}
RULER_NAME = "wereldwijs_ruler"
# Same span named twice (e.g. "Dutch": language and country): the first label here wins.
LABEL_PRIORITY = ("ORG", "LANGUAGE", "COUNTRY", "REGION", "BE_PLACE")
LABELS = frozenset(LABEL_PRIORITY)


def _is_cased(name: str) -> bool:
    # Upper-case abbreviations that are also common words ("US", "EEN") must match in capitals.
    return name.isupper() and name.lower().strip(".") in places.CASE_WORDS


def _pattern(label: str, name: str, value: str) -> Dict:
    if _is_cased(name):
        return {"label": label, "pattern": [{"TEXT": w} for w in name.split()], "id": value}
    return {"label": label, "pattern": name, "id": value}


def _named(label: str) -> List:
    if label == "COUNTRY":
        return places.country_names()
    if label == "REGION":
        return places.region_words()
    if label == "ORG":
        return org_names()
    if label == "BE_PLACE":
        return places.belgian_place_names()
    return [(name, code) for code, names in LANGUAGE_NAMES.items() for name in names]


@lru_cache(maxsize=1)
def ruler_patterns() -> List[Dict]:
    """One pattern per spelling (plus its accent-free form); a spelling used twice keeps its first
    value (as places.PhraseMatcher does) and the label first in LABEL_PRIORITY."""
    patterns, seen = [], set()
    for label in LABEL_PRIORITY:
        for name, value in _named(label):
            name = name.strip()
            key = name if _is_cased(name) else normalise(name)
            if not name or key in seen:
                continue
            seen.add(key)
            patterns.append(_pattern(label, name, value))
            plain = fold(name)
            if plain != name:
                patterns.append(_pattern(label, plain, value))
    return patterns


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


def _fit_tokenizer(nlp: Language, patterns: List[Dict]) -> None:
    """Token boundaries where the names need them, in every language: "Duitsland/Frankrijk",
    "Congo's", and no abbreviation exception swallowing a name's full stop ("naar de VS.")."""
    tokenizer = nlp.tokenizer
    tokenizer.infix_finditer = compile_infix_regex(
        list(nlp.Defaults.infixes or []) + [r"(?<=\w)/(?=\w)"]
    ).finditer
    tokenizer.suffix_search = compile_suffix_regex(
        list(nlp.Defaults.suffixes or []) + [r"(?<=\w)'[sS]"]
    ).search
    words = {
        w.lower()
        for p in patterns
        for w in (
            p["pattern"].split()
            if isinstance(p["pattern"], str)
            else [t["TEXT"] for t in p["pattern"]]
        )
    }
    tokenizer.rules = {
        k: v
        for k, v in tokenizer.rules.items()
        if not (k.endswith(".") and k[:-1].lower() in words)
    }


def add_ruler(nlp: Language) -> Language:
    """Adds the entity ruler (after a trained NER, overwriting it where they overlap)."""
    patterns = ruler_patterns()
    _fit_tokenizer(nlp, patterns)
    config = {"phrase_matcher_attr": "LOWER", "overwrite_ents": True}
    after = {"after": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, config=config, **after)
    ruler.add_patterns(patterns)
    return nlp


@lru_cache(maxsize=None)
def load_pipeline(lang: str) -> Language:
    """The spaCy pipeline for ``lang`` ("nl"/"en"), built once and cached."""
    try:
        nlp = spacy.load(TRAINED_MODELS.get(lang, ""))
    except (OSError, IOError):
        nlp = _blank(lang)
    return add_ruler(nlp)


def ruler_entities(doc: Doc) -> Iterator[Span]:
    """The document's entities set by the ruler; a trained model's NER (ORG, LANGUAGE, GPE...
    without an id) is left out."""
    return (ent for ent in doc.ents if ent.label_ in LABELS and ent.ent_id_)
