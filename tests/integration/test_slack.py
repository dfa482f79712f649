"""Slack through the real Rasa server: signed Events API requests in, chat.postMessage out.

Slack's Web API is a loopback stand-in (SLACK_API_URL); the channel is enabled exactly as in
production, through scripts/credentials.py with ${VAR} references expanded by Rasa.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.integration.loopback_standins import StandIn, channel_credentials, slack_ok
from tests.integration.servers import RestClient

SECRET = "test-signing-secret-0123456789"
TOKEN = "fake-slack-bot-token"
BOT = "U0WERELDWIJS"
POST_PATH = "/api/chat.postMessage"


@pytest.fixture(scope="module")
def slack_api():
    stand_in = StandIn({POST_PATH: slack_ok})
    yield stand_in
    stand_in.close()


@pytest.fixture(scope="module")
def slack_server(rasa_server_factory, slack_api):
    env = {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": f"{slack_api.url}/api/",
    }
    credentials = channel_credentials(env)
    slack = credentials["rasa_plugins.channels.slack.SlackInput"]
    assert TOKEN not in json.dumps(credentials) and slack["slack_token"] == "${SLACK_BOT_TOKEN}"
    return rasa_server_factory(credentials=credentials, env=env)


def sign(body: bytes, ts: str, secret: str = SECRET) -> str:
    return (
        "v0=" + hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    )


def post(
    server, body: bytes, content_type="application/json", ts=None, signature=None, headers=None
):
    ts = str(int(time.time())) if ts is None else str(ts)
    request = urllib.request.Request(
        f"{server.url}/webhooks/slack/webhook",
        data=body,
        method="POST",
        headers={
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature or sign(body, ts),
            **(headers or {}),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return reply.status, dict(reply.headers), reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def event(user, channel, text, ts, kind="message", channel_type=None, event_id=None):
    body = {
        "type": "event_callback",
        "team_id": "T0TEAM",
        "api_app_id": "A0APP",
        "event_id": event_id or f"Ev{ts.replace('.', '')}",
        "event_time": int(time.time()),
        "authorizations": [{"user_id": BOT, "is_bot": True}],
        "event": {
            "type": kind,
            "user": user,
            "channel": channel,
            "text": text,
            "ts": ts,
            "event_ts": ts,
        },
    }
    if channel_type:
        body["event"]["channel_type"] = channel_type
    return json.dumps(body).encode()


def posts_to(api, channel):
    return [r.json for r in api.received(POST_PATH) if r.json.get("channel") == channel]


def user_texts(server, sender):
    return [
        e.get("text")
        for e in RestClient(server, sender).tracker()["events"]
        if e["event"] == "user"
    ]


def bot_events(server, sender):
    return [e for e in RestClient(server, sender).tracker()["events"] if e["event"] == "bot"]


def wait_posts(api, channel, count=1, timeout=90):
    api.wait_for(
        lambda got: len([r for r in got if r.json.get("channel") == channel]) >= count,
        POST_PATH,
        timeout,
    )
    time.sleep(1.0)  # let the rest of this turn's messages arrive
    return posts_to(api, channel)


def button_values(post_body):
    return [
        element["value"]
        for block in post_body.get("blocks") or []
        if block["type"] == "actions"
        for element in block["elements"]
    ]


def test_direct_message_is_answered_in_the_dm_with_buttons(slack_server, slack_api):
    status, _, _ = post(
        slack_server, event("U0ALICE", "D0ALICE", "hallo", "1700000000.000100", channel_type="im")
    )
    assert status == 200
    posts = wait_posts(slack_api, "D0ALICE")
    assert all("thread_ts" not in p and "as_user" not in p for p in posts)

    bots = bot_events(slack_server, "U0ALICE")
    assert bots, "the bot said nothing"
    sent_texts = [p["text"] for p in posts]
    for bot in bots:  # every bot utterance of the turn reached Slack (texts split at blank lines)
        if bot.get("data", {}).get("buttons"):
            assert bot["text"] in sent_texts
        elif bot.get("text"):
            assert bot["text"].strip().split("\n\n")[0] in sent_texts
    with_buttons = [b for b in bots if b.get("data", {}).get("buttons")]
    assert with_buttons, "the welcome has buttons"
    expected = [b["payload"] for b in with_buttons[0]["data"]["buttons"]]
    assert expected in [button_values(p) for p in posts]
    assert slack_api.received(POST_PATH)[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_button_click_reaches_the_bot(slack_server, slack_api):
    if not posts_to(slack_api, "D0ALICE"):
        test_direct_message_is_answered_in_the_dm_with_buttons(slack_server, slack_api)
    before = len(posts_to(slack_api, "D0ALICE"))
    value = next(v for p in posts_to(slack_api, "D0ALICE") for v in button_values(p))
    payload = {
        "type": "block_actions",
        "user": {"id": "U0ALICE"},
        "channel": {"id": "D0ALICE"},
        "message": {"ts": "1700000000.000200"},
        "actions": [{"type": "button", "value": value, "action_id": "button_0"}],
    }
    body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
    status, _, _ = post(slack_server, body, content_type="application/x-www-form-urlencoded")
    assert status == 200
    wait_posts(slack_api, "D0ALICE", before + 1)
    assert user_texts(slack_server, "U0ALICE")[-1] == value


def test_channel_mention_is_answered_in_a_thread(slack_server, slack_api):
    ts = "1700000100.000300"
    status, _, _ = post(
        slack_server,
        event("U0BOB", "C0GENERAL", f"<@{BOT}> can you assess my company", ts, kind="app_mention"),
    )
    assert status == 200
    posts = wait_posts(slack_api, "C0GENERAL")
    assert posts and all(p.get("thread_ts") == ts for p in posts)
    assert user_texts(slack_server, "U0BOB") == ["can you assess my company"]
    slots = RestClient(slack_server, "U0BOB").slots()
    assert slots["language"] == "en" and slots["requested_slot"]


def test_wrong_signature_and_stale_request_are_refused(slack_server, slack_api):
    body = event("U0MALLORY", "D0MALLORY", "hallo", "1700000200.000400", channel_type="im")
    status, _, _ = post(slack_server, body, signature=sign(body, str(int(time.time())), "wrong"))
    assert status == 400
    stale = int(time.time()) - 6 * 60
    status, _, _ = post(slack_server, body, ts=stale, signature=sign(body, str(stale)))
    assert status == 400
    tampered = body.replace(b"hallo", b"hello")
    ts = str(int(time.time()))
    status, _, _ = post(slack_server, tampered, ts=ts, signature=sign(body, ts))
    assert status == 400
    time.sleep(3)
    assert user_texts(slack_server, "U0MALLORY") == []
    assert posts_to(slack_api, "D0MALLORY") == []


def test_retry_is_acknowledged_but_not_answered_twice(slack_server, slack_api):
    first = event(
        "U0CAROL", "D0CAROL", "hallo", "1700000300.000500", channel_type="im", event_id="Ev0CAROL1"
    )
    assert post(slack_server, first)[0] == 200
    answered = len(wait_posts(slack_api, "D0CAROL"))

    for reason in ("http_timeout", "http_error"):
        status, headers, _ = post(
            slack_server, first, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": reason}
        )
        assert status == 200
        assert {k.lower(): v for k, v in headers.items()}.get("x-slack-no-retry") == "1"

    marker = event("U0CAROL", "D0CAROL", "bye", "1700000301.000600", channel_type="im")
    assert post(slack_server, marker)[0] == 200
    wait_posts(slack_api, "D0CAROL", answered + 1)
    # the conversation lock orders messages: had a retry been processed, it would show up here
    assert user_texts(slack_server, "U0CAROL") == ["hallo", "bye"]


def test_url_verification_challenge(slack_server):
    body = json.dumps({"type": "url_verification", "token": "x", "challenge": "c0ffee"}).encode()
    status, _, text = post(slack_server, body)
    assert status == 200 and json.loads(text) == "c0ffee"


def test_credentials_script_enables_channels_only_when_configured(tmp_path, monkeypatch):
    """scripts/credentials.py: ${VAR} references (never the secrets), expanded by Rasa's loader."""
    import os
    import subprocess
    import sys

    import rasa.shared.utils.io

    from tests.integration.servers import ROOT

    def generate(extra):
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("SLACK_", "TEAMS_", "BOTFRAMEWORK_"))
        }
        out = subprocess.run(
            [sys.executable, "scripts/credentials.py"],
            cwd=ROOT,
            check=True,
            env={**env, **extra},
            capture_output=True,
            text=True,
        ).stdout
        path = tmp_path / "credentials.yml"
        path.write_text(out)
        return out, path

    out, path = generate({})
    assert set(rasa.shared.utils.io.read_config_file(path)) == {
        "rasa_plugins.channels.rest.RestInput",
        "rasa_plugins.channels.socketio.SocketIOInput",
        "rasa_plugins.channels.report.ReportInput",  # the firm's report (issue 14)
    }
    out, _ = generate({"SLACK_BOT_TOKEN": TOKEN})  # a token without a signing secret: off
    assert "slack" not in out.lower()

    secrets = {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "TEAMS_APP_ID": "app-id",
        "TEAMS_APP_PASSWORD": "app-password-secret",
    }
    out, path = generate(secrets)
    assert TOKEN not in out and SECRET not in out and "app-password-secret" not in out
    for key, value in secrets.items():
        monkeypatch.setenv(key, value)
    loaded = rasa.shared.utils.io.read_config_file(path)
    assert loaded["rasa_plugins.channels.slack.SlackInput"]["slack_token"] == TOKEN
    assert loaded["rasa_plugins.channels.slack.SlackInput"]["use_threads"] is True
    assert loaded["rasa_plugins.channels.teams.TeamsInput"]["app_password"] == "app-password-secret"
