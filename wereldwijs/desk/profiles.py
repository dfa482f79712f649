"""The profiles, read from the tracker store at request time (never copied beside it).

Rasa's SQL tracker store keeps each conversation as a list of events in the table ``events``
(sender_id, type_name, timestamp, data as JSON). Replaying the slot events gives the current
slots: ``slot`` sets one, ``reset_slots`` and ``restart`` clear them all (a session start carries
the slots over: domain.yml ``carry_over_slots_to_new_session``). Works on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional

import sqlalchemy as sa

from wereldwijs.core.classify import Classification, classify
from wereldwijs.vocabulary import FirmProfile

CLEARING_EVENTS = ("reset_slots", "restart")
events = sa.table(
    "events",
    sa.column("id"),
    sa.column("sender_id"),
    sa.column("type_name"),
    sa.column("timestamp"),
    sa.column("data"),
)


@dataclass
class Conversation:
    sender_id: str
    slots: Dict[str, object]
    last_seen: float

    @property
    def profile(self) -> FirmProfile:
        return FirmProfile.from_slots(self.slots)

    @property
    def classification(self) -> Classification:
        return classify(self.profile)

    @property
    def language(self) -> Optional[str]:
        return self.slots.get("language")


def replay(rows: Iterable[tuple]) -> Dict[str, Conversation]:
    """(sender_id, type_name, timestamp, data) rows in event order -> conversations by id."""
    found: Dict[str, Conversation] = {}
    for sender, kind, timestamp, data in rows:
        conversation = found.setdefault(sender, Conversation(sender, {}, 0.0))
        conversation.last_seen = max(conversation.last_seen, timestamp or 0.0)
        if kind == "slot":
            event = json.loads(data or "{}")
            conversation.slots[event.get("name")] = event.get("value")
        elif kind in CLEARING_EVENTS:
            conversation.slots.clear()
    return found


def _rows(engine: sa.engine.Engine, sender_id: Optional[str] = None) -> List[tuple]:
    query = sa.select(events.c.sender_id, events.c.type_name, events.c.timestamp, events.c.data)
    query = query.where(events.c.type_name.in_(("slot",) + CLEARING_EVENTS))
    if sender_id is not None:
        query = query.where(events.c.sender_id == sender_id)
    with engine.connect() as db:
        if not sa.inspect(db).has_table("events"):
            return []
        return [tuple(row) for row in db.execute(query.order_by(events.c.id))]


def conversations(engine: sa.engine.Engine) -> Dict[str, Conversation]:
    """Every conversation with something known about the firm."""
    return {k: c for k, c in replay(_rows(engine)).items() if not c.profile.is_blank()}


def conversation(engine: sa.engine.Engine, sender_id: str) -> Optional[Conversation]:
    found = replay(_rows(engine, sender_id)).get(sender_id)
    return found if found and not found.profile.is_blank() else None
