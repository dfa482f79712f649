"""Two Rasa servers and one action server sharing PostgreSQL and a Redis lock store, behind
haproxy: Rasa's production topology, with the real parts on loopback.

A persona's conversation must come out the same (events and slots) whether it talks to one
server, to two servers in turn, through the balancer with nineteen others at once, or across a
SIGKILL and restart of its server.
"""

from __future__ import annotations

import signal
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.integration.servers import RestClient, start_action_server, start_rasa_server
from tests.integration.services import haproxy, postgres, redis

LOCK_STORE = "rasa_plugins.lock_store.AtomicRedisLockStore"

# A Dutch exporter from the first message to the first advice (tests/integration/
# test_rest_conversation.py walks the same path question by question).
PERSONA = [
    "Hallo",
    "ik wil graag exporteren, kan je mij helpen?",
    "een twintigtal",
    "we zitten in Zele",
    "opgericht in 1987",
    "echt een nicheproduct",
    "ja hoor",
    "sinds 1995",
    "de buurlanden en de VS",
    "neen",
    "geen",
    "we zijn zelf actief gaan prospecteren",
    "om te groeien",
    "groei",
]
SLOTS_AT_END = {"employees": 20, "home_region": "flanders", "founding_year": 1987,
                "positioning": "niche", "expansion_strategy": "sprinkler"}  # fmt: skip


class Cluster:
    def __init__(self, workdir, model_path, pg, red):
        self.workdir, self.model_path, self.pg, self.red = workdir, model_path, pg, red
        self.actions = start_action_server(workdir)
        self.servers = []
        try:
            for _ in range(2):
                self.servers.append(self.start_rasa())
        except BaseException:  # nothing left running when a server fails to start
            self.stop()
            raise

    def start_rasa(self, port=None):
        return start_rasa_server(
            self.workdir, self.model_path, f"{self.actions.url}/webhook", port=port,
            tracker_store=self.pg.tracker_store(), lock_store=self.red.lock_store(LOCK_STORE),
        )  # fmt: skip

    def stop(self):
        for server in self.servers:
            server.stop()
        self.actions.stop()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, model_path):
    workdir = tmp_path_factory.mktemp("cluster")
    with postgres(workdir) as pg, redis(workdir) as red:
        started = Cluster(workdir, model_path, pg, red)
        with haproxy(workdir, [s.url for s in started.servers]) as lb:
            started.balancer = lb
            yield started
        started.stop()


def comparable(events):
    """Events without what differs between two runs of one persona (times, ids, scores)."""
    out = []
    for e in events:
        kind = e["event"]
        if kind == "user":
            out.append(
                (kind, e.get("text"), (e.get("parse_data") or {}).get("intent", {}).get("name"))
            )
        elif kind == "bot":
            out.append((kind, e.get("text"), repr((e.get("data") or {}).get("buttons"))))
        elif kind == "action":
            out.append((kind, e.get("name")))
        elif kind == "slot":
            out.append((kind, e.get("name"), repr(e.get("value"))))
        else:
            out.append((kind, e.get("name")))
    return out


def run_persona(clients, messages=PERSONA):
    for i, message in enumerate(messages):
        clients[i % len(clients)].say(message)
    tracker = clients[0].tracker()
    return comparable(tracker["events"]), tracker["slots"]


def check_whole(events, slots, messages=PERSONA):
    said = [e[1] for e in events if e[0] == "user"]
    assert said == messages, "a message was lost, reordered or duplicated"
    for name, value in SLOTS_AT_END.items():
        assert slots[name] == value, name


@pytest.fixture(scope="module")
def reference(cluster):
    """The persona against one server alone."""
    client = RestClient(cluster.servers[0], f"ref-{uuid.uuid4().hex[:8]}")
    events, slots = run_persona([client])
    check_whole(events, slots)
    return events, slots


def test_alternating_servers_lose_reorder_and_duplicate_nothing(cluster, reference):
    sender = f"alt-{uuid.uuid4().hex[:8]}"
    clients = [RestClient(server, sender) for server in cluster.servers]
    events, slots = run_persona(clients)
    check_whole(events, slots)
    assert events == reference[0]
    assert slots == reference[1]
    # and both servers read the same rows: the other server sees the same tracker
    assert comparable(clients[1].tracker()["events"]) == events


def test_twenty_conversations_at_once_through_the_balancer(cluster, reference):
    lb = cluster.balancer

    def one(i):
        return run_persona([RestClient(lb, f"many-{i}-{uuid.uuid4().hex[:6]}")])

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(one, range(20)))
    for events, slots in results:
        check_whole(events, slots)
        assert events == reference[0]
        assert slots == reference[1]
    senders = cluster.pg.query(
        "select count(distinct sender_id) from events where sender_id like 'many-%%'"
    )
    assert senders[0][0] == 20


def test_one_conversation_hit_on_both_servers_at_once_stays_in_order(cluster):
    """Messages of one conversation arriving at both servers at the same moment are handled
    one after the other (the lock), never interleaved."""
    sender = f"same-{uuid.uuid4().hex[:8]}"
    a, b = (RestClient(server, sender) for server in cluster.servers)
    a.say("ik wil graag exporteren, kan je mij helpen?")
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(
            pool.map(
                lambda pair: pair[0].say(pair[1]), [(a, "een twintigtal"), (b, "weet ik niet")]
            )
        )
    events = a.tracker()["events"]
    users = [i for i, e in enumerate(events) if e["event"] == "user"]
    assert len(users) == 3
    for index in users:
        before = [e for e in events[:index] if e["event"] == "action"]
        assert before[-1]["name"] == "action_listen", "a turn started before the previous ended"
    assert events[-1]["event"] == "action" and events[-1]["name"] == "action_listen"


def test_sigkill_mid_intake_and_restart_resumes_at_the_open_question(cluster, reference):
    sender = f"kill-{uuid.uuid4().hex[:8]}"
    server = cluster.servers[0]
    client = RestClient(server, sender)
    half = len(PERSONA) // 2
    for message in PERSONA[:half]:
        client.say(message)
    before = client.slots()
    assert before["requested_slot"]
    server.proc.send_signal(signal.SIGKILL)
    server.proc.wait()
    restarted = cluster.start_rasa(port=server.port)
    cluster.servers[0] = restarted
    client = RestClient(restarted, sender)
    assert client.slots() == before, "every slot and the open question survive the kill"
    for message in PERSONA[half:]:
        client.say(message)
    tracker = client.tracker()
    events = comparable(tracker["events"])
    check_whole(events, tracker["slots"])
    assert events == reference[0]
    assert tracker["slots"] == reference[1]


# ---------------------------------------------------------------- the web page through the balancer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
SOCKETIO_MODES = [
    # (transports the page uses, sticky balancer, must work)
    (["websocket"], False, True),
    (["polling", "websocket"], True, True),
    (["polling"], True, True),
    (["polling"], False, False),
]


@pytest.fixture(scope="module")
def page_server(cluster):
    import subprocess
    import sys

    from tests.integration.servers import ROOT, free_port, stop_process, wait_http

    port = free_port()
    log = cluster.workdir / f"web-{port}.log"
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "serve_web.py"), "--port", str(port),
         "--rasa-url", "http://127.0.0.1:1", "--quiet"],
        cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    wait_http(f"http://127.0.0.1:{port}/", 20, proc, log)
    yield f"http://127.0.0.1:{port}"
    stop_process(proc)


def talk_through_page(lb_url, transports, seconds=25):
    """Open the page from the balancer (one origin for page and bot), say hello; returns
    (bot replies seen, engine.io requests refused, seconds to the first reply or None)."""
    import json
    import time

    from playwright.sync_api import sync_playwright

    config = {"rasaUrl": lb_url, "socketPath": "/socket.io", "transports": transports,
              "storage": "local", "allowServerParam": False}  # fmt: skip
    refused = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        ctx = browser.new_context()
        ctx.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(lb_url) else route.abort()
            ),
        )
        ctx.route(
            "**/config.js",
            lambda route: route.fulfill(
                content_type="application/javascript",
                body=f"window.WERELDWIJS_CONFIG = {json.dumps(config)};\n",
            ),
        )
        page = ctx.new_page()
        page.on(
            "response",
            lambda r: (
                refused.append(r.status) if "/socket.io/" in r.url and r.status >= 400 else None
            ),
        )
        page.goto(lb_url + "/")
        started = time.time()
        page.fill("#input", "hallo")
        page.press("#input", "Enter")
        first = None
        deadline = started + seconds
        while time.time() < deadline:
            if page.locator(".msg-bot").count() > 0:
                first = time.time() - started
                break
            time.sleep(0.2)
        replies = page.locator(".msg-bot").count()
        browser.close()
    return replies, len(refused), first


@pytest.mark.parametrize("transports, sticky, works", SOCKETIO_MODES)
def test_web_page_socketio_through_the_balancer(cluster, page_server, transports, sticky, works):
    """WebSocket-only needs no stickiness (one connection, one server); long-polling needs
    sticky sessions (each poll must reach the server that holds the Engine.IO session). The
    measured numbers and the rule are in docs/deployment.md."""
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/system_packages.sh installs chromium")
    with haproxy(cluster.workdir, [s.url for s in cluster.servers], sticky=sticky,
                 web=page_server) as lb:  # fmt: skip
        replies, refused, first = talk_through_page(lb.url, transports)
    print(f"socketio {'+'.join(transports)} sticky={sticky}: replies={replies} "
          f"refused={refused} first_reply_s={first}")  # fmt: skip
    if works:
        assert replies > 0 and refused == 0, (replies, refused)
    else:
        assert replies == 0 and refused > 0, (replies, refused)


# ---------------------------------------------------------------- privacy on the shared store


def stored_rows(pg, sender):
    return [row[0] for row in pg.query(
        "select data from events where sender_id = %s order by id", (sender,))]  # fmt: skip


def test_forget_me_erases_the_conversation_in_postgresql(cluster):
    import json

    sender = f"forget-{uuid.uuid4().hex[:8]}"
    a, b = (RestClient(server, sender) for server in cluster.servers)
    a.say("ik wil advies over export")
    b.say("we zijn met 35 mensen in Kortrijk")
    assert any("Kortrijk" in row for row in stored_rows(cluster.pg, sender))
    a.say("verwijder mijn gegevens")
    assert b.slots()["employees"] == 35, "nothing is deleted before the confirmation"
    assert b.say("ja"), "the person is told the data is gone"
    rows = stored_rows(cluster.pg, sender)
    assert not any("Kortrijk" in row for row in rows), rows
    events = [json.loads(row) for row in rows]
    assert not any(e.get("event") == "user" for e in events), "no user message is kept"
    assert a.slots()["employees"] is None


def test_logs_carry_no_message_text_profile_values_or_ids(cluster):
    """A whole intake, alternating between the servers, then every log of the cluster (both
    Rasa servers, the action server) is read for what the person said and what was noted."""
    import re

    sender = f"private-{uuid.uuid4().hex[:8]}"
    clients = [RestClient(server, sender) for server in cluster.servers]
    events, slots = run_persona(clients)
    check_whole(events, slots)
    logs = {s.log_path.name: s.log() for s in [*cluster.servers, cluster.actions]}
    assert all(logs.values()), "the servers wrote logs"
    secrets = [m for m in PERSONA if len(m) > 4] + ["Zele", "twintigtal", "prospecteren", sender]
    values = [str(v) for k, v in slots.items() if k in ("home_region", "founding_year",
              "first_export_year", "employees") and v is not None]  # fmt: skip
    for name, text in logs.items():
        for secret in secrets:
            assert secret.lower() not in text.lower(), (name, secret)
        for value in values:
            assert not re.search(rf"(?<![\w.:-]){re.escape(value)}(?![\w.:-])", text), (name, value)
