"""Retention on the real stores: `python -m rasa_plugins.retention --days N` erases the
conversations idle for more than N days, on SQLite and on PostgreSQL, and every registered
per-conversation record with them."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa
import yaml
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_plugins import retention
from rasa_plugins.tracker_store import ForgetfulSQLTrackerStore
from tests.integration.servers import ROOT, server_env
from tests.integration.services import postgres
from wereldwijs.desk import store as desk

DAY = 86400


@pytest.fixture(params=["sqlite", "postgresql"])
def store_section(request, tmp_path):
    if request.param == "sqlite":
        yield {
            "type": "rasa_plugins.tracker_store.ForgetfulSQLTrackerStore",
            "dialect": "sqlite",
            "db": str(tmp_path / "tracker.db"),
        }
    else:
        with postgres(tmp_path) as pg:
            yield pg.tracker_store()


def make_store(section):
    kwargs = {k: v for k, v in section.items() if k not in ("type", "url")}
    return ForgetfulSQLTrackerStore(domain=Domain.empty(), host=section.get("url"), **kwargs)


def save_conversation(store, sender, text):
    tracker = DialogueStateTracker.from_events(
        sender,
        [ActionExecuted("action_listen"), UserUttered(text), ActionExecuted("action_listen")],
    )
    asyncio.run(store.save(tracker))


def age(store, sender, days):
    with store.engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE events SET timestamp = timestamp - :s WHERE sender_id = :id"),
            {"s": days * DAY, "id": sender},
        )


def senders(store):
    with store.engine.connect() as connection:
        return {
            row[0] for row in connection.execute(sa.text("SELECT DISTINCT sender_id FROM events"))
        }


def test_command_erases_only_conversations_idle_for_longer(store_section, tmp_path):
    store = make_store(store_section)
    save_conversation(store, "old-one", "we zijn met 40 in Gent")
    save_conversation(store, "old-two", "hello")
    save_conversation(store, "recent", "hallo")
    age(store, "old-one", 40)
    age(store, "old-two", 31)
    age(store, "recent", 29)
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(yaml.safe_dump({"tracker_store": store_section}))
    command = [sys.executable, "-m", "rasa_plugins.retention", "--endpoints", str(endpoints)]

    dry = subprocess.run([*command, "--days", "30", "--dry-run"], cwd=ROOT, env=server_env(),
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert dry.returncode == 0, dry.stderr
    assert "2 conversations" in dry.stdout and senders(store) == {"old-one", "old-two", "recent"}

    done = subprocess.run([*command, "--days", "30"], cwd=ROOT, env=server_env(),
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "erased 2 conversations" in done.stdout
    assert "old-one" not in done.stdout, "no conversation id in the output"
    assert senders(store) == {"recent"}


def test_bad_arguments_get_a_clear_message(tmp_path):
    run = subprocess.run([sys.executable, "-m", "rasa_plugins.retention", "--days", "0"],
                         cwd=ROOT, env=server_env(), capture_output=True, text=True)  # fmt: skip
    assert run.returncode == 2 and "--days must be 1 or more" in run.stderr
    assert "Traceback" not in run.stderr


def test_registered_erasers_get_the_old_conversations(tmp_path):
    store = make_store({"dialect": "sqlite", "db": str(tmp_path / "t.db")})
    save_conversation(store, "old", "x")
    save_conversation(store, "new", "y")
    age(store, "old", 10)
    desk.prepare(store.engine)
    for sender in ("old", "new"):  # the advisor desk's records, in the same database
        desk.add_handoff(store.engine, sender, "summary", "nl", True, "email", f"{sender}@firm.be")
    counts = retention.forget_old(store.engine, days=7, now=time.time())
    assert counts == {"conversations": 1, "events": 3, "erase_handoffs": 1}
    assert senders(store) == {"new"}
    assert [row["sender_id"] for row in desk.list_handoffs(store.engine)] == ["new"]
