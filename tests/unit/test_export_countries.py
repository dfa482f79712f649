"""The slot export_countries: filled from the export-regions answer, facts and its own question."""

from wereldwijs.core import conversation as talk
from wereldwijs.core.intake import required_slots
from wereldwijs.reading.answers import parse_answer
from wereldwijs.reading.facts import extract_facts
from wereldwijs.vocabulary import FirmProfile, is_valid_value


def test_the_export_regions_answer_also_gives_the_countries():
    reading = talk.read("export_regions", "Nederland, Duitsland en de VS", "nl", FirmProfile())
    assert reading.answer.value == ["neighbours", "north_america"]
    assert reading.facts["export_countries"] == ["NL", "DE", "US"]
    regions_only = talk.read("export_regions", "de buurlanden en Azië", "nl", FirmProfile())
    assert "export_countries" not in regions_only.facts


def test_a_fact_names_the_countries():
    facts = extract_facts("we exporteren naar Duitsland en Frankrijk", "nl")
    assert facts["export_countries"] == ["DE", "FR"]
    assert "export_countries" not in extract_facts("we zijn gevestigd in Gent", "nl")


def test_its_own_question_reads_countries_and_none():
    assert parse_answer("export_countries", "Frankrijk en Spanje", "nl").value == ["FR", "ES"]
    assert parse_answer("export_countries", "belgië en nederland", "nl").value == ["NL"]
    assert not parse_answer("export_countries", "geen flauw benul xq", "nl").ok
    assert is_valid_value("export_countries", ["FR"]) and not is_valid_value(
        "export_countries", "FR"
    )


def test_asked_in_the_deeper_round_only_for_exporters_that_did_not_name_them():
    exporter = FirmProfile(exports=True)
    assert "export_countries" in required_slots(exporter, "deep")
    assert "export_countries" not in required_slots(exporter, "core")
    named = FirmProfile(exports=True, export_countries=["NL"])
    assert "export_countries" not in required_slots(named, "deep")
    assert "export_countries" not in required_slots(FirmProfile(exports=False), "deep")
