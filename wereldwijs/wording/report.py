"""Summaries: what the assistant understood (for the user) and a report for advisors."""

from __future__ import annotations

from typing import List, Tuple

from wereldwijs import knowledge
from wereldwijs.core.classify import Classification
from wereldwijs.vocabulary import PROFILE_SLOTS, FirmProfile
from wereldwijs.wording.advice import RISKS_SHOWN, entry_mode, next_steps, stage_risks
from wereldwijs.wording.catalogue import text
from wereldwijs.wording.labels import label, org_name


def profile_rows(profile: FirmProfile, lang: str) -> List[Tuple[str, str]]:
    """(question label, answer label) for every answer given: the chat summary, report and desk."""
    return [
        (text(f"slot_{slot}", lang), label(slot, getattr(profile, slot), lang))
        for slot in PROFILE_SLOTS
        if getattr(profile, slot) not in (None, [])
    ]


def _profile_lines(profile: FirmProfile, lang: str) -> List[str]:
    return [f"- {name}: {value}" for name, value in profile_rows(profile, lang)]


def profile_summary(profile: FirmProfile, lang: str) -> str:
    """'Dit heb ik begrepen: ...' with every known answer."""
    lines = _profile_lines(profile, lang)
    if not lines:
        return text("report_profile_empty", lang)
    return text("report_profile_intro", lang) + "\n" + "\n".join(lines)


def advisor_summary(profile: FirmProfile, c: Classification, lang: str) -> str:
    """A compact report for advisors: profile, classification, organisations, key advice."""
    sections = [text("report_title", lang), "", text("report_section_profile", lang)]
    sections += _profile_lines(profile, lang) or [text("report_none", lang)]
    sections += ["", text("report_section_classification", lang)]
    for name, value in c.as_slots().items():
        if name == "recommended_orgs":
            continue
        shown = (
            label(name, value, lang) if value is not None else text("report_unknown_value", lang)
        )
        sections.append(f"- {text(f'slot_{name}', lang)}: {shown}")
    if c.unknown:
        fields = ", ".join(text(f"slot_{name}", lang).lower() for name in c.unknown)
        sections.append(text("report_not_judged", lang, fields=fields))
    sections += ["", text("report_section_orgs", lang)]
    sections += [
        f"- {org_name(o)} ({knowledge.organisation(o)['url']})" for o in c.recommended_orgs
    ] or [text("report_none", lang)]
    strategy = c.expansion_strategy or "waterfall"
    mode = knowledge.strategy("entry_modes", entry_mode(profile, c))[lang].split(":")[0]
    risks = ", ".join(
        text(f"report_risk_{item['id']}", lang) for item in stage_risks(profile, c)[:RISKS_SHOWN]
    )
    sections += [
        "",
        text("report_section_advice", lang),
        f"- {text('slot_expansion_strategy', lang)}: {label('expansion_strategy', strategy, lang)}",
        text("report_entry_mode", lang, mode=mode),
        text("report_risks", lang, risks=risks),
    ]
    sections += [f"- {step}" for step in next_steps(profile, c, lang)]
    return "\n".join(sections)
