"""The details of the advice, one section per "vertel meer" / "tell me more".

Each function returns a list of chat messages of at most MAX_ADVICE_CHARS (or [] when the
section has nothing for this firm). Figures come from the knowledge files with their source.
"""

from __future__ import annotations

from typing import List

from wereldwijs import knowledge
from wereldwijs.core.classify import Classification
from wereldwijs.vocabulary import FirmProfile
from wereldwijs.wording.advice import (
    MAX_ADVICE_CHARS,
    MIN_EVIDENCE_PCT,
    SEGMENTS,
    advice_stage,
    entry_mode,
    fact,
    fact_source,
    is_small,
    market_plan,
    org_detail,
    outside_eu_evidence,
    pack,
    stage_risks,
    strategy_reason,
    years_phrase,
)
from wereldwijs.wording.catalogue import text
from wereldwijs.wording.labels import country_name, fmt, label, source


def _node(*path: str) -> dict:
    return knowledge.strategy(*path)


def with_source(node: dict, lang: str) -> str:
    return f"{node[lang]} {source(node['source'], lang)}"


def organisations(p: FirmProfile, c: Classification, lang: str) -> List[str]:
    lines = [f"- {org_detail(o, p, lang)}" for o in c.recommended_orgs]
    research = knowledge.need_by_segment("market_research")
    lines.append(
        text(
            "detail_market_research",
            lang,
            niche=fmt(research["niche"], lang),
            mass=fmt(research["mass"], lang),
            source=source(research["source"], lang),
        )
    )
    gap = knowledge.support_gap("partner_identification")
    lines.append(
        f"{gap[f'text_{lang}']} {source(gap['source'], lang)} " + text("detail_ask_partners", lang)
    )
    for need in p.support_needs or []:
        other = knowledge.support_gap(need)
        if (
            other
            and need != "partner_identification"
            and other["gap"] in ("clear", "none_received")
        ):
            lines.append(f"{other[f'text_{lang}']} {source(other['source'], lang)}")
    return pack(lines, head=text("detail_orgs_intro", lang))


def concentration_line(p: FirmProfile, lang: str) -> str:
    """From the number of export countries: concentrating or spreading (survey report 3.7)."""
    if p.export_countries_count is None:
        return (
            with_source(_node("concentration"), lang) + " " + with_source(_node("spreading"), lang)
        )
    markets = knowledge.segment_fact("export_markets_avg")
    spreading = (
        p.export_countries_count > knowledge.document("markets")["concentration_max_countries"]
    )
    key = "detail_spreading" if spreading else "detail_concentrating"
    node = _node("spreading" if spreading else "concentration")
    return (
        text(
            key,
            lang,
            count=p.export_countries_count,
            niche=fmt(markets["niche"], lang),
            mass=fmt(markets["mass"], lang),
            source=source(markets["source"], lang),
        )
        + " "
        + with_source(node, lang)
    )


def _growth_line(p: FirmProfile, c: Classification, lang: str) -> str:
    if p.export_outlook in ("stable", "decrease"):
        record = knowledge.segment_fact(f"expect_{p.export_outlook}_pct")
        return text(
            f"detail_outlook_{p.export_outlook}",
            lang,
            niche=fmt(record["niche"], lang),
            mass=fmt(record["mass"], lang),
            source=source(record["source"], lang),
        )
    if p.rnd_share in ("2_4", "gt_4"):
        return text(
            "detail_growth_rnd_high",
            lang,
            pct=fact("rnd_intensive_new_products_pct", lang),
            source=fact_source("rnd_intensive_new_products_pct", lang),
        )
    if p.rnd_share in ("none", "lt_2"):
        return text(
            "detail_growth_rnd_low",
            lang,
            pct=fact("low_rnd_new_customers_pct", lang),
            source=fact_source("low_rnd_new_customers_pct", lang),
        )
    segment = c.positioning if c.positioning in SEGMENTS else None
    if segment and p.export_outlook == "increase":
        return with_source(_node("growth", segment), lang)
    return ""


def strategy(p: FirmProfile, c: Classification, lang: str) -> List[str]:
    name = c.expansion_strategy or "waterfall"
    lines = [
        with_source(_node("expansion", name), lang),
        with_source(_node("expansion", strategy_reason(c)), lang),
    ]
    mode = entry_mode(p, c)
    if mode == "export" and is_small(p):
        lines.append(with_source(_node("entry_modes", "small_firms"), lang))
    else:
        lines.append(with_source(_node("entry_modes", mode), lang))
    lines.append(with_source(_node("entry_modes", "no_single_best"), lang))
    if p.exports:
        lines.append(concentration_line(p, lang))
    growth = _growth_line(p, c, lang)
    if growth:
        lines.append(growth)
    if is_small(p):
        lines.append(with_source(_node("first_mover"), lang))
    if p.turnover in knowledge.document("markets")["counts"]["small_turnover"]:
        lines.append(text("detail_small_turnover", lang))
    return pack(lines)


def markets(p: FirmProfile, c: Classification, lang: str) -> List[str]:
    plan = market_plan(p, c)
    lines = [text("detail_markets_intro", lang)]
    for m in plan.markets:
        if m.evidence:
            record = knowledge.general_fact(m.evidence)
            key = "detail_market_first" if m.evidence.startswith("first_") else "detail_market_main"
            lines.append(
                text(
                    key,
                    lang,
                    country=country_name(m.code, lang),
                    pct=fmt(record["value"], lang),
                    source=source(record["source"], lang),
                )
            )
    if p.exports:
        lines.append(with_source(_node("markets", c.export_scope or "neighbours"), lang))
    elif plan.strategy == "sprinkler":
        lines.append(with_source(_node("markets", "none_sprinkler"), lang))
    else:
        lines.append(with_source(_node("markets", "none"), lang))
    if "GB" in plan.served or any(m.code == "GB" for m in plan.markets):
        since = knowledge.document("markets")["dates"]["uk_customs_since"]
        lines.append(text("detail_uk_customs", lang, year=since))
    lines.append(outside_eu_evidence(lang))
    if plan.factors:
        lines.append(text("detail_markets_weights", lang))
    return pack(lines)


def risks(p: FirmProfile, c: Classification, lang: str) -> List[str]:
    stage = advice_stage(p, c)
    lines = []
    if stage:
        info = knowledge.stage_info(stage)
        lines.append(f"{info[lang]} {source(info['source'], lang)}")
    lines.append(with_source(knowledge.document("stages")["not_a_ladder"], lang))
    lines += [f"- {item[lang]} {source(item['source'], lang)}" for item in stage_risks(p, c)]
    if c.pace == "early" or c.entrepreneur_profile == "cap":
        lines.append(with_source(knowledge.document("stages")["too_fast"], lang))
    if p.family_firm in ("family_only", "family_external"):
        lines.append(
            text(
                f"detail_family_{p.family_firm}",
                lang,
                source=source("article 003, section 3.2", lang),
            )
        )
    if p.foreign_sales_share:
        lines.append(text(f"detail_foreign_share_{p.foreign_sales_share}", lang))
    return pack(lines)


def _segment(fact_name: str, key: str, segments, lang: str) -> str:
    record = knowledge.segment_fact(fact_name)
    values = {seg: fmt(record[seg], lang) for seg in SEGMENTS}
    return text(
        key,
        lang,
        niche=values["niche"],
        mass=values["mass"],
        source=source(record["source"], lang),
    )


def timing_lines(p: FirmProfile, lang: str) -> List[str]:
    """Benchmarks by founding period and for the first import and export."""
    lines = []
    year = int(knowledge.general_fact("survey_year")["value"])
    dates = knowledge.document("markets")["dates"]
    if p.founding_year:
        if p.founding_year < dates["founded_early_before"]:
            lines.append(
                text(
                    "detail_timing_before_1950",
                    lang,
                    years=fact("years_to_export_before_1950", lang),
                    pct=fact("export_first_year_before_1950_pct", lang),
                    before=dates["founded_early_before"],
                    source=fact_source("years_to_export_before_1950", lang),
                )
            )
        elif p.founding_year > dates["founded_recent_after"]:
            lines.append(
                text(
                    "detail_timing_after_1990",
                    lang,
                    pct=fact("export_first_year_after_1990_pct", lang),
                    recent=fact("years_to_export_recent_firms", lang),
                    after=dates["founded_recent_after"],
                    year=fmt(year, lang),
                    source=fact_source("export_first_year_after_1990_pct", lang),
                )
            )
    lines.append(
        text(
            "detail_timing_average",
            lang,
            short=fact("years_to_first_export", lang),
            long=fact("years_to_first_export_fig16", lang),
            source=source("survey report, sections 5.2 and 5.4", lang),
        )
    )
    if p.first_import_year and p.founding_year and p.first_import_year >= p.founding_year:
        lines.append(
            text(
                "detail_timing_import",
                lang,
                when=years_phrase(p.first_import_year - p.founding_year, lang),
                avg=fact("years_to_first_import", lang),
                source=fact_source("years_to_first_import", lang),
            )
        )
    elif p.imports is False and p.exports:
        lines.append(
            text("detail_timing_no_import", lang, source=source("survey report, section 5.4", lang))
        )
    return lines


def peers(p: FirmProfile, c: Classification, lang: str) -> List[str]:
    if c.positioning in SEGMENTS:
        suffix, segments = c.positioning, (c.positioning,)
    elif c.positioning == "intermediate":
        suffix, segments = "both", SEGMENTS
    else:
        suffix, segments = None, ()
    lines = []
    if suffix:
        for name in (
            "years_to_export",
            "export_markets_avg",
            "foreign_sales_gt_50_pct",
            "expect_increase_pct",
        ):
            lines.append(_segment(name, f"advice_peer_{name}_{suffix}", segments, lang))
        for need in p.support_needs or []:
            record = knowledge.need_by_segment(need)
            value = record and record[segments[0]]
            if value and value >= MIN_EVIDENCE_PCT and len(segments) == 1:
                lines.append(
                    text(
                        f"advice_peer_need_{suffix}",
                        lang,
                        pct=fmt(value, lang),
                        need=label("support_needs", need, lang).lower(),
                        source=source(record["source"], lang),
                    )
                )
    else:
        lines.append(
            text(
                "advice_peer_first_export",
                lang,
                value=fact("first_export_neighbour_pct", lang),
                source=fact_source("first_export_neighbour_pct", lang),
            )
        )
    lines += timing_lines(p, lang)
    lines.append(
        text(
            "detail_caveat",
            lang,
            year=fact("survey_year", lang),
            n=fact("sample_size", lang),
            niche=fact("niche_sample", lang),
            mass=fact("mass_sample", lang),
            source=source("survey report, sections 5.1, 5.6 and 5.8", lang),
        )
    )
    return pack(lines, head=text("detail_peers_intro", lang))


def barriers_or_success(p: FirmProfile, c: Classification, lang: str) -> List[str]:
    lines = []
    if p.exports is False:
        advice = knowledge.document("barriers")
        values = {
            "micro": fact("micro_firms_count", lang),
            "n": fact("sample_size", lang),
            "micro_big": fact("micro_turnover_gt_1m_pct", lang),
            "unsolicited": fact("start_unsolicited_order_pct", lang),
        }
        for barrier in p.export_barriers or []:
            node = advice.get(barrier)
            if node:
                lines.append(f"- {node[lang].format(**values)} {source(node['source'], lang)}")
        lines.append(with_source(_node("barriers"), lang))
    lines.append(with_source(_node("success_factors"), lang))
    lines.append(with_source(_node("plan"), lang))
    return pack(lines)


def answers_used(p: FirmProfile, c: Classification, lang: str) -> List[str]:
    from wereldwijs.wording.explain import answer_uses

    lines = [f"- {line}" for line in answer_uses(p, c, lang)]
    if not lines:
        return []
    return pack(lines, head=text("detail_answers_intro", lang))


__all__ = ["MAX_ADVICE_CHARS"]
