"""Loopback stand-ins for outside services (Slack Web API, Teams webhooks, Bot Framework).

A ``StandIn`` is a real HTTP server on 127.0.0.1 in its own thread (Rasa and rasa-sdk make blocking
calls, so a fake on their event loop would deadlock). It records every request and answers through
``routes``: ``{path: handler(Recorded) -> (status, json_body)}``; unknown paths get 404.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional, Tuple
from urllib.parse import parse_qs, urlparse


@dataclass
class Recorded:
    method: str
    path: str
    headers: Dict[str, str]
    body: bytes
    query: Dict[str, str] = field(default_factory=dict)

    @property
    def json(self) -> Any:
        if self.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            return {k: v[0] for k, v in parse_qs(self.body.decode()).items()}
        return json.loads(self.body or b"null")


Handler = Callable[[Recorded], Tuple[int, Any]]


class StandIn:
    def __init__(self, routes: Optional[Dict[str, Handler]] = None, port: int = 0):
        self.routes: Dict[str, Handler] = dict(routes or {})
        self.requests: List[Recorded] = []
        self._lock = threading.Lock()
        stand_in = self

        class _Handler(BaseHTTPRequestHandler):
            def _serve(self):
                length = int(self.headers.get("content-length") or 0)
                url = urlparse(self.path)
                rec = Recorded(
                    self.command,
                    url.path,
                    {k.lower(): v for k, v in self.headers.items()},
                    self.rfile.read(length) if length else b"",
                    {k: v[0] for k, v in parse_qs(url.query).items()},
                )
                with stand_in._lock:
                    stand_in.requests.append(rec)
                handler = stand_in.routes.get(rec.path)
                status, body = handler(rec) if handler else (404, {"error": "not found"})
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _serve

            def log_message(self, *args):  # keep test output quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def received(self, path: Optional[str] = None) -> List[Recorded]:
        with self._lock:
            return [r for r in self.requests if path is None or r.path == path]

    def wait_for(
        self,
        predicate: Callable[[List[Recorded]], bool],
        path: Optional[str] = None,
        timeout: float = 60,
    ) -> List[Recorded]:
        """Wait until ``predicate(received(path))`` holds; returns those requests."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            got = self.received(path)
            if predicate(got):
                return got
            time.sleep(0.2)
        raise TimeoutError(
            f"stand-in {self.url}{path or ''}: condition not met; got "
            f"{[(r.path, r.body[:300]) for r in self.received()]}"
        )

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def slack_ok(rec: Recorded) -> Tuple[int, Any]:
    """What Slack's chat.postMessage answers on success."""
    body = rec.json or {}
    return 200, {"ok": True, "channel": body.get("channel"), "ts": f"{time.time():.6f}"}


UPLOAD_URL_PATH = "/api/files.getUploadURLExternal"
UPLOAD_PATH = "/upload/F0REPORT"
COMPLETE_PATH = "/api/files.completeUploadExternal"


def slack_file_routes(stand_in: StandIn) -> Dict[str, Handler]:
    """Slack's external file upload (what ``files_upload_v2`` calls): an upload URL on the
    stand-in itself and a file id, the upload (its bytes are recorded), then the completion."""

    def upload_url(rec: Recorded) -> Tuple[int, Any]:
        return 200, {"ok": True, "upload_url": stand_in.url + UPLOAD_PATH, "file_id": "F0REPORT"}

    def uploaded(rec: Recorded) -> Tuple[int, Any]:
        return 200, {"ok": True}

    def complete(rec: Recorded) -> Tuple[int, Any]:
        files = json.loads(rec.query.get("files") or "[]")
        return 200, {"ok": True, "files": [{"id": f["id"], "title": f["title"]} for f in files]}

    return {UPLOAD_URL_PATH: upload_url, UPLOAD_PATH: uploaded, COMPLETE_PATH: complete}


def slack_missing_scope(rec: Recorded) -> Tuple[int, Any]:
    """What Slack answers when the bot token lacks a scope (here files:write)."""
    return 200, {"ok": False, "error": "missing_scope", "needed": "files:write"}


def channel_credentials(env: Dict[str, str]) -> dict:
    """credentials.yml plus the channels ``env`` configures, as scripts/credentials.py builds them."""
    import importlib.util
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location(
        "wereldwijs_credentials", root / "scripts" / "credentials.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    base = yaml.safe_load((root / "credentials.yml").read_text(encoding="utf-8"))
    return module.build_credentials(base, env)
