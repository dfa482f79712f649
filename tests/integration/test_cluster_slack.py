"""Slack on two Rasa servers: each event is answered once, whichever server its deliveries
reach (shared Redis, WERELDWIJS_DEDUP_REDIS_URL); a retry of an event no server saw is answered.

Slack's Web API is the loopback stand-in of test_slack.py; requests are signed as Slack signs.
"""

from __future__ import annotations

import time

import pytest

from tests.integration.loopback_standins import StandIn, channel_credentials, slack_ok
from tests.integration.servers import start_action_server, start_rasa_server
from tests.integration.services import postgres, redis
from tests.integration.test_slack import POST_PATH, SECRET, TOKEN, event, post, posts_to, wait_posts

RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}


@pytest.fixture(scope="module")
def two_slack_servers(tmp_path_factory, model_path):
    workdir = tmp_path_factory.mktemp("cluster-slack")
    api = StandIn({POST_PATH: slack_ok})
    with postgres(workdir) as pg, redis(workdir) as red:
        env = {
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": f"{api.url}/api/",
            "WERELDWIJS_DEDUP_REDIS_URL": f"redis://127.0.0.1:{red.port}/2",
        }
        actions = start_action_server(workdir)
        servers = []
        try:
            for _ in range(2):
                server = start_rasa_server(
                    workdir,
                    model_path,
                    f"{actions.url}/webhook",
                    credentials=channel_credentials(env),
                    env=env,
                    tracker_store=pg.tracker_store(),
                    lock_store=red.lock_store("rasa_plugins.lock_store.AtomicRedisLockStore"),
                )
                servers.append(server)
            yield servers, api, red
        finally:
            for server in servers:
                server.stop()
            actions.stop()
            api.close()


def test_a_retry_reaching_the_other_server_is_not_answered_again(two_slack_servers):
    (a, b), api, red = two_slack_servers
    first = event(
        "U0DAN", "D0DAN", "hallo", "1700000400.000100", channel_type="im", event_id="Ev0DAN1"
    )
    assert post(a, first)[0] == 200
    answered = len(wait_posts(api, "D0DAN"))
    assert answered >= 1
    status, headers, _ = post(b, first, headers=RETRY)
    assert status == 200
    assert {k.lower(): v for k, v in headers.items()}.get("x-slack-no-retry") == "1"
    assert post(a, first)[0] == 200, "a plain duplicate delivery is acknowledged too"
    time.sleep(5)
    assert len(posts_to(api, "D0DAN")) == answered, "answered twice"
    assert red.client(2).exists("wereldwijs:slack-event:Ev0DAN1")


def test_a_retry_of_an_event_no_server_saw_is_answered(two_slack_servers):
    (_, b), api, _ = two_slack_servers
    lost = event(
        "U0EVE", "D0EVE", "hallo", "1700000500.000100", channel_type="im", event_id="Ev0EVE1"
    )
    assert post(b, lost, headers=RETRY)[0] == 200
    assert len(wait_posts(api, "D0EVE")) >= 1
