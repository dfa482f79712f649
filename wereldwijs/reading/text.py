"""Text folding and cleaning, in one place: every reader compares text the same way."""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Optional

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
