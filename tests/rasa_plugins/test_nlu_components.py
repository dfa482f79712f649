"""The custom entity extractor: directly on Rasa Message objects, and through a trained NLU model."""

import asyncio
import textwrap
from pathlib import Path

import pytest
import spacy
from rasa.shared.nlu.training_data.message import Message

from rasa_plugins.nlu.entities import LANGUAGE_PROPERTY, WereldwijsEntityExtractor, extract
from rasa_plugins.nlu.spacy_pipeline import load_pipeline
from wereldwijs.reading import places

COMPONENT = "rasa_plugins.nlu.entities.WereldwijsEntityExtractor"
ALL = ["country", "organisation", "language"]


def _component(**config):
    merged = {**WereldwijsEntityExtractor.get_default_config(), **config}
    return WereldwijsEntityExtractor.create(merged, None, None, None)


def _entities(text, **config):
    message = Message.build(text=text)
    _component(**config).process([message])
    return message


CASES = [
    (
        "We exporteren naar Duitsland en de VS",
        [("country", "Duitsland", "DE"), ("country", "VS", "US")],
    ),
    (
        "we sell to the States and the UK",
        [("country", "the States", "US"), ("country", "UK", "GB")],
    ),
    ("wat doet Credendo?", [("organisation", "Credendo", "credendo")]),
    ("vroeger heette dat Delcredere", [("organisation", "Delcredere", "credendo")]),
    ("tell me about FIT", [("organisation", "FIT", "fit")]),
    (
        "Wat doet het IWT of VLAIO?",
        [("organisation", "IWT", "vlaio"), ("organisation", "VLAIO", "vlaio")],
    ),
    ("English please", [("language", "English", "en")]),
    ("kan het in het Nederlands aub", [("language", "Nederlands", "nl")]),
    ("the Dutch market is our biggest", [("country", "Dutch", "NL")]),
    ("just 4 of us, een goed idee", []),
    (
        "is Enterprise Europe Network iets voor ons?",
        [("organisation", "Enterprise Europe Network", "een")],
    ),
    ("Dutch please", [("language", "Dutch", "nl")]),
    (
        "Liege en Belgie, daarna Côte d’Ivoire",
        [("country", "Belgie", "BE"), ("country", "Côte d’Ivoire", "CI")],
    ),
    (
        "naar de VS. En Duitsland/Oostenrijk",
        [("country", "VS", "US"), ("country", "Duitsland", "DE"), ("country", "Oostenrijk", "AT")],
    ),
    ("de Frans-Duitse grens", []),
    ("the US market, not for us", [("country", "US", "US")]),
    # the ruler takes the longest span: a region or a Belgian province is not the country inside it
    ("North America and Luxemburg", [("country", "Luxemburg", "LU")]),
    ("ons filiaal in de provincie Luxemburg", []),
]


def _got(text, entities):
    return [(e["entity"], text[e["start"] : e["end"]], e["value"]) for e in entities]


@pytest.mark.parametrize("text, expected", CASES)
def test_entities_on_messages(text, expected):
    message = _entities(text)
    assert _got(text, message.get("entities")) == expected
    assert all(e["extractor"] == "WereldwijsEntityExtractor" for e in message.get("entities"))


@pytest.mark.parametrize("text, expected", CASES)
def test_dutch_and_english_pipelines_agree(text, expected):
    assert _got(text, extract(text, ALL, lang="nl")) == expected
    assert _got(text, extract(text, ALL, lang="en")) == expected


def test_entities_come_from_the_spacy_ruler():
    # A pipeline whose ruler knows a name the place data does not: the component follows the ruler.
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"}).add_patterns(
        [
            {"label": "COUNTRY", "pattern": "Wakanda", "id": "WK"},
            {"label": "ORG", "pattern": "Stark Industries", "id": "stark"},
        ]
    )
    text = "we export to wakanda with Stark Industries, not to Germany"
    assert places.country_code("wakanda") is None
    assert _got(text, extract(text, ALL, nlp=nlp)) == [
        ("country", "wakanda", "WK"),
        ("organisation", "Stark Industries", "stark"),
    ]


def test_component_loads_each_pipeline_once():
    first, second = _component(), _component()
    assert first.pipelines == {"nl": load_pipeline("nl"), "en": load_pipeline("en")}
    assert all(second.pipelines[lang] is first.pipelines[lang] for lang in ("nl", "en"))


def test_only_configured_entities_and_belgium_is_a_country_too():
    message = _entities("FIT helpt ons in België en Frankrijk", entities=["country"])
    assert [e["value"] for e in message.get("entities")] == ["BE", "FR"]


def test_language_property_in_output():
    message = _entities("we are about forty people in Ghent")
    info = message.get(LANGUAGE_PROPERTY)
    assert info == {"detected": "en", "named": None, "other": None}
    assert LANGUAGE_PROPERTY in message.as_dict(only_output_properties=True)
    assert _entities("ok").get(LANGUAGE_PROPERTY)["detected"] is None
    assert (
        _entities("Bonjour, nous sommes une entreprise de Liège et nous exportons").get(
            LANGUAGE_PROPERTY
        )["other"]
        == "fr"
    )


def test_direct_extract_offsets_match_text():
    text = "Naar Zuid-Korea, Japan en Côte d'Ivoire"
    for entity in extract(text, ["country"]):
        assert text[entity["start"] : entity["end"]] in ("Zuid-Korea", "Japan", "Côte d'Ivoire")
    assert [e["value"] for e in extract(text, ["country"])] == ["KR", "JP", "CI"]


NLU_DATA = textwrap.dedent("""
    version: "3.1"
    nlu:
    - intent: ask_org_info
      examples: |
        - wat doet Credendo?
        - wat doet FIT precies?
        - tell me about AWEX
        - what does Voka do?
        - wie is hub.brussels?
    - intent: inform
      examples: |
        - we exporteren naar Duitsland
        - we export to France
        - onze grootste markt is Nederland
        - mostly Japan and China
        - naar de VS
    - intent: switch_language
      examples: |
        - English please
        - in het Nederlands aub
        - can we speak Dutch?
        - kan het in het Engels?
""")


@pytest.fixture(scope="module")
def trained_agent(tmp_path_factory):
    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu

    root = tmp_path_factory.mktemp("nlu")
    (root / "nlu.yml").write_text(NLU_DATA, encoding="utf-8")
    (root / "config.yml").write_text(
        textwrap.dedent(f"""
        recipe: default.v1
        language: nl
        assistant_id: component_test
        pipeline:
          - name: WhitespaceTokenizer
          - name: CountVectorsFeaturizer
            analyzer: char_wb
            min_ngram: 2
            max_ngram: 4
          - name: DIETClassifier
            epochs: 5
            random_seed: 1
            entity_recognition: false
            constrain_similarities: true
            evaluate_on_number_of_examples: 0
            evaluate_every_number_of_epochs: -1
          - name: {COMPONENT}
    """),
        encoding="utf-8",
    )
    model = train_nlu(
        config=str(root / "config.yml"),
        nlu_data=str(root / "nlu.yml"),
        output=str(root / "models"),
        fixed_model_name="nlu",
    )
    assert model and Path(model).exists()
    return Agent.load(model)


def _parse(agent, text):
    return asyncio.run(agent.parse_message(text))


def test_trained_model_extracts_entities(trained_agent):
    result = _parse(trained_agent, "wat doet Delcredere eigenlijk? en we exporteren naar Duitsland")
    got = {(e["entity"], e["value"], e["extractor"]) for e in result["entities"]}
    assert got == {
        ("organisation", "credendo", "WereldwijsEntityExtractor"),
        ("country", "DE", "WereldwijsEntityExtractor"),
    }
    org = next(e for e in result["entities"] if e["entity"] == "organisation")
    assert result["text"][org["start"] : org["end"]] == "Delcredere"
    assert result[LANGUAGE_PROPERTY]["detected"] == "nl"


def test_trained_model_language_entity(trained_agent):
    result = _parse(trained_agent, "Can we continue in English, please?")
    assert [(e["entity"], e["value"]) for e in result["entities"]] == [("language", "en")]
    assert result[LANGUAGE_PROPERTY] == {"detected": "en", "named": "en", "other": None}
