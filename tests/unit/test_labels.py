"""How a person reads a value: labels, names, figures and sources (wereldwijs.wording.labels)."""

import pytest

from wereldwijs.wording.labels import cite, country_name, describe, fmt, label, org_name


@pytest.mark.parametrize(
    "code, lang, name",
    [
        ("DE", "nl", "Duitsland"),
        ("DE", "en", "Germany"),
        ("US", "nl", "Verenigde Staten"),
        ("GB", "en", "United Kingdom"),
        ("ZZ", "nl", "ZZ"),
    ],
)
def test_country_name(code, lang, name):
    assert country_name(code, lang) == name


def test_figures_and_sources_as_people_read_them():
    assert fmt(3.9, "nl") == "3,9" and fmt(3.9, "en") == "3.9"
    assert fmt(79.0, "nl") == "79"
    assert cite("survey report, Figure 21", "nl") == "enquêterapport, figuur 21"
    assert cite("survey report, section 5.5; https://x.be", "en") == "survey report, section 5.5"


@pytest.mark.parametrize(
    "slot, value, lang, shown",
    [
        ("export_regions", ["neighbours", "asia_pacific"], "nl", None),
        ("exports", True, "nl", "Ja"),
        ("first_export_country", "DE", "en", "Germany"),
        ("employees", 40, "nl", "40"),
        ("sector", "bakkerij", "nl", "bakkerij"),
    ],
)
def test_label_reads_any_value(slot, value, lang, shown):
    result = label(slot, value, lang)
    assert result == shown if shown else ", " in result


def test_describe_says_none_for_an_empty_list():
    assert describe("other_activities", [], "nl") == "Andere internationale activiteiten: geen"


def test_org_name_adds_the_short_name_when_it_is_not_part_of_it():
    assert org_name("fit") == "Flanders Investment & Trade (FIT)"
    assert org_name("credendo") == "Credendo"
