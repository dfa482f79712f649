"""The spaCy pipelines: entity ruler patterns from the place data, tokenizer fit, NER kept out."""

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span

from rasa_plugins.nlu.spacy_pipeline import (
    LABELS,
    RULER_NAME,
    add_ruler,
    fold,
    load_pipeline,
    ruler_entities,
    ruler_patterns,
)


def _ents(text, lang):
    return [(e.text, e.label_, e.ent_id_) for e in ruler_entities(load_pipeline(lang)(text))]


def test_patterns_cover_every_label_once_per_spelling():
    patterns = ruler_patterns()
    assert {p["label"] for p in patterns} == set(LABELS)
    keys = [
        (p["pattern"] if isinstance(p["pattern"], str) else tuple(t["TEXT"] for t in p["pattern"]))
        for p in patterns
    ]
    assert len(keys) == len(set(keys))
    # every country and organisation spelling of the data is there
    strings = {p["pattern"].lower() for p in patterns if isinstance(p["pattern"], str)}
    assert "duitsland" in strings and "delcredere" in strings
    # accent-free spellings next to the real ones
    assert {"belgië", "belgie", "liège", "liege"} <= strings


def test_capital_abbreviations_are_case_sensitive_token_patterns():
    us = [p for p in ruler_patterns() if p.get("id") == "US" and not isinstance(p["pattern"], str)]
    assert {"US", "VS"} <= {p["pattern"][0]["TEXT"] for p in us}
    for lang in ("nl", "en"):
        assert _ents("we sell to the US", lang) == [("US", "COUNTRY", "US")]
        assert _ents("just the two of us", lang) == []


def test_pipeline_is_built_once_per_language():
    nl, en = load_pipeline("nl"), load_pipeline("en")
    assert load_pipeline("nl") is nl and nl is not en
    assert (nl.lang, en.lang) == ("nl", "en")
    assert RULER_NAME in nl.pipe_names and RULER_NAME in en.pipe_names


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "We exporteren naar België en Duitsland",
            [("België", "COUNTRY", "BE"), ("Duitsland", "COUNTRY", "DE")],
        ),
        ("Liege en Belgie", [("Liege", "BE_PLACE", "wallonia"), ("Belgie", "COUNTRY", "BE")]),
        ("mostly North America", [("North America", "REGION", "north_america")]),
        (
            "is Enterprise Europe Network iets voor ons?",
            [("Enterprise Europe Network", "ORG", "een")],
        ),
        ("English please", [("English", "LANGUAGE", "en")]),
        # the tokenizer splits where names need it, in both languages
        ("naar de VS.", [("VS", "COUNTRY", "US")]),
        ("Duitsland/Frankrijk", [("Duitsland", "COUNTRY", "DE"), ("Frankrijk", "COUNTRY", "FR")]),
        ("Japan's market", [("Japan", "COUNTRY", "JP")]),
    ],
)
def test_ruler_entities_in_both_languages(lang, text, expected):
    assert _ents(text, lang) == expected


def test_fold_keeps_offsets():
    text = "Côte d’Ivoire – Liège"
    assert fold(text) == "Cote d'Ivoire - Liege"
    assert len(fold(text)) == len(text)


@Language.component("fake_ner")
def _fake_ner(doc):
    # What a trained NER adds: ORG / LANGUAGE / GPE spans without an id.
    if len(doc) == 6:  # the test sentence (the ruler also runs the pipeline on its patterns)
        doc.ents = [
            Span(doc, 0, 2, label="ORG"),
            Span(doc, 3, 4, label="LANGUAGE"),
            Span(doc, 5, 6, label="GPE"),
        ]
    return doc


def test_trained_ner_labels_do_not_count():
    nlp = spacy.blank("nl")
    nlp.add_pipe("fake_ner", name="ner")
    add_ruler(nlp)
    assert nlp.pipe_names == ["ner", RULER_NAME]
    doc = nlp("Jan Peeters spreekt Swahili in Duitsland")
    assert {e.label_ for e in doc.ents} >= {"ORG", "LANGUAGE"}  # the NER's spans are there...
    assert [(e.text, e.label_, e.ent_id_) for e in ruler_entities(doc)] == [
        ("Duitsland", "COUNTRY", "DE")
    ]  # ...but only the ruler's count; it overwrote GPE
