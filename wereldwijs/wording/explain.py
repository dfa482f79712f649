"""Explanations: why a question is asked, what a term means, why the firm got a result."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, List, Optional

from wereldwijs import knowledge
from wereldwijs.core.classify import Classification, classify
from wereldwijs.vocabulary import FirmProfile
from wereldwijs.wording.advice import (
    entry_mode,
    is_small,
    leans_sentence,
    market_line,
    market_plan,
    org_reasons,
    strategy_reason,
    years_phrase,
)
from wereldwijs.wording.catalogue import has, text
from wereldwijs.wording.labels import fmt, in_sentence, label, org_name, source

# The answers each classification result rests on (to say what is missing).
RESULT_INPUTS: Dict[str, tuple] = {
    "positioning": ("niche_score",),
    "intl_type": ("imports", "exports"),
    "stage": ("exports", "other_activities"),
    "export_scope": ("exports", "export_regions"),
    "pace": ("founding_year", "first_export_year"),
    "stimulus": ("trigger", "motive"),
    "entrepreneur_profile": ("priority",),
    "expansion_strategy": ("niche_score", "relevant_market"),
    "recommended_orgs": ("home_region", "support_needs"),
}
RESULTS = tuple(RESULT_INPUTS)


def why_params(lang: str) -> Dict[str, str]:
    """Survey figures the why_* texts may quote, formatted for the language."""
    params: Dict[str, str] = {}
    for fact, name in (
        ("years_to_export", "years_export"),
        ("export_markets_avg", "markets"),
        ("foreign_sales_gt_50_pct", "foreign_gt50"),
        ("rnd_gt_4_pct", "rnd_gt4"),
        ("start_active_prospecting_pct", "prospecting"),
        ("relevant_market_local_pct", "local_market"),
        ("relevant_market_global_pct", "global_market"),
        ("expect_increase_pct", "expect_increase"),
        ("sales_subsidiary_pct", "subsidiary"),
        ("export_regions_avg", "regions"),
        ("no_import_pct", "no_import"),
    ):
        record = knowledge.segment_fact(fact)
        params[f"niche_{name}"] = fmt(record["niche"], lang)
        params[f"mass_{name}"] = fmt(record["mass"], lang)
    for need, name in (("legal_info", "legal"), ("partner_identification", "partners")):
        record = knowledge.need_by_segment(need)
        params[f"niche_need_{name}"] = fmt(record["niche"], lang)
        params[f"mass_need_{name}"] = fmt(record["mass"], lang)
    for fact in (
        "years_to_first_import",
        "years_to_first_export",
        "first_export_neighbour_pct",
        "export_neighbours_pct",
        "support_received_pct",
        "mgmt_experience_limited_pct",
        "sample_size",
        "start_unsolicited_order_pct",
        "years_to_export_recent_firms",
        "years_to_first_export_fig16",
        "survey_year",
    ):
        params[fact] = fmt(knowledge.general_fact(fact)["value"], lang)
    return params


def why_question(slot: str, lang: str) -> str:
    """Why the assistant asks about this slot, with the survey finding behind it."""
    key = f"why_{slot}"
    return text(key, lang, **why_params(lang)) if has(key) else text("why_generic", lang)


@lru_cache(maxsize=1)
def _topic_patterns() -> List[tuple]:
    return [
        (entry["topic"], [re.compile(p) for p in entry["patterns"]])
        for entry in knowledge.document("topics")
    ]


def detect_topic(message: str) -> Optional[str]:
    """The term or result a message asks about, or None."""
    lowered = (message or "").lower()
    for topic, patterns in _topic_patterns():
        if any(p.search(lowered) for p in patterns):
            return topic
    return None


def _missing(result: str, profile: FirmProfile, lang: str) -> str:
    missing = [name for name in RESULT_INPUTS[result] if getattr(profile, name) is None]
    questions = ", ".join(
        text(f"slot_{name}", lang).lower() for name in missing or RESULT_INPUTS[result]
    )
    return text(
        "explain_not_judged", lang, result=text(f"slot_{result}", lang).lower(), questions=questions
    )


def _with_source(node: dict, lang: str) -> str:
    return f"{node[lang]} {source(node['source'], lang)}"


def _explain_result(topic: str, p: FirmProfile, c: Classification, lang: str) -> str:
    value = getattr(c, topic)
    if value in (None, "unknown", []):
        return _missing(topic, p, lang)
    if topic == "positioning":
        base = text(
            "explain_positioning",
            lang,
            score=p.niche_score,
            value=label("positioning", value, lang).lower(),
            source=source("survey report, section 5.8", lang),
        )
        leans = leans_sentence(p, value, lang)
        return f"{base} {leans}" if leans else base
    if topic == "intl_type":
        return text(
            "explain_intl_type",
            lang,
            imports=label("imports", p.imports, lang).lower(),
            exports=label("exports", p.exports, lang).lower(),
            value=label("intl_type", value, lang).lower(),
            source=source("survey report, Figure 6", lang),
        )
    if topic == "stage":
        return text("explain_stage", lang) + " " + _with_source(knowledge.stage_info(value), lang)
    if topic == "export_scope":
        regions = label("export_regions", p.export_regions, lang) if p.export_regions else "-"
        return text(
            "explain_export_scope",
            lang,
            regions=regions,
            value=in_sentence("export_scope", value, lang),
        )
    if topic == "pace":
        node = knowledge.strategy("pace", value)
        if value == "none":
            return _with_source(node, lang)
        return (
            text(
                "explain_pace", lang, when=years_phrase(p.first_export_year - p.founding_year, lang)
            )
            + " "
            + _with_source(node, lang)
        )
    if topic == "stimulus":
        return (
            text(
                "explain_stimulus",
                lang,
                trigger=label("trigger", p.trigger, lang).lower(),
                motive=label("motive", p.motive, lang).lower(),
            )
            + " "
            + _with_source(knowledge.strategy("stimulus", value), lang)
        )
    if topic == "entrepreneur_profile":
        return _with_source(knowledge.strategy("entrepreneur", value), lang)
    if topic == "expansion_strategy":
        why = strategy_reason(c)
        return (
            _with_source(knowledge.strategy("expansion", value), lang)
            + " "
            + _with_source(knowledge.strategy("expansion", why), lang)
        )
    # recommended_orgs
    lines = []
    for org_id in value:
        reasons = org_reasons(org_id, p, lang)
        lines.append(f"- {org_name(org_id)}" + (f": {', '.join(reasons)}" if reasons else ""))
    return text("explain_orgs", lang) + "\n" + "\n".join(lines)


def explain(
    topic: Optional[str], profile: FirmProfile, c: Optional[Classification], lang: str
) -> str:
    """Explain a term (sprinkler, credit insurance, ...) or why the firm got a result."""
    c = c or classify(profile)
    if topic in ("sprinkler", "waterfall"):
        message = _with_source(knowledge.strategy("expansion", topic), lang)
        judged = not {"positioning", "expansion_strategy"} & set(c.unknown)
        if c.expansion_strategy and judged:  # no recommendation from a cautious default
            message += " " + text(
                "explain_strategy_yours",
                lang,
                value=label("expansion_strategy", c.expansion_strategy, lang),
            )
        return message
    if topic == "concentration":
        return (
            _with_source(knowledge.strategy("concentration"), lang)
            + "\n"
            + _with_source(knowledge.strategy("spreading"), lang)
        )
    if topic in ("non_payment", "exchange", "interest"):
        item = next(i for i in knowledge.document("stages")["demands"] if i["id"] == topic)
        return _with_source(item, lang)
    if topic == "entry_mode":
        modes = knowledge.strategy("entry_modes")
        lines = [f"- {_with_source(modes[mode], lang)}" for mode in ("export", "alliance", "fdi")]
        yours = text(
            "explain_entry_mode_yours", lang, mode=modes[entry_mode(profile, c)][lang].split(":")[0]
        )
        return "\n".join(lines) + "\n" + yours
    if topic == "answers":
        uses = answer_uses(profile, c, lang)
        if not uses:
            return text("explain_no_answers", lang)
        return text("detail_answers_intro", lang) + "\n" + "\n".join(f"- {u}" for u in uses)
    if topic == "next_markets":
        plan = market_plan(profile, c)
        lines = [f"- {market_line(m, lang, profile)}" for m in plan.markets]
        return text(f"explain_markets_{plan.strategy}", lang) + "\n" + "\n".join(lines)
    if topic in RESULTS:
        return _explain_result(topic, profile, c, lang)
    return text("explain_unknown_topic", lang)


def _used_extra(slot: str, p: FirmProfile, c: Classification, lang: str) -> Dict[str, str]:
    """Values some `used_<slot>` texts need besides the answer itself."""
    if slot == "home_region":
        from wereldwijs.core.classify import REGIONAL_AGENCY

        agency = REGIONAL_AGENCY.get(p.home_region or "")
        return {"agency": org_name(agency) if agency else "-"}
    if slot == "niche_score":
        return {
            "positioning": label("positioning", c.positioning, lang).lower()
            if c.positioning
            else "-",
            "strategy": text(f"strategy_name_{c.expansion_strategy or 'waterfall'}", lang),
        }
    if slot in ("first_export_country", "main_export_country", "export_countries"):
        return {}
    return {}


def _used_key(slot: str, p: FirmProfile, c: Classification) -> str:
    """The `used_*` text for this answer (some answers are used differently per value)."""
    value = getattr(p, slot)
    if slot == "sector":
        return "used_sector_federation" if "agoria" in c.recommended_orgs else "used_sector"
    if slot == "employees":
        return "used_employees_small" if is_small(p) else "used_employees_larger"
    if slot == "exports":
        return f"used_exports_{str(value).lower()}"
    if slot == "imports":
        return f"used_imports_{str(value).lower()}"
    if slot in (
        "turnover",
        "offering",
        "family_firm",
        "mgmt_experience",
        "export_outlook",
        "foreign_sales_share",
        "relevant_market",
        "rnd_share",
        "priority",
    ):
        key = f"used_{slot}_{value}"
        return key if has(key) else f"used_{slot}"
    return f"used_{slot}"


def answer_uses(p: FirmProfile, c: Classification, lang: str) -> List[str]:
    """For every answer given: how the advice used it (one line each, in questionnaire order)."""
    from wereldwijs.vocabulary import PROFILE_SLOTS

    lines = []
    for slot in PROFILE_SLOTS:
        value = getattr(p, slot)
        if value is None:
            continue
        key = _used_key(slot, p, c)
        if not has(key):
            continue
        lines.append(
            text(
                key,
                lang,
                value=label(slot, value, lang) if value != [] else text("value_none", lang),
                **_used_extra(slot, p, c, lang),
            )
        )
    return lines
