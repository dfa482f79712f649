"""The desk's pure pieces: passwords, sessions, CSRF, replaying slot events, analytics."""

from __future__ import annotations

import json

import pytest

from wereldwijs import analytics, knowledge
from wereldwijs.desk import auth
from wereldwijs.desk.profiles import replay
from wereldwijs.vocabulary import FirmProfile

HASH = auth.hash_password("correct horse", iterations=1000)


@pytest.mark.parametrize(
    "password, encoded, ok",
    [
        ("correct horse", HASH, True),
        ("correct horsE", HASH, False),
        ("", HASH, False),
        ("correct horse", "md5$1$x$y", False),
        ("correct horse", "garbage", False),
    ],
)
def test_verify_password(password, encoded, ok):
    assert auth.verify_password(password, encoded) is ok


def test_users_from_the_environment():
    env = {auth.USERS_VAR: f"an:{HASH}, bo:{HASH},broken,eve:plain"}
    users = auth.parse_users(env)
    assert sorted(users) == ["an", "bo"]
    assert auth.check_login(users, "an", "correct horse")
    assert not auth.check_login(users, "eve", "plain") and not auth.check_login(users, "x", "")


@pytest.mark.parametrize(
    "cookie, now, expected",
    [
        (auth.make_session("an", "k", now=0), 100, "an"),
        (auth.make_session("an", "k", now=0), auth.SESSION_SECONDS + 1, None),  # expired
        (auth.make_session("an", "other", now=0), 100, None),
        (auth.make_session("an", "k", now=0).replace("|", "|1", 1), 100, None),
        ("a|b", 0, None),
        (None, 0, None),
    ],
)
def test_sessions(cookie, now, expected):
    assert auth.read_session(cookie, "k", now=now) == expected


def test_csrf_is_bound_to_the_session():
    token = auth.csrf_token("session-a", "k")
    assert auth.csrf_ok(token, "session-a", "k")
    assert not auth.csrf_ok(token, "session-b", "k")
    assert not auth.csrf_ok(None, "session-a", "k") and not auth.csrf_ok(token, None, "k")


def slot(sender, name, value, t=1.0):
    return (sender, "slot", t, json.dumps({"event": "slot", "name": name, "value": value}))


def test_replay_sets_and_clears_slots_in_order():
    rows = [
        slot("a", "employees", 40),
        slot("b", "employees", 5),
        slot("a", "employees", 41, 2.0),
        ("b", "restart", 3.0, "{}"),
        slot("b", "language", "en", 4.0),
    ]
    found = replay(rows)
    assert found["a"].slots == {"employees": 41} and found["a"].last_seen == 2.0
    assert found["b"].slots == {"language": "en"} and found["b"].profile.is_blank()


def test_analytics_per_segment_with_counts():
    niche = FirmProfile(niche_score=5, exports=True, founding_year=2000, first_export_year=2004)
    niche2 = FirmProfile(niche_score=4, exports=True, founding_year=2000, first_export_year=2002)
    mass = FirmProfile(niche_score=2, exports=False, rnd_share="none")
    middle = FirmProfile(niche_score=3, exports=True, founding_year=1990, first_export_year=2020)
    found = {c.key: c for c in analytics.comparisons([niche, niche2, mass, middle])}
    years = found["years_to_export"]
    assert years.ours == {"niche": 3.0, "mass": None} and years.n == {"niche": 2, "mass": 0}
    assert years.survey["niche"] == knowledge.segment_fact("years_to_export")["niche"]
    assert years.few("niche") and years.source == "survey report, Figure 24"
    assert found["rnd_none"].ours["mass"] == 100.0 and found["rnd_none"].n["mass"] == 1
    assert analytics.intake_counts([niche, niche2, mass, middle]) == {
        "all": 4,
        "niche": 2,
        "mass": 1,
        "intermediate": 1,
        "unknown": 0,
    }
