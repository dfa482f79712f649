"""Every classification rule of the contract, with its edge cases."""

import pytest

from wereldwijs.core.classify import classify, core_known, recommend_orgs
from wereldwijs.vocabulary import FirmProfile


def make(**slots):
    return FirmProfile(**slots)


@pytest.mark.parametrize(
    "score,expected", [(1, "mass"), (2, "mass"), (3, "intermediate"), (4, "niche"), (5, "niche")]
)
def test_positioning_from_niche_score(score, expected):
    assert classify(make(niche_score=score)).positioning == expected


def test_positioning_unknown_without_niche_score():
    c = classify(make(differentiation=5, relevant_market="global"))
    assert c.positioning is None and "positioning" in c.unknown


@pytest.mark.parametrize(
    "imports,exports,expected",
    [
        (False, False, "local"),
        (True, False, "international"),
        (False, True, "internationalized"),
        (True, True, "global"),
    ],
)
def test_intl_type(imports, exports, expected):
    assert classify(make(imports=imports, exports=exports)).intl_type == expected


def test_intl_type_unknown_when_one_answer_missing():
    c = classify(make(exports=True))
    assert c.intl_type is None and "intl_type" in c.unknown


@pytest.mark.parametrize(
    "slots,expected",
    [
        (dict(exports=False, other_activities=[]), "domestic"),
        (dict(exports=False), "domestic"),
        (dict(exports=True), "export"),
        (dict(exports=True, other_activities=["network"]), "partnership"),
        (dict(exports=False, other_activities=["joint_venture"]), "partnership"),
        (dict(exports=True, other_activities=["licence_franchise", "sales_office"]), "subsidiary"),
        (
            dict(exports=True, other_activities=["production_plant"], subsidiary_countries=2),
            "subsidiary",
        ),
        (
            dict(exports=True, other_activities=["sales_office"], subsidiary_countries=3),
            "multinational",
        ),
        (dict(exports=True, other_activities=["network"], subsidiary_countries=5), "partnership"),
    ],
)
def test_stage_highest_that_applies(slots, expected):
    assert classify(make(**slots)).stage == expected


def test_stage_unknown_without_export_answer():
    c = classify(make())
    assert c.stage is None and "stage" in c.unknown


@pytest.mark.parametrize(
    "regions,expected",
    [
        (["neighbours"], "neighbours"),
        (["neighbours", "eu15"], "europe"),
        (["rest_europe"], "europe"),
        (["neighbours", "africa"], "world"),
        (["north_america"], "world"),
        (["eu15", "middle_east"], "world"),
    ],
)
def test_export_scope(regions, expected):
    assert classify(make(exports=True, export_regions=regions)).export_scope == expected


def test_export_scope_none_for_non_exporter_and_unknown_without_regions():
    assert classify(make(exports=False, export_regions=["eu15"])).export_scope == "none"
    c = classify(make(exports=True))
    assert c.export_scope is None and "export_scope" in c.unknown


@pytest.mark.parametrize(
    "gap,expected", [(0, "early"), (2, "early"), (3, "early"), (4, "gradual"), (30, "gradual")]
)
def test_pace_boundary_is_three_years_inclusive(gap, expected):
    c = classify(make(exports=True, founding_year=2000, first_export_year=2000 + gap))
    assert c.pace == expected


def test_pace_none_and_unknown():
    assert classify(make(exports=False)).pace == "none"
    c = classify(make(exports=True, founding_year=2000))
    assert c.pace is None and "pace" in c.unknown


@pytest.mark.parametrize(
    "trigger,motive,expected",
    [
        ("active_prospecting", "growth", "proactive_internal"),
        ("foreign_partner", "new_markets", "proactive_external"),
        ("unsolicited_order", "survival", "reactive_internal"),
        ("local_partner_request", "production_capacity", "reactive_internal"),
        ("unsolicited_order", "home_costs", "reactive_external"),
        ("active_prospecting", "competitiveness", "proactive_internal"),
        ("local_partner_request", "knowledge_technology", "reactive_external"),
    ],
)
def test_stimulus(trigger, motive, expected):
    assert classify(make(trigger=trigger, motive=motive)).stimulus == expected


@pytest.mark.parametrize("slots", [dict(trigger="active_prospecting"), dict(motive="growth"), {}])
def test_stimulus_unknown_when_either_missing(slots):
    c = classify(make(**slots))
    assert c.stimulus == "unknown" and "stimulus" in c.unknown


@pytest.mark.parametrize(
    "priority,expected",
    [("growth", "cap"), ("independence", "pic"), ("continuity", "pic"), (None, "unknown")],
)
def test_entrepreneur_profile(priority, expected):
    c = classify(make(priority=priority))
    assert c.entrepreneur_profile == expected
    assert ("entrepreneur_profile" in c.unknown) == (expected == "unknown")


@pytest.mark.parametrize(
    "score,market,expected",
    [
        (5, "local", "sprinkler"),
        (1, "global", "waterfall"),
        (3, "global", "sprinkler"),
        (3, "european", "waterfall"),
        (3, "local", "waterfall"),
        (3, None, "waterfall"),
        (None, "global", "waterfall"),
    ],
)
def test_expansion_strategy(score, market, expected):
    assert classify(make(niche_score=score, relevant_market=market)).expansion_strategy == expected


def test_intermediate_without_market_is_flagged_as_cautious():
    assert "expansion_strategy" in classify(make(niche_score=3)).unknown


@pytest.mark.parametrize(
    "region,agency", [("flanders", "fit"), ("wallonia", "awex"), ("brussels", "hub_brussels")]
)
def test_regional_agency_comes_first(region, agency):
    orgs = classify(
        make(home_region=region, support_needs=["market_research", "promotion"])
    ).recommended_orgs
    assert orgs[0] == agency
    others = {"fit", "awex", "hub_brussels"} - {agency}
    assert not others & set(orgs), "another region's agency was recommended"


def test_payment_risk_need_or_barrier_routes_to_credendo():
    assert "credendo" in recommend_orgs(
        make(home_region="wallonia", support_needs=["payment_risk"])
    )
    assert "credendo" in recommend_orgs(
        make(home_region="brussels", exports=False, export_barriers=["payment_risk"])
    )


def test_product_adaptation_routes_to_vlaio_only_in_flanders():
    assert "vlaio" in recommend_orgs(
        make(home_region="flanders", support_needs=["product_adaptation"])
    )
    assert "vlaio" not in recommend_orgs(
        make(home_region="wallonia", support_needs=["product_adaptation"])
    )


def test_partner_identification_routes_to_een_everywhere():
    for region in ("flanders", "wallonia", "brussels", None):
        assert "een" in recommend_orgs(
            make(home_region=region, support_needs=["partner_identification"])
        )


def test_routing_survives_many_needs():
    everything = [
        "market_research",
        "partner_identification",
        "partner_contacts",
        "intl_skills",
        "networking",
        "financial_support",
        "export_formalities",
        "legal_info",
        "promotion",
        "product_adaptation",
        "payment_risk",
    ]
    orgs = recommend_orgs(make(home_region="flanders", support_needs=everything))
    assert orgs[0] == "fit"
    assert {"credendo", "vlaio", "een"} <= set(orgs)


def test_ranking_follows_needs():
    # legal information is offered by EEN, Unizo, VLAIO and Agoria, not by the credit insurer
    orgs = recommend_orgs(make(home_region="flanders", support_needs=["legal_info"]))
    assert "credendo" not in orgs and "een" in orgs
    subsidiary = recommend_orgs(
        make(home_region="flanders", exports=True, other_activities=["sales_office"]),
        firm_stage="subsidiary",
    )
    assert "sfpi" in subsidiary


def test_missing_home_region_is_reported():
    assert "recommended_orgs" in classify(make(niche_score=4)).unknown


def test_as_slots_has_every_classification_slot():
    slots = classify(make(niche_score=4, exports=True, imports=False)).as_slots()
    assert set(slots) == {
        "positioning",
        "intl_type",
        "stage",
        "export_scope",
        "pace",
        "stimulus",
        "entrepreneur_profile",
        "expansion_strategy",
        "recommended_orgs",
    }
    assert slots["positioning"] == "niche" and slots["intl_type"] == "internationalized"


def test_core_known():
    assert not core_known(make(home_region="flanders", niche_score=4))
    assert core_known(make(home_region="flanders", niche_score=4, exports=False))
