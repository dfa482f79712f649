"""Which questions the intake asks, in which order, for which firm."""

from wereldwijs.core.intake import CORE_ORDER, DEEP_ORDER, required_slots
from wereldwijs.vocabulary import PROFILE_SLOTS, FirmProfile

EXPORTER_CORE = [
    "employees",
    "home_region",
    "founding_year",
    "niche_score",
    "exports",
    "first_export_year",
    "export_regions",
    "imports",
    "other_activities",
    "trigger",
    "motive",
    "priority",
]


def walk(profile_values, phase="core"):
    """Simulate a user who answers every question with the given values, in the asked order."""
    profile = FirmProfile()
    asked = []
    while True:
        remaining = required_slots(profile, phase)
        if not remaining:
            return asked
        slot = remaining[0]
        asked.append(slot)
        setattr(profile, slot, profile_values[slot])
        assert len(asked) < 40


TYPICAL_EXPORTER = dict(
    employees=20,
    home_region="flanders",
    founding_year=1990,
    niche_score=4,
    relevant_market="global",
    exports=True,
    first_export_year=1995,
    export_regions=["neighbours"],
    imports=False,
    other_activities=[],
    subsidiary_countries=None,
    trigger="active_prospecting",
    motive="growth",
    priority="growth",
    export_barriers=None,
)


def test_every_slot_is_asked_somewhere():
    assert set(CORE_ORDER) | set(DEEP_ORDER) == set(PROFILE_SLOTS)


def test_typical_exporter_reaches_advice_in_twelve_answers():
    assert walk(TYPICAL_EXPORTER) == EXPORTER_CORE


def test_non_exporter_gets_barriers_and_no_export_questions():
    values = dict(TYPICAL_EXPORTER, exports=False, export_barriers=["too_small"], imports=False)
    asked = walk(values)
    assert "export_barriers" in asked
    assert not {"first_export_year", "export_regions", "trigger"} & set(asked)


def test_exporter_gets_no_barrier_question():
    assert "export_barriers" not in walk(TYPICAL_EXPORTER)


def test_subsidiary_question_only_with_own_entities_abroad():
    with_office = dict(TYPICAL_EXPORTER, other_activities=["sales_office"], subsidiary_countries=2)
    assert "subsidiary_countries" in walk(with_office)
    with_licence = dict(TYPICAL_EXPORTER, other_activities=["licence_franchise"])
    assert "subsidiary_countries" not in walk(with_licence)


def test_relevant_market_early_only_for_in_between_products():
    assert "relevant_market" in walk(dict(TYPICAL_EXPORTER, niche_score=3))
    assert "relevant_market" not in walk(TYPICAL_EXPORTER)


def test_skipped_and_known_slots_are_not_asked():
    profile = FirmProfile(employees=40, home_region="flanders")
    remaining = required_slots(profile, "core", skipped=["founding_year"])
    assert remaining[0] == "niche_score"


def test_deep_round_adds_the_rest_of_the_questionnaire():
    profile = FirmProfile(**{k: v for k, v in TYPICAL_EXPORTER.items()})
    deep = required_slots(profile, "deep")
    assert deep[0] == "sector"
    assert "support_needs" in deep and "foreign_sales_share" in deep
    assert "first_import_year" not in deep  # no imports
