"""The vocabulary, declared once: slot names, value sets, states and limits.

The profile and classification ids are the contract's (shared/CONTRACT.md), not survey figures;
the conversation states are this assistant's own. `domain.yml` repeats them for Rasa, and
tests/unit/test_domain.py holds it to this file.
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
EXPORT_REGIONS = (
    "neighbours",
    "eu15",
    "rest_europe",
    "north_america",
    "south_america",
    "middle_east",
    "asia_pacific",
    "africa",
)
FOREIGN_SALES_SHARE = ("lt_10", "10_25", "26_50", "51_75", "gt_75")
EXPORT_OUTLOOK = ("increase", "stable", "decrease")
EXPORT_BARRIERS = (
    "risk",
    "not_strategy",
    "too_small",
    "competition",
    "finance",
    "organisation",
    "home_position",
    "product_unsuitable",
    "culture",
    "find_opportunities",
    "knowledge",
    "capacity",
    "payment_risk",
    "language",
    "customs",
)
OTHER_ACTIVITIES = (
    "sales_office",
    "production_plant",
    "licence_franchise",
    "joint_venture",
    "network",
)
MOTIVES = (
    "survival",
    "growth",
    "competitiveness",
    "new_markets",
    "capital",
    "knowledge_technology",
    "suppliers",
    "staff",
    "production_capacity",
    "home_costs",
    "home_legislation",
)
TRIGGERS = ("unsolicited_order", "local_partner_request", "foreign_partner", "active_prospecting")
PRIORITIES = ("growth", "independence", "continuity")
SUPPORT_NEEDS = (
    "market_research",
    "partner_identification",
    "partner_contacts",
    "intl_skills",
    "networking",
    "financial_support",
    "export_formalities",
    "legal_info",
    "promotion",
    "product_adaptation",
    "payment_risk",
)

# Classification values (set by wereldwijs.core.classify)
POSITIONING = ("niche", "mass", "intermediate")
INTL_TYPE = ("local", "international", "internationalized", "global")
STAGE = ("domestic", "export", "partnership", "subsidiary", "multinational")
EXPORT_SCOPE = ("none", "neighbours", "europe", "world")
PACE = ("early", "gradual", "none")
STIMULUS = (
    "proactive_internal",
    "proactive_external",
    "reactive_internal",
    "reactive_external",
    "unknown",
)
ENTREPRENEUR_PROFILE = ("cap", "pic", "unknown")
EXPANSION_STRATEGY = ("sprinkler", "waterfall")
ORGANISATIONS = (
    "fit",
    "awex",
    "hub_brussels",
    "credendo",
    "finexpo",
    "sfpi",
    "vlaio",
    "een",
    "unizo",
    "voka",
    "agoria",
)

# Closed value sets per profile slot (text, number, bool and ISO-code slots are absent).
CHOICES: Dict[str, tuple] = {
    "home_region": HOME_REGIONS,
    "turnover": TURNOVER,
    "offering": OFFERING,
    "rnd_share": RND_SHARE,
    "relevant_market": RELEVANT_MARKET,
    "family_firm": FAMILY_FIRM,
    "mgmt_experience": MGMT_EXPERIENCE,
    "export_regions": EXPORT_REGIONS,
    "foreign_sales_share": FOREIGN_SALES_SHARE,
    "export_outlook": EXPORT_OUTLOOK,
    "export_barriers": EXPORT_BARRIERS,
    "other_activities": OTHER_ACTIVITIES,
    "motive": MOTIVES,
    "trigger": TRIGGERS,
    "priority": PRIORITIES,
    "support_needs": SUPPORT_NEEDS,
}
LIST_SLOTS = ("export_regions", "export_barriers", "other_activities", "support_needs")
BOOL_SLOTS = ("imports", "exports")
NUMBER_SLOTS = (
    "employees",
    "founding_year",
    "niche_score",
    "differentiation",
    "first_import_year",
    "first_export_year",
    "export_countries_count",
    "subsidiary_countries",
)
COUNTRY_SLOTS = ("first_export_country", "main_export_country")
# Lists of ISO codes: the countries the firm already sells to (named in the export-regions answer
# or in a fact such as "we exporteren naar Duitsland"), excluded from the next markets.
COUNTRY_LIST_SLOTS = ("export_countries",)
SCALE_SLOTS = ("niche_score", "differentiation")  # 1..5
YEAR_SLOTS = ("founding_year", "first_import_year", "first_export_year")
TEXT_SLOTS = ("sector",)
# Other activities abroad that mean own entities (a subsidiary): the contract's stage rule.
OWN_ENTITIES = frozenset({"sales_office", "production_plant"})

CLASSIFICATION_VALUES: Dict[str, tuple] = {
    "positioning": POSITIONING,
    "intl_type": INTL_TYPE,
    "stage": STAGE,
    "export_scope": EXPORT_SCOPE,
    "pace": PACE,
    "stimulus": STIMULUS,
    "entrepreneur_profile": ENTREPRENEUR_PROFILE,
    "expansion_strategy": EXPANSION_STRATEGY,
}
CLASSIFICATION_SLOTS = tuple(CLASSIFICATION_VALUES) + ("recommended_orgs",)

# ---------------------------------------------------------------- the conversation's own state
FORM = "profile_form"
SCAN_PHASES = ("core", "deep", "done")
# What a yes/no answer is about (slot pending_confirmation).
# "contact" is no yes/no question: after a hand-off, how an advisor may reach the person
CONFIRMATIONS = (
    "start",
    "restart",
    "forget_me",
    "handoff",
    "deeper",
    "contradiction",
    "report",
    "contact",
)
# Slots the intake keeps for itself (reset, with the profile, on a confirmed restart).
INTAKE_STATE_SLOTS = (
    "requested_slot",
    "skipped_slots",
    "answer_retries",
    "scan_phase",
    "advice_given",
    "handoff_done",
)
# How many sections of the advice's details were shown since the last advice ("vertel meer").
DETAILS_SLOT = "details_shown"
MAX_MESSAGE_CHARS = 1000  # longer than anyone types in a chat: refused before NLU guesses


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
    export_countries: Optional[List[str]] = None
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

    def is_blank(self) -> bool:
        """Nothing is known about the firm yet."""
        return all(value is None for value in self.as_slots().values())


PROFILE_SLOTS = tuple(f.name for f in fields(FirmProfile))


def is_valid_value(slot: str, value: Any) -> bool:
    """Whether ``value`` is a canonical value of the profile slot (as buttons send them)."""
    if slot in LIST_SLOTS:
        return isinstance(value, list) and all(v in CHOICES[slot] for v in value)
    if slot in COUNTRY_LIST_SLOTS:
        return isinstance(value, list) and all(isinstance(v, str) and len(v) == 2 for v in value)
    if slot in CHOICES:
        return value in CHOICES[slot]
    if slot in BOOL_SLOTS:
        return isinstance(value, bool)
    if slot in SCALE_SLOTS:
        return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5
    return False
