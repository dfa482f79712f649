"""The advice actions with real rasa_sdk Tracker objects and a CollectingDispatcher."""

from actions.advice import (
    ActionAdviceDetails,
    ActionClassify,
    ActionExplain,
    ActionGiveAdvice,
    ActionOrgInfo,
    ActionSupportOrgs,
)
from tests.actions.helpers import make_tracker, run
from tests.actions.helpers import slots_of as slot_events
from wereldwijs import knowledge
from wereldwijs.core.classify import classify
from wereldwijs.vocabulary import FirmProfile
from wereldwijs.wording.advice import MAX_ADVICE_CHARS, compose_details
from wereldwijs.wording.catalogue import text

NICHE_FIRM = {
    "home_region": "flanders",
    "niche_score": 5.0,
    "relevant_market": "global",
    "exports": True,
    "imports": True,
    "founding_year": 2015.0,
    "first_export_year": 2016.0,
    "export_regions": ["neighbours", "asia_pacific"],
    "support_needs": ["partner_identification"],
    "trigger": "active_prospecting",
    "motive": "growth",
    "priority": "growth",
}


def tracker(slots, text_="", intent="inform", entities=None, events=None):
    return make_tracker(
        slots,
        text_,
        intent=intent,
        confidence=1.0,
        entities=entities,
        events=events or [],
        active_loop={},
    )


def test_classify_sets_every_classification_slot():
    messages, events = run(ActionClassify(), tracker(NICHE_FIRM))
    slots = slot_events(events)
    assert messages == []
    assert (
        slots["positioning"] == "niche"
        and slots["pace"] == "early"
        and slots["intl_type"] == "global"
    )
    assert slots["stage"] == "export" and slots["export_scope"] == "world"
    assert slots["stimulus"] == "proactive_internal" and slots["entrepreneur_profile"] == "cap"
    assert slots["expansion_strategy"] == "sprinkler" and slots["recommended_orgs"][:2] == [
        "fit",
        "een",
    ]


def test_give_advice_speaks_the_slot_language_and_sets_slots():
    for lang in ("nl", "en"):
        messages, events = run(ActionGiveAdvice(), tracker({**NICHE_FIRM, "language": lang}))
        assert len(messages) == 5
        assert all(len(m["text"]) <= MAX_ADVICE_CHARS for m in messages)
        joined = "\n".join(m["text"] for m in messages)
        assert text("advice_strategy_sprinkler", lang, source="")[:20] in joined
        assert slot_events(events)["positioning"] == "niche"
        assert slot_events(events)["details_shown"] == 0.0
        # the last message offers the details
        assert messages[-1]["buttons"] == [
            {"title": text("button_more", lang), "payload": "/ask_details"}
        ]


def test_give_advice_defaults_to_dutch_and_recomputes():
    messages, events = run(
        ActionGiveAdvice(), tracker({**NICHE_FIRM, "niche_score": 1.0, "positioning": "niche"})
    )
    assert text("advice_strategy_waterfall", "nl", source="")[:20] in "\n".join(
        m["text"] for m in messages
    )
    assert slot_events(events)["positioning"] == "mass"


def test_tell_me_more_walks_through_the_details_one_section_at_a_time():
    profile = FirmProfile.from_slots(NICHE_FIRM)
    sections = compose_details(profile, classify(profile), "en")
    shown, seen = 0.0, []
    for index in range(len(sections)):
        messages, events = run(
            ActionAdviceDetails(), tracker({**NICHE_FIRM, "language": "en", "details_shown": shown})
        )
        assert [m["text"] for m in messages] == sections[index]
        assert all(len(m["text"]) <= MAX_ADVICE_CHARS for m in messages)
        more = index + 1 < len(sections)
        assert bool(messages[-1].get("buttons")) == more
        shown = slot_events(events)["details_shown"]
        assert shown == index + 1
        seen.append(messages[0]["text"])
    assert len(set(seen)) == len(sections)
    messages, events = run(
        ActionAdviceDetails(), tracker({**NICHE_FIRM, "language": "en", "details_shown": shown})
    )
    assert messages[0]["text"] == text("details_done", "en") and events == []


def test_tell_me_more_before_any_profile_offers_the_scan():
    messages, events = run(ActionAdviceDetails(), tracker({"language": "nl"}))
    assert messages[0]["text"] == text("details_before_advice", "nl")
    assert slot_events(events) == {"pending_confirmation": "start"}


def test_explain_uses_the_message_or_the_last_advice_topic():
    messages, _ = run(
        ActionExplain(),
        tracker(
            {**NICHE_FIRM, "language": "en"}, "what do you mean by sprinkler?", intent="ask_explain"
        ),
    )
    assert knowledge.strategy("expansion", "sprinkler")["en"] in messages[0]["text"]
    after_advice = [{"event": "action", "name": "action_give_advice"}]
    messages, _ = run(
        ActionExplain(),
        tracker(NICHE_FIRM, "leg eens uit", intent="ask_explain", events=after_advice),
    )
    assert knowledge.strategy("expansion", "why_niche")["nl"] in messages[0]["text"]
    messages, _ = run(ActionExplain(), tracker({}, "leg eens uit", intent="ask_explain"))
    assert messages[0]["text"] == text("explain_unknown_topic", "nl")


def test_support_orgs_with_and_without_profile():
    messages, _ = run(ActionSupportOrgs(), tracker({"language": "en"}))
    assert text("org_overview_intro", "en") in messages[0]["text"]
    messages, _ = run(ActionSupportOrgs(), tracker({"home_region": "wallonia"}))
    assert messages[0]["text"].split("\n")[1].startswith("- AWEX")


def test_org_info_with_entity_and_without():
    entity = [{"entity": "organisation", "value": "credendo"}]
    messages, _ = run(
        ActionOrgInfo(), tracker({"language": "nl"}, "wat doet Delcredere?", "ask_org_info", entity)
    )
    assert "Credendo" in messages[0]["text"] and "https://credendo.com" in messages[0]["text"]
    messages, _ = run(
        ActionOrgInfo(), tracker({"language": "en"}, "tell me about an agency", "ask_org_info")
    )
    assert messages[0]["text"].startswith(text("org_which", "en", names="")[:20])
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert '/ask_org_info{"organisation": "fit"}' in payloads and len(payloads) == 11
    assert all(len(b["title"]) <= 40 for b in messages[0]["buttons"])


def test_support_orgs_before_any_profile_offers_the_scan():
    messages, events = run(ActionSupportOrgs(), tracker({"language": "en"}))
    assert messages[-1]["buttons"][0]["payload"] == "/start_scan"
    assert slot_events(events) == {"pending_confirmation": "start"}
    messages, events = run(ActionSupportOrgs(), tracker(NICHE_FIRM))
    assert events == [] and not messages[-1].get("buttons")
