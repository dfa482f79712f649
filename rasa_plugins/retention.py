"""Retention: erase the conversations nobody has touched for N days, on SQLite or PostgreSQL.

    python -m rasa_plugins.retention --days 90 --endpoints endpoints.yml [--dry-run]
    make forget-old DAYS=90

A conversation is old when its newest stored event is older than N days; all of it goes: its
events in the tracker store's table, and every other per-conversation record the project keeps
in the same database. Each kind has one eraser `erase(engine, sender_ids) -> rows removed`,
listed in RECORD_ERASERS (today: the advisor desk's hand-off records, contact included).
"forget me" uses the same erasers for one conversation (rasa_plugins/tracker_store.py).
The command prints counts only, never conversation ids (docs/privacy.md has the cron line).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

import sqlalchemy as sa

from wereldwijs.desk.store import erase_handoffs, url_from_endpoints

EVENTS_TABLE = "events"
Eraser = Callable[[sa.engine.Engine, Sequence[str]], int]
RECORD_ERASERS: List[Eraser] = [erase_handoffs]
BATCH = 500


def events_table(engine: sa.engine.Engine) -> Optional[sa.Table]:
    if not sa.inspect(engine).has_table(EVENTS_TABLE):
        return None
    return sa.Table(EVENTS_TABLE, sa.MetaData(), autoload_with=engine)


def old_conversations(engine: sa.engine.Engine, cutoff: float) -> List[str]:
    """Senders whose newest event is older than `cutoff` (a Unix time)."""
    events = events_table(engine)
    if events is None:
        return []
    query = (
        sa.select(events.c.sender_id)
        .group_by(events.c.sender_id)
        .having(sa.func.max(events.c.timestamp) < cutoff)
    )
    with engine.connect() as connection:
        return [row[0] for row in connection.execute(query)]


def erase_events(
    engine: sa.engine.Engine, sender_ids: Sequence[str], until: Optional[float] = None
) -> int:
    """Delete the events of these conversations (up to `until`, when given)."""
    events = events_table(engine)
    if events is None or not sender_ids:
        return 0
    removed = 0
    with engine.begin() as connection:
        for start in range(0, len(sender_ids), BATCH):
            condition = events.c.sender_id.in_(list(sender_ids[start : start + BATCH]))
            if until is not None:
                condition = sa.and_(condition, events.c.timestamp <= until)
            removed += connection.execute(events.delete().where(condition)).rowcount
    return removed


def erase_records(engine: sa.engine.Engine, sender_ids: Sequence[str]) -> Dict[str, int]:
    """Every registered per-conversation record of these conversations, by eraser name."""
    return {eraser.__name__: eraser(engine, sender_ids) for eraser in RECORD_ERASERS}


def forget_old(engine: sa.engine.Engine, days: float, now: Optional[float] = None) -> Dict:
    cutoff = (time.time() if now is None else now) - days * 86400
    senders = old_conversations(engine, cutoff)
    counts = {"conversations": len(senders), "events": erase_events(engine, senders)}
    counts.update(erase_records(engine, senders))
    return counts


def engine_from_endpoints(path: str) -> sa.engine.Engine:
    """The tracker store's database, as endpoints.yml (with ${VAR}s) describes it."""
    url = url_from_endpoints(Path(path))
    if url is None:
        raise SystemExit(f"{path} has no SQL tracker_store: nothing to erase.")
    return sa.create_engine(url)


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=float, required=True, help="keep conversations this recent")
    ap.add_argument("--endpoints", default="endpoints.yml")
    ap.add_argument("--dry-run", action="store_true", help="count, erase nothing")
    args = ap.parse_args(argv)
    if args.days < 1:
        ap.error("--days must be 1 or more")
    if not os.path.exists(args.endpoints):
        ap.error(f"{args.endpoints} not found")
    engine = engine_from_endpoints(args.endpoints)
    if args.dry_run:
        found = old_conversations(engine, time.time() - args.days * 86400)
        print(f"{len(found)} conversations older than {args.days:g} days (dry run)")
        return 0
    counts = forget_old(engine, args.days)
    print(
        f"erased {counts['conversations']} conversations older than {args.days:g} days: "
        + ", ".join(f"{name} {count}" for name, count in counts.items() if name != "conversations")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
