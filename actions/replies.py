"""Sending texts: a catalogue text with its buttons, and the button sets the bot offers."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

from rasa_sdk.executor import CollectingDispatcher

from wereldwijs.vocabulary import BOOL_SLOTS, CHOICES, LIST_SLOTS, SCALE_SLOTS
from wereldwijs.wording.catalogue import has, text
from wereldwijs.wording.labels import label


def say(
    dispatcher: CollectingDispatcher,
    key: str,
    lang: str,
    buttons: Optional[List[dict]] = None,
    **values: Any,
) -> None:
    dispatcher.utter_message(text=text(key, lang, **values), buttons=buttons or [])


def answer_payload(value: Any) -> str:
    """Button payload that bypasses NLU and carries a canonical answer."""
    return "/inform" + json.dumps({"answer": value}, ensure_ascii=False)


def question_buttons(slot: str, lang: str) -> List[dict]:
    """Quick replies for a closed question, always with a "don't know" option."""
    if slot in CHOICES:
        options = [(v, label(slot, v, lang)) for v in CHOICES[slot]]
    elif slot in BOOL_SLOTS:
        options = [(True, text("value_bool_true", lang)), (False, text("value_bool_false", lang))]
    elif slot in SCALE_SLOTS:
        options = [
            (n, text(f"scale_{slot}_{n}", lang) if has(f"scale_{slot}_{n}") else str(n))
            for n in range(1, 6)
        ]
    else:
        options = []
    buttons = [{"title": title, "payload": answer_payload(value)} for value, title in options]
    if slot in LIST_SLOTS and slot != "export_regions":
        buttons.append({"title": text("button_none", lang), "payload": answer_payload([])})
    buttons.append({"title": text("button_dont_know", lang), "payload": "/dont_know"})
    return buttons


def yes_no_buttons(lang: str) -> List[Dict[str, str]]:
    return [
        {"title": text("button_yes", lang), "payload": "/affirm"},
        {"title": text("button_no", lang), "payload": "/deny"},
    ]


def start_buttons(lang: str) -> List[Dict[str, str]]:
    return [
        {"title": text("button_start_scan", lang), "payload": "/start_scan"},
        {"title": text("button_support_orgs", lang), "payload": "/ask_support_orgs"},
        {"title": text("button_help", lang), "payload": "/help"},
    ]
