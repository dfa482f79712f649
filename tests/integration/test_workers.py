"""Two Sanic workers behind one `rasa run` share conversations through the Redis lock store.

Each REST request is a new connection, which the kernel hands to either worker (SO_REUSEPORT),
so one conversation's messages alternate between the two processes. Messages sent at the same
moment to the same conversation must still be handled one after the other: every message
answered, none lost or handled twice in the stored conversation.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.integration.servers import RestClient, child_pids, start_rasa_server, stop_with_workers
from tests.integration.services import redis

REST_ONLY = {"rest": None}  # the socket.io channel does not support several workers


def worker_pids(parent: int):
    return child_pids(parent)


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def turns(events):
    """The stored conversation cut at each user message: [(text, [what followed])]."""
    out = []
    for e in events:
        if e["event"] == "user":
            out.append((e["text"], []))
        elif out:
            out[-1][1].append(e.get("name") or e["event"])
    return out


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory, model_path, action_server):
    workdir = tmp_path_factory.mktemp("workers")
    with redis(workdir) as red:
        server = start_rasa_server(
            workdir,
            model_path,
            f"{action_server.url}/webhook",
            credentials=REST_ONLY,
            env={"SANIC_WORKERS": "2"},
            lock_store=red.lock_store(),
        )
        try:
            # /status answers when the first worker is ready; each worker loads its own model
            deadline = time.time() + 180
            while server.log().count("Rasa server is up and running") < 2:
                assert time.time() < deadline and server.proc.poll() is None, server.log()[-3000:]
                time.sleep(1)
            yield server, red
        finally:
            stop_with_workers(server)


def test_two_workers_started_with_the_redis_lock_store(two_workers):
    server, _ = two_workers
    log = server.log()
    assert len(worker_pids(server.proc.pid)) == 2, log[-3000:]
    assert log.count("Rasa server is up and running") == 2
    assert log.count("Warm-up done") == 2


def test_concurrent_messages_to_one_conversation_are_handled_one_at_a_time(two_workers):
    server, red = two_workers
    before = {pid: cpu_ticks(pid) for pid in worker_pids(server.proc.pid)}
    senders = [f"shared-{i}" for i in range(4)]
    messages = ["hallo", "ik wil exporteren", "we zijn met 40", "Gent", "2005", "ja"]
    jobs = [(s, m) for m in messages for s in senders for _ in range(2)]  # every message twice

    def send(job):
        sender, text = job
        return RestClient(server, sender).say(text)

    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(send, jobs))
    assert all(r and all(x.get("text") for x in r) for r in replies), "a message got no answer"

    for sender in senders:
        tracker = RestClient(server, sender).tracker()
        stored = turns(tracker["events"])
        # each message handled exactly once, and wholly before the next one began
        assert sorted(t for t, _ in stored) == sorted(m for m in messages for _ in range(2))
        for text, followed in stored:
            assert followed and followed[-1] == "action_listen", (text, followed)
    # both processes did the work (the kernel spread the connections over them)
    after = {pid: cpu_ticks(pid) for pid in before}
    assert all(after[pid] > before[pid] for pid in before), (before, after)
    # the locks lived in Redis and were all released
    assert not [k for k in red.client().keys("*") if b"lock" in k]
