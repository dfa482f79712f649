"""The data files and their one loader: knowledge (sourced survey and article facts), names (what
the NLU and the readers recognise: places, countries, organisations) and texts (the catalogue).

Every file is found relative to this folder and read once per process. The loader remembers which
files it read (``files_read``), so a test can hold the model fingerprint to what the NLU really
reads.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Set

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parent
_READ: Set[str] = set()


def path(relative: str) -> Path:
    """The absolute path of a data file, e.g. ``path("names/belgian_places.csv")``."""
    _READ.add(relative)
    return ROOT / relative


def files_read() -> Set[str]:
    """Data files read so far in this process, relative to the content folder."""
    return set(_READ)


@lru_cache(maxsize=None)
def table(relative: str) -> pd.DataFrame:
    """A CSV table, every cell a string; empty cells become None."""
    frame = pd.read_csv(path(relative), dtype=str, keep_default_na=False)
    return frame.replace({"": None})


def rows(relative: str) -> List[Dict[str, Any]]:
    """A CSV table as a list of row dicts (a fresh list: callers may not change the cache)."""
    return table(relative).to_dict("records")


@lru_cache(maxsize=None)
def document(relative: str) -> Any:
    """A YAML document."""
    return yaml.safe_load(path(relative).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def lines(relative: str) -> List[str]:
    """A text file's non-empty lines that are not comments."""
    text = path(relative).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def folder(relative: str, pattern: str = "*.yml") -> List[str]:
    """The data files in a sub-folder, sorted, relative to the content folder."""
    return sorted(f"{relative}/{p.name}" for p in (ROOT / relative).glob(pattern))
