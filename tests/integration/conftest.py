"""Session-wide real servers for the integration tests (see servers.py)."""

from __future__ import annotations

import pytest

from tests.integration.servers import ensure_model, start_action_server, start_rasa_server


@pytest.fixture(scope="session")
def model_path():
    return ensure_model()


@pytest.fixture(scope="session")
def server_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("servers")


@pytest.fixture(scope="session")
def action_server(server_dir):
    server = start_action_server(server_dir)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def rasa_server_factory(server_dir, model_path, action_server):
    """factory(credentials=None, env=None, extra_args=(), db_path=None) -> started Server."""
    started = []

    def factory(**kwargs):
        server = start_rasa_server(server_dir, model_path, f"{action_server.url}/webhook", **kwargs)
        started.append(server)
        return server

    yield factory
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def rasa_server(rasa_server_factory):
    """The default server: credentials.yml (rest + socketio), HTTP API with token."""
    return rasa_server_factory()
