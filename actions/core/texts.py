"""The message catalogue: every text the actions compose, in Dutch and English.

Texts live in actions/texts/*.yml, one mapping per file: ``key: {nl: ..., en: ...}``.
Keys are unique across files. Placeholders use str.format: ``{name}``.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict

import yaml

from actions.core.profile import DEFAULT_LANGUAGE, LANGUAGES

TEXT_DIR = Path(__file__).resolve().parent.parent / "texts"


@lru_cache(maxsize=1)
def catalogue() -> Dict[str, Dict[str, str]]:
    merged: Dict[str, Dict[str, str]] = {}
    for path in sorted(TEXT_DIR.glob("*.yml")):
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, variants in entries.items():
            if key in merged:
                raise ValueError(f"text key {key!r} defined twice (again in {path.name})")
            merged[key] = variants
    return merged


def text(key: str, lang: str, **values) -> str:
    """The text for ``key`` in ``lang`` (falls back to the default language), formatted."""
    entry = catalogue()[key]
    template = entry.get(lang if lang in LANGUAGES else DEFAULT_LANGUAGE) or entry[DEFAULT_LANGUAGE]
    return template.format(**values) if values else template


def has(key: str) -> bool:
    return key in catalogue()
