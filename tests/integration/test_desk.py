"""The advisor desk, the export and the analytics, on intakes held through the REST channel.

Real servers on loopback sharing one SQLite database (the conversations' and the desk's): the
action server, the Rasa server, the desk (`python -m wereldwijs.desk.app`), and headless Chromium
(Debian's) for the desk's pages. No Slack or Teams is configured: the desk is where hand-offs go.
"""

from __future__ import annotations

import http.cookiejar
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest

from tests.integration.intakes import hold_intake
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
from tests.integration.test_web import CHROMIUM, CHROMIUM_ARGS
from wereldwijs.desk.auth import hash_password
from wereldwijs.desk.export import QUESTIONS
from wereldwijs.wording.catalogue import text

ADVISOR, PASSWORD = "an.advisor", "correct horse battery"
CONTACT = "jan.peeters@chocolade-gent.be"
RUN = uuid.uuid4().hex[:6]
INTAKES = {
    f"desk-niche-{RUN}": {
        "employees": 40,
        "home_region": "Gent",
        "founding_year": 1998,
        "niche_score": 5,
        "relevant_market": "global",
        "exports": True,
        "first_export_year": 2001,
        "export_regions": ["neighbours", "eu15", "north_america"],
        "imports": True,
        "other_activities": [],
        "trigger": "active_prospecting",
        "motive": "growth",
        "priority": "growth",
        "offering": "b2b",
        "turnover": "1m_5m",
        "rnd_share": "gt_4",
        "differentiation": 4,
        "family_firm": "family_external",
        "mgmt_experience": "extensive",
        "first_import_year": 1999,
        "first_export_country": "Nederland",
        "main_export_country": "Duitsland",
        "export_countries_count": 25,
        "foreign_sales_share": "51_75",
        "export_outlook": "increase",
        "support_needs": ["legal_info", "market_research"],
    },
    f"desk-mass-{RUN}": {
        "employees": 12,
        "home_region": "Luik",
        "founding_year": 1990,
        "niche_score": 1,
        "relevant_market": "local",
        "exports": True,
        "first_export_year": 2000,
        "export_regions": ["neighbours"],
        "imports": False,
        "other_activities": [],
        "trigger": "local_partner_request",
        "motive": "survival",
        "priority": "independence",
        "rnd_share": "none",
        "export_countries_count": 3,
        "foreign_sales_share": "lt_10",
        "support_needs": ["partner_identification"],
    },
    f"desk-niche2-{RUN}": {
        "employees": 8,
        "home_region": "Brussel",
        "founding_year": 2010,
        "niche_score": 4,
        "exports": True,
        "first_export_year": 2011,
        "export_regions": ["neighbours", "asia_pacific"],
        "imports": True,
        "trigger": "unsolicited_order",
        "rnd_share": "2_4",
        "export_countries_count": 5,
        "foreign_sales_share": "26_50",
        "support_needs": ["market_research"],
    },
}
HANDED_OFF = f"desk-niche-{RUN}"


@pytest.fixture(scope="module")
def stack(tmp_path_factory, model_path):
    workdir = tmp_path_factory.mktemp("desk")
    db_path = workdir / "tracker.db"
    db_url = f"sqlite:///{db_path}"
    rasa_port, desk_port = free_port(), free_port()
    env = {
        "WERELDWIJS_DB_URL": db_url,
        "WERELDWIJS_PUBLIC_URL": f"http://127.0.0.1:{rasa_port}",
        "ADVISOR_LANGUAGE": "nl",
    }
    for var in ("ADVISOR_SLACK_CHANNEL", "SLACK_BOT_TOKEN", "ADVISOR_TEAMS_WEBHOOK_URL"):
        env[var] = ""
    actions = start_action_server(workdir, env=env)
    rasa = start_rasa_server(
        workdir, model_path, f"{actions.url}/webhook", db_path=db_path, port=rasa_port, env=env
    )
    users = f"{ADVISOR}:{hash_password(PASSWORD, iterations=2000)}"
    log = workdir / "desk.log"
    desk = subprocess.Popen(
        [sys.executable, "-m", "wereldwijs.desk.app", "--port", str(desk_port), "--db-url", db_url],
        cwd=ROOT,
        env=server_env({**env, "WERELDWIJS_DESK_USERS": users}),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    desk_url = f"http://127.0.0.1:{desk_port}"
    wait_http(f"{desk_url}/login", 60, desk, log)

    held = {}
    for sender, answers in INTAKES.items():
        held[sender] = hold_intake(RestClient(rasa, sender), answers, handoff=sender == HANDED_OFF)
    handed = RestClient(rasa, HANDED_OFF)
    replies = handed.say(CONTACT)
    assert text("contact_noted", "nl", contact=CONTACT) in [r.get("text") for r in replies]
    yield {
        "rasa": rasa,
        "actions": actions,
        "desk": desk_url,
        "db_url": db_url,
        "held": held,
        "workdir": workdir,
        "desk_log": log,
    }
    stop_process(desk)
    rasa.stop()
    actions.stop()


def no_redirects():
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    return urllib.request.build_opener(NoRedirect)


def test_without_login_no_desk_route_shows_anything(stack):
    opener = no_redirects()
    for path in ("/", "/analytics", "/handoffs/1", "/handoffs/999", "/?q=chocolade", "/nope"):
        with pytest.raises(urllib.error.HTTPError) as caught:
            opener.open(stack["desk"] + path, timeout=30)
        assert caught.value.code == 302 and caught.value.headers["Location"] == "/login", path
        assert HANDED_OFF.encode() not in caught.value.read()
    for path in ("/logout", "/", "/login"):
        request = urllib.request.Request(stack["desk"] + path, data=b"csrf=x", method="POST")
        with pytest.raises(urllib.error.HTTPError) as caught:
            opener.open(request, timeout=30)
        assert caught.value.code in (403, 405), path
    # a forged session cookie is no session
    request = urllib.request.Request(
        stack["desk"] + "/", headers={"Cookie": "desk_session=a|9999999999|b"}
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        opener.open(request, timeout=30)
    assert caught.value.code == 302


def test_the_desk_in_a_browser(stack, browser_page):
    page, desk = browser_page, stack["desk"]
    page.goto(desk + "/analytics")
    assert urlsplit(page.url).path == "/login"  # no content before logging in
    assert "Intakes" not in page.content()

    page.fill("input[name=name]", ADVISOR)
    page.fill("input[name=password]", "wrong password")
    page.click("button[type=submit]")
    assert text("desk_login_failed", "nl") in page.content()
    page.fill("input[name=name]", ADVISOR)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    assert urlsplit(page.url).path == "/"
    cookie = next(c for c in page.context.cookies() if c["name"] == "desk_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"

    row = page.locator(f"tr.handoff[data-reference='{HANDED_OFF}']")
    assert row.count() == 1
    assert CONTACT in row.inner_text()
    # filters and search
    page.select_option("select[name=positioning]", "mass")
    page.click("form.filters button[type=submit]")
    assert page.locator(f"tr.handoff[data-reference='{HANDED_OFF}']").count() == 0
    page.goto(desk + "/?positioning=niche&region=flanders&stage=export&q=" + HANDED_OFF[-6:])
    assert page.locator(f"tr.handoff[data-reference='{HANDED_OFF}']").count() == 1
    page.goto(desk + "/?region=wallonia")
    assert page.locator("tr.handoff").count() == 0

    page.goto(desk + "/")
    page.locator(f"tr.handoff[data-reference='{HANDED_OFF}'] a").click()
    assert page.locator("#contact").inner_text() == CONTACT
    classification = page.locator("#classification").inner_text()
    assert "Nicheproduct" in classification and "Sprinkler" in classification
    summary = page.locator("pre").inner_text()
    assert "Flanders Investment & Trade" in summary

    report_url = page.locator("#report-page").get_attribute("href")
    assert report_url.startswith(stack["rasa"].url + "/webhooks/report/")
    page.click("#report-page")
    assert text("firm_report_title", "nl") in page.content()
    assert page.locator("svg").count() == 4
    # the firm's own link needs no desk login: a fresh context without cookies
    other = page.context.browser.new_context()
    fresh = other.new_page()
    assert fresh.goto(report_url).status == 200
    other.close()

    page.goto(desk + "/analytics")
    counts = {
        key: int(page.locator(f"#counts [data-count={key}]").inner_text())
        for key in ("all", "niche", "mass")
    }
    assert counts == {"all": 3, "niche": 2, "mass": 1}
    years = page.locator("#measure-years_to_export")
    assert years.locator("[data-n=niche]").inner_text() == "2"
    assert years.locator("[data-ours=mass]").inner_text() == "10"  # 2000 - 1990
    assert years.locator("[data-few=niche]").count() == 1  # under the threshold: a warning
    assert CONTACT not in page.content() and HANDED_OFF not in page.content()

    page.click("header button[type=submit]")  # log out (a POST with its CSRF token)
    page.goto(desk + "/")
    assert urlsplit(page.url).path == "/login"
    assert "desk_session" not in [c["name"] for c in page.context.cookies()]


def export(stack) -> pd.DataFrame:
    out = stack["workdir"] / f"export-{uuid.uuid4().hex[:6]}"
    subprocess.run(
        [
            sys.executable,
            "scripts/export_profiles.py",
            "--out",
            str(out),
            "--db-url",
            stack["db_url"],
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    csv = pd.read_csv(out / "profiles.csv")
    parquet = pd.read_parquet(out / "profiles.parquet")
    assert list(csv.columns) == list(parquet.columns) and len(csv) == len(parquet)
    return parquet


CANONICAL_TEXT = {
    "home_region": {"Gent": "flanders", "Luik": "wallonia", "Brussel": "brussels"},
    "first_export_country": {"Nederland": "NL"},
    "main_export_country": {"Duitsland": "DE"},
}


def test_export_holds_every_answer_and_no_personal_data(stack):
    table = export(stack)
    assert len(table) == len(INTAKES)
    raw = table.to_csv()
    assert CONTACT not in raw and not any(sender in raw for sender in INTAKES)
    for sender, answers in INTAKES.items():
        (row,) = [r for _, r in table.iterrows() if r["A2_employees"] == answers["employees"]]
        for slot, value in answers.items():
            expected = CANONICAL_TEXT[slot][value] if slot in CANONICAL_TEXT else value
            if isinstance(expected, list):  # "" is an answered empty list, missing is unknown
                expected = ";".join(expected)
            got = row[QUESTIONS[slot]]
            got = None if got is None or (not isinstance(got, str) and pd.isna(got)) else got
            assert got == expected, (sender, slot, got, expected)


def independent_numbers(table: pd.DataFrame) -> dict:
    """The analytics' figures computed from the export alone, with pandas (survey report 5.8's
    rule: 4-5 niche, 1-2 mass)."""
    segment = table["A7_niche_score"].map(
        lambda s: "niche" if s >= 4 else "mass" if s <= 2 else None
    )
    exporters = table[table["B5_exports"] == True]  # noqa: E712
    years = exporters["B6_first_export_year"] - exporters["A3_founding_year"]
    numbers = {}
    for name in ("niche", "mass"):
        mine = segment[exporters.index] == name
        y = years[mine].dropna()
        numbers[("years_to_export", name)] = (round(y.mean(), 1), len(y))
        m = exporters[mine]["B11_export_countries_count"].dropna()
        numbers[("export_markets", name)] = (round(m.mean(), 1), len(m))
        share = exporters[mine]["B14_foreign_sales_share"].dropna()
        numbers[("foreign_sales_gt_50", name)] = (
            round(100 * share.isin(["51_75", "gt_75"]).mean(), 1),
            len(share),
        )
        rnd = table[segment == name]["A6_rnd_share"].dropna()
        numbers[("rnd_gt_4", name)] = (round(100 * (rnd == "gt_4").mean(), 1), len(rnd))
    return numbers


def desk_analytics(stack) -> dict:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = opener.open(stack["desk"] + "/login", timeout=30).read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', login).group(1)
    body = urllib.parse.urlencode({"csrf": csrf, "name": ADVISOR, "password": PASSWORD}).encode()
    opener.open(stack["desk"] + "/login", data=body, timeout=30).read()
    page = opener.open(stack["desk"] + "/analytics", timeout=60).read().decode()
    numbers = {}
    for key in ("years_to_export", "export_markets", "foreign_sales_gt_50", "rnd_gt_4"):
        section = page.split(f'id="measure-{key}"')[1].split("</section>")[0]
        for name in ("niche", "mass"):
            ours = re.search(rf'data-ours="{name}">([^<]*)<', section).group(1)
            n = int(re.search(rf'data-n="{name}">([^<]*)<', section).group(1))
            numbers[(key, name)] = (float(ours.replace(",", ".")), n)
    return numbers


def test_desk_analytics_equal_the_numbers_computed_from_the_export(stack):
    assert desk_analytics(stack) == independent_numbers(export(stack))


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()

        def only_loopback(route):
            host = urlsplit(route.request.url).hostname or ""
            ok = host in ("127.0.0.1", "localhost") or route.request.url.startswith("data:")
            route.continue_() if ok else route.abort()

        context.route("**/*", only_loopback)
        yield context.new_page()
        browser.close()


def test_the_web_page_shows_a_download_button_for_the_report(stack, browser_page):
    """The chat page (web/) on the same Rasa server, through socket.io: the report's link comes
    as an attachment and becomes a download button; the PDF behind it downloads."""
    port = free_port()
    log = stack["workdir"] / "web.log"
    web = subprocess.Popen(
        [
            sys.executable,
            "scripts/serve_web.py",
            "--port",
            str(port),
            "--rasa-url",
            stack["rasa"].url,
            "--quiet",
        ],
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_http(f"http://127.0.0.1:{port}/", 30, web, log)
        page = browser_page
        page.goto(f"http://127.0.0.1:{port}/")

        def say(message):
            before = page.locator(".msg-bot").count()
            page.fill("#input", message)
            page.press("#input", "Enter")
            page.locator(".msg-bot").nth(before).wait_for(timeout=90_000)
            page.wait_for_timeout(1500)  # the rest of the bot's messages

        say("we zijn met 40 mensen in Gent en exporteren sinds 2005 naar 12 landen")
        say("stuur me een rapport")
        if page.locator("a.download").count() == 0:
            say("ja")
        button = page.locator("a.download").last
        button.wait_for(timeout=30_000)
        assert button.inner_text() == text("report_link_pdf", "nl")
        href = button.get_attribute("href")
        assert href.startswith(stack["rasa"].url + "/webhooks/report/") and href.endswith("/pdf")
        reply = page.request.get(href)
        assert reply.status == 200 and reply.headers["content-type"] == "application/pdf"
    finally:
        stop_process(web)
