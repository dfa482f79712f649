"""Free-text answers to the profile questions -> canonical slot values (nl and en, Flemish too).

parse_answer(slot, text, lang) returns Parsed(ok, value) or Parsed(False, error=<catalogue key>).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Dict, List, Optional, Tuple

from wereldwijs.reading import places
from wereldwijs.reading.answer_words import BY_SPECIFICITY, NEGATION, PEOPLE, VOCAB
from wereldwijs.reading.numbers import approximate, numbers_in, to_digits, to_float
from wereldwijs.reading.text import clean, normalise, singular_readings
from wereldwijs.vocabulary import (
    BOOL_SLOTS,
    CHOICES,
    COUNTRY_SLOTS,
    LIST_SLOTS,
    NUMBER_SLOTS,
    SCALE_SLOTS,
    YEAR_SLOTS,
    FirmProfile,
)

SECTOR_MAX = 80
MIN_YEAR = 1800
NUMBER_LIMITS = {
    "employees": (0, 100_000),
    "export_countries_count": (0, 250),
    "subsidiary_countries": (0, 250),
}


@dataclass
class Parsed:
    """An answer read, or why not. ``specific``: the error is about this answer (a year in the
    future, 7 on a 1-5 scale), so it is said even when the text also looks like keyboard mash."""

    ok: bool
    value: Any = None
    error: Optional[str] = None
    error_values: Dict[str, Any] = field(default_factory=dict)
    specific: bool = False


def _fail(error: str, **values) -> Parsed:
    return Parsed(False, None, error, values)


def _refuse(error: str, **values) -> Parsed:
    """A value was read but cannot be right: say exactly what is wrong with it."""
    return Parsed(False, None, error, values, specific=True)


# ------------------------------------------------------------------ cleaning and general cues

_DONT_KNOW = re.compile(
    r"\b(geen (flauw )?(idee|benul|gedacht)|weet (ik )?(het )?niet|ik weet (het )?(niet|het niet)|"
    r"'?k weet (het )?ni(et)?|geen idee|onbekend|kan ik niet zeggen|zeg ik liever niet|"
    r"liever niet( zeggen)?|wil ik niet zeggen|geen commentaar|pas\b|passe|sla (maar )?over|"
    r"overslaan|no (idea|clue)|not sure|"
    # "we don't know the markets" is an answer (a barrier), not a "don't know"
    r"(i )?(do not|don'?t|dunno) know(?! (the|how|where|which|what|our|any|foreign|enough|much|many|who))|dunno|"
    r"(i'?d|i would) rather not( say)?|rather not say|prefer not to say|no comment|"
    r"can'?t say|skip( this| it)?|pass\b|n/a\b|n\.a\.|unknown|haven'?t a clue|no earthly)",
    re.I,
)


def is_dont_know(text: str) -> bool:
    """ "geen idee", "weet ik niet", "I'd rather not say", "no clue", "pass" ..."""
    norm = normalise(clean(text))
    return bool(norm) and bool(_DONT_KNOW.search(norm)) and len(norm.split()) <= 12


_VOWELS = re.compile(r"[aeiouy]")


def is_gibberish(text: str) -> bool:
    """No letters or digits, or mostly keyboard mash ("asdfgh", "qqqqq")."""
    norm = normalise(text)
    if not re.search(r"[a-z0-9]", norm):
        return True
    if re.search(r"\d", norm):
        return False
    words = re.findall(r"[a-z]+", norm)
    if len(words) == 1 and words[0].isalpha() and len(words[0]) <= 5 and text.strip().isupper():
        return False  # an acronym such as "ICT"
    odd = [
        w
        for w in words
        if (len(w) > 3 and not _VOWELS.search(w))
        or re.search(r"(.)\1{3}", w)
        or re.search(r"[^aeiouy]{6}", w)
        or re.search(r"asdf|qwer|sdfg|zxcv|hjkl|jkl;", w)
    ]
    return len(odd) * 2 >= len(words)


# ------------------------------------------------------------------ yes / no

_NOT_ONLY = re.compile(
    r"\b(niet (alleen|enkel|enkelt)|not (only|just)|no doubt|geen probleem|"
    r"no problem|waarom niet|why not|nooit zonder)\b"
)
_YES = re.compile(
    r"\b(ja+|jaja|jawel|jazeker|jep|yes+|yep|yup|yeah|ya|ye|aye|sure|zeker|"
    r"uiteraard|natuurlijk|tuurlijk|klopt|inderdaad|correct|absoluut|absolutely|"
    r"definitely|of course|indeed|certainly|right|juist|exact|ok(e|ay|ee)?|"
    r"yes we do|we do|dat doen we|doen we|affirmative|ja hoor|zeker en vast|"
    r"allee ja|oui|si)\b"
)
_ONLY_HOME = re.compile(
    r"\b(enkel|alleen|uitsluitend|only|just|purely|solely)\b.{0,25}"
    r"\b(belgi|binnenland|lokaal|local|domestic|hier|here|vlaanderen|"
    r"thuismarkt|home market)"
)
_TRADE_VERB = re.compile(
    r"\b(export|uitvoer|voeren (.{0,30} )?uit|import|invoer|voeren (.{0,30} )?in|"
    r"verkopen|sell|sales|klanten|customers|clients|leveren|deliver|ship|"
    r"kopen|buy|source|aankopen|purchase|leveranciers|suppliers)"
)


def parse_yes_no(text: str) -> Optional[bool]:
    """True / False for yes/no answers in every form, None when unclear ("weet ik niet" is None)."""
    norm = normalise(clean(text))
    if not norm or is_dont_know(norm):
        return None
    if re.search(r"\b(nog niet|not yet)\b", norm) or _ONLY_HOME.search(norm):
        return False
    negated = bool(NEGATION.search(_NOT_ONLY.sub(" ", norm)))
    if re.search(
        r"\b(niet echt|not really|helemaal niet|not at all|amper|nauwelijks|"
        r"hardly|barely)\b",
        norm,
    ):
        return False
    if negated:
        return False
    if _YES.search(norm) or re.search(
        r"\b(beetje|bit|some|a little|little|af en toe|occasionally|sometimes|soms)\b", norm
    ):
        return True
    if _TRADE_VERB.search(norm) or places.find_countries(norm) or places.regions_in_text(norm):
        return True
    return None


_NO = re.compile(
    r"\b(nee+|neen|neuh|no+|nope|nah|nay|liever niet|niet nodig|hoeft niet|no thanks?|not now|"
    r"niet nu|not really|niet echt|zeker niet|absolutely not|never ?mind|laat maar|annuleer\w*|"
    r"cancel\w*|helemaal niet|not at all|no way|geen sprake van)\b"
)


def yes_or_no(text: str) -> Optional[bool]:
    """An explicit yes or no ("ja hoor", "nee dank je", "sure", "not now"), else None. Unlike
    parse_yes_no it infers nothing from what the message is about."""
    norm = normalise(clean(text))
    if not norm or is_dont_know(norm):
        return None
    if _NO.search(norm):
        return False
    if _YES.search(norm) and not NEGATION.search(_NOT_ONLY.sub(" ", norm)):
        return True
    return None


# ------------------------------------------------------------------ choice vocabularies
# Word stems per value id (normalised text: lower case, no accents). First match in the text wins
# for single choices; lists collect every match. More specific stems come first in each list.

_VOCAB_RE = {
    slot: [(value, re.compile(r"\b(?:" + pattern + ")")) for value, pattern in entries]
    for slot, entries in VOCAB.items()
}
_NONE_ANSWER = re.compile(
    r"^(geen|geen enkele?|niets|niks|nee|neen|none|nothing|no|nope|nah|"
    r"niet|not really|niet echt|geen andere|no others?|enkel (import|export)|"
    r"alleen (import|export)|only (import|export)|just (import|export)|"
    r"geen (internationale )?activiteiten|n\.?v\.?t\.?|nvt)"
    r"(\b.{0,40})?$"
)


def match_choices(slot: str, text: str) -> List[str]:
    """Value ids named in the text, in order of mention; stems are consumed once. Plurals count
    as their singular ("verkoopkantoren"): the text is read as written and with its plurals
    made singular, and what either reading names counts."""
    hits: List[Tuple[int, str]] = []
    for norm in dict.fromkeys(singular_readings(normalise(text))):
        taken: List[Tuple[int, int]] = []
        for value, regex in _VOCAB_RE[slot]:
            for m in regex.finditer(norm):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                hits.append((m.start(), value))
    ordered: List[str] = []
    for _, value in sorted(hits):
        if value not in ordered:
            ordered.append(value)
    return ordered


def _verbatim(slot: str, text: str) -> Optional[Any]:
    """Canonical ids sent by buttons: "1m_5m", "neighbours,eu15"."""
    allowed = CHOICES.get(slot)
    if not allowed:
        return None
    raw = text.strip().lower().strip("[]\"' ")
    if slot in LIST_SLOTS:
        parts = [p.strip(" \"'") for p in re.split(r"[,;\s]+", raw) if p.strip(" \"'")]
        if parts and all(p in allowed for p in parts):
            return list(dict.fromkeys(parts))
        return None
    return raw if raw in allowed else None


# ------------------------------------------------------------------ numbers, years, brackets


def bracket(value: float, bounds: List[Tuple[float, str]], top: str) -> str:
    for upper, bracket in bounds:
        if value <= upper:
            return bracket
    return top


TURNOVER_BOUNDS = [
    (99_999.99, "lt_100k"),
    (500_000, "100k_500k"),
    (1_000_000, "500k_1m"),
    (5_000_000, "1m_5m"),
    (10_000_000, "5m_10m"),
]
SHARE_BOUNDS = [(9.99, "lt_10"), (25, "10_25"), (50, "26_50"), (75, "51_75")]
RND_BOUNDS = [(0, "none"), (1.99, "lt_2"), (4, "2_4")]

_FRACTIONS = [
    (r"\b(bijna alles|nagenoeg alles|almost (all|everything)|vrijwel alles|nearly all)\b", 90),
    (r"\b(alles|everything|all of it|100 ?%|volledig|entirely)\b", 100),
    (r"\b(driekwart|three quarters|3/4)\b", 75),
    (r"\b(twee derde|two thirds|2/3)\b", 66),
    (r"\b(de helft|half|helft|50/50|fifty-fifty)\b", 50),
    (r"\b(een derde|a third|one third|1/3)\b", 33),
    (r"\b(een kwart|a quarter|one quarter|1/4)\b", 25),
    (
        r"\b(bijna niets|nauwelijks|amper|heel weinig|very little|hardly any|barely any|"
        r"a tiny bit|een klein beetje|marginaal|marginal)\b",
        1,
    ),
    (r"\b(niets|niks|nothing|none|geen|zero|nul)\b", 0),
]


def _fraction(norm: str) -> Optional[float]:
    for pattern, value in _FRACTIONS:
        if re.search(pattern, norm):
            return float(value)
    return None


def _amount(text: str, lang: str) -> Optional[float]:
    norm = normalise(text)
    value = approximate(text, lang)
    if value is None:
        return None
    # "een omzet van 3" (no unit) is most likely millions for an SME; a bare small figure is ambiguous.
    if value < 1000 and not re.search(
        r"\d\s*(k|m|mln|mio|miljoen|million|duizend|thousand)\b|"
        r"\b(euro|eur|€)",
        norm,
    ):
        return None
    return value


def _percent(text: str, lang: str) -> Optional[float]:
    norm = normalise(text)
    numbers = numbers_in(text, lang)
    if numbers:
        return approximate(text, lang, bias=0.5)
    return _fraction(norm)


_YEAR_RE = re.compile(r"(?<![\d.,])(1[89]\d\d|20\d\d)(?![\d.,]\d)")
_SHORT_YEAR_RE = re.compile(r"(?:'|’|\bin |\bsinds |\bsince |\bjaren |^)(\d\d)(?!\d)")


def parse_year(
    text: str, current_year: int, founding_year: Optional[int] = None
) -> Tuple[Optional[int], Optional[int]]:
    """(year, number_seen): "in '98" -> 1998, "3 jaar geleden" -> current-3, "vorig jaar"."""
    norm = normalise(text)
    digits = to_digits(text)
    m = re.search(r"(\d+)\s*(jaar|jaren|years?)\s*(geleden|ago|terug)", digits)
    if m:
        return current_year - int(m.group(1)), None
    m = re.search(r"\b(al|reeds|since|for|sinds)\s*(\d+)\s*(jaar|jaren|years?)\b", digits)
    if m and int(m.group(2)) < 300:
        return current_year - int(m.group(2)), None
    if re.search(r"\b(vorig jaar|verleden jaar|vorig|last year)\b", norm):
        return current_year - 1, None
    if re.search(r"\b(dit jaar|this year|dit jaar nog)\b", norm):
        return current_year, None
    m = _YEAR_RE.search(digits)
    if m:
        return int(m.group(1)), None
    if founding_year and re.search(
        r"\b(vanaf (het )?(begin|de start|dag 1|dag een)|van in het "
        r"begin|from (the )?(start|beginning|day one|day 1)|meteen|"
        r"onmiddellijk|right away|immediately|since (we started|"
        r"founding)|sinds de (oprichting|start)|bij de oprichting|"
        r"zelfde jaar|same year)\b",
        norm,
    ):
        return founding_year, None
    m = _SHORT_YEAR_RE.search(norm.strip())
    if m and len(norm.strip()) <= 20:
        short = int(m.group(1))
        return (2000 + short if short <= current_year % 100 else 1900 + short), None
    numbers = numbers_in(text)
    return None, (int(numbers[0].value) if numbers else None)


def _parse_number(slot: str, text: str, lang: str) -> Parsed:
    low, high = NUMBER_LIMITS.get(slot, (0, 100_000))
    norm = normalise(text)
    digits = to_digits(text, lang)
    if re.search(r"(^|\s)-\s?\d", digits) or re.search(r"\b(min|minus)\s\d", digits):
        return _refuse("error_negative")
    if re.fullmatch(
        r"(geen|niemand|niets|none|nobody|zero|nul|no one|geen enkele?|geen werknemers|"
        r"no employees|no staff)\b.*",
        norm,
    ) and not re.search(r"\d", digits):
        value: Optional[float] = 0.0
    else:
        value = _people_number(digits, lang) if slot == "employees" else None
        if value is None:
            value = approximate(text, lang, bias=1)
    if value is None:
        return _fail("error_number")
    value = int(round(value))
    if value < low:
        return _refuse("error_negative")
    if value > high:
        return _refuse("error_number_range", min=low, max=high)
    return Parsed(True, value)


def _people_number(digits: str, lang: str) -> Optional[float]:
    m = re.search(
        r"(?<![\d.,])(\d+(?:[.,]\d{3})*(?:[.,]\d+)?)\s*(?:\w+\s){0,2}?" + PEOPLE + r"\b", digits
    )
    if m:
        return to_float(m.group(1), lang) + speaker_added(digits)
    return None


_SPEAKER = r"(?:ik|ikzelf|mezelf|mijzelf|me|myself)"
_AND = r"(?:en|and|plus|met|with|\+)"


def speaker_added(digits: str) -> int:
    """1 when the person counts themselves beside the figure: "ik en twee werknemers", "2 staff
    and me"; else 0."""
    before = re.search(r"\b" + _SPEAKER + r"\s+" + _AND + r"\s+(?:nog\s+)?\d", digits)
    after = re.search(r"\d+\s+(?:\w+\s+){0,2}?" + _AND + r"\s+" + _SPEAKER + r"\b", digits)
    return 1 if before or after else 0


def _parse_year_slot(
    slot: str, text: str, profile: Optional[FirmProfile], current_year: int
) -> Parsed:
    founding = profile.founding_year if profile else None
    year, other = parse_year(text, current_year, founding if slot != "founding_year" else None)
    if year is None:
        if other is not None:
            return _refuse("error_year_range", min_year=MIN_YEAR, max_year=current_year)
        return _fail("error_year")
    if not MIN_YEAR <= year <= current_year:
        return _refuse("error_year_range", min_year=MIN_YEAR, max_year=current_year)
    if slot != "founding_year" and founding and year < founding:
        return _refuse("error_before_founding", founding_year=founding)
    return Parsed(True, year)


_SCALE_WORDS = {
    "niche_score": (
        (
            r"niche|nichemarkt|specialis|gespecialiseerd|specialty|speciali[sz]ed|"
            r"op maat|custom|maatwerk|uniek|unique|exclusie|exclusive"
        ),
        r"massa|mass|standaard|standard|commodity|volume|bulk|grote reeks|generic|"
        r"generiek",
    ),
    "differentiation": (
        (
            r"verschillend|anders|different|uniek|unique|onderscheid|distinct|"
            r"uniquely|innovatief|innovative|totaal anders"
        ),
        r"identiek|identical|hetzelfde|same|gelijk|similar|gelijkaardig|"
        r"vergelijkbaar|comparable|alike|zoals de concurrent|like competitors",
    ),
}
_MIDDLE = re.compile(
    r"\b(midden|middle|ergens tussen|somewhere in between|in between|tussenin|"
    r"neutraal|neutral|beetje van (beide|allebei)|bit of both|both|allebei|"
    r"beide|half half|gemiddeld|average|medium|mixed|gemengd)\b"
)
_HEDGE = re.compile(
    r"\b(eerder|vrij|redelijk|nogal|tamelijk|wat|een beetje|beetje|licht|"
    r"rather|fairly|somewhat|a bit|slightly|quite|more|meer|relatively|"
    r"relatief|mostly|vooral|leaning|neigt)\b"
)


def _parse_scale(slot: str, text: str, lang: str) -> Parsed:
    norm = normalise(text)
    digits = to_digits(text, lang)
    m = re.search(
        r"(?<![\d.,])(-?\d+(?:[.,]\d+)?)(?:\s*(?:/|op|out of|uit|van de)\s*(\d+))?", digits
    )
    if m:
        value = float(m.group(1).replace(",", "."))
        if not math.isfinite(value):  # hundreds of digits (found by fuzzing)
            return _refuse("error_scale")
        scale_max = int(m.group(2)) if m.group(2) else 5
        if scale_max == 10 and 0 <= value <= 10:  # 1..10 onto 1..5, linearly: "5 op 10" is 3
            value = 1 + (max(1.0, value) - 1) * 4 / 9
        if value != int(value) and 1 <= value <= 5:
            value = math.floor(value + 0.5)  # half up: 2.5 is 3, as people round
        if not 1 <= value <= 5 or value != int(value):
            return _refuse("error_scale")
        return Parsed(True, int(value))
    high_words, low_words = _SCALE_WORDS[slot]
    high = re.search(r"\b(?:" + high_words + ")", norm)
    low = re.search(r"\b(?:" + low_words + ")", norm)
    if _MIDDLE.search(norm) and not (bool(high) ^ bool(low)):
        return Parsed(True, 3)
    if high and low:
        return Parsed(True, 3)
    if high or low:
        hedged = bool(_HEDGE.search(norm)) or bool(re.search(r"\b(niet echt|not really)\b", norm))
        if high and re.search(r"\b(niet|not)\s+(\w+\s)?(" + high_words + ")", norm):
            return Parsed(True, 2)
        value = (4 if hedged else 5) if high else (2 if hedged else 1)
        return Parsed(True, value)
    if _MIDDLE.search(norm):
        return Parsed(True, 3)
    return _refuse("error_scale")


# ------------------------------------------------------------------ the entry point


def parse_answer(
    slot: str,
    text: str,
    lang: str,
    profile: Optional[FirmProfile] = None,
    current_year: Optional[int] = None,
) -> Parsed:
    """Parse one free-text (or button) answer for a profile slot. Never raises."""
    current_year = current_year or date.today().year
    try:
        raw = text if isinstance(text, str) else ("" if text is None else str(text))
        cleaned = clean(raw)
        if not cleaned:
            return _fail("error_empty")
        if is_dont_know(cleaned):
            return _fail("error_dont_know")
        result = _parse(slot, cleaned, lang, profile, current_year)
    except Exception:  # a parser bug must not break the conversation: ask again
        return _fail("error_gibberish")
    if not result.ok and not result.specific and is_gibberish(cleaned):
        return _fail("error_gibberish")
    return result


def _parse(
    slot: str, text: str, lang: str, profile: Optional[FirmProfile], current_year: int
) -> Parsed:
    verbatim = _verbatim(slot, text)
    if verbatim is not None:
        return Parsed(True, verbatim)
    reader = READERS.get(slot) or READERS[_kind(slot)]
    return reader(slot, text, lang, profile, current_year)


def _kind(slot: str) -> str:
    for kind, slots in (
        ("bool", BOOL_SLOTS),
        ("year", YEAR_SLOTS),
        ("scale", SCALE_SLOTS),
        ("number", NUMBER_SLOTS),
        ("country", COUNTRY_SLOTS),
        ("list", LIST_SLOTS),
    ):
        if slot in slots:
            return kind
    return "choice"


def _read_region(slot, text, lang, profile, year) -> Parsed:
    region = places.home_region(text)
    return Parsed(True, region) if region else _fail("error_place")


def _read_bool(slot, text, lang, profile, year) -> Parsed:
    if text.strip().lower() in ("true", "false"):
        return Parsed(True, text.strip().lower() == "true")
    value = parse_yes_no(text)
    return Parsed(True, value) if value is not None else _fail("error_yes_no")


def _read_country(slot, text, lang, profile, year) -> Parsed:
    codes = [c for c in places.find_countries(text) if c != places.HOME]
    if (
        not codes
        and re.fullmatch(r"[A-Za-z]{2}", text.strip())
        and places.survey_region(text.strip().upper())
    ):
        codes = [text.strip().upper()]
    return Parsed(True, codes[0]) if codes else _fail("error_country")


def _read_countries(slot, text, lang, profile, year) -> Parsed:
    """Every country named ("Nederland, Duitsland en de VS"), Belgium left out."""
    codes = [c for c in places.find_countries(text) if c != places.HOME]
    if _NONE_ANSWER.match(normalise(text)):
        return Parsed(True, [])
    return Parsed(True, codes) if codes else _fail("error_country")


def _read_turnover(slot, text, lang, profile, year) -> Parsed:
    amount = _amount(text, lang)
    if amount is None:
        return _fail("error_turnover")
    return Parsed(True, bracket(amount, TURNOVER_BOUNDS, "gt_10m"))


def _read_share(slot, text, lang, profile, year) -> Parsed:
    share = _percent(text, lang)
    if share is None or share < 0 or share > 100:
        return _refuse("error_percentage")
    bounds, top = (RND_BOUNDS, "gt_4") if slot == "rnd_share" else (SHARE_BOUNDS, "gt_75")
    return Parsed(True, bracket(share, bounds, top))


def _read_regions(slot, text, lang, profile, year) -> Parsed:
    regions = places.regions_in_text(text)
    return Parsed(True, regions) if regions else _fail("error_region")


def _read_list(slot, text, lang, profile, year) -> Parsed:
    found = match_choices(slot, text)
    if found:
        return Parsed(True, found)
    if _NONE_ANSWER.match(normalise(text)):
        return Parsed(True, [])
    return _fail("error_choice")


def _read_choice(slot, text, lang, profile, year) -> Parsed:
    found = match_choices(slot, text)
    if slot in BY_SPECIFICITY and found:  # "ja, met een externe aandeelhouder"
        found = sorted(found, key=[v for v, _ in VOCAB[slot]].index)
    return Parsed(True, found[0]) if found else _fail("error_choice")


# How each slot (or, by default, each kind of slot) is read.
READERS: Dict[str, Callable[..., Parsed]] = {
    "sector": lambda slot, text, *_: _parse_sector(text),
    "home_region": _read_region,
    "turnover": _read_turnover,
    "foreign_sales_share": _read_share,
    "rnd_share": _read_share,
    "export_regions": _read_regions,
    "export_countries": _read_countries,
    "bool": _read_bool,
    "year": lambda slot, text, lang, profile, year: _parse_year_slot(slot, text, profile, year),
    "scale": lambda slot, text, lang, *_: _parse_scale(slot, text, lang),
    "number": lambda slot, text, lang, *_: _parse_number(slot, text, lang),
    "country": _read_country,
    "list": _read_list,
    "choice": _read_choice,
}


def _parse_sector(text: str) -> Parsed:
    text = text.strip(" .,;:!?-\"'")
    if len(text) > SECTOR_MAX:
        return _refuse("error_too_long", max_chars=SECTOR_MAX)
    if len(text) < 2 or not re.search(r"[^\W\d_]", text) or is_gibberish(text):
        return _fail("error_sector")
    return Parsed(True, text)
