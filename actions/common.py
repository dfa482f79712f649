"""Small helpers shared by the rasa-sdk adapters: language, profile, buttons, texts."""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.core.classify import Classification
from actions.core.profile import (BOOL_SLOTS, CHOICES, DEFAULT_LANGUAGE, LANGUAGES, ORGANISATIONS,
                                  FirmProfile, PROFILE_SLOTS)
from actions.core.texts import has, text

SCALE_SLOTS = ("niche_score", "differentiation")
# Intents that mean "this is not an answer, it is a question or request about the conversation".
META_INTENTS = {"ask_why", "help", "bot_challenge", "switch_language", "out_of_scope",
                "nlu_fallback", "ask_explain", "ask_support_orgs", "ask_org_info", "thank",
                "greet", "start_scan"}
# Intents the intake form hands to the rules (they need a confirmation or end the intake).
HANDOVER_INTENTS = {"restart", "forget_me", "ask_human", "get_report", "goodbye"}


def lang_of(tracker: Tracker) -> str:
    lang = tracker.get_slot("language")
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def profile_of(tracker: Tracker) -> FirmProfile:
    return FirmProfile.from_slots(tracker.current_slot_values())


def classification_events(c: Classification) -> List[Any]:
    """The classification as SlotSet events (positioning, stage, ..., recommended_orgs)."""
    return [SlotSet(name, value) for name, value in c.as_slots().items()]


def requested_org(tracker: Tracker) -> Optional[str]:
    """The organisation id from the latest message's entity (or the slot, if the domain has one)."""
    for value in list(tracker.get_latest_entity_values("organisation")) + [tracker.get_slot("organisation")]:
        if value in ORGANISATIONS:
            return value
    return None


def say(dispatcher: CollectingDispatcher, key: str, lang: str, buttons: Optional[List[dict]] = None,
        **values: Any) -> None:
    dispatcher.utter_message(text=text(key, lang, **values), buttons=buttons or [])


def intent_of(tracker: Tracker) -> tuple:
    intent = (tracker.latest_message or {}).get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def answer_payload(value: Any) -> str:
    """Button payload that bypasses NLU and carries a canonical answer."""
    return "/inform" + json.dumps({"answer": value}, ensure_ascii=False)


def dont_know_button(lang: str) -> dict:
    return {"title": text("button_dont_know", lang), "payload": "/dont_know"}


def value_label(slot: str, value: Any, lang: str) -> str:
    key = f"value_{slot}_{value}"
    return text(key, lang) if has(key) else str(value)


def question_buttons(slot: str, lang: str) -> List[dict]:
    """Quick replies for a closed question, always with a "don't know" option."""
    if slot in CHOICES:
        options = [(v, value_label(slot, v, lang)) for v in CHOICES[slot]]
    elif slot in BOOL_SLOTS:
        options = [(True, text("value_bool_true", lang)), (False, text("value_bool_false", lang))]
    elif slot in SCALE_SLOTS:
        options = [(n, text(f"scale_{slot}_{n}", lang) if has(f"scale_{slot}_{n}") else str(n))
                   for n in range(1, 6)]
    else:
        options = []
    buttons = [{"title": title, "payload": answer_payload(value)} for value, title in options]
    if slot in ("other_activities", "export_barriers", "support_needs"):
        buttons.append({"title": text("button_none", lang), "payload": answer_payload([])})
    buttons.append(dont_know_button(lang))
    return buttons


def is_profile_slot(name: Optional[str]) -> bool:
    return name in PROFILE_SLOTS


def button_answer(tracker: Tracker) -> Any:
    """The canonical value a button sent, if the latest message came from a button."""
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == "answer":
            return entity.get("value")
    return None


def latest_text(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("text") or "").strip()


def metadata_of(tracker: Tracker) -> Dict[str, Any]:
    return (tracker.latest_message or {}).get("metadata") or {}


def offer_scan(dispatcher: CollectingDispatcher, lang: str) -> List[Any]:
    """Before any profile exists: offer the scan (a "yes" then starts it)."""
    say(dispatcher, "offer_scan", lang,
        buttons=[{"title": text("button_start_scan", lang), "payload": "/start_scan"}])
    return [SlotSet("pending_confirmation", "start")]
