"""Export the collected profiles for researchers: one row per conversation, shaped like the
survey's questionnaire, as CSV and Parquet, without personal data (wereldwijs/desk/export.py).

    make export                                   (into exports/)
    python scripts/export_profiles.py --out DIR [--db-url sqlite:///tracker.db]

The database is the tracker store's: --db-url, else WERELDWIJS_DB_URL, else endpoints.yml's
tracker_store (SQLite or PostgreSQL).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wereldwijs.desk import store  # noqa: E402
from wereldwijs.desk.export import PSEUDONYM_SECRET, profile_table  # noqa: E402
from wereldwijs.desk.profiles import conversations  # noqa: E402


def main(argv: List[str] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "exports"), help="folder for the files")
    parser.add_argument("--db-url", help="SQLAlchemy URL of the tracker store")
    args = parser.parse_args(argv)
    url = args.db_url or store.database_url(os.environ, ROOT / "endpoints.yml")
    engine = store.engine_for(url)
    secret = store.shared_secret(engine, PSEUDONYM_SECRET)
    table = profile_table(list(conversations(engine).values()), secret)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "profiles.csv", index=False)
    table.to_parquet(out / "profiles.parquet", index=False)
    print(f"{len(table)} profiles -> {out / 'profiles.csv'}, {out / 'profiles.parquet'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
