"""The firm's report: PDF text (read back with pypdf) and charts, for several profiles in nl/en."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from pypdf import PdfReader

from wereldwijs import knowledge
from wereldwijs.core.classify import classify
from wereldwijs.report.charts import peer_charts
from wereldwijs.report.model import build_report
from wereldwijs.report.render import to_html, to_pdf
from wereldwijs.vocabulary import FirmProfile
from wereldwijs.wording.catalogue import text
from wereldwijs.wording.labels import cite, fmt, label, org_name

PROFILES = {
    "flemish_niche_exporter": FirmProfile(
        home_region="flanders",
        employees=40,
        founding_year=2000,
        niche_score=5,
        imports=True,
        exports=True,
        first_export_year=2005,
        export_countries_count=12,
        export_regions=["neighbours", "eu15"],
        rnd_share="gt_4",
        support_needs=["payment_risk", "product_adaptation"],
        trigger="active_prospecting",
        motive="growth",
        priority="growth",
    ),
    "walloon_mass_non_exporter": FirmProfile(
        home_region="wallonia",
        employees=8,
        founding_year=1995,
        niche_score=1,
        imports=False,
        exports=False,
        export_barriers=["payment_risk"],
        priority="independence",
    ),
    "brussels_in_between_few_answers": FirmProfile(
        home_region="brussels", niche_score=3, exports=True, export_regions=["north_america"]
    ),
}


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def flat(value: str) -> str:
    return " ".join(value.split())


@pytest.fixture(scope="module", params=[(n, lang) for n in PROFILES for lang in ("nl", "en")])
def rendered(request):
    name, lang = request.param
    profile = PROFILES[name]
    c = classify(profile)
    report = build_report(profile, c, lang)
    return profile, c, lang, report, pdf_text(to_pdf(report))


def test_pdf_holds_the_classification_in_the_conversation_language(rendered):
    profile, c, lang, report, pdf = rendered
    assert text("firm_report_title", lang) in pdf
    for name in ("positioning", "stage", "expansion_strategy"):
        value = getattr(c, name)
        if value is not None:
            assert f"{text(f'slot_{name}', lang)} {label(name, value, lang)}" in pdf
    other = "en" if lang == "nl" else "nl"
    assert text("firm_report_organisations", other) not in pdf


def test_pdf_names_each_organisation_with_what_to_ask_and_how_to_reach_it(rendered):
    profile, c, lang, report, pdf = rendered
    assert c.recommended_orgs
    for org_id in c.recommended_orgs:
        org = knowledge.organisation(org_id)
        assert org_name(org_id) in pdf
        assert flat(org[f"ask_{lang}"]) in pdf
        assert org["url"] in pdf


def test_pdf_gives_the_peer_figures_with_their_sources(rendered):
    profile, c, lang, report, pdf = rendered
    for fact in ("years_to_export", "export_markets_avg", "export_regions_avg"):
        record = knowledge.segment_fact(fact)
        assert cite(record["source"], lang) in pdf
        for segment in ("niche", "mass"):
            assert fmt(record[segment], lang) in pdf
    # every comparison line with a figure names its source, and is printed in the PDF
    cited = re.compile(r"\((survey report|SME article|enquêterapport|kmo-artikel)[^)]*\)")
    for line in report.labels["peer_lines"]:
        assert flat(line) in pdf
        if re.search(r"\d", line):
            assert cited.search(line), line


def test_html_and_pdf_come_from_the_same_model(rendered):
    profile, c, lang, report, pdf = rendered
    html = to_html(report)
    assert f'lang="{lang}"' in html
    for org in report.organisations:
        assert org.name.replace("&", "&amp;") in html
    assert html.count("<svg") == len(report.charts) == 4


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_charts_carry_the_firm_and_the_survey_numbers(lang):
    profile = PROFILES["flemish_niche_exporter"]
    charts = {chart.key: chart for chart in peer_charts(profile, lang)}
    years = knowledge.segment_fact("years_to_export")
    assert [(b.value, b.firm) for b in charts["years"].bars] == [
        (5.0, True),
        (years["niche"], False),
        (years["mass"], False),
    ]
    markets = knowledge.segment_fact("export_markets_avg")
    assert [b.value for b in charts["markets"].bars] == [12.0, markets["niche"], markets["mass"]]
    regions = knowledge.segment_fact("export_regions_avg")
    assert [b.value for b in charts["regions"].bars] == [2.0, regions["niche"], regions["mass"]]
    rnd = [b for b in charts["rnd"].bars if b.firm]
    assert [b.value for b in rnd] == [
        knowledge.segment_fact("rnd_gt_4_pct")["niche"],
        knowledge.segment_fact("rnd_gt_4_pct")["mass"],
    ]
    for chart in charts.values():
        shown = [unescape(t) for t in re.findall(r">\s*([^<>]+?)\s*</text>", chart.svg)]
        for bar in chart.bars:
            assert fmt(bar.value, lang) in shown, (chart.key, bar)
            assert bar.label in shown
        assert chart.source.startswith("(")


def test_unknown_firm_values_leave_the_firm_bar_out_and_say_so():
    profile = PROFILES["brussels_in_between_few_answers"]
    charts = {chart.key: chart for chart in peer_charts(profile, "en", draw=False)}
    assert not any(b.firm for b in charts["years"].bars)
    assert charts["years"].note == text("firm_report_chart_unknown", "en")
    assert [b.value for b in charts["regions"].bars if b.firm] == [1.0]


def test_a_non_exporter_has_no_markets_or_regions_abroad():
    profile = PROFILES["walloon_mass_non_exporter"]
    charts = {chart.key: chart for chart in peer_charts(profile, "nl", draw=False)}
    assert [b.value for b in charts["markets"].bars if b.firm] == [0.0]
    assert [b.value for b in charts["regions"].bars if b.firm] == [0.0]
