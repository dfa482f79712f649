"""Several facts from one message, only from explicit cues."""

import pytest

from wereldwijs.reading.facts import extract_facts

YEAR = 2026


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        (
            "we're 40 people in Ghent exporting to 12 countries since 2005",
            "en",
            {
                "employees": 40,
                "home_region": "flanders",
                "exports": True,
                "export_countries_count": 12,
                "first_export_year": 2005,
            },
        ),
        ("opgericht in 1987", "nl", {"founding_year": 1987}),
        (
            "we voeren uit naar Duitsland en Frankrijk",
            "nl",
            {"exports": True, "export_regions": ["neighbours"], "export_countries": ["DE", "FR"]},
        ),
        (
            "we zijn met een twintigtal mensen in Zele",
            "nl",
            {"employees": 20, "home_region": "flanders"},
        ),
        ("we exporteren niet", "nl", {"exports": False}),
        ("we don't export yet", "en", {"exports": False}),
        ("we importeren uit China sinds 2010", "nl", {"imports": True, "first_import_year": 2010}),
        ("onze omzet is zo'n 3 miljoen euro", "nl", {"turnover": "1m_5m"}),
        (
            "we exporteren sinds 2005 naar 12 landen",
            "nl",
            {"exports": True, "export_countries_count": 12, "first_export_year": 2005},
        ),
        (
            "gevestigd in Luik, opgericht in 1995",
            "nl",
            {"founding_year": 1995, "home_region": "wallonia"},
        ),
        (
            "we export to Germany, France and the US",
            "en",
            {
                "exports": True,
                "export_regions": ["neighbours", "north_america"],
                "export_countries": ["DE", "FR", "US"],
            },
        ),
        ("we exist for 30 years", "en", {"founding_year": 1996}),
        (
            "we zijn een familiebedrijf uit Brugge met 15 werknemers",
            "nl",
            {"employees": 15, "home_region": "flanders", "family_firm": "family_only"},
        ),
        (
            "founded in 1990, we now export to Japan and the Middle East",
            "en",
            {
                "founding_year": 1990,
                "exports": True,
                "export_regions": ["asia_pacific", "middle_east"],
                "export_countries": ["JP"],
            },
        ),
        ("a team of 8 based in Liège", "en", {"employees": 8, "home_region": "wallonia"}),
        ("turnover of about €750k", "en", {"turnover": "500k_1m"}),
    ],
)
def test_facts(text, lang, expected):
    assert extract_facts(text, lang, YEAR) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1987",
        "40",
        "since 2005",
        "geen idee",
        "Wat doet Credendo?",
        "ja",
        "12",
        "3 miljoen",
        "we exporteren naar Gent",
        "in 2017 al",
        "",
        "we want to sell to Brussels customers",
        "the founding year 3025",
        "we have 20 years of experience",
    ],
)
def test_no_false_facts(text):
    facts = extract_facts(text, "nl", YEAR)
    assert "employees" not in facts and "founding_year" not in facts
    assert "home_region" not in facts and "first_export_year" not in facts
    assert "turnover" not in facts


def test_export_year_before_founding_is_dropped():
    facts = extract_facts("opgericht in 2000 en we exporteren sinds 1990", "nl", YEAR)
    assert facts["founding_year"] == 2000 and "first_export_year" not in facts


@pytest.mark.parametrize(
    "text",
    [
        "ik wil graag exporteren, kan je mij helpen?",
        "we willen exporteren naar Duitsland",
        "I want to start exporting",
        "we would like to export to the US",
        "we are thinking about exporting",
    ],
)
def test_a_wish_to_export_is_not_a_fact(text):
    assert "exports" not in extract_facts(text, "nl")


@pytest.mark.parametrize(
    "text, value",
    [
        ("Goeiemiddag, wij zijn een familiebedrijf uit Roeselare", "family_only"),
        ("we are a family business with an external investor", "family_external"),
        ("geen familiebedrijf", None),
    ],
)
def test_family_firm_from_the_way_people_introduce_themselves(text, value):
    assert extract_facts(text, "nl").get("family_firm") == value


@pytest.mark.parametrize(
    "text, lang",
    [
        ("help with the export formalities", "en"),
        ("an importer in Japan got in touch with us", "en"),
        ("we zoeken een exportadviseur", "nl"),
        ("hulp bij exportformaliteiten en een importeur vinden", "nl"),
        ("is exporting something for us?", "en"),
    ],
)
def test_words_about_trade_are_no_statement_that_the_firm_trades(text, lang):
    facts = extract_facts(text, lang)
    assert "exports" not in facts and "imports" not in facts


@pytest.mark.parametrize(
    "text, lang, slot, value",
    [
        ("wij exporteren niet", "nl", "exports", False),
        ("we doen geen export", "nl", "exports", False),
        ("we do not export", "en", "exports", False),
        ("our exports go to the Netherlands", "en", "exports", True),
        ("we importeren onderdelen uit China", "nl", "imports", True),
        ("ik en twee werknemers in Gent", "nl", "employees", 3),
    ],
)
def test_trade_statements_and_people_counted(text, lang, slot, value):
    assert extract_facts(text, lang)[slot] == value
