"""The intake form's validation with real rasa_sdk Tracker objects."""

import json

import pytest

from actions.intake_form import ASK_ACTIONS, ValidateProfileForm
from tests.actions.helpers import make_tracker, run, slots_of, texts
from wereldwijs.reading.language import detect_language


def tracker(slots, text="", **kw):
    return make_tracker(slots, text, **kw)


def ask(slot, text, lang="nl", **kw):
    slots = {"requested_slot": slot, "language": lang, **kw.pop("slots", {})}
    messages, events = run(ValidateProfileForm(), tracker(slots, text, **kw))
    return texts(messages), events


@pytest.mark.parametrize(
    "slot, text, value, lang",
    [
        ("employees", "een twintigtal", 20, "nl"),
        ("employees", "just 4 of us", 4, "en"),
        ("founding_year", "in '98", 1998, "nl"),
        ("home_region", "1070 Anderlecht", "brussels", "nl"),
        ("niche_score", "echt een nicheproduct", 5, "nl"),
        ("exports", "ja hoor", True, "nl"),
        ("export_regions", "de buurlanden en de VS", ["neighbours", "north_america"], "nl"),
    ],
)
def test_free_text_answers_fill_the_slot_and_move_on(slot, text, value, lang):
    messages, events = ask(slot, text, lang)
    slots = slots_of(events)
    assert slots[slot] == value
    assert slots["requested_slot"] != slot


def test_button_payload_value_is_taken_as_is():
    t = tracker(
        {"requested_slot": "turnover", "scan_phase": "deep"},
        '/inform{"answer": "1m_5m"}',
        entities=[{"entity": "answer", "value": "1m_5m"}],
    )
    _, events = run(ValidateProfileForm(), t)
    assert slots_of(events)["turnover"] == "1m_5m"


@pytest.mark.parametrize(
    "slot, text, lang",
    [
        ("founding_year", "3025", "nl"),
        ("employees", "-5", "en"),
        ("niche_score", "7", "nl"),
        ("first_export_country", "Narnia", "en"),
        ("employees", "asdfgh qwerty", "nl"),
    ],
)
def test_bad_answers_reprompt_in_the_users_language_and_keep_the_question(slot, text, lang):
    earlier = {"sector": "bakkerij", "exports": True, "scan_phase": "deep"}
    messages, events = ask(slot, text, lang, slots=earlier)
    slots = slots_of(events)
    assert slots["requested_slot"] == slot
    assert slots.get(slot) is None
    assert slots["answer_retries"] == 1.0
    assert not set(slots) & set(earlier), "earlier answers are untouched"
    assert messages and detect_language(messages[0], "xx") == lang, messages


def test_first_export_before_founding_is_refused():
    messages, events = ask(
        "first_export_year", "1980", "en", slots={"founding_year": 1995.0, "exports": True}
    )
    assert slots_of(events)["requested_slot"] == "first_export_year"
    assert "1995" in messages[0]


def test_third_failed_try_skips_the_question():
    messages, events = ask("founding_year", "3025", "nl", slots={"answer_retries": 2.0})
    slots = slots_of(events)
    assert "founding_year" in slots["skipped_slots"]
    assert slots["requested_slot"] != "founding_year"


def test_dont_know_leaves_the_slot_empty_and_moves_on():
    messages, events = ask("employees", "geen idee", "nl", intent="dont_know")
    slots = slots_of(events)
    assert slots["skipped_slots"] == ["employees"]
    assert "employees" not in slots
    assert slots["requested_slot"] == "home_region"


@pytest.mark.parametrize(
    "intent, text",
    [
        ("ask_why", "waarom wil je dat weten?"),
        ("help", "wat kan je allemaal?"),
        ("bot_challenge", "ben jij een robot?"),
        ("out_of_scope", "wat voor weer wordt het?"),
    ],
)
def test_detours_answer_and_keep_the_question_open(intent, text):
    messages, events = ask("employees", text, "nl", intent=intent)
    slots = slots_of(events)
    assert slots["requested_slot"] == "employees" and "employees" not in slots
    assert messages and detect_language(messages[0], "xx") == "nl"


@pytest.mark.parametrize(
    "intent, pending",
    [("restart", "restart"), ("forget_me", "forget_me"), ("ask_human", "handoff")],
)
def test_commands_during_the_intake_ask_their_confirmation_and_keep_the_question(
    intent, pending, monkeypatch
):
    monkeypatch.setenv("ADVISOR_TEAMS_WEBHOOK_URL", "http://127.0.0.1:9/hook")
    _, events = ask("employees", "iets", "nl", intent=intent, confidence=0.9)
    slots = slots_of(events)
    assert slots["pending_confirmation"] == pending and slots["requested_slot"] == "employees"
    assert "employees" not in slots


def test_goodbye_hands_the_turn_to_the_rules():
    _, events = ask("employees", "iets", "nl", intent="goodbye", confidence=0.9)
    assert events == []


def test_without_slack_or_teams_a_person_is_still_offered_the_desk_has_the_hand_off(monkeypatch):
    for var in ("ADVISOR_TEAMS_WEBHOOK_URL", "ADVISOR_SLACK_CHANNEL"):
        monkeypatch.delenv(var, raising=False)
    slots = {"home_region": "flanders"}
    messages, events = ask(
        "employees", "kan ik iemand spreken", "nl", intent="ask_human", slots=slots
    )
    assert slots_of(events)["pending_confirmation"] == "handoff"


# The answers a model once took for a request, through the real form with a real Tracker.
@pytest.mark.parametrize(
    "slot, text, lang, intent, confidence, value, known",
    [
        ("home_region", "Gent", "nl", "ask_human", 0.77, "flanders", {}),
        ("home_region", "Ieper", "nl", "get_report", 0.8, "flanders", {}),
        ("home_region", "Louvain", "en", "restart", 0.7, "flanders", {}),
        (
            "first_export_year",
            "2021, right from the start",
            "en",
            "restart",
            0.9,
            2021,
            {"founding_year": 2019.0, "exports": True},
        ),
        (
            "support_needs",
            "help with the export formalities",
            "en",
            "inform",
            0.9,
            ["export_formalities"],
            {"exports": False},
        ),
        (
            "trigger",
            "an importer in Japan got in touch with us",
            "en",
            "inform",
            0.9,
            "unsolicited_order",
            {"exports": True, "imports": False},
        ),
    ],
)
def test_an_answer_is_an_answer_whatever_the_classifier_guesses(
    slot, text, lang, intent, confidence, value, known
):
    messages, events = ask(
        slot,
        text,
        lang,
        intent=intent,
        confidence=confidence,
        slots={"scan_phase": "deep", **known},
    )
    slots = slots_of(events)
    assert slots[slot] == value
    assert "pending_confirmation" not in slots
    assert not {k: v for k, v in slots.items() if k in known and v != known[k]}, messages


def test_an_answer_and_an_unmistakable_restart_are_both_taken():
    _, events = ask(
        "founding_year",
        "2015, en daarna wil ik opnieuw beginnen",
        "nl",
        intent="restart",
        confidence=0.7,
    )
    slots = slots_of(events)
    assert slots["founding_year"] == 2015 and slots["pending_confirmation"] == "restart"


def test_a_contradicting_fact_is_put_back_and_changes_nothing():
    _, events = ask(
        "founding_year",
        "sinds 1995, en we exporteren naar Duitsland",
        "nl",
        slots={"exports": False},
    )
    slots = slots_of(events)
    assert slots["founding_year"] == 1995 and "exports" not in slots
    assert slots["pending_confirmation"] == "contradiction"
    assert slots["pending_fact"] == {"exports": True}


def test_an_explicit_correction_changes_the_answer_and_says_so():
    messages, events = ask(
        "founding_year",
        "eigenlijk exporteren we wel, naar Frankrijk",
        "nl",
        slots={"exports": False},
    )
    assert slots_of(events)["exports"] is True
    assert any("Nee" in m and "Ja" in m for m in messages), messages


def test_several_facts_in_one_answer_fill_several_slots_and_say_so():
    messages, events = ask(
        "employees", "we're 40 people in Ghent exporting to 12 countries since 2005", "en"
    )
    slots = slots_of(events)
    assert slots["employees"] == 40 and slots["home_region"] == "flanders"
    assert slots["exports"] is True and slots["export_countries_count"] == 12
    assert slots["first_export_year"] == 2005
    assert slots["requested_slot"] == "founding_year"
    assert any("40" in m and "2005" in m for m in messages)


def test_resuming_after_a_detour_does_not_read_the_old_message():
    t = tracker({"requested_slot": "employees"}, "nee", intent="deny", after_user=False)
    _, events = run(ValidateProfileForm(), t)
    assert slots_of(events) == {"requested_slot": "employees"}


def test_question_has_buttons_in_the_conversation_language():
    messages, _ = run(ASK_ACTIONS["niche_score"](), tracker({"language": "en"}))
    message = messages[0]
    assert detect_language(message["text"], "xx") == "en"
    payloads = [b["payload"] for b in message["buttons"]]
    assert '/inform{"answer": 5}' in payloads and "/dont_know" in payloads


def test_list_question_offers_none_of_these():
    messages, _ = run(ASK_ACTIONS["export_regions"](), tracker({}))
    answers = [
        json.loads(b["payload"][len("/inform") :])["answer"]
        for b in messages[0]["buttons"]
        if b["payload"].startswith("/inform")
    ]
    assert "neighbours" in answers


@pytest.mark.parametrize(
    "text, lang, key_words",
    [
        ("", "nl", "geen tekst"),
        ("x" * 20000, "en", "too long"),
        ("<b></b>", "en", "didn't receive"),
        (
            "Bonjour, je voudrais exporter en Allemagne, c'est possible?",
            "nl",
            "Nederlands en Engels",
        ),
    ],
)
def test_empty_huge_markup_and_foreign_messages_get_a_clear_answer(text, lang, key_words):
    messages, events = ask("employees", text, lang, intent="nlu_fallback", confidence=1.0)
    slots = slots_of(events)
    assert slots["requested_slot"] == "employees" and "exports" not in slots
    assert key_words in messages[0]


def test_classification_follows_every_answer_once_the_core_is_known():
    core = {
        "home_region": "flanders",
        "niche_score": 4.0,
        "exports": True,
        "scan_phase": "deep",
        "advice_given": True,
    }
    _, events = ask("support_needs", "we zijn bang om niet betaald te worden", "nl", slots=core)
    slots = slots_of(events)
    assert slots["support_needs"] == ["payment_risk"]
    assert "credendo" in slots["recommended_orgs"] and slots["positioning"] == "niche"


def test_no_classification_before_the_core_is_known():
    _, events = ask("employees", "40", "nl")
    assert "positioning" not in slots_of(events)


def test_none_is_an_answer_even_when_nlu_hears_dont_know():
    _, events = ask("other_activities", "geen", "nl", intent="dont_know", confidence=0.9)
    slots = slots_of(events)
    assert slots["other_activities"] == [] and "skipped_slots" not in slots
