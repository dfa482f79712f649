"""The report in Slack through the real Rasa server: a short intake in a DM through signed events,
"stuur me een rapport", then the link in the reply text and the PDF uploaded as a file
(files.getUploadURLExternal, the upload, files.completeUploadExternal on the Web API stand-in).
"""

from __future__ import annotations

import io
import time

import pytest
from pypdf import PdfReader

from tests.integration.loopback_standins import (
    COMPLETE_PATH,
    UPLOAD_PATH,
    UPLOAD_URL_PATH,
    StandIn,
    channel_credentials,
    slack_file_routes,
    slack_missing_scope,
    slack_ok,
)
from tests.integration.servers import RestClient, free_port, start_action_server, start_rasa_server
from tests.integration.test_slack import BOT, POST_PATH, SECRET, TOKEN, event, post, posts_to
from wereldwijs.report import links
from wereldwijs.wording.catalogue import text
from wereldwijs.wording.labels import org_name


@pytest.fixture(scope="module")
def slack_api():
    stand_in = StandIn({POST_PATH: slack_ok})
    stand_in.routes.update(slack_file_routes(stand_in))
    yield stand_in
    stand_in.close()


@pytest.fixture(scope="module")
def slack_server(tmp_path_factory, model_path, slack_api):
    """Own action and Rasa servers on one database: the action server signs the report link
    with the secret the Rasa server keeps there."""
    workdir = tmp_path_factory.mktemp("slack-report")
    db_path = workdir / "tracker.db"
    port = free_port()
    env = {
        "WERELDWIJS_DB_URL": f"sqlite:///{db_path}",
        "WERELDWIJS_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": f"{slack_api.url}/api/",
    }
    actions = start_action_server(workdir, env=env)
    rasa = start_rasa_server(
        workdir,
        model_path,
        f"{actions.url}/webhook",
        credentials=channel_credentials(env),
        env=env,
        db_path=db_path,
        port=port,
    )
    yield rasa
    rasa.stop()
    actions.stop()


def say(server, user, channel, message, timeout=120):
    """A DM from ``user`` (a mention when ``channel`` is not a DM); returns when the server has
    finished the turn (tracker saved) with the message's ts."""
    client = RestClient(server, user)
    before = len([e for e in client.tracker()["events"] if e["event"] == "user"])
    ts = f"{time.time():.6f}"
    if channel.startswith("D"):
        body = event(user, channel, message, ts, channel_type="im")
    else:
        body = event(user, channel, f"<@{BOT}> {message}", ts, kind="app_mention")
    assert post(server, body)[0] == 200
    deadline = time.time() + timeout
    while time.time() < deadline:
        events = client.tracker()["events"]
        users = [e for e in events if e["event"] == "user"]
        if len(users) > before and events[-1].get("name") == "action_listen":
            return ts
        time.sleep(0.5)
    raise AssertionError(f"no answer to {message!r}")


def ask_report(server, api, user, channel):
    """Short intake, then the report request (confirming when the bot asks); the link post."""
    say(server, user, channel, "ik wil exporteren, kan je helpen?")
    say(
        server,
        user,
        channel,
        "we zijn met 40 mensen in Gent en exporteren sinds 2005 naar 12 landen",
    )
    assert RestClient(server, user).slots()["employees"] == 40
    for message in ("stuur me een rapport", "ja"):
        ts = say(server, user, channel, message)
        found = [p for p in posts_to(api, channel) if links.ROUTE in (p.get("text") or "")]
        if found:
            return found[-1], ts
    raise AssertionError(f"no report link in {[p.get('text') for p in posts_to(api, channel)]}")


def test_report_request_in_slack_uploads_the_pdf_beside_the_link(slack_server, slack_api):
    link, _ = ask_report(slack_server, slack_api, "U0DIRK", "D0DIRK")
    assert f"{links.ROUTE}/" in link["text"] and "/pdf" in link["text"]

    uploads = slack_api.received(UPLOAD_PATH)
    assert len(uploads) == 1
    body = uploads[0].body
    assert body.startswith(b"%PDF")
    pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages).split())
    assert (
        text("firm_report_title", "nl") in pdf and text("firm_report_classification", "nl") in pdf
    )
    assert org_name("fit") in pdf and "40" in pdf and "2005" in pdf

    asked = slack_api.received(UPLOAD_URL_PATH)[-1]
    assert asked.query["filename"] == text("report_file_name", "nl")
    assert int(asked.query["length"]) == len(body)
    assert asked.headers["authorization"] == f"Bearer {TOKEN}"
    completed = slack_api.received(COMPLETE_PATH)
    assert len(completed) == 1 and completed[0].query["channel_id"] == "D0DIRK"
    assert "thread_ts" not in completed[0].query  # a DM is answered in the DM, not a thread
    assert '"title": "%s"' % text("report_link_title", "nl") in completed[0].query["files"]


def test_report_asked_in_a_channel_thread_is_uploaded_into_that_thread(slack_server, slack_api):
    link, ts = ask_report(slack_server, slack_api, "U0FLOR", "C0EXPORT")
    assert link["thread_ts"] == ts
    completed = [
        r for r in slack_api.received(COMPLETE_PATH) if r.query["channel_id"] == "C0EXPORT"
    ]
    assert len(completed) == 1 and completed[0].query["thread_ts"] == ts


def test_refused_upload_leaves_the_link_and_logs_the_error_code_only(slack_server, slack_api):
    slack_api.routes[UPLOAD_URL_PATH] = slack_missing_scope
    try:
        completed_before = len(slack_api.received(COMPLETE_PATH))
        link, _ = ask_report(slack_server, slack_api, "U0ERIN", "D0ERIN")
    finally:
        slack_api.routes.update(slack_file_routes(slack_api))
    assert f"{links.ROUTE}/" in link["text"]
    assert len(slack_api.received(COMPLETE_PATH)) == completed_before

    log = slack_server.log()
    failures = [line for line in log.splitlines() if "report upload failed" in line]
    assert failures and all(
        line.endswith("Slack report upload failed: missing_scope") for line in failures
    )
    assert "Traceback" not in log and "U0ERIN" not in "\n".join(failures)
