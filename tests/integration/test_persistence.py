"""The SQLite tracker store: conversations survive a restart, and "delete my data" erases them."""

from __future__ import annotations

import json
import sqlite3
import uuid

from tests.integration.servers import RestClient


def stored_events(db_path, sender):
    with sqlite3.connect(db_path) as db:
        return [
            row[0]
            for row in db.execute(
                "SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender,)
            )
        ]


def test_conversation_survives_a_server_restart(rasa_server_factory, server_dir):
    db_path = server_dir / f"restart-{uuid.uuid4().hex[:6]}.db"
    sender = f"persist-{uuid.uuid4().hex[:8]}"
    first = rasa_server_factory(db_path=db_path)
    client = RestClient(first, sender)
    client.say("ik wil advies over export")
    client.say("een twintigtal")
    assert client.slots()["employees"] == 20
    first.stop()

    second = rasa_server_factory(db_path=db_path)
    client = RestClient(second, sender)
    slots = client.slots()
    assert slots["employees"] == 20 and slots["requested_slot"] == "home_region"
    client.say("we zitten in Zele")
    assert client.slots()["home_region"] == "flanders"
    second.stop()


def test_forget_me_erases_the_stored_conversation(rasa_server, server_dir):
    sender = f"forget-{uuid.uuid4().hex[:8]}"
    db_path = server_dir / f"tracker-{rasa_server.port}.db"
    client = RestClient(rasa_server, sender)
    client.say("ik wil advies over export")
    client.say("we zijn met 35 mensen in Kortrijk")
    assert any("Kortrijk" in row for row in stored_events(db_path, sender))

    client.say("verwijder mijn gegevens")
    assert client.slots()["employees"] == 35, "nothing is deleted before the confirmation"
    replies = client.say("ja")
    assert replies, "the user is told the data is gone"
    rows = stored_events(db_path, sender)
    events = [json.loads(row) for row in rows]
    assert not any("Kortrijk" in row for row in rows), rows
    assert not any(e.get("event") == "user" for e in events), "no user message is kept"
    assert not any(
        e.get("event") == "slot" and e.get("name") == "employees" and e.get("value") for e in events
    ), rows
    assert client.slots()["employees"] is None
