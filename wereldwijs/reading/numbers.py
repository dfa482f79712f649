"""Numbers in free text: words to digits (text2num), Flemish/Dutch approximations, amounts, years.

"een twintigtal" -> 20, "zo'n 3 miljoen" -> 3000000, "€750k" -> 750000, "in '98" -> 1998.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import List, Optional

from text_to_num import alpha2digit

from wereldwijs.reading.text import normalise

# "een twintigtal" (about twenty), "een honderdtal"; text2num does not know the -tal forms.
_TAL = {
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "twaalf": 12,
    "vijftien": 15,
    "twintig": 20,
    "dertig": 30,
    "veertig": 40,
    "vijftig": 50,
    "zestig": 60,
    "zeventig": 70,
    "tachtig": 80,
    "negentig": 90,
    "honderd": 100,
    "duizend": 1000,
}
_WORD_NUMBERS = [
    (r"\b(?:een |a )?dozijn\b|\ba dozen\b", "12"),
    (r"\banderhalf\b|\bone and a half\b|\ba (?:million|thousand) and a half\b", "1.5"),
    (r"\bhalf a\b|\been halve?\b", "0.5"),
    (
        r"(?<!and )(?<!plus )(?<!with )\b(?:only |just )?(?:me|myself)(?: alone)?\b(?= ?$)|\bik alleen\b|\balleen ik\b|"
        r"\bsolo\b|\beenmanszaak\b|\bone-man\b|\bone man\b",
        "1",
    ),
    (r"\b(?:een )?koppel\b|\ba couple of\b|\bcouple\b", "2"),
]
MULTIPLIERS = [
    (r"miljard|billion|bn|mrd", 1_000_000_000),
    (r"miljoen|million|millions|mio|mln|mn|m", 1_000_000),
    (r"duizend|thousand|dzd|k", 1_000),
]
_MULT_WORDS = "|".join(p for p, _ in MULTIPLIERS)
_MULT_RE = re.compile(r"^\s*(" + "|".join(p for p, _ in MULTIPLIERS) + r")(?![a-z])")
_NUMBER_RE = re.compile(r"(?<![\w.,])(-)?\s?(\d+(?:[.,\s]\d{3})*(?:[.,]\d+)?)")


@dataclass
class Number:
    value: float
    start: int
    end: int
    negative: bool = False
    factor: int = 1


def to_digits(text: str, lang: str = "nl") -> str:
    """Normalised text with number words turned into digits (both languages)."""
    # "één" is the number, "een" mostly the article: keep the article away from text2num.
    text = re.sub(r"(?<!\w)(?:één|eén|éen)(?!\w)", "1", text or "", flags=re.IGNORECASE)
    text = normalise(text)
    text = re.sub(r"(\d)\s*(?:%|procent|percent|pct)", r"\1 %", text)
    for stem, value in _TAL.items():
        text = re.sub(rf"\b(?:een |n |ne )?{stem}tal\b", str(value), text)
    for pattern, value in _WORD_NUMBERS:
        text = re.sub(pattern, value, text)
    text = re.sub(r"\bstuk of\b", "", text)
    text = re.sub(r"\b(?:en|and) (?:een|a) half\b", "\u00b6", text)
    text = re.sub(r"\been half (miljoen|miljard)", r"0.5 \1", text)
    text = re.sub(r"\been (miljoen|miljard|half)\b", r"1 \1", text)
    text = _apply_written_multipliers(text, lang)
    text = re.sub(r"\b(een|a|an)\b", lambda m: "\u00a7" * len(m.group(1)), text)
    order = (lang, "en" if lang == "nl" else "nl")
    for code in order:
        try:
            text = alpha2digit(text, code, threshold=0)
        except Exception:  # text2num may choke on odd input; the digits already there still count
            pass
    text = re.sub(r"\u00a7{3}", "een", text)
    text = re.sub(r"\u00a7{2}", "an", text)
    text = re.sub(r"\u00a7", "a", text)
    text = re.sub(r"(\d+) ?\u00b6", r"\1.5", text).replace("\u00b6", "and a half")
    # text2num writes "miljoen" as 1000000: "2.5 1000000" -> 2500000
    text = re.sub(
        r"(\d+(?:\.\d+)?) (1000|1000000|1000000000)(?![\d.,])",
        lambda m: _compact(float(m.group(1)) * int(m.group(2))),
        text,
    )
    return text


def _apply_written_multipliers(text: str, lang: str) -> str:
    """ "1,5 miljoen" -> "1500000" before text2num can glue "5 miljoen" on its own."""

    def repl(m):
        try:
            value = to_float(m.group(1), lang)
        except ValueError:
            return m.group(0)
        factor = next(f for p, f in MULTIPLIERS if re.fullmatch(p, m.group(2)))
        return _compact(value * factor)

    return re.sub(
        r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s?(miljard|billion|miljoen|million|millions|mio|mln|"
        r"duizend|thousand)(?![a-z])",
        repl,
        text,
    )


def _compact(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def to_float(raw: str, lang: str) -> float:
    raw = raw.replace(" ", "")
    groups = re.split(r"[.,]", raw)
    seps = re.findall(r"[.,]", raw)
    if len(seps) >= 2 and len(set(seps)) == 1:  # 1.000.000 / 1,000,000
        return float("".join(groups))
    if len(set(seps)) == 2:  # 1.234,5 or 1,234.5: the last one is the decimal mark
        dec = seps[-1]
        whole, frac = raw.rsplit(dec, 1)
        return float(re.sub(r"[.,]", "", whole) + "." + frac)
    if len(seps) == 1:
        whole, frac = groups
        thousands_mark = "." if lang == "nl" else ","
        if len(frac) == 3 and seps[0] == thousands_mark:
            return float(whole + frac)
        return float(whole + "." + frac)
    return float(raw)


def numbers_in(text: str, lang: str = "nl", digits: Optional[str] = None) -> List[Number]:
    """Every number in the text, multipliers applied ("3 miljoen", "750k", "1,5 mln")."""
    digits = to_digits(text, lang) if digits is None else digits
    found: List[Number] = []
    for m in _NUMBER_RE.finditer(digits):
        try:
            value = to_float(m.group(2), lang)
        except ValueError:
            continue
        if not math.isfinite(value):  # a run of hundreds of digits is no figure (found by fuzzing)
            continue
        end = m.end()
        mult = _MULT_RE.match(digits[end:])
        factor = 1
        if mult:
            factor = next(f for p, f in MULTIPLIERS if re.fullmatch(p, mult.group(1)))
            value *= factor
            end += mult.end()
        found.append(Number(value, m.start(), end, negative=bool(m.group(1)), factor=factor))
    return found


# Words that introduce the figure a person settles on ("zeg maar 55", "let's say 55").
SETTLED = (
    r"(?:\bzeg(?:gen)? maar|\blaten we zeggen|\bzeg|\blet'?s say|\bsay|\bcall it|"
    r"\bprecies|\bexactly|\bto be precise|\bom precies te zijn|\beigenlijk|\bactually)"
)
LESS = r"(?:minder dan|onder|kleiner dan|lager dan|max(?:imum|imaal)?|tot|less than|under|below|up to|fewer than|<|net geen|bijna|almost|nearly)"
MORE = r"(?:meer dan|boven|groter dan|hoger dan|minstens|minimum|ruim|more than|over|above|at least|>|plus de)"


def approximate(text: str, lang: str = "nl", *, bias: float = 0.0) -> Optional[float]:
    """One quantity meant by an answer: a range gives its middle; "under X" lies just below X.

    ``bias`` is the step used for "under"/"more than" (a small fraction for amounts, 1 for counts).
    """
    digits = to_digits(text, lang)
    nums = [n for n in numbers_in(text, lang, digits) if not n.negative]
    if not nums:
        return None
    # "meer dan 50, zeg maar 55": the figure the person settles on wins over the bracket
    settled = [n for n in nums if re.search(SETTLED + r"\s*[€$]?\s*$", digits[: n.start])]
    if settled:
        return settled[-1].value
    if len(nums) >= 2:
        between = digits[nums[0].end : nums[1].start]
        if re.fullmatch(r"\s*(?:-|–|tot|en|and|to|a|à|or|of)\s*", between):
            low, high = nums[0].value, nums[1].value
            # "tussen 1 en 5 miljoen": the multiplier is said once, at the end
            if re.search(r"\d\s?(?:" + _MULT_WORDS + r")(?![a-z])", normalise(text)):
                for factor in (1_000_000_000, 1_000_000, 1_000):
                    if low < 1000 and high >= factor and low * factor <= high:
                        low *= factor
                        break
            return (low + high) / 2
    first = nums[0]
    before = digits[max(0, first.start - 25) : first.start]
    step = bias or max(first.value * 0.001, 0.5)
    if re.search(LESS + r"\s*[€$]?\s*$", before):
        return first.value - step
    if re.search(MORE + r"\s*[€$]?\s*$", before):
        return first.value + step
    return first.value
