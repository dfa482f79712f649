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
        self.servers = [self.start_rasa() for _ in range(2)]

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
