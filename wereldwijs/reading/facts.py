"""Several profile facts from one message, only where the message says explicitly what a figure is.

"we're 40 people in Ghent exporting to 12 countries since 2005" -> employees 40, home_region
flanders, exports True, export_countries_count 12, first_export_year 2005. A bare "1987" or "40"
yields nothing: the form question that expects it handles those.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Dict, Optional

from wereldwijs.reading import places
from wereldwijs.reading.answer_words import NEGATION, PEOPLE
from wereldwijs.reading.answers import (
    MIN_YEAR,
    NUMBER_LIMITS,
    TURNOVER_BOUNDS,
    bracket,
    is_dont_know,
    parse_answer,
    speaker_added,
)
from wereldwijs.reading.numbers import approximate, to_digits
from wereldwijs.reading.text import clean

_YEAR = r"((?:1[89]|20)\d\d)"
# A statement that the firm exports or imports: a verb ("we exporteren", "exporting", "we export
# to"), never a noun that only names the subject ("export formalities", "exportadviseur", "an
# importer in Japan").
_SUBJECT = (
    r"\b(?:we|wij|i|ik|they|ze|the company|the firm|het bedrijf)\s+(?:(?:do|does|don'?t|"
    r"doesn'?t|do not|does not|never|also|already|mainly|mostly|only|now|still|ook|al|"
    r"vooral|enkel|nu|nog|niet|nooit)\s+){0,2}"
)
_TRADE_NEXT = (
    r"(?=\s+(?:to|into|naar|abroad|worldwide|overseas|internationally|since|sinds|"
    r"for|from|uit|van|vanuit|goods|products|materials|components|parts|grondstoffen|"
    r"onderdelen|producten)\b)"
)
_EXPORT = (
    r"(exporte(?!urs?\b|rs?\b)\w*|geexporteerd|exporting|exported|uitvoeren|voeren\s+(?:\w+\s+){0,3}?uit\b|"
    + _SUBJECT
    + r"exports?\b|(?<![\w-])exports?"
    + _TRADE_NEXT
    + r"|"
    r"(?:geen|no|our|onze)\s+(?:exports?|uitvoer)\b|"
    r"verkopen\s+(?:\w+\s+){0,2}?(?:naar|in|aan)\s+het\s+buitenland|sell(?:ing)?\s+abroad)"
)
_IMPORT = (
    r"(importe(?!urs?\b|rs?\b)\w*|geimporteerd|importing|imported|invoeren|voeren\s+(?:\w+\s+){0,3}?in\b|"
    + _SUBJECT
    + r"imports?\b|(?<![\w-])imports?"
    + _TRADE_NEXT
    + r"|"
    r"(?:geen|no|our|onze)\s+(?:imports?|invoer)\b|"
    r"kopen\s+(?:\w+\s+){0,3}?(?:in\s+)?(?:in|uit)\s+het\s+buitenland|source\w*\s+from|sourcen)"
)
_FOUNDED = (
    r"(opgericht|gesticht|opgestart|gestart|begonnen|bestaan|founded|established|"
    r"started|set up|in business|incorporated|sinds onze oprichting)"
)
# A wish or plan ("ik wil exporteren", "we'd like to export") is not a fact about the firm.
_WISH = re.compile(
    r"\b(wil|wilt|willen|zou|zouden|graag|plannen|plan|plans|planning|overweeg\w*|"
    r"denk\w*|hoop\w*|droom\w*|beginnen met|starten met|want|wants|wanna|would|"
    r"'d|like to|hope|hoping|thinking|intend\w*|consider\w*|start|starting|begin|"
    r"how (?:to|do|can)|hoe (?:kan|moet|begin))\b"
)
_COUNTRIES = r"(landen|countries|markten|markets|bestemmingen|destinations)"
_LOCATED = r"(in|uit|te|from|based in|located in|gevestigd in|zitten in|gelegen in|situated in)"


def extract_facts(text: str, lang: str, current_year: Optional[int] = None) -> Dict[str, Any]:
    """Profile slot values stated explicitly in one message (precision over recall)."""
    current_year = current_year or date.today().year
    raw = clean(text)
    if not raw or is_dont_know(raw):
        return {}
    digits = to_digits(raw, lang)
    facts: Dict[str, Any] = {}
    _employees(digits, facts)
    _founding(digits, current_year, facts)
    _trade(digits, raw, current_year, facts)
    _home(raw, facts)
    _turnover(raw, digits, lang, facts)
    _family(raw, lang, facts)
    return facts


_FAMILY = re.compile(
    r"\b(familiebedrijf|familiale onderneming|familiezaak|family[- ](business|firm|"
    r"company|owned))",
    re.I,
)


def _family(raw: str, lang: str, facts: Dict[str, Any]) -> None:
    """ "wij zijn een familiebedrijf" -> family_firm, read as the family_firm question would."""
    if _FAMILY.search(raw):
        parsed = parse_answer("family_firm", raw, lang)
        if parsed.ok and parsed.value != "no":
            facts["family_firm"] = parsed.value


def _employees(digits: str, facts: Dict[str, Any]) -> None:
    m = (
        re.search(r"(?<![\d.,])(\d+)\s+(?:\w+\s+){0,2}?" + PEOPLE + r"\b", digits)
        or re.search(
            r"\b(?:we zijn met|we zijn|wij zijn met|we're|we are|team of|"
            r"ploeg van|team van)\s+(?:\w+\s+)?(\d+)(?!\s*(?:%|jaar|years|landen|"
            r"countries|euro|k\b|miljoen|million))\b",
            digits,
        )
        or re.search(r"\b(\d+)\s+of us\b", digits)
    )
    if m:
        value = int(m.group(1)) + speaker_added(digits)
        low, high = NUMBER_LIMITS["employees"]
        if low <= value <= high and not re.fullmatch(_YEAR, m.group(1)):
            facts["employees"] = value


def _founding(digits: str, current_year: int, facts: Dict[str, Any]) -> None:
    m = re.search(
        _FOUNDED + r"\s+(?:\w+\s+){0,3}?(?:in|sinds|since|sedert|anno)?\s*'?" + _YEAR, digits
    )
    year = int(m.group(2)) if m else None
    if year is None:
        m = re.search(
            r"\b(?:bestaan|exist\w*|in business)\s+(?:al\s+|for\s+|already\s+)?(\d+)\s+"
            r"(?:jaar|years)",
            digits,
        )
        year = current_year - int(m.group(1)) if m else None
    if year and MIN_YEAR <= year <= current_year:
        facts["founding_year"] = year


def _trade(digits: str, raw: str, current_year: int, facts: Dict[str, Any]) -> None:
    for slot, verb, prep in (
        ("exports", _EXPORT, r"(?:naar|to|into)"),
        ("imports", _IMPORT, r"(?:uit|from|van)"),
    ):
        m = re.search(r"\b" + verb, digits)
        if not m or "?" in re.split(r"[.;!]", digits[m.end() :])[0]:
            continue  # none, or a question ("is exporting something for us?")
        clause = _clause(digits, m.start(), m.end())
        before = digits[max(0, m.start() - 30) : m.start()]
        negated = bool(NEGATION.search(clause)) or bool(
            re.search(r"\b(geen|no|not|niet)\s*$", before)
        )
        if not negated and _WISH.search(digits[max(0, m.start() - 40) : m.start()]):
            continue
        facts[slot] = not negated
        if negated:
            continue
        tail = digits[m.end() : m.end() + 120]
        tail = re.split(r"[.;!?]| but | maar | en we | and we ", tail)[0]
        if slot == "exports":
            count = re.search(r"(?<![\d.,])(\d+)\s+(?:\w+\s+)?" + _COUNTRIES, tail)
            if count and 1 <= int(count.group(1)) <= NUMBER_LIMITS["export_countries_count"][1]:
                facts["export_countries_count"] = int(count.group(1))
            # countries from the original text: "the US" must keep its capitals
            target = re.search(r"\b" + verb + r"(.{0,60}?)\b" + prep + r"\s+([^.;!?]*)", raw, re.I)
            destination = (
                re.split(r"\b(?:maar|but|en we|and we)\b", target.group(3))[0] if target else ""
            )
            regions = places.regions_in_text(destination)
            if regions:
                facts["export_regions"] = regions
            facts.update(answer_countries(destination))
        since = re.search(
            r"\b(?:sinds|since|sedert|vanaf|from|in|al sinds|already since)\s+'?" + _YEAR + r"\b",
            tail,
        ) or re.search(r"\b(?:sinds|since)\s+" + _YEAR + r"\b.{0,40}" + verb, digits)
        if since:
            year = int(since.group(1))
            founding = facts.get("founding_year")
            if MIN_YEAR <= year <= current_year and not (founding and year < founding):
                facts["first_export_year" if slot == "exports" else "first_import_year"] = year


def answer_countries(text: str) -> Dict[str, Any]:
    """{"export_countries": [...]} for the countries named ("naar Duitsland en Frankrijk")."""
    codes = [c for c in places.find_countries(text) if c != places.HOME]
    return {"export_countries": codes} if codes else {}


def _clause(text: str, start: int, end: int) -> str:
    left = max(text.rfind(sep, 0, start) for sep in (".", ";", ",", " maar ", " but "))
    right_candidates = [text.find(sep, end) for sep in (".", ";", ",", " maar ", " but ")]
    right = min([r for r in right_candidates if r >= 0] or [len(text)])
    return text[left + 1 : right]


def _home(raw: str, facts: Dict[str, Any]) -> None:
    for start, _end, region in places.belgian_place_spans(raw):
        before = places.normalise(raw[max(0, start - 25) : start])
        if re.search(r"\b" + _LOCATED + r"\s*$", before) and not re.search(
            r"\b(naar|to|exporteren|export\w*|klanten|customers)\b[^,.]*$", before
        ):
            facts["home_region"] = region
            return
    m = re.search(r"\b(?:postcode|postal code|zip)\s*:?\s*([1-9]\d{3})\b", raw, re.I)
    if m and places.postal_region(int(m.group(1))):
        facts["home_region"] = places.postal_region(int(m.group(1)))


def _turnover(raw: str, digits: str, lang: str, facts: Dict[str, Any]) -> None:
    m = re.search(r"\b(omzet|zakencijfer|turnover|revenue|sales)\b(.{0,40})", digits)
    if not m or not re.search(r"\d", m.group(2)):
        return
    phrase = m.group(2)
    if not re.search(
        r"\d\s*(k|m|mln|mio|miljoen|million|duizend|thousand)\b|\b(euro|eur)\b|€", phrase
    ):
        return
    value = approximate(phrase, lang)
    if value is not None and value >= 1000:
        facts["turnover"] = bracket(value, TURNOVER_BOUNDS, "gt_10m")
