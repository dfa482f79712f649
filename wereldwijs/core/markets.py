"""Next markets for a Belgian SME: three to five countries, ranked, each with its reasons.

Pure: a profile and its expansion strategy in, a `MarketPlan` out. The country data
(countries.csv, generated from PyPI country data) and the weights (markets.yml, each with the
finding it encodes) are knowledge files; nothing here is a survey figure. Countries the firm
already sells to (first and main export country, the countries it named) are never suggested;
regions it already covers are leaned away from.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set, Tuple

from wereldwijs import knowledge
from wereldwijs.reading import places
from wereldwijs.vocabulary import FirmProfile

EUROPE = "EU"  # GeoNames continent code
HOME = "BE"


@dataclass(frozen=True)
class Market:
    code: str
    score: float
    reasons: Tuple[str, ...]  # reason ids, strongest first (see REASONS)
    evidence: Optional[str] = None  # a general_facts id with this country's survey share
    near: Optional[str] = None  # the served country it is closest to, when that is close


@dataclass(frozen=True)
class MarketPlan:
    strategy: str  # sprinkler: a cluster at once; waterfall: one first, then alternatives
    first: Tuple[Market, ...]
    alternatives: Tuple[Market, ...] = ()
    served: Tuple[str, ...] = ()
    covered_regions: Tuple[str, ...] = ()
    factors: Dict[str, float] = field(default_factory=dict)  # weight factors from answers

    @property
    def markets(self) -> Tuple[Market, ...]:
        return self.first + self.alternatives


def countries() -> List[dict]:
    """countries.csv as typed rows (the home country is not in it)."""
    rows = []
    for row in knowledge.table("countries").to_dict("records"):
        rows.append(
            {
                **row,
                "population": int(row["population"]),
                "lat": float(row["lat"]),
                "lon": float(row["lon"]),
                "distance_km": float(row["distance_km"]),
                "borders_be": row["borders_be"] == "1",
                "eu": row["eu"] == "1",
                "euro": row["euro"] == "1",
                "eea": row["eea"] == "1",
                "languages": [lang for lang in (row["languages"] or "").split(";") if lang],
            }
        )
    return rows


def config() -> dict:
    return knowledge.document("markets")


def served_countries(p: FirmProfile) -> List[str]:
    """Countries the firm already sells to: the ones it named, its first and main export country."""
    named = list(p.export_countries or []) + [p.first_export_country, p.main_export_country]
    served: List[str] = []
    for code in named:
        code = (code or "").upper()
        if code and code != HOME and code not in served:
            served.append(code)
    return served


def _distance_km(a: dict, b: dict) -> float:
    p1, p2 = math.radians(a["lat"]), math.radians(b["lat"])
    dp, dl = p2 - p1, math.radians(b["lon"] - a["lon"])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def weight_factors(p: FirmProfile, scope: Optional[str]) -> Dict[str, float]:
    """The factor per feature that the firm's answers imply (markets.yml modifiers)."""
    values = {**p.as_slots(), "export_scope": scope}
    factors: Dict[str, float] = {}
    for rule in config()["modifiers"]:
        if values.get(rule["slot"]) == rule["value"]:
            for feature, factor in rule["factors"].items():
                factors[feature] = factors.get(feature, 1.0) * float(factor)
    return factors


def features(
    row: dict, served_rows: List[dict], covered: Set[str], scale: dict
) -> Dict[str, float]:
    """Each feature of one candidate country, between 0 and 1."""
    low = math.log10(scale["size_min_population"])
    high = math.log10(scale["size_max_population"])
    size = min(1.0, max(0.0, (math.log10(row["population"]) - low) / (high - low)))
    home_languages = set(config()["home_languages"])
    near = min((_distance_km(row, s) for s in served_rows), default=None)
    region = places.survey_region(row["iso2"])
    return {
        "size": size,
        "proximity": max(0.0, 1.0 - row["distance_km"] / scale["proximity_km"]),
        "neighbour": 1.0 if row["borders_be"] else 0.0,
        "language": 1.0 if home_languages & set(row["languages"]) else 0.0,
        "single_market": 1.0 if row["eu"] else (0.5 if row["eea"] else 0.0),
        "euro": 1.0 if row["euro"] else 0.0,
        "near_served": 0.0 if near is None else max(0.0, 1.0 - near / scale["near_served_km"]),
        "outside_europe": 0.0 if row["continent"] == EUROPE else 1.0,
        "covered_region": 1.0 if region in covered else 0.0,
    }


def reasons(row: dict, feats: Dict[str, float], largest_eu: str, scale: dict) -> Tuple[str, ...]:
    """Reason ids for one market, in the order a person reads them."""
    found: List[str] = []
    shared = [lang for lang in config()["home_languages"] if lang in row["languages"]]
    if shared:
        found.append(f"language_{shared[0]}")
    if row["borders_be"]:
        found.append("neighbour")
    elif feats["near_served"] >= 0.5:
        found.append("near_served")
    elif row["continent"] == EUROPE and feats["proximity"] >= 0.75:
        found.append("nearby")
    if row["iso2"] == largest_eu:
        found.append("largest_eu")
    elif row["population"] >= scale["large_population"]:
        found.append("large")
    if row["eu"]:
        found.append("euro_single_market" if row["euro"] else "single_market")
    else:
        found.append("customs")
        if row["continent"] == EUROPE:
            found.append("non_euro")
    if row["continent"] != EUROPE:
        found.append("outside_europe")
    return tuple(found)


def market_count(p: FirmProfile, strategy: str) -> int:
    counts = config()["counts"]
    if strategy == "waterfall":
        return 1 + int(counts["waterfall_alternatives"])
    if p.turnover in counts["small_turnover"] or p.export_outlook == "decrease":
        return int(counts["sprinkler_small"])
    if p.relevant_market == "global" and p.priority == "growth":
        return int(counts["sprinkler_large"])
    return int(counts["sprinkler_default"])


def _evidence(code: str) -> Optional[str]:
    for kind in ("first_export", "main_export"):
        fact = config()["country_evidence"][kind].get(code)
        if fact:
            return fact
    return None


def rank(p: FirmProfile, strategy: str, scope: Optional[str] = None) -> List[Market]:
    """Every candidate country, best first, without the ones the firm already serves."""
    cfg = config()
    scale = cfg["scales"]
    rows = countries()
    by_code = {row["iso2"]: row for row in rows}
    served = served_countries(p)
    served_rows = [by_code[c] for c in served if c in by_code]
    covered = set(p.export_regions or [])
    factors = weight_factors(p, scope)
    weights = {f: w * factors.get(f, 1.0) for f, w in cfg["weights"][strategy].items()}
    eu_rows = [row for row in rows if row["eu"]]
    largest_eu = max(eu_rows, key=lambda row: row["population"])["iso2"] if eu_rows else ""
    ranked = []
    for row in rows:
        if row["iso2"] in served or row["iso2"] in cfg["excluded"]:
            continue
        feats = features(row, served_rows, covered, scale)
        score = sum(weights[f] * v for f, v in feats.items())
        nearest = min(served_rows, key=lambda s: _distance_km(row, s), default=None)
        ranked.append(
            Market(
                row["iso2"],
                round(score, 4),
                reasons(row, feats, largest_eu, scale),
                _evidence(row["iso2"]),
                nearest["iso2"]
                if nearest and "near_served" in feats and feats["near_served"] >= 0.5
                else None,
            )
        )
    return sorted(ranked, key=lambda m: (-m.score, m.code))


def next_markets(p: FirmProfile, strategy: str, scope: Optional[str] = None) -> MarketPlan:
    """Sprinkler: a cluster of three to five at once. Waterfall: one first, two alternatives."""
    strategy = strategy if strategy in ("sprinkler", "waterfall") else "waterfall"
    ranked = rank(p, strategy, scope)[: market_count(p, strategy)]
    first, alternatives = (ranked[:1], ranked[1:]) if strategy == "waterfall" else (ranked, [])
    return MarketPlan(
        strategy=strategy,
        first=tuple(first),
        alternatives=tuple(alternatives),
        served=tuple(served_countries(p)),
        covered_regions=tuple(p.export_regions or ()),
        factors=weight_factors(p, scope),
    )
