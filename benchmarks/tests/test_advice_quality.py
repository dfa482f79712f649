"""benchmarks/advice_quality.py on the real personas: every target holds, and a miss is caught."""

import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks import advice_quality  # noqa: E402

PERSONAS = yaml.safe_load(advice_quality.PERSONAS.read_text(encoding="utf-8"))["personas"]


def test_every_persona_meets_the_targets():
    rows = [advice_quality.measure(p) for p in PERSONAS]
    assert len(rows) == len(PERSONAS) >= 6
    for row in rows:
        assert advice_quality.passed(row), row


def test_the_reading_fills_the_export_countries_from_the_answers():
    ghent = next(p for p in PERSONAS if p["id"] == "ghent_many_facts_at_once")
    profile = advice_quality.read_persona(ghent)
    assert profile.first_export_country and profile.main_export_country
    row = advice_quality.measure(ghent)
    assert not set(row["markets"]) & set(row["served"])


def test_a_missed_target_fails():
    row = advice_quality.measure(PERSONAS[0])
    assert not advice_quality.passed({**row, "longest": 601})
    assert not advice_quality.passed({**row, "served_suggested": ["NL"]})
    assert not advice_quality.passed({**row, "unsourced_numbers": ["42"]})
    assert not advice_quality.passed({**row, "answers_used": row["answers_given"] - 1})
