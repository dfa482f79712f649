"""Reads that replay only what changed (rasa_plugins/event_rows.py): every read gives what
Rasa's own SQL store reads from the same database, whatever other servers did in between."""

import asyncio
import json
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

import rasa_plugins  # noqa: F401  (installs the speed-ups, as every `rasa run` does)
from rasa_plugins import model_inputs, speedups
from rasa_plugins.event_rows import EventRowsMixin, Kept, KeptTrackers, applicable
from rasa_plugins.tracker_store import ForgetfulSQLTrackerStore
from tests.integration.services import pg_service  # noqa: F401  (fixture)

DOMAIN = Domain.load(model_inputs.ROOT / "domain.yml")
SENDER = "firm"
T0 = 1_700_000_000.0


def state(tracker):
    return None if tracker is None else tracker.current_state(EventVerbosity.ALL)


def user(text, at):
    intent = {"name": text.split()[0], "confidence": 0.9}
    return UserUttered(
        text, intent, [], {"text": text, "intent": intent, "entities": []}, timestamp=at
    )


class Conversation:
    """Servers (store objects) on one database, and Rasa's own store as the reference."""

    def __init__(self, url_kwargs, servers=2):
        self.servers = [ForgetfulSQLTrackerStore(DOMAIN, **url_kwargs) for _ in range(servers)]
        self.rasa = SQLTrackerStore(DOMAIN, **url_kwargs)
        self.clock = T0

    def tick(self, back: bool = False) -> float:
        self.clock += 1.0
        return T0 - 5.0 if back else self.clock  # `back`: a stamp older than every session

    def append(self, server: int, events) -> None:
        """One turn on one server: read, add events, save (as Rasa's processor does)."""
        store = self.servers[server]
        tracker = run(store.retrieve(SENDER)) or DialogueStateTracker(SENDER, DOMAIN.slots)
        for event in events:
            tracker.update(event)
        run(store.save(tracker))

    def erase(self) -> None:
        """The retention command (another process) erases the conversation's rows."""
        with self.rasa.session_scope() as session:
            session.query(self.rasa.SQLEvent).filter_by(sender_id=SENDER).delete()
            session.commit()

    def check(self) -> None:
        for read in ("retrieve", "retrieve_full_tracker"):
            expected = state(run(getattr(self.rasa, read)(SENDER)))
            for store in self.servers:
                assert state(run(getattr(store, read)(SENDER))) == expected, read


def run(coroutine):
    return asyncio.run(coroutine)


def sqlite(tmp: Path) -> dict:
    return {"dialect": "sqlite", "db": str(tmp / "trackers.db")}


# ---------------------------------------------------------------- any interleaving, SQLite
EVENT_KINDS = ["listen", "user", "slot", "bot", "loop", "session", "restart", "old_stamp"]


def make_events(kind: str, c: Conversation):
    if kind == "listen":
        return [ActionExecuted("action_listen", timestamp=c.tick())]
    if kind == "user":
        return [user("inform we zijn met 40", c.tick())]
    if kind == "slot":
        return [SlotSet("employees", c.clock, timestamp=c.tick())]
    if kind == "bot":
        return [BotUttered("Hoeveel mensen?", timestamp=c.tick())]
    if kind == "loop":
        return [
            ActionExecuted("profile_form", timestamp=c.tick()),
            ActiveLoop("profile_form", timestamp=c.tick()),
        ]
    if kind == "session":  # what Rasa's action_session_start stores
        return [
            ActionExecuted("action_session_start", timestamp=c.tick()),
            SessionStarted(timestamp=c.tick()),
            ActionExecuted("action_listen", timestamp=c.tick()),
        ]
    if kind == "restart":  # "forget me": the store deletes everything up to the restart
        return [Restarted(timestamp=c.tick())]
    return [SlotSet("sector", "late", timestamp=c.tick(back=True))]  # outside the latest session


STEPS = st.lists(
    st.one_of(
        st.tuples(
            st.just("turn"),
            st.integers(0, 1),
            st.lists(st.sampled_from(EVENT_KINDS), min_size=1, max_size=4),
        ),
        st.tuples(st.just("read"), st.integers(0, 1), st.just([])),
        st.tuples(st.just("erase"), st.just(0), st.just([])),
    ),
    min_size=1,
    max_size=14,
)


@settings(max_examples=60, deadline=None)
@given(STEPS)
def test_every_read_is_rasas_read_whatever_the_servers_did(steps):
    with tempfile.TemporaryDirectory() as tmp:
        c = Conversation(sqlite(Path(tmp)))
        for step, server, kinds in steps:
            if step == "turn":
                c.append(server, [e for kind in kinds for e in make_events(kind, c)])
            elif step == "erase":
                c.erase()
            c.check()


def test_the_kept_tracker_is_used_when_nothing_else_changed(tmp_path, monkeypatch):
    """The reads above pass through Rasa's read too; this one shows the shortcut is taken."""
    c = Conversation(sqlite(tmp_path), servers=1)
    whole = []
    read_whole = EventRowsMixin._read_whole
    monkeypatch.setattr(
        EventRowsMixin, "_read_whole", lambda self, *a: whole.append(a[1]) or read_whole(self, *a)
    )
    c.append(0, make_events("session", c))
    for _ in range(5):
        c.append(0, make_events("user", c) + make_events("slot", c) + make_events("listen", c))
    c.check()
    # whole: the read of the new conversation (nothing stored yet), then the first read of
    # each kind (latest session, every session); every other read took the new rows only
    assert whole == [(SENDER, False), (SENDER, False), (SENDER, True)]
    c.append(0, make_events("session", c))  # a new session: Rasa's read starts there
    c.check()
    assert whole[3:] == [(SENDER, False)]


def test_ids_reused_by_sqlite_after_an_erasure_are_noticed(tmp_path):
    """SQLite gives a new row the highest id + 1: erase the newest rows and the next rows get
    the same ids again. Same count and same highest id; the timestamp tells them apart."""
    c = Conversation(sqlite(tmp_path))
    c.append(
        0, [user("inform eerste", c.tick()), SlotSet("sector", "bakkerij", timestamp=c.tick())]
    )
    before = run(c.servers[0].retrieve(SENDER))
    ids = lambda: [r.id for r in c.rasa.sessionmaker().query(c.rasa.SQLEvent.id).order_by("id")]  # noqa: E731
    first_ids = ids()
    c.erase()
    c.append(
        1, [user("inform tweede", c.tick()), SlotSet("sector", "brouwerij", timestamp=c.tick())]
    )
    assert ids() == first_ids  # the same ids, other rows
    after = run(c.servers[0].retrieve(SENDER))
    assert after.get_slot("sector") == "brouwerij" and before.get_slot("sector") == "bakkerij"
    c.check()


def test_a_returned_tracker_is_a_copy(tmp_path):
    c = Conversation(sqlite(tmp_path), servers=1)
    c.append(0, make_events("session", c) + make_events("user", c))
    store = c.servers[0]
    first = run(store.retrieve(SENDER))
    first.update(SlotSet("sector", "changed only here"))
    assert run(store.retrieve(SENDER)).get_slot("sector") is None
    c.check()


def test_forget_me_leaves_nothing_of_the_conversation_in_memory(tmp_path):
    c = Conversation(sqlite(tmp_path), servers=1)
    store = c.servers[0]
    c.append(0, make_events("session", c) + [SlotSet("sector", "bakkerij", timestamp=c.tick())])
    run(store.retrieve_full_tracker(SENDER))
    assert store.kept_trackers.by_key
    c.append(0, make_events("restart", c))
    assert not store.kept_trackers.by_key
    c.check()


def test_switched_off_every_read_is_rasas(tmp_path, monkeypatch):
    c = Conversation(sqlite(tmp_path), servers=1)
    c.append(0, make_events("session", c))
    monkeypatch.setenv(speedups.SWITCH, "0")
    run(c.servers[0].retrieve(SENDER))
    assert not c.servers[0].kept_trackers.by_key
    c.check()


# ---------------------------------------------------------------- PostgreSQL
def postgres(pg) -> dict:
    return {"dialect": "postgresql", "host": "127.0.0.1", "port": pg.port, "db": "rasa",
            "username": "postgres"}  # fmt: skip


def test_a_row_committed_late_under_a_lower_id_is_noticed(pg_service):  # noqa: F811
    """Another server's transaction takes id n, this one n+1 and commits first: a reader holds
    n+1 before n exists. When n commits, the count of the rows up to n+1 changes."""
    c = Conversation(postgres(pg_service))
    c.append(0, make_events("session", c))
    run(c.servers[0].retrieve(SENDER))
    engine = sa.create_engine(pg_service.url)
    table = c.rasa.SQLEvent.__table__

    def row(event):
        return {"sender_id": SENDER, "type_name": event.type_name, "timestamp": event.timestamp,
                "data": speedups.dumps(event.as_dict())}  # fmt: skip

    late = engine.connect()
    slow = late.begin()
    late.execute(table.insert(), row(SlotSet("sector", "first taken", timestamp=c.tick())))
    with engine.begin() as quick:  # commits first, with the higher id
        quick.execute(table.insert(), row(SlotSet("employees", 12.0, timestamp=c.tick())))
    seen = run(c.servers[0].retrieve(SENDER))
    assert seen.get_slot("employees") == 12.0 and seen.get_slot("sector") is None
    slow.commit()
    late.close()
    slots = pg_service.query(
        "SELECT data FROM events WHERE sender_id = %s AND type_name = 'slot' ORDER BY id", (SENDER,)
    )
    assert [json.loads(data)["name"] for (data,) in slots] == ["sector", "employees"]  # late, lower
    c.check()  # the late row is read, in id order, by every server
    engine.dispose()


def test_alternating_servers_on_postgres(pg_service):  # noqa: F811
    c = Conversation(postgres(pg_service))
    for i, kind in enumerate(
        ["session", "user", "loop", "slot", "bot", "listen", "restart", "user", "session"]
    ):
        c.append(i % 2, make_events(kind, c))
        c.check()


# ---------------------------------------------------------------- the pieces
def test_kept_trackers_keep_the_most_recently_read_and_expire():
    kept = KeptTrackers(size=2, seconds=60)
    entry = lambda: Kept(None, 1, (1, 1, 1.0), None)  # noqa: E731
    for name in "abc":
        kept.put((name, False), entry())
    assert list(kept.by_key) == [("b", False), ("c", False)]
    kept.get(("b", False))
    kept.put(("d", False), entry())
    assert list(kept.by_key) == [("b", False), ("d", False)]
    kept.by_key[("b", False)].read_at -= 61
    assert kept.get(("b", False)) is None and list(kept.by_key) == [("d", False)]
    kept.put(("d", True), entry())
    kept.forget("d")
    assert not kept.by_key


ROW = lambda kind, at: SimpleNamespace(type_name=kind, timestamp=at)  # noqa: E731


@pytest.mark.parametrize(
    "rows, session_start, latest, expected",
    [
        ([], None, True, []),
        ([ROW("slot", 5.0)], None, True, [0]),  # no session yet: every row
        ([ROW("slot", 5.0), ROW("slot", 1.0)], 3.0, True, [0]),  # older than the session: out
        ([ROW("slot", None)], 3.0, True, []),  # no timestamp: SQL's >= is not true
        ([ROW("slot", 1.0)], 3.0, False, [0]),  # every session: every row
        ([ROW("slot", 5.0), ROW("session_started", 6.0)], 3.0, True, None),  # read whole
        ([ROW("session_started", 6.0)], 3.0, False, [0]),
    ],
)
def test_which_new_rows_a_read_takes(rows, session_start, latest, expected):
    taken = applicable(rows, session_start, latest)
    assert taken == (None if expected is None else [rows[i] for i in expected])


# ---------------------------------------------------------------- writing
def stored_rows(store):
    with store.session_scope() as session:
        rows = session.query(store.SQLEvent).order_by(store.SQLEvent.id).all()
        return [
            (
                r.sender_id,
                r.type_name,
                r.timestamp,
                r.intent_name,
                r.action_name,
                json.loads(r.data),
            )
            for r in rows
        ]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(EVENT_KINDS), min_size=1, max_size=4), min_size=1, max_size=8)
)
def test_the_rows_written_are_the_rows_rasa_writes(turns):
    """The same turns saved through our store and through Rasa's, each on its own database."""
    with tempfile.TemporaryDirectory() as tmp:
        ours = ForgetfulSQLTrackerStore(DOMAIN, dialect="sqlite", db=f"{tmp}/ours.db")
        rasas = SQLTrackerStore(DOMAIN, dialect="sqlite", db=f"{tmp}/rasas.db")
        c = Conversation(sqlite(Path(tmp)), servers=1)  # only its clock and events
        for kinds in turns:
            events = [e for kind in kinds if kind != "restart" for e in make_events(kind, c)]
            for store in (ours, rasas):
                tracker = run(rasas.retrieve(SENDER)) or DialogueStateTracker(SENDER, DOMAIN.slots)
                for event in events:
                    tracker.update(event)
                run(store.save(tracker))
            assert stored_rows(ours) == stored_rows(rasas)


def test_rasas_save_is_still_the_rows_we_write():
    import inspect

    source = inspect.getsource(SQLTrackerStore.save)
    for part in (
        "await self.stream_events(tracker)",
        "events = self._additional_events(session, tracker)",
        "data = event.as_dict()",
        'data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY)',
        'action = data.get("name")',
        'timestamp = data.get("timestamp")',
        "type_name=event.type_name",
        "data=json.dumps(data)",
        "session.commit()",
    ):
        assert part in source, part
    additional = inspect.getsource(SQLTrackerStore._additional_events)
    assert "fetch_events_from_all_sessions=False" in additional and ".count()" in additional
    columns = set(SQLTrackerStore.SQLEvent.__table__.columns.keys())
    assert columns == {
        "id",
        "sender_id",
        "type_name",
        "timestamp",
        "intent_name",
        "action_name",
        "data",
    }


def test_the_warm_up_leaves_nothing_in_the_store_or_in_memory(tmp_path):
    c = Conversation(sqlite(tmp_path), servers=1)
    store = c.servers[0]
    store.warm_up("wereldwijs-warmup")
    assert stored_rows(store) == [] and not store.kept_trackers.by_key
    c.append(0, make_events("session", c))  # and the store works as before after it
    c.check()
