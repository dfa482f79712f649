"""The knowledge base: survey findings and organisation facts, read from content/knowledge/.

Every figure the assistant quotes comes from these files, each row with its source. Lookups are
cached: the files are read once per process.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

import pandas as pd

from wereldwijs import content


def table(name: str) -> pd.DataFrame:
    """A CSV knowledge table; empty cells become None."""
    return content.table(f"knowledge/{name}.csv")


def document(name: str) -> Any:
    return content.document(f"knowledge/{name}.yml")


def _number(value: Optional[str]) -> Optional[float]:
    return None if value is None else float(value)


def _split(value: Optional[str]) -> List[str]:
    return [part for part in (value or "").split(";") if part]


# --- organisations -------------------------------------------------------------------------


def organisation(org_id: str) -> Dict[str, Any]:
    rows = table("organisations")
    row = rows[rows["id"] == org_id]
    if row.empty:
        raise KeyError(org_id)
    record = row.iloc[0].to_dict()
    for key in ("offers", "regions", "sector_keywords"):
        record[key] = _split(record[key])
    return record


def organisation_ids() -> List[str]:
    return list(table("organisations")["id"])


def org_figure(org_id: str, measure: str) -> Optional[Dict[str, Any]]:
    """The first survey figure of that measure for the organisation (value as float), or None."""
    rows = table("org_survey_figures")
    rows = rows[(rows["org_id"] == org_id) & (rows["measure"] == measure)]
    if rows.empty:
        return None
    record = rows.iloc[0].to_dict()
    record["value"] = _number(record["value"])
    return record


def services_for(kind: str, item: str) -> List[str]:
    """Services (organisation offers) that answer a support need or an export barrier."""
    rows = table("needs_services")
    rows = rows[(rows["kind"] == kind) & (rows["id"] == item)]
    return _split(rows.iloc[0]["services"]) if not rows.empty else []


# --- survey figures ------------------------------------------------------------------------


def segment_fact(fact: str) -> Dict[str, Any]:
    """A niche-vs-mass figure (survey report 5.8): {'niche': float|None, 'mass': ..., 'source': ...}."""
    rows = table("segment_facts")
    record = rows[rows["fact"] == fact].iloc[0].to_dict()
    record["niche"], record["mass"] = _number(record["niche"]), _number(record["mass"])
    return record


def need_by_segment(need: str) -> Optional[Dict[str, Any]]:
    rows = table("needs_by_segment")
    rows = rows[rows["need"] == need]
    if rows.empty:
        return None
    record = rows.iloc[0].to_dict()
    record["niche"], record["mass"] = _number(record["niche_pct"]), _number(record["mass_pct"])
    return record


def general_fact(fact: str) -> Dict[str, Any]:
    rows = table("general_facts")
    record = rows[rows["fact"] == fact].iloc[0].to_dict()
    record["value"] = _number(record["value"])
    return record


def support_gap(need: str) -> Optional[Dict[str, Any]]:
    rows = table("support_gaps")
    rows = rows[rows["need"] == need]
    return None if rows.empty else rows.iloc[0].to_dict()


def strategy(*path: str) -> Dict[str, Any]:
    """A node of the strategy document, e.g. ``strategy("expansion", "sprinkler")``."""
    node: Any = document("strategy")
    for key in path:
        node = node[key]
    return node


def stage_info(stage: str) -> Dict[str, Any]:
    return document("stages")["stages"][stage]


def stage_demands(stage: str) -> List[Dict[str, Any]]:
    return [item for item in document("stages")["demands"] if stage in item["stages"]]


FIGURE_COLUMNS = {
    "org_survey_figures": ("value",),
    "segment_facts": ("niche", "mass"),
    "needs_by_segment": ("niche_pct", "mass_pct"),
    "general_facts": ("value",),
}


def known_numbers() -> set:
    """Every figure the knowledge files state, each in a row with a source (for message checks)."""
    numbers: set = set()
    for name, columns in FIGURE_COLUMNS.items():
        frame = table(name)
        for column in columns:
            numbers.update(float(v) for v in frame[column] if v is not None)
    for column in ("what_nl", "what_en", "ask_nl", "ask_en"):
        for value in table("organisations")[column]:
            numbers.update(_numbers_in(value))
    for name in content.folder("knowledge"):
        numbers.update(_numbers_in(content.path(name).read_text(encoding="utf-8")))
    return numbers


def _numbers_in(text: str) -> List[float]:
    return [float(n.replace(",", ".")) for n in re.findall(r"\d+(?:[.,]\d+)?", str(text))]
