"""Classification of a firm profile, exactly by the contract's rules (shared/CONTRACT.md).

Missing answers give None / "unknown" (or the most cautious reading) and are listed in `unknown`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Dict, List, Optional

from wereldwijs import knowledge
from wereldwijs.vocabulary import ORGANISATIONS, OWN_ENTITIES, FirmProfile

# Contract rules (not survey figures): thresholds that define the classes.
EARLY_EXPORT_MAX_YEARS = 3  # first export within 3 years of founding: early
MULTINATIONAL_MIN_COUNTRIES = 3  # own entities in 3 or more countries: multinational
PROACTIVE_TRIGGERS = {"active_prospecting", "foreign_partner"}
INTERNAL_MOTIVES = {"survival", "growth", "competitiveness", "production_capacity"}
PARTNERSHIPS = {"joint_venture", "licence_franchise", "network"}
EUROPE = {"eu15", "rest_europe"}
REGIONAL_AGENCY = {"flanders": "fit", "wallonia": "awex", "brussels": "hub_brussels"}
MAX_RECOMMENDED = 5


@dataclass
class Classification:
    positioning: Optional[str] = None
    intl_type: Optional[str] = None
    stage: Optional[str] = None
    export_scope: Optional[str] = None
    pace: Optional[str] = None
    stimulus: str = "unknown"
    entrepreneur_profile: str = "unknown"
    expansion_strategy: Optional[str] = None
    recommended_orgs: List[str] = field(default_factory=list)
    unknown: List[str] = field(default_factory=list)
    # answers that contradict each other (e.g. "first_export_before_founding"): said, not hidden
    conflicts: List[str] = field(default_factory=list)

    def as_slots(self) -> Dict[str, Any]:
        slots = asdict(self)
        slots.pop("unknown")
        slots.pop("conflicts")
        return slots


def positioning(p: FirmProfile) -> Optional[str]:
    if p.niche_score is None:
        return None
    if p.niche_score >= 4:
        return "niche"
    if p.niche_score <= 2:
        return "mass"
    return "intermediate"


def positioning_leans(p: FirmProfile) -> Dict[str, Optional[str]]:
    """Which way differentiation, relevant market and R&D lean (niche / mass / None if unclear)."""
    diff = p.differentiation
    return {
        "differentiation": None
        if diff is None or diff == 3
        else ("niche" if diff >= 4 else "mass"),
        "relevant_market": {"local": "mass", "european": "niche", "global": "niche"}.get(
            p.relevant_market or ""
        ),
        "rnd_share": {"none": "mass", "lt_2": "mass", "2_4": "niche", "gt_4": "niche"}.get(
            p.rnd_share or ""
        ),
    }


def intl_type(p: FirmProfile) -> Optional[str]:
    if p.imports is None or p.exports is None:
        return None
    return {
        (False, False): "local",
        (True, False): "international",
        (False, True): "internationalized",
        (True, True): "global",
    }[(p.imports, p.exports)]


def stage(p: FirmProfile) -> Optional[str]:
    activities = set(p.other_activities or [])
    if activities & OWN_ENTITIES:
        if (p.subsidiary_countries or 0) >= MULTINATIONAL_MIN_COUNTRIES:
            return "multinational"
        return "subsidiary"
    if activities & PARTNERSHIPS:
        return "partnership"
    if p.exports:
        return "export"
    if p.exports is False:
        return "domestic"  # also when other activities are unknown: the cautious reading
    return None


def export_scope(p: FirmProfile) -> Optional[str]:
    if p.exports is False:
        return "none"
    regions = set(p.export_regions or [])
    if not regions:
        return None
    if regions - EUROPE - {"neighbours"}:
        return "world"
    if regions & EUROPE:
        return "europe"
    return "neighbours"


def pace(p: FirmProfile) -> Optional[str]:
    if p.exports is False:
        return "none"
    if p.first_export_year is None or p.founding_year is None:
        return None
    if p.first_export_year < p.founding_year:
        return None  # contradictory answers: flagged in `conflicts`, not read as "early"
    return "early" if p.first_export_year - p.founding_year <= EARLY_EXPORT_MAX_YEARS else "gradual"


def stimulus(p: FirmProfile) -> str:
    if p.trigger is None or p.motive is None:
        return "unknown"
    attitude = "proactive" if p.trigger in PROACTIVE_TRIGGERS else "reactive"
    origin = "internal" if p.motive in INTERNAL_MOTIVES else "external"
    return f"{attitude}_{origin}"


def entrepreneur_profile(p: FirmProfile) -> str:
    return {"growth": "cap", "independence": "pic", "continuity": "pic"}.get(
        p.priority or "", "unknown"
    )


def expansion_strategy(p: FirmProfile, position: Optional[str]) -> str:
    if position == "niche":
        return "sprinkler"
    if position == "intermediate" and p.relevant_market == "global":
        return "sprinkler"
    return "waterfall"  # mass, intermediate without a global market, or unknown: the cautious one


def _org_scores(
    p: FirmProfile, firm_stage: Optional[str], scope: Optional[str]
) -> Dict[str, float]:
    needs = list(p.support_needs or [])
    barriers = list(p.export_barriers or [])
    wanted: Dict[str, float] = {}
    for kind, items, weight in (("need", needs, 3.0), ("barrier", barriers, 2.0)):
        for item in items:
            for service in knowledge.services_for(kind, item):
                wanted[service] = wanted.get(service, 0.0) + weight
    if firm_stage in ("subsidiary", "multinational"):
        wanted["co_investment"] = wanted.get("co_investment", 0.0) + 2.0
        wanted["legal_info"] = wanted.get("legal_info", 0.0) + 1.0
    if scope == "world":
        wanted["export_credit_insurance"] = wanted.get("export_credit_insurance", 0.0) + 2.0
        wanted["financing"] = wanted.get("financing", 0.0) + 1.0
    if p.exports:
        # every exporter meets non-payment risk (article 003, 2.4) and chooses its next market
        for service, weight in (
            ("export_credit_insurance", 1.0),
            ("market_info", 1.0),
            ("formalities", 0.5),
        ):
            wanted[service] = wanted.get(service, 0.0) + weight
    if firm_stage == "domestic" or p.exports is False:
        wanted["networking"] = wanted.get("networking", 0.0) + 1.0
        wanted["market_info"] = wanted.get("market_info", 0.0) + 1.0

    sector = (p.sector or "").lower()
    scores: Dict[str, float] = {}
    for org_id in ORGANISATIONS:
        org = knowledge.organisation(org_id)
        if p.home_region in REGIONAL_AGENCY and p.home_region not in org["regions"]:
            continue  # regional bodies only serve their own region
        if p.home_region not in REGIONAL_AGENCY and not set(REGIONAL_AGENCY) <= set(org["regions"]):
            continue  # region unknown or abroad: only bodies that serve every Belgian region
        score = sum(wanted.get(service, 0.0) for service in org["offers"])
        if org["sector_keywords"]:
            # a sector federation only for firms of its sector
            if not (sector and any(key in sector for key in org["sector_keywords"])):
                continue
            score += 3.0
        if score > 0:
            scores[org_id] = score
    return scores


def forced_orgs(p: FirmProfile) -> List[str]:
    """The contract's routing rules, which always hold."""
    needs = set(p.support_needs or [])
    forced = []
    if p.home_region in REGIONAL_AGENCY:
        forced.append(REGIONAL_AGENCY[p.home_region])
    if "payment_risk" in needs or "payment_risk" in set(p.export_barriers or []):
        forced.append("credendo")
    if "product_adaptation" in needs and p.home_region == "flanders":
        forced.append("vlaio")
    if "partner_identification" in needs:
        forced.append("een")
    return forced


def recommend_orgs(
    p: FirmProfile, firm_stage: Optional[str] = None, scope: Optional[str] = None
) -> List[str]:
    """Organisation ids, best first: routing rules first (regional agency on top), then by fit."""
    forced = forced_orgs(p)
    scores = _org_scores(p, firm_stage, scope)
    rest = sorted(
        (o for o in scores if o not in forced), key=lambda o: (-scores[o], ORGANISATIONS.index(o))
    )
    return (forced + rest)[: max(MAX_RECOMMENDED, len(forced))]


def classify(profile: FirmProfile) -> Classification:
    c = Classification(
        positioning=positioning(profile),
        intl_type=intl_type(profile),
        stage=stage(profile),
        export_scope=export_scope(profile),
        pace=pace(profile),
        stimulus=stimulus(profile),
        entrepreneur_profile=entrepreneur_profile(profile),
    )
    c.expansion_strategy = expansion_strategy(profile, c.positioning)
    c.recommended_orgs = recommend_orgs(profile, c.stage, c.export_scope)
    c.unknown = [
        name
        for name in ("positioning", "intl_type", "stage", "export_scope", "pace")
        if getattr(c, name) is None
    ]
    c.unknown += [
        name for name in ("stimulus", "entrepreneur_profile") if getattr(c, name) == "unknown"
    ]
    if c.positioning == "intermediate" and profile.relevant_market is None:
        c.unknown.append("expansion_strategy")
    if nothing_abroad(profile) and "stimulus" in c.unknown:
        c.unknown.remove("stimulus")  # nothing abroad yet: no stimulus to judge
    c.conflicts = conflicts(profile)
    if profile.home_region is None:
        c.unknown.append("recommended_orgs")
    return c


def nothing_abroad(p: FirmProfile) -> bool:
    """The firm said it neither exports nor imports (the trigger question is then not asked)."""
    return p.exports is False and p.imports is False and not p.other_activities


def conflicts(p: FirmProfile) -> List[str]:
    """Answers that contradict each other, to say so instead of guessing."""
    found = []
    if p.first_export_year and p.founding_year and p.first_export_year < p.founding_year:
        found.append("first_export_before_founding")
    if p.first_import_year and p.founding_year and p.first_import_year < p.founding_year:
        found.append("first_import_before_founding")
    return found


def core_known(profile: FirmProfile) -> bool:
    """Enough answers for a first advice: home region, niche score and whether the firm exports."""
    return None not in (profile.home_region, profile.niche_score, profile.exports)
