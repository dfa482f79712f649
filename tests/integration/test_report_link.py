"""The report link end to end: an intake held through the REST channel, "stuur me een rapport",
the link in the reply text, downloaded from the Rasa server's report channel.

The action server makes the link, the Rasa server checks it: with no WERELDWIJS_REPORT_SECRET set,
both must find the same secret in the conversations' database.
"""

from __future__ import annotations

import io
import re
import time
import urllib.error
import urllib.request
import uuid

import pytest
from pypdf import PdfReader

from tests.integration.servers import (
    RestClient,
    free_port,
    start_action_server,
    start_rasa_server,
)
from wereldwijs import knowledge
from wereldwijs.desk.store import engine_for, shared_secret
from wereldwijs.report import links
from wereldwijs.wording.catalogue import text
from wereldwijs.wording.labels import org_name

URL = re.compile(r"https?://\S+?(?=[\s)]|$)")


@pytest.fixture(scope="module")
def servers(tmp_path_factory, model_path):
    workdir = tmp_path_factory.mktemp("report")
    db_path = workdir / "tracker.db"
    port = free_port()
    env = {
        "WERELDWIJS_DB_URL": f"sqlite:///{db_path}",
        "WERELDWIJS_PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    actions = start_action_server(workdir, env=env)
    rasa = start_rasa_server(
        workdir, model_path, f"{actions.url}/webhook", db_path=db_path, port=port, env=env
    )
    yield rasa, actions, db_path
    rasa.stop()
    actions.stop()


def get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=120) as reply:
            return reply.status, reply.headers, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def hold_intake(client: RestClient, lang: str) -> None:
    if lang == "nl":
        client.say("ik wil exporteren, kan je helpen?")
        client.say("we zijn met 40 mensen in Gent en exporteren sinds 2005 naar 12 landen")
    else:
        client.say("can you assess my company?")
        client.say("we're 40 people in Ghent exporting to 12 countries since 2005")


def ask_report(client: RestClient, message: str) -> dict:
    """Says ``message`` (confirming when the bot asks first) and returns the links in the reply."""
    for reply in (message, "ja"):
        texts = [r.get("text") or "" for r in client.say(reply)]
        found = [u for t in texts for u in URL.findall(t) if links.ROUTE in u]
        if found:
            pdf = next(u for u in found if u.endswith("/pdf"))
            html = next(u for u in found if not u.endswith("/pdf"))
            return {"pdf": pdf, "html": html, "texts": texts}
    raise AssertionError(f"no report link in {texts}")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_get_report_through_rest_gives_a_link_that_downloads_it(servers, lang):
    rasa, actions, db_path = servers
    sender = f"report-{lang}-{uuid.uuid4().hex[:8]}"
    client = RestClient(rasa, sender)
    hold_intake(client, lang)
    slots = client.slots()
    assert slots["employees"] == 40 and slots["home_region"] == "flanders"
    found = ask_report(client, "stuur me een rapport" if lang == "nl" else "can I get a report")
    assert found["pdf"].startswith(f"http://127.0.0.1:{rasa.port}{links.ROUTE}/")

    status, headers, body = get(found["pdf"])
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages).split())
    assert text("firm_report_title", lang) in pdf
    assert org_name("fit") in pdf and knowledge.organisation("fit")["url"] in pdf
    assert "Gent" in pdf or "Ghent" in pdf or "Vlaanderen" in pdf or "Flanders" in pdf
    assert "40" in pdf and "2005" in pdf

    status, headers, body = get(found["html"])
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert f'lang="{lang}"' in page and page.count("<svg") == 4
    assert headers["Cache-Control"] == "no-store"

    # the link belongs to this conversation only: another conversation's link shows its own
    token = found["pdf"].split("/")[-2]
    assert (
        links.read_token(
            token, shared_secret(engine_for(f"sqlite:///{db_path}"), links.SECRET_NAME)
        )
        == sender
    )
    for log in (rasa.log(), actions.log()):
        assert token not in log and sender not in log


def test_wrong_or_expired_links_get_404(servers):
    rasa, actions, db_path = servers
    sender = f"report-expired-{uuid.uuid4().hex[:8]}"
    client = RestClient(rasa, sender)
    hold_intake(client, "nl")
    found = ask_report(client, "stuur me een rapport")
    token = found["pdf"].split("/")[-2]
    base = f"{rasa.url}{links.ROUTE}"
    secret = shared_secret(engine_for(f"sqlite:///{db_path}"), links.SECRET_NAME)

    expired = links.make_token(sender, int(time.time()) - 1, secret)
    forged = links.make_token(sender, int(time.time()) + 3600, "not-the-secret")
    altered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    other = links.make_token("never-held", int(time.time()) + 3600, secret)
    for bad in (expired, forged, altered, other, "nonsense", "a.b.c"):
        for suffix in ("", "/pdf"):
            status, _, body = get(f"{base}/{bad}{suffix}")
            assert status == 404, (bad, suffix)
            assert b"Traceback" not in body
    assert get(found["pdf"])[0] == 200


def test_an_erased_conversation_has_no_report(servers):
    rasa, actions, db_path = servers
    sender = f"report-erased-{uuid.uuid4().hex[:8]}"
    client = RestClient(rasa, sender)
    hold_intake(client, "nl")
    found = ask_report(client, "stuur me een rapport")
    assert get(found["pdf"])[0] == 200

    client.say("verwijder mijn gegevens")
    client.say("ja")
    assert client.slots()["employees"] is None
    assert get(found["pdf"])[0] == 404
    assert get(found["html"])[0] == 404
