"""The message catalogue: every key in both languages, same placeholders, labels complete."""

import string
from pathlib import Path

import pytest
import yaml

from wereldwijs import content
from wereldwijs.vocabulary import CHOICES, CLASSIFICATION_VALUES, PROFILE_SLOTS
from wereldwijs.wording.catalogue import catalogue, text
from wereldwijs.wording.explain import why_params, why_question

FILES = [content.path(name) for name in content.folder("texts")]


def placeholders(template):
    return sorted({name for _, name, _, _ in string.Formatter().parse(template) if name})


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_key_has_nl_and_en_with_the_same_placeholders(path: Path):
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for key, variants in entries.items():
        assert isinstance(variants, dict), key
        assert str(variants.get("nl") or "").strip(), f"{path.name}: {key} lacks nl"
        assert str(variants.get("en") or "").strip(), f"{path.name}: {key} lacks en"
        assert placeholders(variants["nl"]) == placeholders(variants["en"]), f"{path.name}: {key}"


def test_catalogue_loads_without_duplicate_keys():
    assert catalogue()


def test_labels_for_every_slot_and_value():
    for slot in PROFILE_SLOTS:
        assert text(f"slot_{slot}", "nl") and text(f"slot_{slot}", "en")
    for slot, values in list(CHOICES.items()) + list(CLASSIFICATION_VALUES.items()):
        for value in values:
            for lang in ("nl", "en"):
                label = text(f"value_{slot}_{value}", lang)
                assert 0 < len(label) <= 40, (slot, value, label)
    assert text("value_bool_true", "nl") == "Ja"


@pytest.mark.parametrize("slot", PROFILE_SLOTS)
def test_why_for_every_slot_in_both_languages(slot):
    assert f"why_{slot}" in catalogue()
    nl, en = why_question(slot, "nl"), why_question(slot, "en")
    assert nl != en and "{" not in nl + en


def test_why_figures_come_from_the_knowledge_files():
    nl = why_question("niche_score", "nl")
    params = why_params("nl")
    assert params["niche_years_export"] in nl and params["mass_years_export"] in nl
    assert "figuur 24" in nl
