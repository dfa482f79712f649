"""The SQL tracker store's event rows, read and written without redoing work on every message.

Rasa's SQLTrackerStore reads every row of the conversation (its latest session, or all of them
for the HTTP API's tracker) on every message, decodes each and replays them all on a fresh
tracker (`DialogueStateTracker.from_dict`): the cost grows with the conversation, and it was the
largest share of the server's time under load (docs/performance.md, round 3).

Here each store object keeps the tracker it last read per conversation (`KEEP` trackers, the
least recently read dropped first) and on the next read asks the database two things:

1. the rows stored after the last one it holds (`id > last_id`), and
2. a fingerprint of the rows it holds: their count, highest id and latest timestamp
   (`id <= last_id`, every session).

When the fingerprint is unchanged, the rows it holds are still exactly the stored ones, so the
new rows, decoded and applied to a copy of the kept tracker, give the tracker Rasa's read gives
(same events in id order, same state: the state of a tracker is the replay of its events).
Anything else reads the conversation whole, as Rasa does:
- rows deleted ("forget me", retention) change the count;
- SQLite reuses the ids of deleted rows at the end of the table: the reused row is newer, so the
  latest timestamp changes (a count and highest id alone could match);
- a row committed late under a lower id (PostgreSQL sequences, another server) changes the count;
- a new session started (latest-session reads only): Rasa's read then starts at the new session.
Several servers sharing one store therefore never see stale state: every read asks the
database, only the decoding and the replay of rows already seen are saved. Nothing is kept
between reads but the tracker and its fingerprint; a kept tracker is never handed out (copies
only), and it is built from stored rows only, never from the tracker a turn saves.

Writing stores the rows Rasa's save stores (the tracker's events after the ones already stored
in its latest session, counted with Rasa's query), with a statement built once and one insert
for all of them: Rasa builds its count query anew and an ORM object per event, flushed one by
one (together a tenth of the server's time under load).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

import sqlalchemy as sa
from rasa.shared.core.events import SessionStarted, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from rasa_plugins import speedups

# Trackers kept per store object (per server process; a conversation read both ways, latest
# session and all, counts twice): the least recently read goes first, and none is kept longer
# than KEEP_SECONDS after its last read (a conversation erased by the retention command, another
# process, is not held in memory for long). A whole intake (229 events) holds about 0.3 MB, so
# at most about 150 MB.
KEEP = 500
KEEP_SECONDS = 1800.0
Fingerprint = Tuple[int, Optional[int], Optional[float]]  # count, highest id, latest timestamp


@dataclass
class Kept:
    """A tracker read from the store, with what identifies the rows it was built from."""

    tracker: DialogueStateTracker  # never handed out: copies only
    last_id: int
    fingerprint: Fingerprint  # of the sender's rows with id <= last_id, every session
    session_start: Optional[float]  # latest-session reads: Rasa's session start, else None
    read_at: float = field(default_factory=time.monotonic)


class KeptTrackers:
    """The last tracker read per (conversation, all sessions or latest), least recent dropped."""

    def __init__(self, size: int = KEEP, seconds: float = KEEP_SECONDS):
        self.size, self.seconds = size, seconds
        self.by_key: "OrderedDict[Tuple[Text, bool], Kept]" = OrderedDict()

    def get(self, key: Tuple[Text, bool]) -> Optional[Kept]:
        self._expire()
        kept = self.by_key.get(key)
        if kept is not None:
            kept.read_at = time.monotonic()
            self.by_key.move_to_end(key)
        return kept

    def put(self, key: Tuple[Text, bool], kept: Kept) -> None:
        self.by_key[key] = kept
        self.by_key.move_to_end(key)
        while len(self.by_key) > self.size:
            self.by_key.popitem(last=False)

    def drop(self, key: Tuple[Text, bool]) -> None:
        self.by_key.pop(key, None)

    def forget(self, sender_id: Text) -> None:
        """Hold nothing more of this conversation (its rows were erased)."""
        for latest in (True, False):
            self.drop((sender_id, latest))

    def _expire(self) -> None:
        oldest = time.monotonic() - self.seconds
        while self.by_key and next(iter(self.by_key.values())).read_at < oldest:
            self.by_key.popitem(last=False)


def applicable(
    rows: Sequence[Any], session_start: Optional[float], latest_session: bool
) -> Optional[List[Any]]:
    """The new rows a read includes, or None when the conversation must be read whole (a new
    session started). Rasa's latest-session read takes the rows at or after the latest
    SessionStarted's timestamp (or every row when there is none)."""
    if not latest_session:
        return list(rows)
    if any(row.type_name == SessionStarted.type_name for row in rows):
        return None
    if session_start is None:
        return list(rows)
    return [row for row in rows if row.timestamp is not None and row.timestamp >= session_start]


class EventRowsMixin:
    """SQLTrackerStore's reads and writes without redone work (put it before SQLTrackerStore).

    Reads: only the rows that changed are read and replayed (module docstring). Writes: Rasa's
    save (the same rows: the events not stored yet, counted as Rasa counts them) with one
    precompiled count and one multi-row insert instead of an ORM object and a unit-of-work flush
    per event.
    """

    _kept: Optional[KeptTrackers] = None
    _statements: Optional["Statements"] = None

    @property
    def kept_trackers(self) -> KeptTrackers:
        if self._kept is None:
            self._kept = KeptTrackers()
        return self._kept

    @property
    def _sql(self) -> "Statements":
        if self._statements is None:
            self._statements = Statements(self.SQLEvent.__table__)
        return self._statements

    # ------------------------------------------------------------ reading
    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool) -> Any:
        if not speedups.enabled():
            return await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        key = (sender_id, fetch_events_from_all_sessions)
        kept = self.kept_trackers.get(key)
        with self.session_scope() as session:
            if kept is not None and self._read_on(session, key, kept):
                return kept.tracker.copy()
            tracker = self._read_whole(session, key)
        return None if tracker is None else tracker.copy()

    def _read_on(self, session: Any, key: Tuple[Text, bool], kept: Kept) -> bool:
        """Bring the kept tracker up to date; False when the conversation must be read whole.
        The order of the statements matters: a change between them shows in the second."""
        sender_id, every_session = key
        rows = session.execute(self._sql.newer, {"sender": sender_id, "after": kept.last_id}).all()
        now = session.execute(self._sql.fingerprint, {"sender": sender_id, "upto": kept.last_id})
        if tuple(now.one()) != kept.fingerprint:
            return False
        new = applicable(rows, kept.session_start, not every_session)
        if new is None:
            return False
        if rows:
            try:
                for event in deserialise_events([speedups.loads(row.data) for row in new]):
                    kept.tracker.update(event)
                kept.tracker.applied_events()  # worked out once here, shared by every copy
            except BaseException:  # half applied: never use it again
                self.kept_trackers.drop(key)
                raise
            kept.last_id, kept.fingerprint = rows[-1].id, extended(kept.fingerprint, rows)
        return True

    def _read_whole(self, session: Any, key: Tuple[Text, bool]) -> Optional[DialogueStateTracker]:
        """Rasa's read (the same query), kept with its fingerprint."""
        sender_id, every_session = key
        self.kept_trackers.drop(key)
        table = self.SQLEvent.__table__
        query = self._event_query(session, sender_id, fetch_events_from_all_sessions=every_session)
        rows = query.with_entities(
            table.c.id, table.c.type_name, table.c.timestamp, table.c.data
        ).all()
        if not (self.domain and rows):
            return None
        events = deserialise_events([speedups.loads(row.data) for row in rows])
        tracker = DialogueStateTracker.from_events(sender_id, events, self.domain.slots)
        tracker.applied_events()
        last_id = rows[-1].id
        fingerprint = session.execute(self._sql.fingerprint, {"sender": sender_id, "upto": last_id})
        starts = [row.timestamp for row in rows if row.type_name == SessionStarted.type_name]
        session_start = max(starts) if starts and not every_session else None
        self.kept_trackers.put(key, Kept(tracker, last_id, tuple(fingerprint.one()), session_start))
        return tracker

    # ------------------------------------------------------------ writing
    async def save(self, tracker: DialogueStateTracker) -> None:
        if not speedups.enabled():
            return await super().save(tracker)
        await self.stream_events(tracker)
        with self.session_scope() as session:
            stored = session.execute(self._sql.stored, {"sender": tracker.sender_id}).scalar()
            rows = [event_row(tracker.sender_id, e) for e in islice(tracker.events, stored, None)]
            if rows:
                session.execute(self._sql.insert, rows)
            session.commit()

    def warm_up(self, sender_id: Text) -> None:
        """Every statement of a turn once (reads of a conversation that does not exist, a
        write rolled back), so the first person does not pay for their first compilation and
        the first connection; nothing stays in the store or in memory."""
        with self.session_scope() as session:
            for every_session in (False, True):
                self._read_whole(session, (sender_id, every_session))
            kept = Kept(None, 0, (0, None, None), None)
            self._read_on(session, (sender_id, True), kept)
            session.execute(self._sql.stored, {"sender": sender_id}).scalar()
            session.execute(self._sql.insert, [event_row(sender_id, SessionStarted())])
            session.rollback()


def extended(fingerprint: Fingerprint, rows: Sequence[Any]) -> Fingerprint:
    """The fingerprint of the kept rows and these newer ones (all of them, any session)."""
    count, _, newest = fingerprint
    stamps = [row.timestamp for row in rows if row.timestamp is not None]
    if newest is not None:
        stamps.append(newest)
    return count + len(rows), rows[-1].id, max(stamps) if stamps else None


def event_row(sender_id: Text, event: Any) -> Dict[Text, Any]:
    """The row Rasa's SQLTrackerStore.save stores for an event."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": speedups.dumps(data),
    }


class Statements:
    """The store's SQL, built once (SQLAlchemy caches their compiled form)."""

    def __init__(self, table: sa.Table):
        c = table.c
        by_sender = c.sender_id == sa.bindparam("sender")
        # rows newer than the kept ones, and the fingerprint of the kept ones
        self.newer = (
            sa.select(c.id, c.type_name, c.timestamp, c.data)
            .where(by_sender, c.id > sa.bindparam("after"))
            .order_by(c.id)
        )
        self.fingerprint = sa.select(
            sa.func.count(c.id), sa.func.max(c.id), sa.func.max(c.timestamp)
        ).where(by_sender, c.id <= sa.bindparam("upto"))
        # Rasa's count of the stored events of the latest session (SQLTrackerStore._event_query:
        # at or after the latest SessionStarted's timestamp, or all when there is none)
        session_start = (
            sa.select(sa.func.max(c.timestamp))
            .where(by_sender, c.type_name == SessionStarted.type_name)
            .scalar_subquery()
        )
        self.stored = sa.select(sa.func.count(c.id)).where(
            by_sender, sa.or_(c.timestamp >= session_start, session_start.is_(None))
        )
        self.insert = table.insert()
