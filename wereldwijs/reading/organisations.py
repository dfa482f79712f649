"""Support organisations named in free text, by any of their names: today's, the survey's (2009),
abbreviations ("Delcredere" -> credendo). The names live in content/names/org_aliases.csv."""

from __future__ import annotations

from functools import lru_cache
from typing import List, Tuple

from wereldwijs import content
from wereldwijs.reading.places import PhraseMatcher


@lru_cache(maxsize=1)
def org_names() -> List[Tuple[str, str]]:
    """(name, org id) for every name a person may use."""
    return [
        (alias, row["org"])
        for row in content.rows("names/org_aliases.csv")
        for alias in row["aliases"].split("|")
        if alias.strip()
    ]


@lru_cache(maxsize=1)
def _matcher() -> PhraseMatcher:
    return PhraseMatcher(org_names())


def find_organisations(text: str) -> List[str]:
    """Organisation ids named in the text, in order, without repeats."""
    return list(dict.fromkeys(_matcher().find(text or "")))
