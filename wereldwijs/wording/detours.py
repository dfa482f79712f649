"""The answer to a question about the conversation (why this question, explain a term, which
organisations, ...) asked during the intake or while a yes/no question waits. The open question
(or the yes/no question) is asked again after it."""

from __future__ import annotations

from typing import Optional

from wereldwijs.core.classify import classify, core_known
from wereldwijs.vocabulary import FirmProfile
from wereldwijs.wording.advice import org_info, support_orgs_overview
from wereldwijs.wording.catalogue import text
from wereldwijs.wording.explain import detect_topic, explain, why_question

# Small talk answered with one catalogue text: "<intent>_in_form" in the intake, else "<intent>".
SMALL_TALK = ("help", "bot_challenge", "thank", "greet", "start_scan", "out_of_scope")


def detour_reply(
    intent: str,
    slot: Optional[str],
    profile: FirmProfile,
    message: str,
    org: Optional[str],
    lang: str,
) -> str:
    if intent == "ask_why":
        return why_question(slot, lang) if slot else text("why_outside", lang)
    if intent == "ask_explain":
        known = classify(profile) if core_known(profile) else None
        return explain(detect_topic(message), profile, known, lang)
    if intent == "ask_support_orgs" or (intent == "ask_org_info" and not org):
        return support_orgs_overview(lang, None if profile.is_blank() else profile)
    if intent == "ask_org_info":
        return org_info(org, lang, None if profile.is_blank() else profile)
    if intent == "switch_language":
        return text("language_switched", lang)
    suffix = "_in_form" if slot else ""
    if intent in SMALL_TALK and (slot or intent != "start_scan"):
        return text(f"{intent}{suffix}", lang)
    return text(f"out_of_scope{suffix}", lang)
