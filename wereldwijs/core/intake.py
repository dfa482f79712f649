"""Which questions to ask, in which order: the intake as a person finds it natural.

Core questions come first (what the classification needs), so the first advice comes early;
the deeper round (rest of the questionnaire, support needs) follows when the user agrees.
Questions that make no sense for the firm are left out.
"""

from __future__ import annotations

from typing import Iterable, List

from wereldwijs.vocabulary import OWN_ENTITIES, FirmProfile

CORE_ORDER = (
    "employees",
    "home_region",
    "founding_year",
    "niche_score",
    "relevant_market",
    "exports",
    "first_export_year",
    "export_regions",
    "export_barriers",
    "imports",
    "other_activities",
    "subsidiary_countries",
    "trigger",
    "motive",
    "priority",
)
DEEP_ORDER = (
    "sector",
    "offering",
    "turnover",
    "rnd_share",
    "differentiation",
    "relevant_market",
    "family_firm",
    "mgmt_experience",
    "first_import_year",
    "first_export_country",
    "main_export_country",
    "export_countries_count",
    "export_countries",
    "foreign_sales_share",
    "export_outlook",
    "support_needs",
)
EXPORT_ONLY = {
    "first_export_year",
    "export_regions",
    "first_export_country",
    "main_export_country",
    "export_countries_count",
    "export_countries",
    "foreign_sales_share",
    "export_outlook",
}


def applies(slot: str, p: FirmProfile, phase: str) -> bool:
    """Whether asking ``slot`` makes sense for this firm at this point."""
    if slot in EXPORT_ONLY:
        return p.exports is True
    if slot == "export_barriers":
        return p.exports is False
    if slot == "first_import_year":
        return p.imports is True
    if slot == "subsidiary_countries":
        return bool(OWN_ENTITIES & set(p.other_activities or ()))
    if slot == "trigger":  # how the international activity started: only when there is one
        return bool(p.exports or p.imports or p.other_activities)
    if slot == "relevant_market" and phase == "core":
        # only the in-between positioning needs it to choose a strategy; others get it later
        return p.niche_score == 3
    return True


def required_slots(p: FirmProfile, phase: str, skipped: Iterable[str] = ()) -> List[str]:
    """Slots the form still has to fill, in order. ``phase`` is "core" or "deep"."""
    order = list(CORE_ORDER)
    if phase == "deep":  # the deeper round asks the rest in questionnaire order
        order = [s for s in order if s not in DEEP_ORDER] + list(DEEP_ORDER)
    skipped = set(skipped)
    values = p.as_slots()
    return [s for s in order if s not in skipped and values.get(s) is None and applies(s, p, phase)]
