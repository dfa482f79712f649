"""The one home of "the SQL URL of endpoints.yml's tracker store": store.url_from_endpoints, used
by the desk, the actions (database_url) and retention (engine_from_endpoints)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from rasa_plugins import retention
from wereldwijs.desk import store

PG = "  dialect: postgresql\n  url: db.local\n  port: 5432\n  db: rasa\n  username: rasa\n"


@pytest.mark.parametrize(
    "section, expected",
    [
        ("tracker_store:\n  type: sql\n", "sqlite:///rasa.db"),
        ("tracker_store:\n  type: x.Store\n  dialect: sqlite\n", "sqlite:///rasa.db"),
        ("tracker_store:\n  dialect: sqlite\n  db: tracker.db\n", "sqlite:///tracker.db"),
        ("tracker_store:\n  dialect: sqlite\n  db: data/t.db\n", "sqlite:///data/t.db"),
        ("tracker_store:\n  dialect: sqlite\n  db: /var/t.db\n", "sqlite:////var/t.db"),
        (
            "tracker_store:\n  type: rasa_plugins.tracker_store.ForgetfulSQLTrackerStore\n"
            "  db: tracker.db\n",
            "sqlite:///tracker.db",
        ),
        (
            f"tracker_store:\n{PG}  password: secret\n",
            "postgresql://rasa:secret@db.local:5432/rasa",
        ),
        (
            f"tracker_store:\n{PG}  password: 'p@ss/w:rd'\n",
            "postgresql://rasa:p%40ss%2Fw%3Ard@db.local:5432/rasa",
        ),
        (
            f"tracker_store:\n{PG}  password: ${{PGPASS}}\n",
            "postgresql://rasa:p%40ss@db.local:5432/rasa",
        ),
        (
            "tracker_store:\n  dialect: postgresql\n  url: ${PGHOST}\n  port: ${PGPORT}\n"
            "  db: ${PGDB}\n",
            "postgresql://pg.internal:6543/conversations",
        ),
        (
            f"tracker_store:\n{PG}  query:\n    sslmode: require\n",
            "postgresql://rasa@db.local:5432/rasa?sslmode=require",
        ),
        (
            f"tracker_store:\n{PG}  query:\n    sslmode: ${{PGSSL}}\n",
            "postgresql://rasa@db.local:5432/rasa?sslmode=verify-full",
        ),
        (
            "tracker_store:\n  dialect: postgresql\n  url: db.local:5433\n  db: rasa\n",
            "postgresql://db.local:5433/rasa",
        ),
        (
            "tracker_store:\n  dialect: postgresql\n  url: postgresql://u:p@h/d\n",
            "postgresql://u:p@h/d",
        ),
        ("action_endpoint:\n  url: http://localhost:5055/webhook\n", None),
        ("tracker_store:\n", None),
        ("", None),
        ("tracker_store:\n  type: redis\n  url: localhost\n  port: 6379\n  db: 0\n", None),
        ("tracker_store:\n  type: mongod\n  url: mongodb://localhost:27017\n", None),
        ("tracker_store:\n  type: dynamo\n  table_name: events\n", None),
    ],
)
def test_url_from_endpoints(section, expected, tmp_path, monkeypatch):
    for name, value in {
        "PGPASS": "p@ss",
        "PGHOST": "pg.internal",
        "PGPORT": "6543",
        "PGDB": "conversations",
        "PGSSL": "verify-full",
    }.items():
        monkeypatch.setenv(name, value)
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(section)
    assert store.url_from_endpoints(endpoints) == expected


@pytest.mark.parametrize("password", ["p@ss/w:rd", "we#1?x", "plain"])
def test_a_password_with_special_characters_survives_the_round_trip(password, tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f"tracker_store:\n{PG}  password: '{password}'\n")
    url = sa.engine.make_url(store.url_from_endpoints(endpoints))
    assert (url.username, url.password, url.host, url.port, url.database) == (
        "rasa",
        password,
        "db.local",
        5432,
        "rasa",
    )


def test_without_an_sql_tracker_store_the_desk_keeps_its_tables_in_sqlite(tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: redis\n  url: localhost\n  db: 0\n")
    assert store.database_url({}, endpoints) == "sqlite:///rasa.db"
    assert store.database_url({store.DB_URL_VAR: "sqlite:///x.db"}, endpoints) == "sqlite:///x.db"
    endpoints.write_text("tracker_store:\n  dialect: sqlite\n  db: tracker.db\n")
    assert store.database_url({}, endpoints) == "sqlite:///tracker.db"


def test_retention_uses_the_same_url_and_stops_without_an_sql_store(tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f"tracker_store:\n  dialect: sqlite\n  db: {tmp_path / 't.db'}\n")
    engine = retention.engine_from_endpoints(str(endpoints))
    assert engine.url.render_as_string(hide_password=False) == store.url_from_endpoints(endpoints)
    endpoints.write_text("tracker_store:\n  type: redis\n")
    with pytest.raises(SystemExit, match="has no SQL tracker_store: nothing to erase."):
        retention.engine_from_endpoints(str(endpoints))
