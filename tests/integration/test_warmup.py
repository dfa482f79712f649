"""The Rasa server warms up (parses, one turn through the action server, the tracker store's reads
and writes) before /status answers, and leaves no conversation in the tracker store."""

import sqlite3

from tests.integration.servers import RestClient


def stored_senders(db):
    with sqlite3.connect(db) as con:
        tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master")}
        if "events" not in tables:
            return []
        return [s for (s,) in con.execute("SELECT DISTINCT sender_id FROM events")]


def test_warm_before_ready_and_nothing_left_in_the_store(rasa_server_factory, tmp_path):
    db = tmp_path / "warm.db"
    server = rasa_server_factory(db_path=db)  # returns once /status answers
    log = server.log()
    assert "Warm-up done" in log and "2 parses, " in log and "a turn with" in log, log[-3000:]
    assert "the tracker store's reads and writes (rolled back)" in log
    assert log.index("Warm-up done") < log.index("Rasa server is up and running")
    assert stored_senders(db) == []

    replies = RestClient(server, "first-person").say("Hallo, ik wil graag advies over export")
    assert replies and all(r.get("text") for r in replies)
    assert stored_senders(db) == ["first-person"]


def test_switched_off_no_warm_up(rasa_server_factory, tmp_path):
    server = rasa_server_factory(db_path=tmp_path / "cold.db", env={"WERELDWIJS_SPEEDUPS": "0"})
    assert "Warm-up" not in server.log()
    assert RestClient(server, "cold").say("Hallo")
