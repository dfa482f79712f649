"""Report-link tokens and the shared secret (real SQLite databases in a temporary folder)."""

from __future__ import annotations

import threading

import pytest

from wereldwijs.desk.store import engine_for, shared_secret, url_from_endpoints
from wereldwijs.report import links

SECRET = "s3cret"


@pytest.mark.parametrize(
    "token, now, expected",
    [
        (links.make_token("conv-1", 1000, SECRET), 999, "conv-1"),
        (links.make_token("conv-1", 1000, SECRET), 1000, "conv-1"),
        (links.make_token("conv-1", 1000, SECRET), 1001, None),  # expired
        (links.make_token("conv-1", 1000, "other"), 999, None),  # another secret
        (links.make_token("conv-1", 1000, SECRET).replace(".1000.", ".9999."), 999, None),
        (links.make_token("gëbruiker/ä b", 1000, SECRET), 0, "gëbruiker/ä b"),
        ("", 0, None),
        ("a.b", 0, None),
        ("a.b.c", 0, None),
        ("!!.1000.xyz", 0, None),
    ],
)
def test_read_token(token, now, expected):
    assert links.read_token(token, SECRET, now) == expected


def test_tokens_are_url_safe_and_differ_per_conversation():
    a, b = links.make_token("a", 10, SECRET), links.make_token("b", 10, SECRET)
    assert a != b and all(c.isalnum() or c in "-_." for c in a + b)


@pytest.mark.parametrize(
    "env, expected",
    [({}, 72), ({"WERELDWIJS_REPORT_HOURS": "2"}, 2), ({"WERELDWIJS_REPORT_HOURS": "x"}, 72)],
)
def test_lifetime(env, expected):
    assert links.lifetime_hours(env) == expected


def test_public_url_and_routes():
    assert links.public_url({}) == "http://localhost:5005"
    base = links.public_url({"WERELDWIJS_PUBLIC_URL": "https://bot.example.be/"})
    assert links.report_urls(base, "T") == {
        "html": "https://bot.example.be/webhooks/report/T",
        "pdf": "https://bot.example.be/webhooks/report/T/pdf",
    }


def test_the_secret_comes_from_the_environment_first(tmp_path):
    engine = engine_for(f"sqlite:///{tmp_path / 'a.db'}")
    assert links.report_secret({"WERELDWIJS_REPORT_SECRET": "env"}, engine) == "env"


def test_without_environment_every_server_finds_the_same_secret_in_the_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    found = []
    threads = [
        threading.Thread(target=lambda: found.append(shared_secret(engine_for(url), "k")))
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(found)) == 1 and len(found[0]) >= 40
    assert links.report_secret({}, engine_for(url)) != found[0]  # another name, another secret
    assert links.report_secret({}, engine_for(url)) == links.report_secret({}, engine_for(url))


def test_database_url_from_endpoints(tmp_path, monkeypatch):
    sqlite = tmp_path / "sqlite.yml"
    sqlite.write_text("tracker_store:\n  type: x\n  dialect: sqlite\n  db: tracker.db\n")
    assert url_from_endpoints(sqlite) == "sqlite:///tracker.db"
    pg = tmp_path / "pg.yml"
    pg.write_text(
        "tracker_store:\n  dialect: postgresql\n  url: db.local\n  port: 5432\n"
        "  db: rasa\n  username: rasa\n  password: ${PGPASS}\n"
    )
    monkeypatch.setenv("PGPASS", "p@ss")
    assert url_from_endpoints(pg) == "postgresql://rasa:p%40ss@db.local:5432/rasa"
