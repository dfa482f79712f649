"""Text folding and cleaning, in one place: every reader compares text the same way."""

from __future__ import annotations

import html
import re
import unicodedata
from typing import List, Optional

from wereldwijs.vocabulary import MAX_MESSAGE_CHARS

_TYPOGRAPHIC = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-"})


def strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def fold(text: str, lower: bool = False) -> str:
    """Accents stripped and typographic quotes/dashes made plain, one character for one, so that
    offsets into the folded text index the original text too."""
    plain = "".join((strip_accents(ch.lower() if lower else ch)[:1] or ch) for ch in text or "")
    return plain.translate(_TYPOGRAPHIC)


def normalise(text: str) -> str:
    """Lower case, accents stripped, typographic quotes unified, whitespace collapsed."""
    text = strip_accents(text).translate(_TYPOGRAPHIC)
    return re.sub(r"\s+", " ", text).strip().lower()


def clean(text: Optional[str]) -> str:
    """Markup and control characters removed, whitespace collapsed, length capped."""
    text = (text or "")[: MAX_MESSAGE_CHARS * 4]
    text = re.sub(r"(?is)<(script|style)\b.*?(</\1\s*>|$)", " ", text)
    text = re.sub(r"<[^>]{0,200}>", " ", text)
    text = html.unescape(text)
    text = re.sub(r"[*`#>~|\[\]{}\\]+", " ", text)
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return re.sub(r"\s+", " ", text).strip()[:MAX_MESSAGE_CHARS]


_VOWELS = "aeiou"


def singulars(word: str) -> List[str]:
    """The singulars a plural may have, by the regular Dutch and English rules (lower-case,
    folded words): "verkoopkantoren" -> verkoopkantoor, "filialen" -> filiaal, "beurzen" -> beurs,
    "factories" -> factory, "licenties" -> licentie. A word that is no plural gives []."""
    if len(word) > 5 and word.endswith("ies"):
        return [word[:-1], word[:-3] + "y"]
    if len(word) > 5 and word.endswith("en") and word[-3] not in _VOWELS:
        stem = word[:-2]
        stem = stem[:-1] + {"z": "s", "v": "f"}.get(stem[-1], stem[-1])
        if stem[-1] == stem[-2]:  # a double consonant after a short vowel ("bedden")
            return [stem[:-1]]
        if stem[-2] in _VOWELS and stem[-1] not in _VOWELS:
            # an open syllable ("kan-to-ren") is closed in the singular, with a double vowel
            return [stem, stem[:-1] + stem[-2] + stem[-1]]
        return [stem]
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return [word[:-1]]
    return []


def singular_readings(text: str) -> List[str]:
    """The text as written, and with each plural made singular (first and last candidate), so
    that word stems written in the singular also find the plural: "verkoopkantoren"."""

    def reading(pick: int) -> str:
        return re.sub(r"[a-z]{5,}", lambda m: (singulars(m.group(0)) or [m.group(0)])[pick], text)

    return [text, reading(0), reading(-1)]
