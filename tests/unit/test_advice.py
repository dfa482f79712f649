"""Advice content for typical firms in both languages, and the figures it quotes."""

import re

import pytest

from wereldwijs import knowledge
from wereldwijs.core.classify import classify
from wereldwijs.vocabulary import FirmProfile
from wereldwijs.wording.advice import (
    compose_advice,
    org_evidence,
    org_info,
    stage_risks,
    support_orgs_overview,
)
from wereldwijs.wording.explain import detect_topic, explain
from wereldwijs.wording.labels import fmt, org_name
from wereldwijs.wording.report import advisor_summary, profile_summary

LANGS = ("nl", "en")

FIRMS = {
    "niche_born_global": FirmProfile(
        sector="medische software",
        home_region="flanders",
        employees=12,
        founding_year=2015,
        niche_score=5,
        differentiation=5,
        relevant_market="global",
        rnd_share="gt_4",
        imports=True,
        exports=True,
        first_export_year=2016,
        export_regions=["neighbours", "north_america", "asia_pacific"],
        trigger="active_prospecting",
        motive="growth",
        priority="growth",
        support_needs=["legal_info", "partner_identification", "payment_risk"],
    ),
    "mass_gradual": FirmProfile(
        sector="bouwmaterialen",
        home_region="flanders",
        employees=80,
        founding_year=1980,
        niche_score=1,
        differentiation=2,
        relevant_market="local",
        rnd_share="none",
        imports=True,
        exports=True,
        first_export_year=1995,
        export_regions=["neighbours"],
        trigger="local_partner_request",
        motive="survival",
        priority="continuity",
        support_needs=["promotion", "product_adaptation"],
    ),
    "non_exporter": FirmProfile(
        sector="bakkerij",
        home_region="flanders",
        employees=6,
        founding_year=2001,
        niche_score=2,
        imports=False,
        exports=False,
        export_barriers=["payment_risk", "knowledge"],
    ),
    "walloon": FirmProfile(
        home_region="wallonia",
        employees=25,
        niche_score=4,
        relevant_market="european",
        exports=True,
        imports=False,
        founding_year=2000,
        first_export_year=2010,
        export_regions=["neighbours", "eu15"],
        support_needs=["market_research", "product_adaptation"],
    ),
    "brussels": FirmProfile(
        home_region="brussels",
        employees=8,
        niche_score=3,
        relevant_market="global",
        exports=True,
        imports=True,
        export_regions=["neighbours"],
        support_needs=["partner_identification"],
    ),
    "multinational": FirmProfile(
        home_region="flanders",
        employees=200,
        niche_score=4,
        exports=True,
        imports=True,
        export_regions=["eu15", "north_america"],
        other_activities=["sales_office", "production_plant"],
        subsidiary_countries=4,
        founding_year=1990,
        first_export_year=1992,
    ),
}


def advice(name, lang):
    profile = FIRMS[name]
    return compose_advice(profile, classify(profile), lang)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", FIRMS)
def test_advice_has_five_plain_text_parts(name, lang):
    messages = advice(name, lang)
    assert len(messages) == 5 and all(m.strip() for m in messages)
    joined = "\n".join(messages)
    assert "<" not in joined and "|" not in joined and "**" not in joined and "{" not in joined


@pytest.mark.parametrize("lang", LANGS)
def test_niche_born_global(lang):
    who, orgs, strategy, risks, peers = advice("niche_born_global", lang)
    c = classify(FIRMS["niche_born_global"])
    assert (c.positioning, c.pace, c.export_scope, c.expansion_strategy) == (
        "niche",
        "early",
        "world",
        "sprinkler",
    )
    assert orgs.index(org_name("fit")) < orgs.index(org_name("een"))
    assert org_name("credendo") in orgs
    assert org_evidence("fit", lang) in orgs and "79%" in orgs
    assert knowledge.strategy("expansion", "sprinkler")[lang] in strategy
    assert knowledge.strategy("spreading")[lang] in strategy
    for risk in ("non_payment", "exchange", "interest"):
        assert _demand(risk)[lang] in risks
    years = knowledge.segment_fact("years_to_export")
    assert fmt(years["niche"], lang) in peers
    assert fmt(knowledge.need_by_segment("legal_info")["niche"], lang) + "%" in peers


@pytest.mark.parametrize("lang", LANGS)
def test_mass_gradual_exporter(lang):
    who, orgs, strategy, risks, peers = advice("mass_gradual", lang)
    c = classify(FIRMS["mass_gradual"])
    assert (c.positioning, c.pace, c.export_scope, c.entrepreneur_profile) == (
        "mass",
        "gradual",
        "neighbours",
        "pic",
    )
    assert knowledge.strategy("expansion", "waterfall")[lang] in strategy
    assert knowledge.strategy("markets", "neighbours")[lang] in strategy
    assert (
        knowledge.strategy("entry_modes", "alliance")[lang] in strategy
    )  # 80 people: beyond small
    assert org_name("vlaio") in orgs and orgs.index(org_name("fit")) < orgs.index(org_name("vlaio"))
    assert _demand("exchange")[lang] not in risks  # only neighbouring countries
    assert _demand("non_payment")[lang] in risks
    assert fmt(knowledge.segment_fact("years_to_export")["mass"], lang) in peers
    assert "15" in who  # 15 years from founding to first export


@pytest.mark.parametrize("lang", LANGS)
def test_non_exporter(lang):
    who, orgs, strategy, risks, peers = advice("non_exporter", lang)
    c = classify(FIRMS["non_exporter"])
    assert (c.stage, c.intl_type, c.pace, c.export_scope) == ("domestic", "local", "none", "none")
    assert org_name("credendo") in orgs  # barrier: fear of non-payment
    assert knowledge.strategy("markets", "none")[lang] in strategy
    assert knowledge.strategy("entry_modes", "export")[lang] in strategy
    assert _demand("cost_control")[lang] in risks and _demand("exchange")[lang] not in risks


@pytest.mark.parametrize("lang", LANGS)
def test_walloon_firm(lang):
    _, orgs, _, risks, _ = advice("walloon", lang)
    assert classify(FIRMS["walloon"]).recommended_orgs[0] == "awex"
    assert org_name("awex") in orgs
    assert org_name("fit") not in orgs and org_name("vlaio") not in orgs
    assert _demand("exchange")[lang] in risks  # EU-15 includes countries outside the euro zone


@pytest.mark.parametrize("lang", LANGS)
def test_brussels_firm(lang):
    who, orgs, strategy, _, peers = advice("brussels", lang)
    c = classify(FIRMS["brussels"])
    assert c.recommended_orgs[:2] == ["hub_brussels", "een"]
    assert c.positioning == "intermediate" and c.expansion_strategy == "sprinkler"  # global market
    assert "Brussels Export" in orgs  # survey-era name next to the survey figure
    years = knowledge.segment_fact("years_to_export")
    assert fmt(years["niche"], lang) in peers and fmt(years["mass"], lang) in peers


@pytest.mark.parametrize("lang", LANGS)
def test_multinational(lang):
    who, orgs, strategy, risks, _ = advice("multinational", lang)
    c = classify(FIRMS["multinational"])
    assert c.stage == "multinational"
    assert "sfpi" in c.recommended_orgs
    assert knowledge.strategy("entry_modes", "fdi")[lang] in strategy
    assert knowledge.stage_info("multinational")[lang] in risks
    assert _demand("accounting")[lang] in risks
    assert {"non_payment", "exchange", "interest"} <= {
        i["id"] for i in stage_risks(FIRMS["multinational"], c)
    }


@pytest.mark.parametrize("lang", LANGS)
def test_unknown_answers_are_named_and_cautious(lang):
    profile = FirmProfile(exports=True)
    who, orgs, strategy, _, _ = compose_advice(profile, classify(profile), lang)
    from wereldwijs.wording.catalogue import text

    assert text("slot_positioning", lang).lower() in who
    assert knowledge.strategy("expansion", "why_unknown")[lang] in strategy
    assert text("advice_region_unknown", lang) in orgs


def _demand(demand_id):
    return next(i for i in knowledge.document("stages")["demands"] if i["id"] == demand_id)


CITATION = re.compile(
    r"\((?:[^()]*(?:survey report|enquêterapport|SME article|kmo-artikel)[^()]*)\)"
)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", FIRMS)
def test_every_quoted_number_is_in_the_knowledge_files(name, lang):
    profile = FIRMS[name]
    own = {
        float(v)
        for v in profile.as_slots().values()
        if isinstance(v, int) and not isinstance(v, bool)
    }
    if profile.first_export_year and profile.founding_year:
        own.add(float(profile.first_export_year - profile.founding_year))
    known = knowledge.known_numbers()
    messages = compose_advice(profile, classify(profile), lang) + [
        org_info(o, lang, profile) for o in classify(profile).recommended_orgs
    ]
    for message in messages:
        stripped = CITATION.sub("", re.sub(r"https?://\S+", "", message))
        for number in re.findall(r"\d+(?:[.,]\d+)?", stripped):
            value = float(number.replace(",", "."))
            assert value in known or value in own, f"{number} in {stripped!r}"
        # every figure with a percent sign carries a source in the same sentence
        for sentence in re.split(r"(?<=[.!?])\s", message):
            if "%" in sentence and "(" in sentence:
                assert CITATION.search(sentence), sentence


@pytest.mark.parametrize("lang", LANGS)
def test_org_answers(lang):
    overview = support_orgs_overview(lang)
    assert all(org_name(o) in overview for o in knowledge.organisation_ids())
    mine = support_orgs_overview(lang, FIRMS["walloon"])
    assert mine.index(org_name("awex")) < mine.index(org_name("fit"))
    info = org_info("credendo", lang, FIRMS["non_exporter"])
    assert "Delcredere" in info and "https://credendo.com" in info
    other = org_info("fit", lang, FIRMS["walloon"])
    assert org_name("awex") in other


@pytest.mark.parametrize(
    "message,topic",
    [
        ("wat bedoel je met sprinkler?", "sprinkler"),
        ("why am I a niche firm?", "positioning"),
        ("wat is een watervalstrategie", "waterfall"),
        ("what is credit insurance", "non_payment"),
        ("waarom ben ik een CAP-ondernemer?", "entrepreneur_profile"),
        ("welke fase bedoel je?", "stage"),
        ("why these organisations?", "recommended_orgs"),
        ("hoe zit dat met wisselkoersen", "exchange"),
        ("what do you mean by born global", "pace"),
        ("hmm", None),
    ],
)
def test_detect_topic(message, topic):
    assert detect_topic(message) == topic


@pytest.mark.parametrize("lang", LANGS)
def test_explanations(lang):
    profile = FIRMS["niche_born_global"]
    c = classify(profile)
    assert knowledge.strategy("expansion", "sprinkler")[lang] in explain(
        "sprinkler", profile, c, lang
    )
    assert "5" in explain("positioning", profile, c, lang)
    assert knowledge.strategy("stimulus", "proactive_internal")[lang] in explain(
        "stimulus", profile, c, lang
    )
    from wereldwijs.wording.catalogue import text

    missing = explain("pace", FirmProfile(exports=True), None, lang)
    assert text("slot_first_export_year", lang).lower() in missing
    assert explain(None, profile, c, lang) == text("explain_unknown_topic", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_reports(lang):
    profile = FIRMS["walloon"]
    from wereldwijs.wording.catalogue import text

    summary = profile_summary(profile, lang)
    assert text("value_home_region_wallonia", lang) in summary and "25" in summary
    report = advisor_summary(profile, classify(profile), lang)
    assert "AWEX" in report and text("value_positioning_niche", lang) in report
    assert text("report_profile_empty", lang) == profile_summary(FirmProfile(), lang)
    assert "Duitsland" in profile_summary(FirmProfile(main_export_country="DE"), "nl")


@pytest.mark.parametrize("lang", LANGS)
def test_no_organisations_without_region_or_needs(lang):
    from wereldwijs.wording.catalogue import text

    profile = FirmProfile()
    orgs = compose_advice(profile, classify(profile), lang)[1]
    assert orgs.startswith(text("advice_orgs_none", lang))
    barrier = org_info("credendo", lang, FIRMS["non_exporter"])
    assert (
        text(
            "advice_reason_barrier",
            lang,
            barrier=text("value_export_barriers_payment_risk", lang).lower(),
        )
        in barrier
    )


def test_explaining_a_strategy_recommends_only_what_could_be_judged():
    from wereldwijs.vocabulary import FirmProfile
    from wereldwijs.wording.explain import explain

    sure = explain("sprinkler", FirmProfile(niche_score=5), None, "en")
    unsure = explain("sprinkler", FirmProfile(niche_score=3), None, "en")
    assert "recommend" in sure and "recommend" not in unsure


def test_every_exporter_hears_about_payment_risk_cover():
    profile = FirmProfile(
        home_region="flanders", niche_score=2, exports=True, export_regions=["neighbours"]
    )
    assert classify(profile).recommended_orgs[:2] == ["fit", "credendo"]


def test_unknown_region_recommends_no_regional_body():
    profile = FirmProfile(exports=False, export_barriers=["knowledge"])
    recommended = classify(profile).recommended_orgs
    assert recommended and not {"fit", "awex", "hub_brussels", "vlaio", "voka", "unizo"} & set(
        recommended
    )
