"""Rasa's silent failures, closed: each test runs real servers and real services on loopback.

- a tracker store that cannot be reached at start stops the server within 30 s, saying why;
- a store lost while running: the person is told, nothing is silently kept in memory;
- the action server killed mid-intake: "een ogenblik ... probeer het opnieuw", answers kept,
  the same question stays open and the next message works;
- REST requests without a sender, not JSON, or too large are refused with a clear JSON error.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest

from tests.integration.servers import (
    ROOT,
    RestClient,
    free_port,
    server_env,
    start_action_server,
    start_rasa_server,
    stop_process,
    wait_http,
)
from tests.integration.services import postgres
from wereldwijs.wording.catalogue import text


def texts_of(replies):
    return [r.get("text", "") for r in replies]


def post(url, body: bytes, content_type="application/json"):
    req = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": content_type}
    )
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def wait_exit(server, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline and server.proc.poll() is None:
        time.sleep(0.5)
    return server.proc.poll()


@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
def test_unreachable_store_at_start_stops_the_server_within_30s(tmp_path, model_path, kind):
    if kind == "postgresql":
        store = {
            "type": "rasa_plugins.tracker_store.ForgetfulSQLTrackerStore",
            "dialect": "postgresql",
            "url": "127.0.0.1",
            "port": free_port(),  # nothing listens there
            "db": "rasa",
            "username": "postgres",
            "password": "",
        }
    else:
        store = {
            "type": "rasa_plugins.tracker_store.ForgetfulSQLTrackerStore",
            "dialect": "sqlite",
            "db": str(tmp_path / "no" / "such" / "folder" / "tracker.db"),
        }
    started = time.time()
    server = start_rasa_server(
        tmp_path, model_path, "http://127.0.0.1:1/webhook", tracker_store=store, wait=False,
        env={"WERELDWIJS_STORE_WAIT": "5"},
    )  # fmt: skip
    try:
        code = wait_exit(server, 30)
        assert code is not None, "the server kept running without its store"
        assert code != 0
        assert time.time() - started < 30 + 5
        assert "tracker store is not usable" in server.log(), server.log()[-3000:]
    finally:
        stop_process(server.proc)


@pytest.fixture(scope="module")
def pg_cluster(tmp_path_factory, model_path):
    """One PostgreSQL, one action server, one Rasa server on it (stores killed in tests are
    started again)."""
    workdir = tmp_path_factory.mktemp("failures")
    with postgres(workdir) as pg:
        actions = start_action_server(workdir)
        try:
            rasa = start_rasa_server(
                workdir, model_path, f"{actions.url}/webhook", tracker_store=pg.tracker_store()
            )
            yield pg, actions, rasa
            rasa.stop()
        finally:
            actions.stop()


def test_store_lost_while_running_tells_the_person_and_keeps_nothing_in_memory(pg_cluster):
    pg, _, rasa = pg_cluster
    client = RestClient(rasa, f"lost-{uuid.uuid4().hex[:8]}")
    client.say("ik wil advies over export")
    client.say("we zijn met 12")
    assert client.slots()["employees"] == 12
    pg.stop("immediate")
    try:
        replies = client.say("we zitten in Gent")
        assert texts_of(replies) == [text("service_unavailable", "nl")]
        english = RestClient(rasa, f"lost-en-{uuid.uuid4().hex[:8]}").say(
            "I would like advice about exporting please"
        )
        assert texts_of(english) == [text("service_unavailable", "en")]
    finally:
        pg.start()
    # the answer of the failed turn was not kept anywhere (no in-memory copy), the earlier one was
    slots = client.slots()
    assert slots["employees"] == 12 and slots["home_region"] is None
    assert slots["requested_slot"] == "home_region"
    client.say("we zitten in Gent")
    assert client.slots()["home_region"] == "flanders"
    rows = pg.query("select count(*) from events where sender_id = %s", (client.sender,))
    assert rows[0][0] > 0


def test_action_server_killed_mid_turn(tmp_path, model_path):
    actions = start_action_server(tmp_path)
    port = actions.port
    try:
        rasa = start_rasa_server(tmp_path, model_path, f"{actions.url}/webhook")
    except BaseException:
        actions.stop()
        raise
    try:
        client = RestClient(rasa, f"kill-{uuid.uuid4().hex[:8]}")
        client.say("I would like advice on exporting")
        client.say("about 30 people")
        before = client.tracker()
        assert before["slots"]["employees"] == 30
        actions.proc.send_signal(signal.SIGKILL)
        actions.proc.wait()
        replies = client.say("we are based in Ghent")
        assert texts_of(replies) == [text("service_unavailable", "en")]
        after = client.tracker()
        assert after["slots"] == before["slots"], "the failed turn changed nothing"
        assert len(after["events"]) == len(before["events"]), "nothing of the failed turn kept"

        actions = start_action_server_on(tmp_path, port)
        replies = client.say("we are based in Ghent")
        slots = client.slots()
        assert slots["home_region"] == "flanders" and slots["employees"] == 30
        assert slots["requested_slot"] not in (None, "home_region")
        assert replies and texts_of(replies) != [text("service_unavailable", "en")]
    finally:
        rasa.stop()
        actions.stop()


def start_action_server_on(workdir, port):
    """The action server again, on the port the Rasa server knows."""
    import tests.integration.servers as servers

    original = servers.free_port
    servers.free_port = lambda: port
    try:
        return start_action_server(workdir)
    finally:
        servers.free_port = original


def test_rest_without_sender_is_refused_not_filed_under_default(pg_cluster):
    pg, _, rasa = pg_cluster
    url = f"{rasa.url}/webhooks/rest/webhook"
    status, body = post(url, json.dumps({"message": "hallo, ik wil exporteren"}).encode())
    assert status == 400
    assert body["error"] == "request_sender_missing"
    assert body["message"] == text("request_sender_missing", "nl")
    status, body = post(url, json.dumps({"sender": "", "message": "hello there"}).encode())
    assert status == 400 and body["message"] == text("request_sender_missing", "en")
    assert pg.query("select count(*) from events where sender_id = 'default'")[0][0] == 0


def test_rest_bad_bodies_get_clear_errors(pg_cluster):
    _, _, rasa = pg_cluster
    url = f"{rasa.url}/webhooks/rest/webhook"
    status, body = post(url, b"this is not json", "text/plain")
    assert status == 400 and body["error"] == "request_not_json"
    status, body = post(url, b'["a", "list"]')
    assert status == 400 and body["error"] == "request_not_json"
    big = json.dumps({"sender": "big", "message": "x" * 200_000}).encode()
    status, body = post(url, big)
    assert status == 413 and body["error"] == "request_too_large"
    # a message within the body limit but over the NLU guard's limit gets the guard's answer
    status, body = post(url, json.dumps({"sender": f"long-{uuid.uuid4().hex[:6]}",
                                         "message": "woord " * 400}).encode())  # fmt: skip
    assert status == 200 and body


def handshake(url, origin=None):
    headers = {"Origin": origin} if origin else {}
    req = urllib.request.Request(f"{url}/socket.io/?EIO=4&transport=polling", headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=20) as resp:
            return resp.status, resp.headers.get("Access-Control-Allow-Origin")
    except urllib.error.HTTPError as error:
        return error.code, None


def test_socketio_only_for_configured_origins(pg_cluster):
    """Rasa switches socket.io's origin check off; ours answers only the configured pages
    (unset: loopback pages), so another website cannot open the bot's socket."""
    _, _, rasa = pg_cluster
    assert handshake(rasa.url, "https://evil.example")[0] == 400
    assert handshake(rasa.url, "http://localhost.evil.example")[0] == 400
    status, allow = handshake(rasa.url, "http://127.0.0.1:8080")
    assert status == 200 and allow == "http://127.0.0.1:8080"
    assert handshake(rasa.url)[0] == 200, "a client without Origin (not a browser) still works"


def start_served(workdir, model_path, env):
    """`python scripts/serve.py` as `make serve` runs it (REST health as readiness)."""
    port = free_port()
    endpoints = workdir / f"serve-endpoints-{port}.yml"
    endpoints.write_text(
        f"tracker_store:\n  type: rasa_plugins.tracker_store.ForgetfulSQLTrackerStore\n"
        f"  dialect: sqlite\n  db: {workdir}/serve-{port}.db\n"
    )
    log = workdir / f"serve-{port}.log"
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "serve.py"), "--model", str(model_path),
         "--port", str(port), "--interface", "127.0.0.1", "--endpoints", str(endpoints),
         "--credentials", str(ROOT / "credentials.yml")],
        cwd=ROOT, env=server_env(env), stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    return proc, f"http://127.0.0.1:{port}", log


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=20) as resp:
            return resp.status
    except urllib.error.HTTPError as error:
        return error.code


def test_http_api_is_off_unless_asked_for_and_then_needs_a_token(tmp_path, model_path):
    proc, url, log = start_served(tmp_path, model_path, {"WERELDWIJS_ENABLE_API": "1"})
    try:
        assert proc.wait(timeout=60) != 0, "started an open API"
        assert "RASA_AUTH_TOKEN or RASA_JWT_SECRET" in log.read_text()
    finally:
        stop_process(proc)

    proc, url, log = start_served(tmp_path, model_path, {})
    try:
        wait_http(f"{url}/webhooks/rest/", 180, proc, log)
        assert status_of(f"{url}/status") == 404
        assert status_of(f"{url}/conversations/someone/tracker") == 404
    finally:
        stop_process(proc)

    env = {"WERELDWIJS_ENABLE_API": "1", "RASA_AUTH_TOKEN": "s3cret-token"}
    proc, url, log = start_served(tmp_path, model_path, env)
    try:
        wait_http(f"{url}/webhooks/rest/", 180, proc, log)
        assert status_of(f"{url}/status") == 401
        assert status_of(f"{url}/status?token=s3cret-token") == 200
    finally:
        stop_process(proc)
    assert "s3cret-token" not in " ".join(proc.args), "the token stays off the command line"
