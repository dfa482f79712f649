"""The advice: short chat messages from the classification and the knowledge files, and the
details a person asks for ("vertel meer").

Every figure comes from content/knowledge with its source; every sentence from the text catalogue.
`compose_advice` is the one entry point for the first advice (each message at most
MAX_ADVICE_CHARS); `compose_details` gives the sections that follow on request, in order.
"""

from __future__ import annotations

from typing import Dict, List, Optional

from wereldwijs import knowledge
from wereldwijs.core import markets as market_rules
from wereldwijs.core.classify import (
    REGIONAL_AGENCY,
    Classification,
    classify,
    positioning_leans,
)
from wereldwijs.vocabulary import FirmProfile
from wereldwijs.wording.catalogue import text
from wereldwijs.wording.labels import (
    bullets,
    country_name,
    fmt,
    in_sentence,
    org_name,
    source,
)

MAX_ADVICE_CHARS = 600  # one chat message; more comes on request
ORGS_SHOWN = 3
RISKS_SHOWN = 3
REASONS_SHOWN = 2
MARKET_REASONS_SHOWN = 3
FINANCIAL_RISKS = ("non_payment", "exchange", "interest")
SMALL_FIRM_EMPLOYEES = 50  # EU SME size classes (small < 50), not a survey figure
MIN_EVIDENCE_PCT = 10  # below this a figure undermines a recommendation more than it supports it
SEGMENTS = ("niche", "mass")


def fact(name: str, lang: str) -> str:
    return fmt(knowledge.general_fact(name)["value"], lang)


def fact_source(name: str, lang: str) -> str:
    return source(knowledge.general_fact(name)["source"], lang)


def pack(lines: List[str], limit: int = MAX_ADVICE_CHARS, head: str = "") -> List[str]:
    """Lines grouped into messages of at most ``limit`` characters (a line is never cut)."""
    messages: List[str] = []
    current = head
    for line in lines:
        candidate = f"{current}\n{line}" if current else line
        if current and len(candidate) > limit:
            messages.append(current)
            current = line
        else:
            current = candidate
    if current:
        messages.append(current)
    return messages


def years_phrase(years: int, lang: str) -> str:
    """0 -> "in het oprichtingsjaar", 1 -> "1 jaar na de oprichting" / "1 year after founding"."""
    if years == 0:
        return text("advice_years_zero", lang)
    key = "advice_years_one" if years == 1 else "advice_years_many"
    return text(key, lang, years=years)


# --- 1. who the firm is --------------------------------------------------------------------


def leans_sentence(p: FirmProfile, positioning: Optional[str], lang: str) -> str:
    """ "Ook uw grote verschil ..., uw internationale markt en uw O&O-budget wijzen richting niche."""
    by_way: Dict[str, List[str]] = {"niche": [], "mass": []}
    for factor, way in positioning_leans(p).items():
        if way:
            by_way[way].append(text(f"advice_lean_{factor}_{way}", lang))
    parts = []
    for way, items in by_way.items():
        if not items:
            continue
        joined = (
            items[0] if len(items) == 1 else ", ".join(items[:-1]) + text("and", lang) + items[-1]
        )
        key = "advice_leans_same" if way == positioning else "advice_leans_other"
        parts.append(text(key, lang, items=joined, way=text(f"advice_way_{way}", lang)))
    return " ".join(parts)


def _pace_sentence(p: FirmProfile, c: Classification, lang: str) -> str:
    if "first_export_before_founding" in c.conflicts:
        return text(
            "advice_conflict_export_before_founding",
            lang,
            first=p.first_export_year,
            founded=p.founding_year,
        )
    if c.pace in ("early", "gradual"):
        return text(
            f"advice_who_pace_{c.pace}",
            lang,
            when=years_phrase(p.first_export_year - p.founding_year, lang),
        )
    return ""


def _who(p: FirmProfile, c: Classification, lang: str) -> str:
    parts = [text("advice_who_intro", lang)]
    if c.positioning:
        parts.append(text(f"advice_who_{c.positioning}", lang, score=p.niche_score))
        parts.append(leans_sentence(p, c.positioning, lang))
    else:
        parts.append(text("advice_who_positioning_unknown", lang))
    if c.stage == "domestic" and p.imports:
        parts.append(text("advice_who_stage_domestic_importer", lang))
    elif c.stage == "domestic" and p.other_activities is None:
        parts.append(text("advice_who_stage_domestic_assumed", lang))
    elif c.stage:
        parts.append(text(f"advice_who_stage_{c.stage}", lang))
    elif p.exports is None:
        parts.append(text("advice_who_exports_unknown", lang))
    parts.append(_pace_sentence(p, c, lang))
    if c.entrepreneur_profile != "unknown":
        parts.append(text(f"advice_who_{c.entrepreneur_profile}", lang))
    message = " ".join(part for part in parts if part)
    if c.unknown:
        fields = ", ".join(text(f"slot_{name}", lang).lower() for name in c.unknown)
        message += "\n" + text("advice_unknown", lang, fields=fields)
    return message


# --- 2. organisations ----------------------------------------------------------------------


def _reason_items(org_id: str, p: FirmProfile) -> Dict[str, List[str]]:
    org = knowledge.organisation(org_id)
    found: Dict[str, List[str]] = {"need": [], "barrier": []}
    for kind, items in (("need", p.support_needs), ("barrier", p.export_barriers)):
        for item in items or []:
            if set(knowledge.services_for(kind, item)) & set(org["offers"]):
                found[kind].append(item)
    return found


def org_reasons(org_id: str, p: FirmProfile, lang: str) -> List[str]:
    """The firm's needs and barriers this organisation answers, as phrases in a sentence."""
    found = _reason_items(org_id, p)
    return [in_sentence("support_needs", n, lang) for n in found["need"]] + [
        text("advice_reason_barrier", lang, barrier=in_sentence("export_barriers", b, lang))
        for b in found["barrier"]
    ]


def org_evidence(org_id: str, lang: str) -> Optional[str]:
    """The survey's most telling figure on this organisation, with its source, or None.
    Figures under MIN_EVIDENCE_PCT are left out: they would undercut the recommendation."""
    org = knowledge.organisation(org_id)
    for measure in ("satisfied_pct", "use_among_aware_pct", "aware_pct"):
        figure = knowledge.org_figure(org_id, measure)
        if figure and figure["value"] >= MIN_EVIDENCE_PCT:
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


def _org_why(org_id: str, p: FirmProfile, lang: str) -> str:
    org = knowledge.organisation(org_id)
    found = _reason_items(org_id, p)
    parts = []
    if REGIONAL_AGENCY.get(p.home_region or "") == org_id:
        parts.append(text("advice_reason_regional", lang))
    if found["need"]:
        needs = [in_sentence("support_needs", n, lang) for n in found["need"][:REASONS_SHOWN]]
        parts.append(text("advice_org_helps", lang, needs=_join(needs, lang)))
    if found["barrier"]:
        barrier = in_sentence("export_barriers", found["barrier"][0], lang)
        parts.append(text("advice_org_barrier", lang, barrier=barrier))
    if parts:
        return "; ".join(parts)
    return org[f"what_{lang}"].split(":")[0]


def _join(items: List[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + text("and", lang) + items[-1]


def org_line(org_id: str, p: FirmProfile, lang: str) -> str:
    """Short: "Flanders Investment & Trade (FIT): het exportagentschap van uw gewest."""
    return f"{org_name(org_id)}: {_org_why(org_id, p, lang)}."


def org_detail(org_id: str, p: FirmProfile, lang: str) -> str:
    """In detail: why, the survey's figure, what to ask them and the web address."""
    org = knowledge.organisation(org_id)
    parts = [
        org_line(org_id, p, lang),
        org_evidence(org_id, lang) or "",
        text("advice_org_ask", lang, ask=org[f"ask_{lang}"]),
        org["url"],
    ]
    return " ".join(part for part in parts if part)


def _orgs(p: FirmProfile, c: Classification, lang: str) -> str:
    shown = c.recommended_orgs[:ORGS_SHOWN]
    if not shown:
        message = text("advice_orgs_none", lang)
    else:
        message = (
            text("advice_orgs_intro", lang) + "\n" + bullets([org_line(o, p, lang) for o in shown])
        )
    if p.home_region is None:
        message += "\n" + text("advice_region_unknown", lang)
    elif p.home_region == "abroad":
        message += "\n" + text("advice_region_abroad", lang)
    return message


# --- 3. strategy and next markets ----------------------------------------------------------


def strategy_reason(c: Classification) -> str:
    """The key of the strategy document's reason for this firm's expansion strategy."""
    if c.positioning == "intermediate":
        if "expansion_strategy" in c.unknown:
            return "why_intermediate"
        return "why_niche" if c.expansion_strategy == "sprinkler" else "why_mass"
    return {"niche": "why_niche", "mass": "why_mass"}.get(c.positioning or "", "why_unknown")


def market_plan(p: FirmProfile, c: Classification) -> market_rules.MarketPlan:
    return market_rules.next_markets(p, c.expansion_strategy or "waterfall", c.export_scope)


def market_line(m: market_rules.Market, lang: str, p: FirmProfile) -> str:
    """ "Duitsland: Duitstalig buurland, grootste markt van de EU, euro en geen douane"."""
    reasons = []
    for reason in m.reasons:
        if reason == "neighbour" and reasons and reasons[-1].startswith("language_"):
            reasons[-1] = reasons[-1] + "+neighbour"
            continue
        reasons.append(reason)
    words = []
    for reason in reasons:
        if reason.endswith("+neighbour"):
            words.append(text(f"market_{reason[: -len('+neighbour')]}_neighbour", lang))
        elif reason == "near_served":
            near = m.near or market_rules.served_countries(p)[0]
            words.append(text("market_near_served", lang, country=country_name(near, lang)))
        else:
            words.append(text(f"market_{reason}", lang))
    line = f"{country_name(m.code, lang)}: {', '.join(words[:MARKET_REASONS_SHOWN])}"
    if _in_covered_region(m.code, p):
        line += " " + text("market_if_not_yet", lang)
    return line


def _in_covered_region(code: str, p: FirmProfile) -> bool:
    from wereldwijs.reading import places

    return bool(p.export_regions) and places.survey_region(code) in (p.export_regions or [])


def outside_eu_evidence(lang: str) -> str:
    """How long firms waited before their first export outside the EU, niche and mass."""
    record = knowledge.segment_fact("years_to_non_eu_export")
    return text(
        "market_evidence_outside_eu",
        lang,
        years=fact("years_to_first_non_eu_export", lang),
        niche=fmt(record["niche"], lang),
        mass=fmt(record["mass"], lang),
        source=source("survey report, section 5.2 and Figure 24", lang),
    )


def markets_evidence(p: FirmProfile, c: Classification, plan, lang: str) -> str:
    """One survey finding behind the kind of markets suggested."""
    if any("outside_europe" in m.reasons for m in plan.markets):
        return outside_eu_evidence(lang)
    if plan.strategy == "sprinkler":
        record = knowledge.segment_fact("export_markets_avg")
        return text(
            "market_evidence_sprinkler",
            lang,
            niche=fmt(record["niche"], lang),
            mass=fmt(record["mass"], lang),
            source=source(record["source"], lang),
        )
    if p.exports:
        return text(
            "market_evidence_larger",
            lang,
            pct=fact("main_export_other_than_first_pct", lang),
            source=fact_source("main_export_other_than_first_pct", lang),
        )
    return text(
        "market_evidence_neighbours",
        lang,
        pct=fact("first_export_neighbour_pct", lang),
        source=fact_source("first_export_neighbour_pct", lang),
    )


def caveat_short(lang: str) -> str:
    return text(
        "advice_caveat_short",
        lang,
        year=fact("survey_year", lang),
        n=fact("sample_size", lang),
    )


def _strategy(p: FirmProfile, c: Classification, lang: str) -> str:
    strategy = c.expansion_strategy or "waterfall"
    plan = market_plan(p, c)
    head = text(
        f"advice_strategy_{strategy}", lang, source=source("survey report, section 3.6", lang)
    )
    if "expansion_strategy" in c.unknown or "positioning" in c.unknown:
        head += " " + text("advice_strategy_cautious", lang)
    lines = [head]
    if strategy == "sprinkler":
        lines.append(text("advice_markets_cluster", lang))
        lines += [f"- {market_line(m, lang, p)}" for m in plan.first]
    else:
        first = plan.first[0]
        lines.append(text("advice_markets_first", lang, line=market_line(first, lang, p)))
        if plan.alternatives:
            alternatives = "; ".join(market_line(m, lang, p) for m in plan.alternatives)
            lines.append(text("advice_markets_alternatives", lang, lines=alternatives))
    if plan.served:
        served = _join([country_name(code, lang) for code in plan.served], lang)
        lines.append(text("advice_markets_served", lang, countries=served))
    evidence = markets_evidence(p, c, plan, lang)
    for tail in (f"{evidence} {caveat_short(lang)}", evidence, ""):
        message = "\n".join(lines + [tail] if tail else lines)
        if len(message) <= MAX_ADVICE_CHARS:  # else the figures wait for the details
            return message
    return message


# --- 4. risks of the stage -----------------------------------------------------------------


def advice_stage(p: FirmProfile, c: Classification) -> Optional[str]:
    """The stage the advice speaks to: the classified one, or None when exports are unknown."""
    return c.stage


def outside_euro(p: FirmProfile, c: Classification) -> bool:
    """Whether the firm sells outside the euro zone: from its countries, else from its regions."""
    served = market_rules.served_countries(p)
    rows = {row["iso2"]: row for row in market_rules.countries()}
    known = [code for code in served if code in rows]
    if known:
        return any(not rows[code]["euro"] for code in known)
    regions = set(p.export_regions or [])
    return bool(regions - {"neighbours"})


def stage_risks(p: FirmProfile, c: Classification) -> List[dict]:
    """The stage's demands for this firm, most pressing first (financial risks, article 003 2.4)."""
    stage = advice_stage(p, c) or "domestic"
    conditions = {
        "outside_euro": bool(p.exports) and outside_euro(p, c),
        "world": c.export_scope == "world",
        "offering_consumer": p.offering == "consumer",
        "offering_b2b": p.offering in ("b2b", None) and bool(p.exports),
    }
    items = [
        item
        for item in knowledge.stage_demands(stage)
        if conditions.get(item.get("when", ""), True)
    ]
    items.sort(
        key=lambda item: (
            FINANCIAL_RISKS.index(item["id"])
            if item["id"] in FINANCIAL_RISKS
            else len(FINANCIAL_RISKS),
            0 if item.get("when") else 1,  # the items this firm's answers brought in
            len(item["stages"]),
        )
    )
    return items


def _risks(p: FirmProfile, c: Classification, lang: str) -> str:
    stage = advice_stage(p, c)
    intro = (
        text("advice_risks_intro", lang, stage=text(f"stage_phase_{stage}", lang))
        if stage
        else text("advice_risks_intro_unknown", lang)
    )
    lines = [item[f"short_{lang}"] for item in stage_risks(p, c)[:RISKS_SHOWN]]
    return intro + "\n" + bullets(lines) + " " + source("article 003, sections 2 and 3", lang)


# --- 5. next steps -------------------------------------------------------------------------


def next_steps(p: FirmProfile, c: Classification, lang: str) -> List[str]:
    steps = []
    if c.recommended_orgs:
        steps.append(text("advice_step_contact", lang, org=org_name(c.recommended_orgs[0])))
    plan = market_plan(p, c)
    names = _join([country_name(m.code, lang) for m in plan.first], lang)
    steps.append(text(f"advice_step_{plan.strategy}", lang, markets=names))
    risk_ids = {item["id"] for item in stage_risks(p, c)[:RISKS_SHOWN]}
    if "non_payment" in risk_ids and p.exports:
        steps.append(text("advice_step_cover_payment", lang))
    else:
        steps.append(text("advice_step_costing", lang))
    if p.mgmt_experience == "limited":
        steps.append(text("advice_step_experience", lang))
    if c.unknown:
        steps.append(text("advice_step_answer_more", lang))
    return steps


def _steps(p: FirmProfile, c: Classification, lang: str) -> str:
    return (
        text("advice_next_intro", lang)
        + "\n"
        + bullets(next_steps(p, c, lang))
        + "\n"
        + text("advice_more_offer", lang)
    )


def compose_advice(profile: FirmProfile, c: Classification, lang: str) -> List[str]:
    """The first advice as short chat messages: who, organisations, strategy and next markets,
    risks, next steps. Each at most MAX_ADVICE_CHARS; the rest comes with `compose_details`."""
    return [
        _who(profile, c, lang),
        _orgs(profile, c, lang),
        _strategy(profile, c, lang),
        _risks(profile, c, lang),
        _steps(profile, c, lang),
    ]


def compose_details(profile: FirmProfile, c: Classification, lang: str) -> List[List[str]]:
    """The details, one section per "vertel meer", each a list of messages of at most
    MAX_ADVICE_CHARS."""
    from wereldwijs.wording import details

    sections = [
        details.organisations(profile, c, lang),
        details.strategy(profile, c, lang),
        details.markets(profile, c, lang),
        details.risks(profile, c, lang),
        details.peers(profile, c, lang),
        details.barriers_or_success(profile, c, lang),
        details.answers_used(profile, c, lang),
    ]
    return [section for section in sections if section]


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
        lines.append(f"{org_name(org_id)}{mark}: {org[f'what_{lang}'].split(':')[0]}")
    intro = text("org_overview_intro_profile" if recommended else "org_overview_intro", lang)
    return intro + "\n" + bullets(lines) + "\n" + text("org_overview_outro", lang)


def survey_name_note(org_id: str, lang: str) -> Optional[str]:
    """How the survey of 2009 named this organisation, when that differs from today."""
    org = knowledge.organisation(org_id)
    old = org["name_survey"]
    if old.lower() in (org["short"].lower(), org["name_today"].lower()):
        return None
    year = fact("survey_year", lang)
    parts = [part.strip() for part in old.split("/")]
    if len(parts) > 1:
        return text("org_info_survey_merged", lang, year=year, names=_join(sorted(parts), lang))
    return text("org_info_survey_name", lang, old=old, year=year)


def org_info(org_id: str, lang: str, profile: Optional[FirmProfile] = None) -> str:
    org = knowledge.organisation(org_id)
    lines = [text("org_info_what", lang, name=org_name(org_id), what=org[f"what_{lang}"])]
    note = survey_name_note(org_id, lang)
    if note:
        lines.append(note)
    evidence = org_evidence(org_id, lang)
    if evidence:
        lines.append(evidence)
    if profile is not None:
        own_agency = REGIONAL_AGENCY.get(profile.home_region or "")
        if own_agency and profile.home_region not in org["regions"]:
            lines.append(text("org_info_other_region", lang, own=org_name(own_agency)))
        reasons = org_reasons(org_id, profile, lang)
        if reasons:
            lines.append(text("org_info_fit", lang, reasons=_join(reasons, lang)))
    lines.append(text("advice_org_ask", lang, ask=org[f"ask_{lang}"]))
    lines.append(text("org_info_url", lang, url=org["url"]))
    return "\n".join(lines)


def org_choice_prompt(lang: str) -> str:
    """Asked when the user wants to know about an organisation without naming one."""
    names = ", ".join(org_name(o) for o in knowledge.organisation_ids())
    return text("org_which", lang, names=names)


def entry_mode(p: FirmProfile, c: Classification) -> str:
    """The entry mode that matches what the firm already does: own entities (fdi), partners
    (alliance) or exporting. The seed gives no size rule beyond "small firms prefer the light
    modes" (survey report 3.5), so size only changes the wording, not the mode."""
    if c.stage in ("subsidiary", "multinational"):
        return "fdi"
    if c.stage == "partnership":
        return "alliance"
    return "export"


def is_small(p: FirmProfile) -> bool:
    return p.employees is None or p.employees < SMALL_FIRM_EMPLOYEES
