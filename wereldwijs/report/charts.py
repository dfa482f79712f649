"""The peer comparison: this firm against the survey's niche and mass firms, as small bar charts.

The chart data (``Chart``) is plain and testable; ``chart_svg`` draws it with matplotlib, text
kept as text in the SVG so the numbers can be read back (and searched in the PDF).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import List, Optional, Tuple

from wereldwijs import knowledge
from wereldwijs.vocabulary import FirmProfile
from wereldwijs.wording.catalogue import text
from wereldwijs.wording.labels import fmt, label, source

FIRM_COLOUR, SURVEY_COLOUR = "#1f6f8b", "#a7b6bf"


@dataclass
class Bar:
    label: str
    value: float
    firm: bool = False  # this firm's own bar (highlighted)


@dataclass
class Chart:
    key: str
    title: str
    unit: str
    bars: List[Bar]
    source: str
    note: Optional[str] = None  # e.g. "your firm's value is not known"
    svg: str = ""


def _firm_years(p: FirmProfile) -> Optional[float]:
    if p.exports and p.first_export_year and p.founding_year:
        years = p.first_export_year - p.founding_year
        return float(years) if years >= 0 else None
    return None


def _firm_markets(p: FirmProfile) -> Optional[float]:
    if p.exports is False:
        return 0.0
    return float(p.export_countries_count) if p.export_countries_count is not None else None


def _firm_regions(p: FirmProfile) -> Optional[float]:
    if p.exports is False:
        return 0.0
    return float(len(p.export_regions)) if p.export_regions else None


def _segment_chart(key: str, fact: str, firm: Optional[float], lang: str) -> Chart:
    record = knowledge.segment_fact(fact)
    bars = [] if firm is None else [Bar(text("firm_report_you", lang), firm, True)]
    bars += [
        Bar(text("firm_report_niche", lang), record["niche"]),
        Bar(text("firm_report_mass", lang), record["mass"]),
    ]
    return Chart(
        key=key,
        title=text(f"firm_report_chart_{key}", lang),
        unit=text(f"firm_report_unit_{record['unit']}", lang),
        bars=bars,
        source=source(record["source"], lang),
        note=None if firm is not None else text("firm_report_chart_unknown", lang),
    )


def _rnd_chart(p: FirmProfile, lang: str) -> Chart:
    """Share of niche and mass firms per R&D bracket; the firm's own bracket is marked."""
    bars, sources = [], set()
    for bracket in ("none", "lt_2", "2_4", "gt_4"):
        record = knowledge.segment_fact(f"rnd_{bracket}_pct")
        sources.add(record["source"])
        name = label("rnd_share", bracket, lang)
        mine = p.rnd_share == bracket
        for segment in ("niche", "mass"):
            segment_name = text(f"firm_report_{segment}", lang)
            bars.append(Bar(f"{name}: {segment_name}", record[segment], mine))
    return Chart(
        key="rnd",
        title=text("firm_report_chart_rnd", lang),
        unit=text("firm_report_unit_pct", lang),
        bars=bars,
        source=" ".join(source(s, lang) for s in sorted(sources)),
        note=(
            text("firm_report_chart_rnd_yours", lang, value=label("rnd_share", p.rnd_share, lang))
            if p.rnd_share
            else text("firm_report_chart_unknown", lang)
        ),
    )


def peer_charts(p: FirmProfile, lang: str, draw: bool = True) -> List[Chart]:
    charts = [
        _segment_chart("years", "years_to_export", _firm_years(p), lang),
        _segment_chart("markets", "export_markets_avg", _firm_markets(p), lang),
        _segment_chart("regions", "export_regions_avg", _firm_regions(p), lang),
        _rnd_chart(p, lang),
    ]
    if draw:
        for chart in charts:
            chart.svg = chart_svg(chart, lang)
    return charts


def bar_values(chart: Chart, lang: str) -> List[Tuple[str, str]]:
    """(label, value as printed) for each bar: what the drawn chart shows."""
    return [(bar.label, fmt(bar.value, lang)) for bar in chart.bars]


def chart_svg(chart: Chart, lang: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    with matplotlib.rc_context({"svg.fonttype": "none", "font.family": "DejaVu Sans"}):
        height = 0.45 * len(chart.bars) + 0.6
        fig, ax = plt.subplots(figsize=(5.2, height))
        names = [bar.label for bar in chart.bars][::-1]
        values = [bar.value for bar in chart.bars][::-1]
        colours = [FIRM_COLOUR if bar.firm else SURVEY_COLOUR for bar in chart.bars][::-1]
        ax.barh(names, values, color=colours)
        for y, (_label, shown) in enumerate(bar_values(chart, lang)[::-1]):
            ax.text(values[y], y, f" {shown}", va="center", fontsize=9)
        ax.set_xlabel(chart.unit, fontsize=9)
        ax.set_xlim(0, max(values + [1]) * 1.2)
        ax.tick_params(labelsize=9)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", bbox_inches="tight")
        plt.close(fig)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]  # without the XML prolog, to sit inside HTML
