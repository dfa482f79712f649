"""Next markets: the ranking for typical firms, the exclusions, and the country data's source."""

import subprocess
import sys
from pathlib import Path

import pytest

from wereldwijs import knowledge
from wereldwijs.core.classify import classify
from wereldwijs.core.markets import countries, next_markets, rank, served_countries
from wereldwijs.reading import places
from wereldwijs.vocabulary import FirmProfile
from wereldwijs.wording.advice import compose_advice
from wereldwijs.wording.labels import country_name

ROOT = Path(__file__).resolve().parents[2]
EUROPE = {"neighbours", "eu15", "rest_europe"}


def codes(plan):
    return [m.code for m in plan.markets]


# profile, strategy, scope -> the first market(s) expected, and what must not be there
TABLE = [
    # a Flemish firm that does not export yet, waterfall: a neighbour first (Figure 17)
    (FirmProfile(exports=False), "waterfall", "none", {"FR", "DE", "NL"}, set()),
    # after the Netherlands: the larger nearby markets (section 5.7: Germany, France)
    (
        FirmProfile(exports=True, export_countries=["NL"]),
        "waterfall",
        "neighbours",
        {"FR", "DE"},
        {"NL"},
    ),
    # the neighbours done: the next ring in Europe, never the ones it serves
    (
        FirmProfile(exports=True, export_countries=["NL", "DE", "FR", "LU", "GB"]),
        "waterfall",
        "neighbours",
        {"AT", "IT", "ES"},
        {"NL", "DE", "FR", "LU", "GB"},
    ),
    # a niche firm with a global market and growth ambition: a wider, larger cluster
    (
        FirmProfile(
            exports=True,
            export_countries=["NL", "US", "JP"],
            export_regions=["neighbours", "north_america", "asia_pacific"],
            relevant_market="global",
            priority="growth",
        ),
        "sprinkler",
        "world",
        {"FR", "DE"},
        {"NL", "US", "JP"},
    ),
]


@pytest.mark.parametrize("profile,strategy,scope,first,excluded", TABLE)
def test_ranking_for_typical_firms(profile, strategy, scope, first, excluded):
    plan = next_markets(profile, strategy, scope)
    assert plan.markets[0].code in first, codes(plan)
    assert not excluded & set(codes(plan))
    assert len(set(codes(plan))) == len(codes(plan))


def test_waterfall_gives_one_market_and_two_alternatives():
    plan = next_markets(FirmProfile(exports=False), "waterfall")
    assert len(plan.first) == 1 and len(plan.alternatives) == 2


@pytest.mark.parametrize(
    "profile,size",
    [
        (FirmProfile(exports=False), 4),
        (FirmProfile(turnover="lt_100k"), 3),
        (FirmProfile(export_outlook="decrease"), 3),
        (FirmProfile(relevant_market="global", priority="growth"), 5),
    ],
)
def test_sprinkler_gives_a_cluster_of_three_to_five(profile, size):
    plan = next_markets(profile, "sprinkler")
    assert len(plan.first) == size and plan.alternatives == ()


def test_served_countries_come_from_every_answer_and_never_include_belgium():
    profile = FirmProfile(
        first_export_country="NL", main_export_country="de", export_countries=["FR", "BE", "NL"]
    )
    assert served_countries(profile) == ["FR", "NL", "DE"]
    assert not {"FR", "NL", "DE", "BE"} & {m.code for m in rank(profile, "sprinkler")}


def test_regions_already_covered_are_leaned_away_from():
    plain = {m.code: m.score for m in rank(FirmProfile(exports=True), "waterfall")}
    covered = {
        m.code: m.score
        for m in rank(FirmProfile(exports=True, export_regions=["eu15"]), "waterfall")
    }
    assert covered["ES"] < plain["ES"] and covered["PL"] == plain["PL"]


def test_outside_europe_comes_later_for_a_cautious_firm_and_sooner_for_a_global_one():
    cautious = next_markets(FirmProfile(relevant_market="local"), "waterfall")
    assert all(places.survey_region(c) in EUROPE for c in codes(cautious))
    bold = rank(
        FirmProfile(relevant_market="global", mgmt_experience="extensive"), "sprinkler", "world"
    )
    timid = rank(FirmProfile(relevant_market="local"), "sprinkler")
    position = lambda ranked: [m.code for m in ranked].index("US")  # noqa: E731
    assert position(bold) < position(timid)


def test_sanctioned_countries_are_never_suggested():
    ranked = {m.code for m in rank(FirmProfile(relevant_market="global"), "sprinkler", "world")}
    assert not {"RU", "BY", "KP", "IR", "SY"} & ranked


def test_answers_change_the_weights():
    base = [m.code for m in rank(FirmProfile(), "waterfall")[:8]]
    consumer = [
        m.code
        for m in rank(FirmProfile(offering="consumer", mgmt_experience="limited"), "waterfall")[:8]
    ]
    assert base != consumer


@pytest.mark.parametrize("lang", ("nl", "en"))
def test_each_market_has_its_reasons_in_one_line(lang):
    profile = FirmProfile(home_region="flanders", niche_score=2, exports=False)
    strategy = compose_advice(profile, classify(profile), lang)[2]
    plan = next_markets(profile, "waterfall", "none")
    for market in plan.markets:
        assert country_name(market.code, lang) in strategy
    germany = next(m for m in rank(profile, "waterfall") if m.code == "DE")
    assert germany.reasons[:2] == ("language_de", "neighbour")
    assert "largest_eu" in germany.reasons and "euro_single_market" in germany.reasons


def test_the_uk_is_close_but_outside_the_customs_union():
    uk = next(m for m in rank(FirmProfile(), "waterfall") if m.code == "GB")
    assert "customs" in uk.reasons and "non_euro" in uk.reasons


def test_country_data_is_complete_and_sourced():
    rows = {row["iso2"]: row for row in countries()}
    assert "BE" not in rows and len(rows) > 150
    assert rows["DE"]["borders_be"] and rows["FR"]["euro"] and not rows["GB"]["eu"]
    assert not rows["DK"]["euro"] and rows["DK"]["eu"] and rows["NO"]["eea"]
    assert "fr" in rows["CH"]["languages"] and "nl" in rows["NL"]["languages"]
    assert 150 < rows["NL"]["distance_km"] < 250
    columns = knowledge.document("markets")["columns"]
    assert set(columns) == set(knowledge.table("countries").columns)
    assert all(columns.values())


def test_the_committed_country_file_is_what_the_script_builds():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_country_data.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_weights_cover_every_feature_and_cite_a_finding():
    cfg = knowledge.document("markets")
    for strategy in ("sprinkler", "waterfall"):
        assert set(cfg["weights"][strategy]) == set(cfg["features"])
    for feature in cfg["features"].values():
        assert feature["why"] and feature["source"]
    for rule in cfg["modifiers"]:
        assert rule["source"] and set(rule["factors"]) <= set(cfg["features"])
