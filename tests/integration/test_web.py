"""The chat page (web/) in a real Chromium, over Rasa's socketio channel.

Two groups:
- against an *echo server*: Rasa's own `SocketIOInput` channel in a Sanic app whose message handler
  answers from a script (no model needed): protocol, persistence, language metadata, rendering, escaping.
- against the real bot (`rasa_server` fixture): a Dutch and an English intake through buttons and free
  text, with a reload in the middle, checked against the tracker API.

Needs Debian's chromium (`apt-get install -y chromium`) and the PyPI `playwright` package; no
`playwright install`. Run this file as a script (`python tests/integration/test_web.py PORT`) to start
the echo server by hand.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # when run as a script

from tests.integration.servers import RestClient, free_port, stop_process, wait_http  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "tests" / ".artifacts"
XSS = "<b>bold</b><script>window.pwned=1</script>"
REPLY_TIMEOUT_MS = 90_000


# ---------------------------------------------------------------- echo server (run as a script)


def run_echo_server(port: int) -> None:
    """Rasa's socketio channel with a scripted handler instead of a model."""
    from rasa.core.channels.socketio import SocketIOInput
    from sanic import Sanic

    channel = SocketIOInput.from_credentials(
        {"session_persistence": True, "metadata_key": "metadata"}
    )

    async def on_message(msg) -> None:
        out = msg.output_channel
        if msg.text == "buttons":
            await out.send_text_with_buttons(
                msg.sender_id,
                "Kies een antwoord.",
                [
                    {"title": "Ja, zeker", "payload": '/inform{"answer":"yes"}'},
                    {"title": "Weet ik niet", "payload": "/dont_know"},
                ],
            )
        elif msg.text == "rich":
            await out.send_text_message(
                msg.sender_id,
                (
                    "Drie tips:\n- Lees https://example.org/gids.\n- Bel <b>FIT</b>\n"
                    '<img src=x onerror="window.pwned=2">\nNog een regel'
                ),
            )
        else:
            await out.send_text_message(
                msg.sender_id,
                "echo "
                + json.dumps(
                    {"text": msg.text, "sender": msg.sender_id, "metadata": msg.metadata or {}}
                ),
            )

    app = Sanic("web_echo")
    app.blueprint(channel.blueprint(on_message), url_prefix="/webhooks/socketio")  # as rasa does
    app.run(host="127.0.0.1", port=port, access_log=False)


# ---------------------------------------------------------------- fixtures


def _start(cmd, url, log_path, timeout=90) -> subprocess.Popen:
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log_path.open("w"), stderr=subprocess.STDOUT)
    try:
        wait_http(url, timeout, proc, log_path)
    except Exception:
        proc.kill()
        raise
    return proc


@pytest.fixture(scope="module")
def web_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("web")


def _page_server(web_dir: Path, rasa_url: str):
    port = free_port()
    proc = _start(
        [
            sys.executable,
            str(ROOT / "scripts" / "serve_web.py"),
            "--port",
            str(port),
            "--rasa-url",
            rasa_url,
            "--quiet",
        ],
        f"http://127.0.0.1:{port}/",
        web_dir / f"web-{port}.log",
        timeout=20,
    )
    return proc, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def echo_page(web_dir):
    """URL of the chat page wired to the echo server."""
    port = free_port()
    echo = _start(
        [sys.executable, __file__, str(port)],
        f"http://127.0.0.1:{port}/webhooks/socketio/",
        web_dir / f"echo-{port}.log",
    )
    web, url = _page_server(web_dir, f"http://127.0.0.1:{port}")
    yield url
    stop_process(web)
    stop_process(echo)


@pytest.fixture(scope="module")
def bot_page(web_dir, rasa_server):
    web, url = _page_server(web_dir, rasa_server.url)
    yield url
    stop_process(web)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the playwright package is missing: .venv/bin/pip install playwright==1.65.2")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _only_loopback(route):
    host = urlsplit(route.request.url).hostname or ""
    if route.request.url.startswith("data:") or host in ("127.0.0.1", "localhost", "::1"):
        route.continue_()
    else:
        route.abort()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 860})
    ctx.route("**/*", _only_loopback)
    pg = ctx.new_page()
    errors = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.errors = errors
    yield pg
    ctx.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


# ---------------------------------------------------------------- page helpers


def bot_count(pg) -> int:
    return pg.locator(".msg-bot").count()


def wait_bot(pg, more_than: int, settle: float = 0.8) -> None:
    """Wait until the bot said more than `more_than` messages and then fell quiet."""
    pg.wait_for_function(
        "n => document.querySelectorAll('.msg-bot').length > n",
        arg=more_than,
        timeout=REPLY_TIMEOUT_MS,
    )
    last = -1
    while last != bot_count(pg):
        last = bot_count(pg)
        time.sleep(settle)


def say(pg, text: str) -> None:
    before = bot_count(pg)
    pg.fill("#input", text)
    pg.press("#input", "Enter")
    wait_bot(pg, before)


def click_reply(pg, title: str) -> None:
    before = bot_count(pg)
    pg.locator(".quick-replies button:not([disabled])", has_text=title).first.click()
    wait_bot(pg, before)


def bot_texts(pg):
    """What each bot bubble shows, without the hidden speaker label."""
    return pg.eval_on_selector_all(
        ".msg-bot .bubble",
        """els => els.map(e =>
        [...e.children].filter(c => !c.classList.contains('who')).map(c => c.innerText).join('\\n'))""",
    )


def transcript(pg):
    return pg.locator(".msg .bubble").all_inner_texts()


def session_id(pg) -> str:
    return pg.evaluate("() => JSON.parse(localStorage.getItem('wereldwijs.chat.v1')).sessionId")


def last_echo(pg) -> dict:
    text = bot_texts(pg)[-1]
    return json.loads(text.split("echo ", 1)[1])


def shoot(pg, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    pg.screenshot(path=str(path), full_page=False)
    return path


# ---------------------------------------------------------------- against the echo server


def test_session_persists_over_reload_and_language_metadata_is_sent_sparingly(page, echo_page):
    page.goto(f"{echo_page}/?lang=en")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.get_attribute("#input", "placeholder") == "Type your message…"
    say(page, "first")
    first = last_echo(page)
    sid = session_id(page)
    assert first["sender"] == sid and len(sid) == 32
    assert first["metadata"] == {"language": "en"}
    say(page, "second")
    assert last_echo(page)["metadata"] == {}

    before = transcript(page)
    page.reload()
    page.wait_for_selector(".msg-bot")
    assert transcript(page) == before
    assert session_id(page) == sid
    say(page, "third")
    assert last_echo(page) == {"text": "third", "sender": sid, "metadata": {}}

    page.click(".lang-toggle button[data-lang='nl']")
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert page.get_attribute(".lang-toggle button[data-lang='nl']", "aria-pressed") == "true"
    assert page.get_attribute("#input", "placeholder") == "Typ uw bericht…"
    assert "lang=nl" in page.url
    say(page, "vierde")
    assert last_echo(page)["metadata"] == {"language": "nl"}
    say(page, "vijfde")
    assert last_echo(page)["metadata"] == {}


def test_buttons_send_payload_show_title_and_older_ones_are_disabled(page, echo_page):
    page.goto(f"{echo_page}/?lang=nl")
    say(page, "buttons")
    say(page, "buttons")
    groups = page.locator(".quick-replies")
    assert groups.count() == 2
    assert groups.nth(0).locator("button:disabled").count() == 2
    assert groups.nth(1).locator("button:enabled").count() == 2
    assert groups.nth(1).get_attribute("aria-label") == "Antwoordopties"

    click_reply(page, "Ja, zeker")
    assert page.locator(".msg-user .bubble").last.inner_text().endswith("Ja, zeker")
    assert last_echo(page)["text"] == '/inform{"answer":"yes"}'
    assert page.locator(".quick-replies button:enabled").count() == 0
    assert page.evaluate("document.activeElement.id") == "input"


def test_keyboard_only(page, echo_page):
    page.goto(f"{echo_page}/?lang=nl")
    page.focus("#input")
    page.keyboard.type("buttons")
    page.keyboard.press("Enter")
    wait_bot(page, 0)
    page.keyboard.press("Shift+Tab")  # from the input back to the newest answer option
    assert page.evaluate("document.activeElement.textContent") == "Weet ik niet"
    page.keyboard.press("Enter")
    wait_bot(page, 1)
    assert last_echo(page)["text"] == "/dont_know"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert page.evaluate("document.activeElement.id") == "input" and outline != "none"


def test_markup_is_shown_as_text_and_advice_is_readable(page, echo_page):
    page.goto(f"{echo_page}/?lang=nl")
    say(page, XSS)
    user = page.locator(".msg-user .user-text").last
    assert user.inner_text() == XSS
    assert page.locator(".log b, .log script, .log img").count() == 0
    assert last_echo(page)["text"] == XSS  # sent as typed

    say(page, "rich")
    bubble = page.locator(".msg-bot .bubble").last
    items = bubble.locator("li")
    assert items.count() == 2
    link = items.nth(0).locator("a")
    assert (
        link.get_attribute("href") == "https://example.org/gids"
    )  # trailing dot is not in the URL
    assert (
        link.get_attribute("rel") == "noopener noreferrer"
        and link.get_attribute("target") == "_blank"
    )
    assert items.nth(1).inner_text() == "Bel <b>FIT</b>"
    assert '<img src=x onerror="window.pwned=2">' in bubble.inner_text()
    assert bubble.locator("p br").count() == 1  # the two trailing lines stay separate lines
    assert page.locator(".log b, .log script, .log img").count() == 0
    assert page.evaluate("typeof window.pwned") == "undefined"

    page.reload()  # the stored transcript is rendered the same safe way
    page.wait_for_selector(".msg-bot li")
    assert page.locator(".log b, .log script, .log img").count() == 0
    assert page.evaluate("typeof window.pwned") == "undefined"


# For every visible element with its own text: WCAG contrast of its colour against the first opaque
# background behind it (disabled controls are exempt in WCAG 1.4.3).
CONTRAST_JS = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92
      : Math.pow((v + 0.055) / 1.055, 2.4); }).reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
  const bg = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] > 0) return c.slice(0, 3); } return [255, 255, 255]; };
  const bad = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || el.closest('.sr-only') || el.disabled || !el.getClientRects().length) continue;
    const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(bg(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) bad.push(el.tagName + '.' + el.className + ' ' + ratio.toFixed(2));
  }
  return bad;
}"""


def test_contrast_labels_and_phone_width(page, echo_page):
    page.goto(f"{echo_page}/?lang=nl")
    assert page.evaluate(CONTRAST_JS) == []  # empty state
    say(page, "rich")
    say(page, "buttons")
    page.fill("#input", "x")
    page.locator(".lang-toggle button").first.hover()
    assert page.evaluate(CONTRAST_JS) == []
    assert (
        page.get_attribute("#log", "aria-live") == "polite"
        and page.get_attribute("#log", "role") == "log"
    )
    assert page.locator("label[for=input]").inner_text() == "Uw bericht"
    names = page.evaluate("[...document.querySelectorAll('button')].map(b => b.innerText.trim())")
    assert all(names), f"a button without a name: {names}"
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.locator(
        ".quick-replies button:enabled"
    ).last.is_visible()  # kept scrolled to the end
    assert page.evaluate(CONTRAST_JS) == []


def test_new_conversation_gets_a_new_session(page, echo_page):
    page.goto(f"{echo_page}/?lang=en")
    say(page, "one")
    sid = session_id(page)
    page.click("#new-chat")
    assert page.locator(".msg").count() == 0 and page.is_visible("#empty")
    say(page, "two")
    assert last_echo(page)["sender"] != sid
    assert last_echo(page)["metadata"] == {"language": "en"}


def test_serve_web_generates_config_and_serves_only_the_page(echo_page):
    import urllib.error
    import urllib.request

    with urllib.request.urlopen(f"{echo_page}/config.js") as resp:
        body = resp.read().decode()
        csp = resp.headers["Content-Security-Policy"]
    assert '"rasaUrl": "http://127.0.0.1:' in body
    assert "script-src 'self'" in csp and "ws://127.0.0.1:" in csp
    with urllib.request.urlopen(f"{echo_page}/vendor/socket.io.min.js") as resp:
        assert b"Socket.IO v4." in resp.read(200)
    for path in (
        "/package.json",
        "/node_modules/socket.io-client/package.json",
        "/vendor/",
        "/../README.md",
    ):
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"{echo_page}{path}")
        assert err.value.code == 404, path


# ---------------------------------------------------------------- against the real bot

# Free-text answers for questions that take a number or a place; other questions get a button click.
TEXT_ANSWERS = {
    "nl": {
        "employees": "we zijn met 40",
        "founding_year": "opgericht in 1987",
        "home_region": "Gent",
        "sector": "machinebouw",
        "first_export_year": "sinds 1995",
        "subsidiary_countries": "2",
    },
    "en": {
        "employees": "about 40 people",
        "founding_year": "founded in 1987",
        "home_region": "Ghent",
        "sector": "machine building",
        "first_export_year": "since 1995",
        "subsidiary_countries": "2",
    },
}
SKIP_TITLES = re.compile(r"weet|know|sla|skip|waarom|why", re.I)


def answer_current_question(pg, client: RestClient, lang: str, how: dict) -> str:
    """Answer the question being asked (text when we have one, else the first real button)."""
    slot = client.slots()["requested_slot"]
    assert slot, "the intake form is not asking anything"
    buttons = [
        b
        for b in pg.locator(".quick-replies button:enabled").all_inner_texts()
        if not SKIP_TITLES.search(b)
    ]
    if slot in TEXT_ANSWERS[lang]:
        say(pg, TEXT_ANSWERS[lang][slot])
        how["text"] += 1
    else:
        assert buttons, f"question {slot} has no answer button and no scripted text answer"
        click_reply(pg, buttons[0])
        how["button"] += 1
    slots = client.slots()
    assert slots[slot] not in (None, [], ""), f"{slot} not filled: {slots}\n{bot_texts(pg)[-3:]}"
    return slot


def plain(text: str) -> str:
    """Text as a reader sees it: no list dashes, no bold marks, single spaces."""
    text = re.sub(r"(?m)^\s*(?:- |• )", "", text).replace("**", "")
    return " ".join(text.split())


def last_bot_utterance(client: RestClient) -> str:
    return [e for e in client.tracker()["events"] if e["event"] == "bot"][-1].get("text") or ""


@pytest.mark.parametrize(
    "lang,greeting,start",
    [
        ("nl", "hallo", "ik wil advies over export"),
        ("en", "hi", "can you assess my company"),
    ],
)
def test_intake_through_the_page_with_a_reload(page, bot_page, rasa_server, lang, greeting, start):
    page.goto(f"{bot_page}/?lang={lang}")
    say(page, greeting)
    assert page.locator(".quick-replies button:enabled").count() > 0, "welcome has no buttons"
    client = RestClient(rasa_server, session_id(page))
    assert client.slots()["language"] == lang

    say(page, start)
    how = {"text": 0, "button": 0}
    answered = [answer_current_question(page, client, lang, how) for _ in range(2)]
    shoot(page, f"chat-{lang}-desktop.png")

    before = transcript(page)
    asked = client.slots()["requested_slot"]
    page.reload()
    page.wait_for_selector(".msg-bot")
    assert transcript(page) == before
    assert session_id(page) == client.sender
    assert plain(bot_texts(page)[-1]) == plain(last_bot_utterance(client).split("\n\n")[-1])

    answered.append(answer_current_question(page, client, lang, how))
    assert answered[-1] == asked, "after the reload the bot did not continue with the open question"
    following = client.slots()["requested_slot"]
    assert following and following not in answered, "the next reply is not the next question"
    assert plain(bot_texts(page)[-1]) == plain(last_bot_utterance(client).split("\n\n")[-1])
    answered.append(answer_current_question(page, client, lang, how))
    assert how["text"] and how["button"], f"want answers by text and by button, got {how}"
    assert client.slots()["language"] == lang
    assert page.evaluate("document.documentElement.lang") == lang

    say(page, XSS)
    assert page.locator(".msg-user .user-text").last.inner_text() == XSS
    assert page.locator(".log b, .log script").count() == 0
    assert page.evaluate("typeof window.pwned") == "undefined"

    page.set_viewport_size({"width": 360, "height": 740})
    shoot(page, f"chat-{lang}-360.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, (
        "horizontal scrolling at 360px"
    )


if __name__ == "__main__":
    run_echo_server(int(sys.argv[1]))
