"""Checks of the NLU benchmark's data and scoring (no model training)."""

import re
import sys
from pathlib import Path

import pycountry
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks import nlu_eval as ev  # noqa: E402
from wereldwijs.vocabulary import LANGUAGES, ORGANISATIONS  # noqa: E402

CONTRACT = Path("/work/shared/CONTRACT.md")
CONTRACT_INTENTS = (
    "greet goodbye affirm deny thank start_scan ask_why ask_explain ask_support_orgs "
    "ask_org_info ask_human switch_language restart dont_know bot_challenge get_report "
    "forget_me help out_of_scope inform"
).split()


@pytest.fixture(scope="module", params=ev.LANGS)
def heldout(request):
    return ev.load_heldout(ev.BENCH / "data" / f"heldout_{request.param}.yml")


def test_heldout_covers_every_contract_intent(heldout):
    counts = {}
    for ex in heldout:
        counts[ex.intent] = counts.get(ex.intent, 0) + 1
    assert set(counts) == set(CONTRACT_INTENTS)
    assert min(counts.values()) >= 12


@pytest.mark.skipif(not CONTRACT.exists(), reason="contract not available")
def test_contract_intents_are_the_ones_listed_in_the_contract():
    table = set(re.findall(r"^\| (\w+) \|", CONTRACT.read_text(), re.M))
    assert set(CONTRACT_INTENTS) <= table


def test_heldout_entity_values_are_contract_values(heldout):
    for ex in heldout:
        for entity, value in ex.entities:
            if entity == "country":
                assert pycountry.countries.get(alpha_2=value), ex.text
            elif entity == "organisation":
                assert value in ORGANISATIONS, ex.text
            else:
                assert value in LANGUAGES, ex.text
    assert any(ex.entities for ex in heldout if ex.intent == "ask_org_info")


def test_entity_prf_counts_pairs_per_message():
    gold = [frozenset({("country", "DE"), ("country", "FR")}), frozenset()]
    pred = [frozenset({("country", "DE")}), frozenset({("organisation", "fit")})]
    r = ev.entity_prf(gold, pred)
    assert (r["tp"], r["fp"], r["fn"]) == (1, 1, 1)
    assert r["precision"] == r["recall"] == r["f1"] == 0.5
    # right value in the wrong message is no hit
    assert (
        ev.entity_prf(
            [frozenset({("country", "DE")}), frozenset()],
            [frozenset(), frozenset({("country", "DE")})],
        )["f1"]
        == 0.0
    )


def test_score_macro_f1_and_confusions():
    ex = [
        ev.Example("ja", "affirm", frozenset()),
        ev.Example("nee", "deny", frozenset()),
        ev.Example("weer?", "out_of_scope", frozenset()),
        ev.Example("neen", "deny", frozenset()),
    ]
    res = ev.score(ex, ["affirm", "affirm", ev.FALLBACK, "deny"], [frozenset()] * 4)
    assert res["intent_accuracy"] == 0.5
    # affirm P=.5 R=1 -> .667; deny P=1 R=.5 -> .667; out_of_scope 0
    assert res["intent_macro_f1"] == pytest.approx((2 / 3 + 2 / 3 + 0) / 3, abs=1e-4)
    assert res["out_of_scope_caught"] == 1.0
    assert res["in_scope_fallbacks"] == 0
    assert {(c["gold"], c["predicted"]) for c in res["confusions"]} == {
        ("deny", "affirm"),
        ("out_of_scope", ev.FALLBACK),
    }


def test_check_targets_reports_each_miss():
    ok = {"intent_macro_f1": 0.97, "entity": {"f1": 0.95}}
    bad = {"intent_macro_f1": 0.90, "entity": {"f1": 0.80}}
    assert ev.check_targets({"languages": {"nl": ok, "en": ok}}) == []
    assert len(ev.check_targets({"languages": {"nl": ok, "en": bad}})) == 2


@pytest.mark.parametrize(
    "ranking",
    [
        (("affirm", 0.9), ("deny", 0.05)),
        (("affirm", 0.35), ("deny", 0.3)),
        (("affirm", 0.5), ("deny", 0.45)),
        (("affirm", 0.45), ("deny", 0.2)),
    ],
)
@pytest.mark.parametrize("threshold", [0.3, 0.4, 0.5])
def test_post_hoc_fallback_matches_rasa_fallback_classifier(ranking, threshold):
    from rasa.engine.graph import ExecutionContext
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
    from rasa.shared.nlu.training_data.message import Message

    clf = FallbackClassifier.create(
        {**FallbackClassifier.get_default_config(), "threshold": threshold},
        LocalModelStorage(Path("/tmp")),
        Resource("fb"),
        ExecutionContext(None),
    )
    ranks = [{"name": n, "confidence": c} for n, c in ranking]
    msg = Message(data={"text": "x", "intent": ranks[0], "intent_ranking": list(ranks)})
    rasa_intent = clf.process([msg])[0].get("intent")["name"]
    pred = ev.to_prediction(
        {"intent": msg.get("intent"), "intent_ranking": msg.get("intent_ranking"), "entities": []}
    )
    assert ev.with_fallback(pred, threshold) == rasa_intent


def test_fingerprint_changes_with_training_data(tmp_path, monkeypatch):
    monkeypatch.setattr(ev, "REPO", tmp_path)
    config = tmp_path / "config.yml"
    config.write_text("pipeline:\n  - name: WhitespaceTokenizer\n")
    nlu = tmp_path / "nlu"
    nlu.mkdir()
    (nlu / "a.yml").write_text("nlu: []\n")
    first = ev.inputs_fingerprint(config, nlu)
    assert ev.inputs_fingerprint(config, nlu) == first
    (nlu / "a.yml").write_text("nlu: [x]\n")
    assert ev.inputs_fingerprint(config, nlu) != first


def test_fingerprint_includes_custom_component_code(tmp_path, monkeypatch):
    monkeypatch.setattr(ev, "REPO", tmp_path)
    (tmp_path / "mycomp").mkdir()
    (tmp_path / "mycomp" / "c.py").write_text("A = 1\n")
    config = tmp_path / "config.yml"
    config.write_text("pipeline:\n  - name: mycomp.c.Component\n")
    nlu = tmp_path / "nlu.yml"
    nlu.write_text("nlu: []\n")
    first = ev.inputs_fingerprint(config, nlu)
    (tmp_path / "mycomp" / "c.py").write_text("A = 2\n")
    assert ev.inputs_fingerprint(config, nlu) != first
