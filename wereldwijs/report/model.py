"""What the report says, as plain data: sections of lines, tables and charts (no markup)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from wereldwijs import knowledge
from wereldwijs.core.classify import Classification
from wereldwijs.report.charts import Chart, peer_charts
from wereldwijs.vocabulary import FirmProfile
from wereldwijs.wording import details
from wereldwijs.wording.advice import next_steps, org_evidence, org_line
from wereldwijs.wording.catalogue import text
from wereldwijs.wording.explain import RESULTS, explain
from wereldwijs.wording.labels import label, org_name
from wereldwijs.wording.report import profile_rows

Row = Tuple[str, str]


@dataclass
class Organisation:
    name: str
    why: str
    evidence: Optional[str]
    ask: str
    url: str


@dataclass
class Section:
    title: str
    lines: List[str] = field(default_factory=list)


@dataclass
class Report:
    lang: str
    title: str
    date: str
    profile: List[Row]
    classification: List[Row]
    explanations: List[str]
    organisations: List[Organisation]
    sections: List[Section]
    charts: List[Chart]
    labels: dict  # headings and fixed words of the page, in the report's language


def _lines(messages: List[str]) -> List[str]:
    """Chat messages as separate lines, list dashes dropped (the page lays them out)."""
    lines = []
    for message in messages:
        for line in message.split("\n"):
            line = line.strip()
            if line:
                lines.append(line[2:] if line.startswith("- ") else line)
    return lines


def classification_rows(c: Classification, lang: str) -> List[Row]:
    rows = []
    for name, value in c.as_slots().items():
        if name == "recommended_orgs":
            continue
        shown = (
            label(name, value, lang) if value is not None else text("report_unknown_value", lang)
        )
        rows.append((text(f"slot_{name}", lang), shown))
    return rows


def organisations(p: FirmProfile, c: Classification, lang: str) -> List[Organisation]:
    result = []
    for org_id in c.recommended_orgs:
        org = knowledge.organisation(org_id)
        result.append(
            Organisation(
                name=org_name(org_id),
                why=org_line(org_id, p, lang),
                evidence=org_evidence(org_id, lang),
                ask=org[f"ask_{lang}"],
                url=org["url"],
            )
        )
    return result


def page_labels(lang: str) -> dict:
    keys = (
        "profile",
        "classification",
        "explanations",
        "organisations",
        "ask",
        "contact",
        "peers",
        "charts_note",
        "footer",
        "you",
        "download",
    )
    return {key: text(f"firm_report_{key}", lang) for key in keys}


def build_report(
    p: FirmProfile, c: Classification, lang: str, today: Optional[dt.date] = None
) -> Report:
    """The whole report for one firm, in ``lang`` (pure: the same inputs give the same report)."""
    today = today or dt.date.today()
    explanations = [explain(topic, p, c, lang) for topic in RESULTS if topic != "recommended_orgs"]
    if c.unknown:
        fields = ", ".join(text(f"slot_{name}", lang).lower() for name in c.unknown)
        explanations.append(text("report_not_judged", lang, fields=fields))
    sections = [
        Section(text("firm_report_strategy", lang), _lines(details.strategy(p, c, lang))),
        Section(text("firm_report_markets", lang), _lines(details.markets(p, c, lang))),
        Section(text("firm_report_risks", lang), _lines(details.risks(p, c, lang))),
        Section(text("firm_report_steps", lang), next_steps(p, c, lang)),
    ]
    return Report(
        lang=lang,
        title=text("firm_report_title", lang),
        date=today.isoformat(),
        profile=profile_rows(p, lang),
        classification=classification_rows(c, lang),
        explanations=_lines(explanations),
        organisations=organisations(p, c, lang),
        sections=[s for s in sections if s.lines],
        charts=peer_charts(p, lang),
        labels={**page_labels(lang), "peer_lines": _lines(details.peers(p, c, lang))},
    )
