"""Countries, survey regions, Belgian places and organisation names."""

import pycountry
import pytest

from wereldwijs.reading import organisations, places

COUNTRIES = [
    ("Duitsland", "DE"),
    ("Duitse markt", "DE"),
    ("VS", "US"),
    ("USA", "US"),
    ("UK", "GB"),
    ("Verenigd Koninkrijk", "GB"),
    ("the States", "US"),
    ("Holland", "NL"),
    ("Nederland", "NL"),
    ("Frankrijk", "FR"),
    ("la France", "FR"),
    ("Allemagne", "DE"),
    ("Deutschland", "DE"),
    ("Zuid-Korea", "KR"),
    ("South Korea", "KR"),
    ("Ivoorkust", "CI"),
    ("Côte d’Ivoire", "CI"),
    ("Hongkong", "HK"),
    ("Zwitserland", "CH"),
    ("Suisse", "CH"),
    ("Spanje", "ES"),
    ("de Spaanse klanten", "ES"),
    ("Japan", "JP"),
    ("China", "CN"),
    ("Chinese leveranciers", "CN"),
    ("Marokko", "MA"),
    ("Verenigde Arabische Emiraten", "AE"),
    ("Dubai", "AE"),
    ("Polen", "PL"),
    ("Tsjechië", "CZ"),
    ("Noorwegen", "NO"),
    ("Brazilië", "BR"),
    ("Canada", "CA"),
    ("Groot-Brittannië", "GB"),
    ("England", "GB"),
    ("Luxemburg", "LU"),
    ("Amerika", "US"),
    ("Rusland", "RU"),
    ("Turkije", "TR"),
    ("India", "IN"),
    ("Australië", "AU"),
]


@pytest.mark.parametrize("name, code", COUNTRIES)
def test_country_code(name, code):
    assert places.country_code(name) == code


@pytest.mark.parametrize(
    "text",
    [
        "just 4 of us",
        "let us know",
        "een goed idee",
        "Zele",
        "in het Nederlands aub",
        "we spreken Engels",
        "ja",
        "",
        "Zuid-Amerika",
        "Noord-Amerika",
        "the new jersey",
    ],
)
def test_no_country(text):
    assert places.country_code(text) is None


def test_find_countries_in_order_without_repeats():
    assert places.find_countries("Duitsland, Frankrijk, de VS en opnieuw Duitsland") == [
        "DE",
        "FR",
        "US",
    ]
    assert places.find_countries("we sell to the US and to us it matters") == ["US"]


@pytest.mark.parametrize(
    "code, region",
    [
        ("NL", "neighbours"),
        ("DE", "neighbours"),
        ("FR", "neighbours"),
        ("LU", "neighbours"),
        ("GB", "neighbours"),
        ("IT", "eu15"),
        ("SE", "eu15"),
        ("PL", "rest_europe"),
        ("NO", "rest_europe"),
        ("CH", "rest_europe"),
        ("US", "north_america"),
        ("BR", "south_america"),
        ("AE", "middle_east"),
        ("JP", "asia_pacific"),
        ("AU", "asia_pacific"),
        ("ZA", "africa"),
        ("BE", None),
        ("XX", None),
    ],
)
def test_survey_region(code, region):
    assert places.survey_region(code) == region


def test_every_country_but_home_and_antarctica_has_a_region():
    missing = [
        c.alpha_2
        for c in pycountry.countries
        if places.survey_region(c.alpha_2) is None and c.alpha_2 not in ("BE", "AQ")
    ]
    assert missing == []


@pytest.mark.parametrize(
    "text, regions",
    [
        ("de buurlanden en de VS", ["neighbours", "north_america"]),
        ("Duitsland en Japan", ["neighbours", "asia_pacific"]),
        ("Scandinavië", ["eu15"]),
        ("Azië", ["asia_pacific"]),
        ("Zuid-Amerika", ["south_america"]),
        ("Noord-Amerika en het Midden-Oosten", ["north_america", "middle_east"]),
        ("Oost-Europa", ["rest_europe"]),
        ("the Far East and North Africa", ["asia_pacific", "africa"]),
        ("EU-15", ["eu15"]),
        ("le Moyen-Orient", ["middle_east"]),
        ("wereldwijd", places.all_regions()),
        ("nergens", []),
    ],
)
def test_regions_in_text(text, regions):
    assert places.regions_in_text(text) == regions


@pytest.mark.parametrize(
    "text, region",
    [
        ("we zitten in Zele", "flanders"),
        ("1070 Anderlecht", "brussels"),
        ("Liège", "wallonia"),
        ("Luik", "wallonia"),
        ("Bruxelles", "brussels"),
        ("Brussel", "brussels"),
        ("Rue de Rivoli 5, 75001 Paris", "abroad"),
        ("Antwerpen", "flanders"),
        ("Anvers", "flanders"),
        ("Gand", "flanders"),
        ("Courtrai", "flanders"),
        ("Mons", "wallonia"),
        ("Bergen", "wallonia"),
        ("Elsene", "brussels"),
        ("Ixelles", "brussels"),
        ("Schaerbeek", "brussels"),
        ("provincie Limburg", "flanders"),
        ("Namur", "wallonia"),
        ("Waals-Brabant", "wallonia"),
        ("Vlaams-Brabant", "flanders"),
        ("Eupen", "wallonia"),
        ("1000", "brussels"),
        ("1300 Wavre", "wallonia"),
        ("2000", "flanders"),
        ("4000", "wallonia"),
        ("8500", "flanders"),
        ("B-9100", "flanders"),
        ("Amsterdam", "abroad"),
        ("Lille, France", "abroad"),
        ("a Flemish company", "flanders"),
        ("een Waalse kmo", "wallonia"),
        ("ergens", None),
        ("België", None),
    ],
)
def test_home_region(text, region):
    assert places.home_region(text) == region


def test_postcode_can_be_disabled():
    assert places.home_region("since 1987", allow_postcode=False) is None


@pytest.mark.parametrize(
    "text, orgs",
    [
        ("wat doet Credendo?", ["credendo"]),
        ("Delcredere of ONDD", ["credendo"]),
        ("IWT en VLAO", ["vlaio"]),
        ("Agentschap Innoveren & Ondernemen", ["vlaio"]),
        ("BMI", ["sfpi"]),
        ("SFPI-FPIM", ["sfpi"]),
        ("Brussels Export", ["hub_brussels"]),
        ("hub.brussels", ["hub_brussels"]),
        ("Flanders Investment & Trade", ["fit"]),
        ("tell me about FIT", ["fit"]),
        ("is it a good fit", []),
        ("AWEX en Finexpo", ["awex", "finexpo"]),
        ("Enterprise Europe Network", ["een"]),
        ("EEN", ["een"]),
        ("een goed idee", []),
        ("Unizo, Voka en Agoria", ["unizo", "voka", "agoria"]),
    ],
)
def test_organisations(text, orgs):
    assert organisations.find_organisations(text) == orgs


def test_every_contract_organisation_has_names():
    from wereldwijs.vocabulary import ORGANISATIONS

    assert {org for _, org in organisations.org_names()} == set(ORGANISATIONS)
