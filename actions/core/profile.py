"""The firm profile: slot names and value sets fixed by the conversation contract.

These ids are the contract's vocabulary (shared/CONTRACT.md), not survey figures.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Dict, List, Optional

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"

HOME_REGIONS = ("flanders", "wallonia", "brussels", "abroad")
TURNOVER = ("lt_100k", "100k_500k", "500k_1m", "1m_5m", "5m_10m", "gt_10m")
OFFERING = ("consumer", "b2b", "service", "other")
RND_SHARE = ("none", "lt_2", "2_4", "gt_4")
RELEVANT_MARKET = ("local", "european", "global")
FAMILY_FIRM = ("family_only", "family_external", "no")
MGMT_EXPERIENCE = ("limited", "average", "extensive")
EXPORT_REGIONS = ("neighbours", "eu15", "rest_europe", "north_america", "south_america",
                  "middle_east", "asia_pacific", "africa")
FOREIGN_SALES_SHARE = ("lt_10", "10_25", "26_50", "51_75", "gt_75")
EXPORT_OUTLOOK = ("increase", "stable", "decrease")
EXPORT_BARRIERS = ("risk", "not_strategy", "too_small", "competition", "finance", "organisation",
                   "home_position", "product_unsuitable", "culture", "find_opportunities",
                   "knowledge", "capacity", "payment_risk", "language", "customs")
OTHER_ACTIVITIES = ("sales_office", "production_plant", "licence_franchise", "joint_venture",
                    "network")
MOTIVES = ("survival", "growth", "competitiveness", "new_markets", "capital",
           "knowledge_technology", "suppliers", "staff", "production_capacity", "home_costs",
           "home_legislation")
TRIGGERS = ("unsolicited_order", "local_partner_request", "foreign_partner", "active_prospecting")
PRIORITIES = ("growth", "independence", "continuity")
SUPPORT_NEEDS = ("market_research", "partner_identification", "partner_contacts", "intl_skills",
                 "networking", "financial_support", "export_formalities", "legal_info",
                 "promotion", "product_adaptation", "payment_risk")

# Classification values (set by actions.core.classify)
POSITIONING = ("niche", "mass", "intermediate")
INTL_TYPE = ("local", "international", "internationalized", "global")
STAGE = ("domestic", "export", "partnership", "subsidiary", "multinational")
EXPORT_SCOPE = ("none", "neighbours", "europe", "world")
PACE = ("early", "gradual", "none")
STIMULUS = ("proactive_internal", "proactive_external", "reactive_internal", "reactive_external",
            "unknown")
ENTREPRENEUR_PROFILE = ("cap", "pic", "unknown")
EXPANSION_STRATEGY = ("sprinkler", "waterfall")
ORGANISATIONS = ("fit", "awex", "hub_brussels", "credendo", "finexpo", "sfpi", "vlaio", "een",
                 "unizo", "voka", "agoria")

# Closed value sets per profile slot (text, number, bool and ISO-code slots are absent).
CHOICES: Dict[str, tuple] = {
    "home_region": HOME_REGIONS, "turnover": TURNOVER, "offering": OFFERING,
    "rnd_share": RND_SHARE, "relevant_market": RELEVANT_MARKET, "family_firm": FAMILY_FIRM,
    "mgmt_experience": MGMT_EXPERIENCE, "export_regions": EXPORT_REGIONS,
    "foreign_sales_share": FOREIGN_SALES_SHARE, "export_outlook": EXPORT_OUTLOOK,
    "export_barriers": EXPORT_BARRIERS, "other_activities": OTHER_ACTIVITIES, "motive": MOTIVES,
    "trigger": TRIGGERS, "priority": PRIORITIES, "support_needs": SUPPORT_NEEDS,
}
LIST_SLOTS = ("export_regions", "export_barriers", "other_activities", "support_needs")
BOOL_SLOTS = ("imports", "exports")
NUMBER_SLOTS = ("employees", "founding_year", "niche_score", "differentiation",
                "first_import_year", "first_export_year", "export_countries_count",
                "subsidiary_countries")
COUNTRY_SLOTS = ("first_export_country", "main_export_country")


@dataclass
class FirmProfile:
    """Everything the questionnaire may tell about a firm. None means: not (yet) known."""

    sector: Optional[str] = None
    home_region: Optional[str] = None
    employees: Optional[int] = None
    founding_year: Optional[int] = None
    turnover: Optional[str] = None
    offering: Optional[str] = None
    rnd_share: Optional[str] = None
    niche_score: Optional[int] = None
    differentiation: Optional[int] = None
    relevant_market: Optional[str] = None
    family_firm: Optional[str] = None
    mgmt_experience: Optional[str] = None
    imports: Optional[bool] = None
    first_import_year: Optional[int] = None
    exports: Optional[bool] = None
    first_export_year: Optional[int] = None
    first_export_country: Optional[str] = None
    main_export_country: Optional[str] = None
    export_countries_count: Optional[int] = None
    export_regions: Optional[List[str]] = None
    foreign_sales_share: Optional[str] = None
    export_outlook: Optional[str] = None
    export_barriers: Optional[List[str]] = None
    other_activities: Optional[List[str]] = None
    subsidiary_countries: Optional[int] = None
    motive: Optional[str] = None
    trigger: Optional[str] = None
    priority: Optional[str] = None
    support_needs: Optional[List[str]] = None

    @classmethod
    def from_slots(cls, slots: Dict[str, Any]) -> "FirmProfile":
        """Build a profile from tracker slot values (floats from Rasa become ints)."""
        values = {}
        for f in fields(cls):
            value = slots.get(f.name)
            if f.name in NUMBER_SLOTS and value is not None:
                try:
                    value = int(float(value))
                except (TypeError, ValueError):
                    value = None
            values[f.name] = value
        return cls(**values)

    def as_slots(self) -> Dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


PROFILE_SLOTS = tuple(f.name for f in fields(FirmProfile))
