"""How a person reads one value: labels, country and organisation names, figures, sources.

One name per idea: ``label`` (any value), ``in_sentence`` (the label inside a sentence),
``describe`` ("Voltijdse werknemers: 40") and ``describe_all``, ``org_name``, ``country_name``, ``fmt`` (a figure),
``cite`` and ``source`` (a source as the person can follow it), ``bullets``.
"""

from __future__ import annotations

import math
from typing import Any, Dict, List, Optional

from babel import Locale

from wereldwijs import knowledge
from wereldwijs.reading import places
from wereldwijs.vocabulary import COUNTRY_LIST_SLOTS, COUNTRY_SLOTS
from wereldwijs.wording.catalogue import has, text

# Labels that keep their capitals inside a sentence (region names).
PROPER_NOUN_SLOTS = ("export_regions", "home_region", "export_scope")


def label(slot: str, value: Any, lang: str) -> str:
    """A value as a person reads it: lists joined with commas, yes/no, a country's name, the
    catalogue's label for a value id, or the value itself (numbers, free text)."""
    if isinstance(value, (list, tuple)):
        return ", ".join(label(slot, item, lang) for item in value)
    if isinstance(value, bool):
        return text(f"value_bool_{str(value).lower()}", lang)
    if slot in COUNTRY_SLOTS or slot in COUNTRY_LIST_SLOTS:
        return country_name(value, lang)
    key = f"value_{slot}_{value}"
    return text(key, lang) if has(key) else str(value)


def in_sentence(slot: str, value: Any, lang: str) -> str:
    """The label for use inside a sentence (region names keep their capitals)."""
    if not isinstance(value, (list, tuple)) and has(f"sentence_{slot}_{value}"):
        return text(f"sentence_{slot}_{value}", lang)
    shown = label(slot, value, lang)
    return shown if slot in PROPER_NOUN_SLOTS else shown.lower()


def describe(slot: str, value: Any, lang: str) -> str:
    """One answer in short, e.g. "Voltijdse werknemers: 40"."""
    shown = label(slot, value, lang) if value != [] else text("value_none", lang)
    return text("noted_item", lang, slot=text(f"slot_{slot}", lang), value=shown)


def describe_all(values: Dict[str, Any], lang: str) -> str:
    """Several answers in short: "Voltijdse werknemers: 40; Gevestigd in: Vlaanderen"."""
    return "; ".join(describe(slot, value, lang) for slot, value in values.items())


def org_name(org_id: str) -> str:
    """Today's name, with the short name when it is not part of it: "Flanders Investment & Trade
    (FIT)"."""
    org = knowledge.organisation(org_id)
    if org["short"] in org["name_today"]:
        return org["name_today"]
    return f"{org['name_today']} ({org['short']})"


def country_name(code: str, lang: str) -> str:
    """Localized country name ("DE", "nl" -> "Duitsland"); the code itself if unknown."""
    upper = str(code or "").upper()
    if upper not in places.country_codes():
        return code
    try:
        names = Locale(lang).territories
    except Exception:  # unknown locale
        names = Locale("en").territories
    return names.get(upper, code)


def fmt(value: Optional[float], lang: str) -> str:
    """A figure as people read it: 79 -> '79', 3.9 -> '3.9' (en) / '3,9' (nl)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "?"
    if float(value).is_integer():
        return str(int(value))
    shown = f"{value:.1f}"
    return shown.replace(".", ",") if lang == "nl" else shown


_CITE_NL = (
    ("survey report", "enquêterapport"),
    ("article 003", "kmo-artikel"),
    ("sections", "secties"),
    ("section", "sectie"),
    ("Figure", "figuur"),
    (" and ", " en "),
    ("questionnaire", "vragenlijst"),
    ("organisation services", "diensten van de organisaties"),
    ("conclusion", "besluit"),
    ("literature review", "literatuuroverzicht"),
    ("general knowledge", "algemene kennis"),
    ("text with Figure", "tekst bij figuur"),
)
_CITE_EN = (("article 003", "SME article"),)


def cite(source: str, lang: str) -> str:
    """A source as a person can follow it, without web addresses (those are given separately)."""
    source = "; ".join(part.strip() for part in source.split(";") if "http" not in part)
    for old, new in _CITE_NL if lang == "nl" else _CITE_EN:
        source = source.replace(old, new)
    return source


def source(reference: str, lang: str) -> str:
    """A source in brackets, to follow a statement: "(enquêterapport, figuur 21)"."""
    return f"({cite(reference, lang)})"


def bullets(lines: List[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)
