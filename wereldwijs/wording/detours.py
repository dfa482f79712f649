"""The answer to a question about the conversation asked in the middle of the intake (why this
question, explain a term, which organisations, ...). The intake then asks its question again."""

from __future__ import annotations

from typing import Optional

from wereldwijs.core.classify import classify, core_known
from wereldwijs.vocabulary import FirmProfile
from wereldwijs.wording.advice import org_info, support_orgs_overview
from wereldwijs.wording.catalogue import text
from wereldwijs.wording.explain import detect_topic, explain, why_question

# Small talk answered with one catalogue text (key "<intent>_in_form").
SMALL_TALK = ("help", "bot_challenge", "thank", "greet", "start_scan")


def detour_reply(
    intent: str, slot: str, profile: FirmProfile, message: str, org: Optional[str], lang: str
) -> str:
    if intent == "ask_why":
        return why_question(slot, lang)
    if intent == "ask_explain":
        known = classify(profile) if core_known(profile) else None
        return explain(detect_topic(message), profile, known, lang)
    if intent == "ask_support_orgs" or (intent == "ask_org_info" and not org):
        return support_orgs_overview(lang, profile)
    if intent == "ask_org_info":
        return org_info(org, lang, profile)
    if intent == "switch_language":
        return text("language_switched", lang)
    if intent in SMALL_TALK:
        return text(f"{intent}_in_form", lang)
    return text("out_of_scope_in_form", lang)
