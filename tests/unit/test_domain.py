"""domain.yml repeats the vocabulary for Rasa; this holds it to wereldwijs/vocabulary.py."""

from pathlib import Path

import pytest
import yaml

from wereldwijs.vocabulary import (
    BOOL_SLOTS,
    CHOICES,
    CLASSIFICATION_SLOTS,
    CLASSIFICATION_VALUES,
    CONFIRMATIONS,
    COUNTRY_LIST_SLOTS,
    COUNTRY_SLOTS,
    FORM,
    INTAKE_STATE_SLOTS,
    LANGUAGES,
    LIST_SLOTS,
    NUMBER_SLOTS,
    PROFILE_SLOTS,
    SCAN_PHASES,
    TEXT_SLOTS,
)

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text())
SLOTS = DOMAIN["slots"]


def expected_type(slot):
    if slot in LIST_SLOTS or slot in COUNTRY_LIST_SLOTS or slot == "recommended_orgs":
        return "list"
    if slot in CHOICES or slot in CLASSIFICATION_VALUES:
        return "categorical"
    if slot in BOOL_SLOTS:
        return "bool"
    if slot in NUMBER_SLOTS:
        return "float"
    assert slot in TEXT_SLOTS + COUNTRY_SLOTS, slot
    return "text"


@pytest.mark.parametrize("slot", PROFILE_SLOTS + CLASSIFICATION_SLOTS)
def test_every_profile_and_classification_slot_is_declared_with_its_type(slot):
    assert SLOTS[slot]["type"] == expected_type(slot)


@pytest.mark.parametrize(
    "slot, values",
    [
        *[(s, v) for s, v in CHOICES.items() if s not in LIST_SLOTS],
        *CLASSIFICATION_VALUES.items(),
        ("pending_confirmation", CONFIRMATIONS),
        ("scan_phase", SCAN_PHASES),
        ("language", LANGUAGES),
    ],
)
def test_categorical_values_are_the_vocabulary(slot, values):
    assert SLOTS[slot]["values"] == list(values)


def test_conversation_state_slots_are_declared():
    for slot in INTAKE_STATE_SLOTS + (
        "pending_confirmation",
        "confirmation_retries",
        "pending_fact",
        "handoff_consent",
    ):
        assert slot in SLOTS or slot == "requested_slot", slot


def test_the_form_asks_exactly_the_profile_and_every_question_has_its_action():
    assert set(DOMAIN["forms"][FORM]["required_slots"]) == set(PROFILE_SLOTS)
    actions = set(DOMAIN["actions"])
    assert {f"action_ask_{slot}" for slot in PROFILE_SLOTS} <= actions


def test_profile_slots_are_filled_only_by_the_form():
    for slot in PROFILE_SLOTS:
        assert SLOTS[slot]["mappings"] == [
            {"type": "custom", "conditions": [{"active_loop": FORM}]}
        ], slot
