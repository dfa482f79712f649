"""The message catalogue: every text the actions compose, in Dutch and English.

Texts live in wereldwijs/content/texts/*.yml, one mapping per file: ``key: {nl: ..., en: ...}``.
Keys are unique across files. Placeholders use str.format: ``{name}``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Dict

from wereldwijs import content
from wereldwijs.vocabulary import DEFAULT_LANGUAGE, LANGUAGES


@lru_cache(maxsize=1)
def catalogue() -> Dict[str, Dict[str, str]]:
    merged: Dict[str, Dict[str, str]] = {}
    for name in content.folder("texts"):
        for key, variants in (content.document(name) or {}).items():
            if key in merged:
                raise ValueError(f"text key {key!r} defined twice (again in {name})")
            merged[key] = variants
    return merged


def text(key: str, lang: str, **values) -> str:
    """The text for ``key`` in ``lang`` (falls back to the default language), formatted."""
    entry = catalogue()[key]
    template = entry.get(lang if lang in LANGUAGES else DEFAULT_LANGUAGE) or entry[DEFAULT_LANGUAGE]
    return template.format(**values) if values else template


def has(key: str) -> bool:
    return key in catalogue()
