"""Countries, survey regions and Belgian places in free text (nl, en, fr, de names).

Country names come from Babel's CLDR territory names and pycountry; the data files in
wereldwijs/content/names/ add adjectives, colloquial names, Belgian places and survey regions.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Tuple

import pycountry
from babel import Locale

from wereldwijs import content
from wereldwijs.reading.text import fold, normalise, strip_accents

NAME_LOCALES = ("nl", "en", "fr", "de")
HOME = "BE"

# Short upper-case aliases that are also common words ("US"/"us", "EEN"/"een") only match in capitals.
CASE_WORDS = {"us", "een", "fit", "vs", "vk", "in", "de", "man"}


class PhraseMatcher:
    """Whole-word phrase lookup, longest phrase first, left to right, without overlaps."""

    def __init__(self, entries: Iterable[Tuple[str, object]]):
        self.values: Dict[str, object] = {}
        self.cased: Dict[str, object] = {}
        for phrase, value in entries:
            raw = strip_accents(phrase).strip()
            if not raw:
                continue
            if raw.isupper() and raw.lower().strip(".") in CASE_WORDS:
                self.cased.setdefault(raw, value)
            else:
                self.values.setdefault(normalise(raw), value)
        self._lower = self._compile(self.values, re.IGNORECASE)
        self._upper = self._compile(self.cased, 0)

    @staticmethod
    def _compile(phrases, flags):
        if not phrases:
            return None
        alternatives = "|".join(
            re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True)
        )
        return re.compile(r"(?<![\w-])(?:" + alternatives + r")(?![\w-])", flags)

    def finditer(self, text: str) -> List[Tuple[int, int, object]]:
        """(start, end, value) for each match; offsets index the original text."""
        plain = fold(text)  # one character for one: offsets index the original text
        found: List[Tuple[int, int, object]] = []
        if self._upper:
            for m in self._upper.finditer(plain):
                found.append((m.start(), m.end(), self.cased[m.group(0)]))
        if self._lower:
            for m in self._lower.finditer(plain):
                key = re.sub(r"\s+", " ", m.group(0).lower())
                if not any(s < m.end() and m.start() < e for s, e, _ in found):
                    found.append((m.start(), m.end(), self.values[key]))
        return sorted(found, key=lambda f: f[0])

    def find(self, text: str) -> List[object]:
        return [value for _, _, value in self.finditer(text)]


# ---------------------------------------------------------------- data loading


def _csv_rows(name: str) -> List[dict]:
    return content.rows(f"names/{name}")


def _survey_data() -> dict:
    return content.document("names/survey_regions.yml")


@lru_cache(maxsize=1)
def _region_of_country() -> Dict[str, str]:
    table: Dict[str, str] = {}
    for region, codes in _survey_data()["regions"].items():
        for code in codes:
            table[code] = region
    return table


@lru_cache(maxsize=1)
def _ambiguous() -> set:
    return {normalise(line) for line in content.lines("names/ambiguous_names.txt")}


@lru_cache(maxsize=1)
def country_codes() -> List[str]:
    """Every ISO 3166-1 alpha-2 code, and XK (Kosovo)."""
    return [c.alpha_2 for c in pycountry.countries] + ["XK"]


@lru_cache(maxsize=1)
def country_names() -> List[Tuple[str, str]]:
    """(name, ISO code) pairs: hand aliases first, so that they win a clash ("Congo" is the DR
    Congo for a Belgian firm; "Luxemburg" the country, not the province), then CLDR names in four
    languages and pycountry names."""
    pairs: List[Tuple[str, str]] = []
    for row in _csv_rows("country_aliases.csv"):
        pairs.extend((alias, row["code"]) for alias in row["aliases"].split("|"))
    codes = country_codes()
    for locale in NAME_LOCALES:
        territories = Locale(locale).territories
        for code in codes:
            if code in territories:
                pairs.append((territories[code], code))
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                pairs.append((value, country.alpha_2))
    ambiguous = _ambiguous()
    return [(name, code) for name, code in pairs if normalise(name) not in ambiguous]


@lru_cache(maxsize=1)
def _country_matcher() -> PhraseMatcher:
    return PhraseMatcher(country_names())


@lru_cache(maxsize=1)
def _region_matcher() -> PhraseMatcher:
    data = _survey_data()
    entries: List[Tuple[str, object]] = []
    for region, words in data["region_words"].items():
        entries.extend((word, ("region", region)) for word in words)
    entries.extend((word, ("world", None)) for word in data["world_words"])
    entries.extend((name, ("country", code)) for name, code in country_names())
    return PhraseMatcher(entries)


@lru_cache(maxsize=1)
def _belgian_matcher() -> PhraseMatcher:
    entries = []
    for row in _csv_rows("belgian_places.csv"):
        entries.extend((name, row["region"]) for name in row["names"].split("|"))
    return PhraseMatcher(entries)


@lru_cache(maxsize=1)
def _postal_ranges() -> List[Tuple[int, int, str]]:
    return [(int(r["first"]), int(r["last"]), r["region"]) for r in _csv_rows("postal_ranges.csv")]


# ---------------------------------------------------------------- public API


def find_countries(text: str) -> List[str]:
    """Every country mentioned, as ISO alpha-2 codes, in order of mention, without repeats."""
    seen: List[str] = []
    for code in _country_matcher().find(text or ""):
        if code not in seen:
            seen.append(code)
    return seen


def country_code(text: str) -> Optional[str]:
    """The (first) country named in ``text``: "Duitse markt" -> "DE", "the States" -> "US"."""
    found = find_countries(text)
    return found[0] if found else None


def survey_region(code: str) -> Optional[str]:
    return _region_of_country().get((code or "").upper())


def all_regions() -> List[str]:
    return list(_survey_data()["regions"].keys())


def regions_in_text(text: str) -> List[str]:
    """Survey region ids from region words and from countries, in order of mention."""
    regions: List[str] = []
    for kind, value in _region_matcher().find(text or ""):
        if kind == "world":
            found = all_regions()
        elif kind == "country":
            found = [survey_region(value)] if survey_region(value) else []
        else:
            found = [value]
        regions.extend(r for r in found if r not in regions)
    return regions


def belgian_place_spans(text: str) -> List[Tuple[int, int, str]]:
    return _belgian_matcher().finditer(text or "")


def postal_region(code: int) -> Optional[str]:
    for first, last, region in _postal_ranges():
        if first <= code <= last:
            return region
    return None


_POSTCODE = re.compile(r"(?<![\w.,-])(?:B-?\s?)?([1-9]\d{3})(?![\w.,]\d|\d)")


def home_region(text: str, allow_postcode: bool = True) -> Optional[str]:
    """flanders / wallonia / brussels / abroad from a region, province, city or postal code.

    A Belgian place wins over a foreign country ("in Gent, exporting to France"); a postal code
    is used only when no place is named (with ``allow_postcode``: a form answer, not a year).
    """
    places = _belgian_matcher().find(text or "")
    if places:
        return places[0]
    if any(code != HOME for code in find_countries(text)):
        return "abroad"
    if allow_postcode:
        match = _POSTCODE.search(text or "")
        if match:
            return postal_region(int(match.group(1)))
    return None


def region_words() -> List[Tuple[str, str]]:
    """(word, survey region id) for region names such as "Scandinavië" or "Midden-Oosten"."""
    return [(w, region) for region, words in _survey_data()["region_words"].items() for w in words]


def belgian_place_names() -> List[Tuple[str, str]]:
    return [
        (name, row["region"])
        for row in _csv_rows("belgian_places.csv")
        for name in row["names"].split("|")
    ]
