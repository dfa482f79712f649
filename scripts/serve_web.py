#!/usr/bin/env python3
"""Serve the chat page in web/ with the standard library, for demos and tests.

    python scripts/serve_web.py --port 8080 --rasa-url http://localhost:5005

`/config.js` is generated from the arguments; every other path is a file under web/. Only the page's
own assets are served (no directory listings, no node_modules, no package files).
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Optional, Sequence
from urllib.parse import urlsplit

WEB_DIR = Path(__file__).resolve().parents[1] / "web"
SERVED_SUFFIXES = {".html", ".js", ".css", ".svg", ".png", ".ico", ".txt", ".LICENSE"}
BLOCKED_PARTS = {"node_modules"}


def config_js(
    rasa_url: str,
    socket_path: str = "/socket.io",
    transports: Sequence[str] = ("websocket",),
    allow_server_param: bool = False,
    token: Optional[str] = None,
) -> str:
    config = {
        "rasaUrl": rasa_url,
        "socketPath": socket_path,
        "transports": list(transports),
        "storage": "local",
        "allowServerParam": allow_server_param,
    }
    if token:
        config["token"] = token
    return f"window.WERELDWIJS_CONFIG = {json.dumps(config)};\n"


def content_security_policy(rasa_url: str, frame_ancestors: str) -> str:
    """Scripts and styles only from this server; connections only to it and to the Rasa server."""
    parts = urlsplit(rasa_url)
    ws_scheme = "wss" if parts.scheme == "https" else "ws"
    rasa = f"{parts.scheme}://{parts.netloc} {ws_scheme}://{parts.netloc}"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src 'self' {rasa}; object-src 'none'; base-uri 'none'; form-action 'none'; "
        f"frame-ancestors {frame_ancestors}"
    )


class ChatPageHandler(SimpleHTTPRequestHandler):
    config_body: bytes = b""
    csp: str = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(WEB_DIR), **kwargs)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Content-Security-Policy", self.csp)
        super().end_headers()

    def _allowed(self, path: str) -> bool:
        clean = urlsplit(path).path
        if clean.endswith("/"):
            clean += "index.html"
        parts = [p for p in clean.split("/") if p]
        if any(p.startswith(".") or p in BLOCKED_PARTS for p in parts):
            return False
        return Path(clean).suffix in SERVED_SUFFIXES

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        if urlsplit(self.path).path == "/config.js":
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript; charset=utf-8")
            self.send_header("Content-Length", str(len(self.config_body)))
            self.end_headers()
            self.wfile.write(self.config_body)
            return
        if not self._allowed(self.path):
            self.send_error(404)
            return
        super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802
        if not self._allowed(self.path):
            self.send_error(404)
            return
        super().do_HEAD()

    def list_directory(self, path):  # never list folders
        self.send_error(404)
        return None

    def log_message(self, fmt: str, *args) -> None:
        if not self.server.quiet:  # type: ignore[attr-defined]
            super().log_message(fmt, *args)


ChatPageHandler.extensions_map = {
    **SimpleHTTPRequestHandler.extensions_map,
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
}


def make_server(
    host: str,
    port: int,
    rasa_url: str,
    *,
    socket_path: str = "/socket.io",
    transports: Sequence[str] = ("websocket",),
    allow_server_param: bool = False,
    token: Optional[str] = None,
    frame_ancestors: str = "*",
    quiet: bool = False,
) -> ThreadingHTTPServer:
    handler = type(
        "Handler",
        (ChatPageHandler,),
        {
            "config_body": config_js(
                rasa_url, socket_path, transports, allow_server_param, token
            ).encode(),
            "csp": content_security_policy(rasa_url, frame_ancestors),
        },
    )
    server = ThreadingHTTPServer((host, port), functools.partial(handler))
    server.quiet = quiet  # type: ignore[attr-defined]
    return server


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)"
    )
    ap.add_argument("--port", type=int, default=8080)
    ap.add_argument(
        "--rasa-url",
        default="http://localhost:5005",
        help="Rasa server with the socketio channel, as the browser reaches it",
    )
    ap.add_argument("--socket-path", default="/socket.io", help="socketio_path in credentials.yml")
    ap.add_argument(
        "--polling",
        action="store_true",
        help="allow HTTP long-polling as a fallback (Rasa must run with --cors)",
    )
    ap.add_argument(
        "--allow-server-param",
        action="store_true",
        help="let ?server=URL point the page at any Rasa server (loopback is always allowed)",
    )
    ap.add_argument(
        "--frame-ancestors",
        default="*",
        help="CSP frame-ancestors: which sites may embed the page in an iframe",
    )
    ap.add_argument("--quiet", action="store_true", help="no access log")
    args = ap.parse_args(argv)
    if urlsplit(args.rasa_url).scheme not in ("http", "https"):
        ap.error("--rasa-url must start with http:// or https://")
    transports = ("websocket", "polling") if args.polling else ("websocket",)
    server = make_server(
        args.host,
        args.port,
        args.rasa_url,
        socket_path=args.socket_path,
        transports=transports,
        allow_server_param=args.allow_server_param,
        frame_ancestors=args.frame_ancestors,
        quiet=args.quiet,
    )
    print(
        f"Wereldwijs chat page on http://{args.host}:{server.server_address[1]}/ "
        f"(Rasa at {args.rasa_url})",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
