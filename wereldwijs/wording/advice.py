"""The advice: chat messages composed from the classification and the knowledge files.

Every figure comes from content/knowledge with its source; every sentence from the text catalogue.
"""

from __future__ import annotations

from typing import List, Optional

from wereldwijs import knowledge
from wereldwijs.core.classify import REGIONAL_AGENCY, Classification, classify, positioning_leans
from wereldwijs.vocabulary import FirmProfile
from wereldwijs.wording.catalogue import text
from wereldwijs.wording.labels import bullets, fmt, in_sentence, label, org_name, source

ORGS_SHOWN = 4
RISKS_SHOWN = 5
FINANCIAL_RISKS = ("non_payment", "exchange", "interest")
SMALL_FIRM_EMPLOYEES = 50  # EU SME size classes (small < 50), not a survey figure
SEGMENTS = ("niche", "mass")


# --- 1. who the firm is --------------------------------------------------------------------


def _who(p: FirmProfile, c: Classification, lang: str) -> str:
    parts = [text("advice_who_intro", lang)]
    if c.positioning:
        leans = [
            text(f"advice_lean_{factor}_{way}", lang)
            for factor, way in positioning_leans(p).items()
            if way
        ]
        parts.append(text(f"advice_who_{c.positioning}", lang, score=p.niche_score))
        if leans:
            parts.append(text("advice_who_leans", lang, leans="; ".join(leans)))
    else:
        parts.append(text("advice_who_positioning_unknown", lang))
    if c.stage:
        parts.append(
            text(
                "advice_who_stage",
                lang,
                stage=label("stage", c.stage, lang).lower(),
                source=source(knowledge.stage_info(c.stage)["source"], lang),
            )
        )
    if c.intl_type:
        parts.append(
            text(
                "advice_who_intl_type",
                lang,
                intl_type=label("intl_type", c.intl_type, lang).lower(),
                source=source("survey report, Figure 6", lang),
            )
        )
    if c.pace in ("early", "gradual"):
        parts.append(
            text(
                f"advice_who_pace_{c.pace}",
                lang,
                years=max(0, p.first_export_year - p.founding_year),
                source=source(knowledge.strategy("pace", c.pace)["source"], lang),
            )
        )
    if c.entrepreneur_profile != "unknown":
        parts.append(
            text(
                f"advice_who_{c.entrepreneur_profile}",
                lang,
                source=source(
                    knowledge.strategy("entrepreneur", c.entrepreneur_profile)["source"], lang
                ),
            )
        )
    message = " ".join(parts)
    if c.unknown:
        fields = ", ".join(text(f"slot_{name}", lang).lower() for name in c.unknown)
        message += "\n" + text("advice_unknown", lang, fields=fields)
    return message


# --- 2. organisations ----------------------------------------------------------------------


def org_reasons(org_id: str, p: FirmProfile, lang: str) -> List[str]:
    """The firm's needs and barriers this organisation answers, as labels."""
    org = knowledge.organisation(org_id)
    reasons = []
    for kind, slot, items in (
        ("need", "support_needs", p.support_needs),
        ("barrier", "export_barriers", p.export_barriers),
    ):
        for item in items or []:
            if set(knowledge.services_for(kind, item)) & set(org["offers"]):
                reason = in_sentence(slot, item, lang)
                reasons.append(
                    reason
                    if kind == "need"
                    else text("advice_reason_barrier", lang, barrier=reason)
                )
    return reasons


def org_evidence(org_id: str, lang: str) -> Optional[str]:
    """The survey's best figure on this organisation, with its source, or None."""
    org = knowledge.organisation(org_id)
    for measure in ("satisfied_pct", "use_among_aware_pct", "aware_pct"):
        figure = knowledge.org_figure(org_id, measure)
        if figure:
            survey_name = figure["survey_name"]
            if survey_name.lower() not in (org["short"].lower(), org["name_today"].lower()):
                survey_name = text(
                    "advice_survey_name_now", lang, old=survey_name, new=org["short"]
                )
            qualifier = (
                text(f"advice_qualifier_{figure['qualifier']}", lang) if figure["qualifier"] else ""
            )
            return text(
                f"advice_evidence_{measure}",
                lang,
                qualifier=qualifier,
                pct=fmt(figure["value"], lang),
                org=survey_name,
                source=source(figure["source"], lang),
            )
    return None


def org_line(org_id: str, p: FirmProfile, lang: str) -> str:
    org = knowledge.organisation(org_id)
    reasons = org_reasons(org_id, p, lang)
    regional = REGIONAL_AGENCY.get(p.home_region or "") == org_id
    why = text("advice_org_why", lang, reasons=", ".join(reasons)) if reasons else ""
    if regional:
        agency = text("advice_reason_regional", lang)
        why = f"{agency}; {why}" if why else f"{agency}."
    elif not why:
        what = org[f"what_{lang}"].split(":")[0]
        why = what[:1].upper() + what[1:] + "."  # keep proper nouns as written
    parts = [
        f"{org_name(org_id)}: {why}",
        org_evidence(org_id, lang) or "",
        text("advice_org_ask", lang, ask=org[f"ask_{lang}"]),
    ]
    return " ".join(part for part in parts if part)


def _orgs(p: FirmProfile, c: Classification, lang: str) -> str:
    lines = [org_line(org_id, p, lang) for org_id in c.recommended_orgs[:ORGS_SHOWN]]
    message = (
        text("advice_orgs_intro", lang) + "\n" + bullets(lines)
        if lines
        else text("advice_orgs_none", lang)
    )
    gaps = [knowledge.support_gap(need) for need in p.support_needs or []]
    gaps = [gap for gap in gaps if gap and gap["gap"] in ("largest", "clear", "none_received")]
    if gaps:
        message += "\n" + " ".join(
            f"{gap[f'text_{lang}']} {source(gap['source'], lang)}" for gap in gaps
        )
    if p.home_region is None:
        message += "\n" + text("advice_region_unknown", lang)
    return message


# --- 3. strategy ---------------------------------------------------------------------------


def entry_mode(p: FirmProfile, c: Classification) -> str:
    """export (low commitment), alliance (partners) or fdi (own entity), by stage and size."""
    if c.stage in ("subsidiary", "multinational"):
        return "fdi"
    small = p.employees is None or p.employees < SMALL_FIRM_EMPLOYEES
    if c.stage == "partnership" or (c.stage == "export" and not small):
        return "alliance"
    return "export"


def strategy_reason(c: Classification) -> str:
    """The key of the strategy document's reason for this firm's expansion strategy."""
    if c.positioning == "intermediate":
        return "why_niche" if c.expansion_strategy == "sprinkler" else "why_mass"
    return {"niche": "why_niche", "mass": "why_mass"}.get(c.positioning or "", "why_unknown")


def advice_stage(p: FirmProfile, c: Classification) -> str:
    """The stage the advice speaks to: the classified one, or the cautious reading of exports."""
    return c.stage or ("export" if p.exports else "domestic")


def _strategy(p: FirmProfile, c: Classification, lang: str) -> str:
    strategy = c.expansion_strategy or "waterfall"
    node = knowledge.strategy("expansion", strategy)
    why = knowledge.strategy("expansion", strategy_reason(c))
    scope = c.export_scope or ("none" if not p.exports else "neighbours")
    markets = knowledge.strategy("markets", scope)
    focus = knowledge.strategy("spreading" if strategy == "sprinkler" else "concentration")
    mode = knowledge.strategy("entry_modes", entry_mode(p, c))
    lines = [
        f"{node[lang]} {source(node['source'], lang)}",
        f"{why[lang]} {source(why['source'], lang)}",
        text("advice_markets", lang, text=markets[lang], source=source(markets["source"], lang)),
        f"{focus[lang]} {source(focus['source'], lang)}",
        text("advice_entry_mode", lang, text=mode[lang], source=source(mode["source"], lang)),
    ]
    return (
        text("advice_strategy_intro", lang, strategy=label("expansion_strategy", strategy, lang))
        + "\n"
        + bullets(lines)
    )


# --- 4. risks of the stage -----------------------------------------------------------------


def stage_risks(p: FirmProfile, c: Classification) -> List[dict]:
    stage = advice_stage(p, c)
    scope = c.export_scope
    conditions = {
        "outside_euro": scope in ("europe", "world") or scope is None and bool(p.exports),
        "world": scope == "world",
    }
    items = [
        item
        for item in knowledge.stage_demands(stage)
        if conditions.get(item.get("when", ""), True)
    ]
    # the financial risks first (article 003, 2.4), then the demands most specific to this stage
    items.sort(
        key=lambda item: (
            FINANCIAL_RISKS.index(item["id"])
            if item["id"] in FINANCIAL_RISKS
            else len(FINANCIAL_RISKS),
            len(item["stages"]),
        )
    )
    return items[:RISKS_SHOWN]


def _risks(p: FirmProfile, c: Classification, lang: str) -> str:
    info = knowledge.stage_info(advice_stage(p, c))
    lines = [f"{item[lang]} {source(item['source'], lang)}" for item in stage_risks(p, c)]
    return (
        text("advice_risks_intro", lang, stage=f"{info[lang]} {source(info['source'], lang)}")
        + "\n"
        + bullets(lines)
    )


# --- 5. peers and next steps ---------------------------------------------------------------


def _segment_line(fact: str, key: str, segments, lang: str) -> str:
    record = knowledge.segment_fact(fact)
    values = {seg: fmt(record[seg], lang) for seg in SEGMENTS}
    return text(
        key,
        lang,
        niche=values["niche"],
        mass=values["mass"],
        own=values[segments[0]],
        source=source(record["source"], lang),
    )


def _peers(p: FirmProfile, c: Classification, lang: str) -> str:
    if c.positioning in SEGMENTS:
        segments, suffix = (c.positioning,), c.positioning
    elif c.positioning == "intermediate":
        segments, suffix = SEGMENTS, "both"
    else:
        segments, suffix = (), None
    if suffix:
        lines = [
            _segment_line(fact, f"advice_peer_{fact}_{suffix}", segments, lang)
            for fact in (
                "years_to_export",
                "export_markets_avg",
                "foreign_sales_gt_50_pct",
                "expect_increase_pct",
            )
        ]
        for need in (p.support_needs or [])[:2]:
            record = knowledge.need_by_segment(need)
            value = record and record[segments[0]]
            if value is not None and len(segments) == 1:
                lines.append(
                    text(
                        f"advice_peer_need_{suffix}",
                        lang,
                        pct=fmt(value, lang),
                        need=in_sentence("support_needs", need, lang),
                        source=source(record["source"], lang),
                    )
                )
    else:
        lines = []
        for fact, key in (
            ("first_export_neighbour_pct", "advice_peer_first_export"),
            ("years_to_first_export", "advice_peer_years_to_export"),
            ("support_received_pct", "advice_peer_support"),
        ):
            record = knowledge.general_fact(fact)
            lines.append(
                text(
                    key,
                    lang,
                    value=fmt(record["value"], lang),
                    source=source(record["source"], lang),
                )
            )
    n = knowledge.general_fact("sample_size")
    intro = text(
        "advice_peers_intro", lang, n=fmt(n["value"], lang), source=source(n["source"], lang)
    )
    return (
        intro
        + "\n"
        + bullets(lines)
        + "\n\n"
        + text("advice_next_intro", lang)
        + "\n"
        + bullets(next_steps(p, c, lang))
    )


def next_steps(p: FirmProfile, c: Classification, lang: str) -> List[str]:
    steps = []
    if c.recommended_orgs:
        first = c.recommended_orgs[0]
        steps.append(
            text(
                "advice_step_contact",
                lang,
                org=org_name(first),
                url=knowledge.organisation(first)["url"],
            )
        )
    strategy = c.expansion_strategy or "waterfall"
    steps.append(text(f"advice_step_{strategy}", lang))
    risk_ids = {item["id"] for item in stage_risks(p, c)}
    steps.append(
        text("advice_step_cover_payment", lang)
        if "non_payment" in risk_ids
        else text("advice_step_costing", lang)
    )
    if "exchange" in risk_ids:
        steps.append(text("advice_step_hedge", lang))
    if c.unknown:
        steps.append(text("advice_step_answer_more", lang))
    return steps


def compose_advice(profile: FirmProfile, c: Classification, lang: str) -> List[str]:
    """The advice as chat messages, in order: who, organisations, strategy, risks, peers + next steps."""
    return [
        _who(profile, c, lang),
        _orgs(profile, c, lang),
        _strategy(profile, c, lang),
        _risks(profile, c, lang),
        _peers(profile, c, lang),
    ]


# --- organisations on request --------------------------------------------------------------


def support_orgs_overview(
    lang: str, profile: Optional[FirmProfile] = None, c: Optional[Classification] = None
) -> str:
    """All organisations in brief; with a profile, the recommended ones first and marked."""
    recommended = (c or classify(profile)).recommended_orgs if profile is not None or c else []
    ordered = recommended + [o for o in knowledge.organisation_ids() if o not in recommended]
    lines = []
    for org_id in ordered:
        org = knowledge.organisation(org_id)
        mark = text("org_recommended_mark", lang) if org_id in recommended else ""
        lines.append(f"{org_name(org_id)}{mark}: {org[f'what_{lang}']}")
    intro = text("org_overview_intro_profile" if recommended else "org_overview_intro", lang)
    return intro + "\n" + bullets(lines) + "\n" + text("org_overview_outro", lang)


def org_info(org_id: str, lang: str, profile: Optional[FirmProfile] = None) -> str:
    org = knowledge.organisation(org_id)
    lines = [text("org_info_what", lang, name=org_name(org_id), what=org[f"what_{lang}"])]
    if org["name_survey"].lower() not in (org["short"].lower(), org["name_today"].lower()):
        year = knowledge.general_fact("survey_year")["value"]
        lines.append(
            text("org_info_survey_name", lang, old=org["name_survey"], year=fmt(year, lang))
        )
    evidence = org_evidence(org_id, lang)
    if evidence:
        lines.append(evidence)
    if profile is not None:
        own_agency = REGIONAL_AGENCY.get(profile.home_region or "")
        if own_agency and profile.home_region not in org["regions"]:
            lines.append(text("org_info_other_region", lang, own=org_name(own_agency)))
        reasons = org_reasons(org_id, profile, lang)
        if reasons:
            lines.append(text("org_info_fit", lang, reasons=", ".join(reasons)))
    lines.append(text("advice_org_ask", lang, ask=org[f"ask_{lang}"]))
    lines.append(text("org_info_url", lang, url=org["url"]))
    return "\n".join(lines)


def org_choice_prompt(lang: str) -> str:
    """Asked when the user wants to know about an organisation without naming one."""
    names = ", ".join(org_name(o) for o in knowledge.organisation_ids())
    return text("org_which", lang, names=names)
