"""SQL tracker store that really forgets, and never fails silently.

Rasa's SQL store only appends events, so a `Restarted` event resets the conversation state but
keeps everything said before in the database. Wereldwijs emits `Restarted` only when a user
confirms "delete my data" (intent forget_me; "start over" is a confirmed slot reset instead),
so this store deletes the stored events of that conversation up to the restart, and every other
record of it registered in rasa_plugins/retention.py.

Rasa's SQLTrackerStore also retries an unreachable database forever at start (logging "Could
not create tables" and carrying on when the tables cannot be made), and while running its
FailSafeTrackerStore wrapper turns a failing store into a fresh tracker or an in-memory copy.
Here: the database must answer within WERELDWIJS_STORE_WAIT seconds (default 20) and have its
tables, or the server stops with a clear message; a store error while running ends the turn
with a clear message to the person (rasa_plugins/resilience.py), never a silent switch.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any, Iterable, Optional, Text

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs, is_postgresql_url
from rasa.shared.core.events import Restarted
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from rasa_plugins import resilience, retention, speedups
from rasa_plugins.event_rows import EventRowsMixin

logger = logging.getLogger(__name__)
WAIT_VARIABLE = "WERELDWIJS_STORE_WAIT"
DEFAULT_WAIT_SECONDS = 20.0

resilience.install()


def last_restart(tracker: DialogueStateTracker) -> Optional[float]:
    for event in reversed(tracker.events):
        if isinstance(event, Restarted):
            return event.timestamp
    return None


def wait_seconds() -> float:
    try:
        return max(1.0, float(os.environ.get(WAIT_VARIABLE, DEFAULT_WAIT_SECONDS)))
    except ValueError:
        return DEFAULT_WAIT_SECONDS


def sqlite_write_ahead(dbapi_connection: Any, _record: Any) -> None:
    """SQLite in write-ahead-log mode, synced at checkpoints: a commit costs 0.06 ms instead
    of 1.5 ms (an fsync, blocking the event loop; docs/performance.md). A committed turn survives
    a crash of the server; only a power cut or an OS crash can lose the last turns. Readers and
    the writer no longer block each other (several workers on one file)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def engine_for(url: Any) -> sa.engine.Engine:
    """Rasa's engine settings, plus a connect timeout and a liveness check of pooled
    connections (a database restarted under a running server otherwise fails once per
    pooled connection); a SQLite file kept open in a pool, in write-ahead-log mode."""
    url = sa.engine.make_url(url)
    kwargs = create_engine_kwargs(url)
    if is_postgresql_url(url):
        kwargs.setdefault("connect_args", {})["connect_timeout"] = 5
    sqlite_file = url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
    if not (sqlite_file and speedups.enabled()):  # off: Rasa's engine (the benchmark's before)
        return sa.create_engine(url, pool_pre_ping=True, **kwargs)
    # SQLAlchemy 1.4 opens and closes a SQLite file per session (NullPool: 5% of the server's
    # time under load); 2.0 pools it, as here. The store is used by one thread at a time.
    kwargs["connect_args"] = {**kwargs.get("connect_args", {}), "check_same_thread": False}
    engine = sa.create_engine(url, poolclass=sa.pool.QueuePool, **kwargs)
    sa.event.listen(engine, "connect", sqlite_write_ahead)
    return engine


def stop_server(reason: str) -> None:
    message = f"Wereldwijs cannot start: the tracker store is not usable ({reason})."
    logger.critical(message)
    raise SystemExit(message)


def probe(url: Any, seconds: float) -> None:
    """Connect within `seconds`, or stop the server saying why."""
    deadline = time.monotonic() + seconds
    engine = engine_for(url)
    try:
        while True:
            try:
                with engine.connect() as connection:
                    connection.execute(sa.text("SELECT 1"))
                return
            except SQLAlchemyError as error:
                if time.monotonic() >= deadline:
                    stop_server(
                        f"no connection within {seconds:.0f} s: {type(getattr(error, 'orig', None) or error).__name__}"
                    )
                time.sleep(1)
    finally:
        engine.dispose()  # its pooled connection is not the store's: close it now


def unavailable(error: Exception) -> resilience.ServiceUnavailable:
    logger.error("Tracker store error: %s", type(error).__name__)
    return resilience.ServiceUnavailable("tracker store")


class ForgetfulSQLTrackerStore(EventRowsMixin, SQLTrackerStore):
    def __init__(
        self,
        domain=None,
        dialect: Text = "sqlite",
        host: Optional[Text] = None,
        port: Optional[int] = None,
        db: Text = "rasa.db",
        username: Text = None,
        password: Text = None,
        event_broker=None,
        login_db: Optional[Text] = None,
        query: Optional[dict] = None,
        **kwargs: Any,
    ) -> None:
        url = self.get_db_url(
            dialect, host, None if port is None else int(port), db, username, password,
            None, query,
        )  # fmt: skip
        if not login_db:  # with login_db Rasa first creates `db`, so probe after that
            probe(url, wait_seconds())
        super().__init__(
            domain, dialect, host, port, db, username, password, event_broker, login_db,
            query, **kwargs,
        )  # fmt: skip
        self.engine = engine_for(self.engine.url)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        if not sa.inspect(self.engine).has_table(self.SQLEvent.__tablename__):
            stop_server(f"the table {self.SQLEvent.__tablename__!r} could not be created")

    async def keys(self) -> Iterable[Text]:
        try:
            return await super().keys()
        except DBAPIError as error:
            raise unavailable(error) from error

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        try:
            return await super().retrieve(sender_id)
        except DBAPIError as error:
            raise unavailable(error) from error

    async def retrieve_full_tracker(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        try:
            return await super().retrieve_full_tracker(sender_id)
        except DBAPIError as error:
            raise unavailable(error) from error

    async def save(self, tracker: DialogueStateTracker) -> None:
        try:
            await super().save(tracker)
            restart = last_restart(tracker)
            if restart is None:
                return
            with self.session_scope() as session:
                session.query(self.SQLEvent).filter(
                    self.SQLEvent.sender_id == tracker.sender_id,
                    self.SQLEvent.timestamp <= restart,
                ).delete(synchronize_session=False)
                session.commit()
            self.kept_trackers.forget(tracker.sender_id)  # nothing of it stays in memory either
            # the other per-conversation records (hand-off records, ...) go with it
            retention.erase_records(self.engine, [tracker.sender_id])
        except DBAPIError as error:
            raise unavailable(error) from error
