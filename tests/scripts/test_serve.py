"""scripts/serve.py: the HTTP API only on request and with a secret; CORS for the configured
origins only (table tests of the argument builder; tests/integration/test_failures.py starts
real servers with it)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import serve  # noqa: E402

from rasa_plugins.channels import origins  # noqa: E402


def cors_of(args):
    start = args.index("--cors") + 1
    end = next((i for i in range(start, len(args)) if args[i].startswith("--")), len(args))
    return args[start:end]


@pytest.mark.parametrize(
    "env, api, secret",
    [
        ({}, False, None),
        ({"WERELDWIJS_ENABLE_API": "0", "RASA_AUTH_TOKEN": "t0k"}, False, None),
        ({"WERELDWIJS_ENABLE_API": "1", "RASA_AUTH_TOKEN": "t0k"}, True, "t0k"),
        ({"WERELDWIJS_ENABLE_API": "true", "RASA_JWT_SECRET": "jw7"}, True, "jw7"),
    ],
)
def test_api_only_when_asked_and_with_a_secret(env, api, secret):
    args = serve.server_arguments(env, ["--port", "5005"])
    assert args[:3] == ["run", "--port", "5005"]
    assert ("--enable-api" in args) is api
    if secret:
        assert secret in args


@pytest.mark.parametrize("env", [{"WERELDWIJS_ENABLE_API": "1"}, {"WERELDWIJS_ENABLE_API": "yes"}])
def test_api_without_a_secret_refuses_to_start(env):
    with pytest.raises(SystemExit) as refused:
        serve.server_arguments(env, [])
    assert "RASA_AUTH_TOKEN or RASA_JWT_SECRET" in str(refused.value)


def test_enabling_the_api_by_argument_is_refused():
    with pytest.raises(SystemExit):
        serve.server_arguments({}, ["--enable-api"])


@pytest.mark.parametrize(
    "setting, origin, ok",
    [
        ("", "http://localhost:8080", True),
        ("", "http://127.0.0.1:41234", True),
        ("", "https://evil.example", False),
        ("", "http://localhost.evil.example", False),
        ("https://www.example.be", "https://www.example.be", True),
        ("https://www.example.be", "https://www.example.be.evil.example", False),
        ("https://www.example.be", "http://localhost:8080", False),
        ("https://a.be, https://b.be", "https://b.be", True),
        ("https://a.be:*", "https://a.be:8443", True),
    ],
)
def test_origins_for_socketio_and_cors_agree(setting, origin, ok):
    env = {"WERELDWIJS_ALLOWED_ORIGINS": setting}
    entries = origins.configured(env)
    assert origins.allowed(origin, entries) is ok
    # sanic-cors matches each --cors pattern with re.match (from the start)
    patterns = cors_of(serve.server_arguments(env, []))
    assert any(re.match(p, origin, re.IGNORECASE) for p in patterns) is ok


def test_no_origin_is_not_an_allowed_origin():
    assert not origins.allowed(None, origins.configured({}))
