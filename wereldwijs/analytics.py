"""The survey's niche-vs-mass comparisons (survey report 5.8), rebuilt from the collected
profiles, beside the 2009 figures of the knowledge files. Profiles only: no contact, no free text.

``comparisons(profiles)`` -> one ``Comparison`` per measure: our value per segment, the number of
intakes behind it, the survey's value and its source. Computed at request time from the profiles
read out of the tracker store; nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean
from typing import Callable, Dict, Iterable, List, Optional

from wereldwijs import knowledge
from wereldwijs.core.classify import classify
from wereldwijs.vocabulary import RND_SHARE, FirmProfile

SEGMENTS = ("niche", "mass")
MIN_INTAKES = 10  # fewer intakes behind a figure than this: shown with a warning
HIGH_FOREIGN_SHARE = ("51_75", "gt_75")


@dataclass
class Comparison:
    key: str
    kind: str  # "mean" (unit of the survey figure) or "pct" (% of the intakes behind it)
    ours: Dict[str, Optional[float]]
    n: Dict[str, int]
    survey: Dict[str, Optional[float]]
    source: str

    def few(self, segment: str) -> bool:
        return self.n[segment] < MIN_INTAKES


@dataclass(frozen=True)
class Measure:
    key: str
    table: str  # segment_facts or needs_by_segment
    fact: str
    kind: str
    # the firms a measure is about (None: not counted), and each one's value
    value: Callable[[FirmProfile], Optional[float]]


def _years(p: FirmProfile) -> Optional[float]:
    if p.exports and p.first_export_year and p.founding_year:
        years = p.first_export_year - p.founding_year
        return float(years) if years >= 0 else None
    return None


def _share_in(slot: str, wanted: Iterable[str]) -> Callable[[FirmProfile], Optional[float]]:
    wanted = tuple(wanted)

    def value(p: FirmProfile) -> Optional[float]:
        answer = getattr(p, slot)
        return None if answer is None else float(answer in wanted)

    return value


def _need(need: str) -> Callable[[FirmProfile], Optional[float]]:
    return lambda p: None if p.support_needs is None else float(need in p.support_needs)


def measures() -> List[Measure]:
    found = [
        Measure(f"rnd_{b}", "segment_facts", f"rnd_{b}_pct", "pct", _share_in("rnd_share", [b]))
        for b in RND_SHARE
    ]
    found += [
        Measure("years_to_export", "segment_facts", "years_to_export", "mean", _years),
        Measure(
            "export_markets",
            "segment_facts",
            "export_markets_avg",
            "mean",
            lambda p: (
                float(p.export_countries_count)
                if p.exports and p.export_countries_count is not None
                else None
            ),
        ),
        Measure(
            "export_regions",
            "segment_facts",
            "export_regions_avg",
            "mean",
            lambda p: float(len(p.export_regions)) if p.exports and p.export_regions else None,
        ),
        Measure(
            "foreign_sales_gt_50",
            "segment_facts",
            "foreign_sales_gt_50_pct",
            "pct",
            lambda p: (
                _share_in("foreign_sales_share", HIGH_FOREIGN_SHARE)(p) if p.exports else None
            ),
        ),
        Measure(
            "start_active_prospecting",
            "segment_facts",
            "start_active_prospecting_pct",
            "pct",
            _share_in("trigger", ["active_prospecting"]),
        ),
        Measure(
            "start_local_partner_request",
            "segment_facts",
            "start_local_partner_request_pct",
            "pct",
            _share_in("trigger", ["local_partner_request"]),
        ),
    ]
    needs = knowledge.table("needs_by_segment")["need"]
    found += [Measure(f"need_{n}", "needs_by_segment", n, "pct", _need(n)) for n in needs]
    return found


def _survey(measure: Measure) -> Dict[str, object]:
    if measure.table == "needs_by_segment":
        record = knowledge.need_by_segment(measure.fact)
    else:
        record = knowledge.segment_fact(measure.fact)
    return {"niche": record["niche"], "mass": record["mass"], "source": record["source"]}


def segment_of(p: FirmProfile) -> Optional[str]:
    position = classify(p).positioning
    return position if position in SEGMENTS else None


def comparisons(profiles: Iterable[FirmProfile]) -> List[Comparison]:
    by_segment: Dict[str, List[FirmProfile]] = {s: [] for s in SEGMENTS}
    for p in profiles:
        segment = segment_of(p)
        if segment:
            by_segment[segment].append(p)
    result = []
    for measure in measures():
        ours, n = {}, {}
        for segment, firms in by_segment.items():
            values = [v for v in (measure.value(p) for p in firms) if v is not None]
            n[segment] = len(values)
            if not values:
                ours[segment] = None
            elif measure.kind == "pct":
                ours[segment] = round(100 * mean(values), 1)
            else:
                ours[segment] = round(mean(values), 1)
        survey = _survey(measure)
        result.append(
            Comparison(
                key=measure.key,
                kind=measure.kind,
                ours=ours,
                n=n,
                survey={s: survey[s] for s in SEGMENTS},
                source=survey["source"],
            )
        )
    return result


def intake_counts(profiles: Iterable[FirmProfile]) -> Dict[str, int]:
    """How many intakes there are, and how many fall in each segment."""
    counts = {"all": 0, "niche": 0, "mass": 0, "intermediate": 0, "unknown": 0}
    for p in profiles:
        counts["all"] += 1
        counts[classify(p).positioning or "unknown"] += 1
    return counts
