"""The service fixtures themselves: each starts, answers and leaves nothing running."""

from __future__ import annotations

import http.server
import socket
import threading
import urllib.request

from tests.integration.services import haproxy, nginx, postgres, redis


def test_postgres_starts_as_postgres_user_and_stops(tmp_path):
    with postgres(tmp_path) as pg:
        assert pg.query("select current_user, current_database()") == [("postgres", "rasa")]
        pg.stop()
        assert not pg.running()
        pg.start()
        assert pg.query("select 1") == [(1,)]
        port = pg.port
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0, "postgres left running"


def test_redis_starts_and_stops(tmp_path):
    with redis(tmp_path) as red:
        client = red.client()
        assert client.set("k", "v", nx=True)
        assert client.get("k") == b"v"
        port = red.port
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0, "redis left running"


class Named(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        body = self.server.name.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def backends(n):
    servers = []
    for i in range(n):
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Named)
        httpd.name = f"b{i}"
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
    return servers


def get(url):
    with urllib.request.urlopen(url, timeout=5) as resp:
        return resp.read().decode()


def test_balancers_spread_requests_over_both_backends(tmp_path):
    httpds = backends(2)
    urls = [f"http://127.0.0.1:{h.server_address[1]}" for h in httpds]
    try:
        for balancer in (haproxy, nginx):
            with balancer(tmp_path, urls) as lb:
                seen = {get(lb.url + "/") for _ in range(6)}
                assert seen == {"b0", "b1"}, balancer.__name__
    finally:
        for h in httpds:
            h.shutdown()
