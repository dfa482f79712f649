#!/usr/bin/env python3
"""The production topology on this machine, as processes on loopback (`make cluster`).

PostgreSQL (tracker store) + Redis (lock store) + one action server + two Rasa servers + haproxy
in front (the chat page and the bot on one origin), each on a free port with its own temporary
data, all stopped again on Ctrl-C. It uses the same helpers as the integration tests
(tests/integration/services.py and servers.py), so what runs here is what the tests prove.

    python scripts/cluster.py [--servers 2] [--sticky]
"""

from __future__ import annotations

import argparse
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.integration.servers import (  # noqa: E402
    ensure_model,
    free_port,
    start_action_server,
    start_rasa_server,
    stop_process,
    wait_http,
)
from tests.integration.services import haproxy, postgres, redis  # noqa: E402

LOCK_STORE = "rasa_plugins.lock_store.AtomicRedisLockStore"


def interrupt(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    # Ctrl-C and SIGTERM both stop everything (SIGINT is ignored in background jobs otherwise)
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--servers", type=int, default=2, help="number of Rasa servers")
    ap.add_argument("--sticky", action="store_true", help="cookie affinity at the balancer")
    args = ap.parse_args()
    model = ensure_model()
    workdir = Path(tempfile.mkdtemp(prefix="wereldwijs-cluster-"))
    print(f"==> logs in {workdir}")
    with ExitStack() as stack:
        pg = stack.enter_context(postgres(workdir))
        red = stack.enter_context(redis(workdir))
        print(f"==> PostgreSQL on {pg.port}, Redis on {red.port}")
        actions = start_action_server(workdir)
        stack.callback(actions.stop)
        servers = []
        for _ in range(args.servers):
            server = start_rasa_server(
                workdir, model, f"{actions.url}/webhook", token=secrets.token_hex(16),
                tracker_store=pg.tracker_store(), lock_store=red.lock_store(LOCK_STORE),
            )  # fmt: skip
            stack.callback(server.stop)
            servers.append(server)
            print(f"==> Rasa server on {server.port}")
        page_port = free_port()
        log = workdir / "web.log"
        page = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "serve_web.py"), "--port", str(page_port),
             "--rasa-url", "http://127.0.0.1:1", "--quiet"],
            cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        stack.callback(stop_process, page)
        wait_http(f"http://127.0.0.1:{page_port}/", 20, page, log)
        lb = stack.enter_context(
            haproxy(
                workdir,
                [s.url for s in servers],
                sticky=args.sticky,
                web=f"http://127.0.0.1:{page_port}",
            )  # fmt: skip
        )
        print(f"==> haproxy on {lb.url}: REST {lb.url}/webhooks/rest/webhook")
        print(f"    the chat page: {lb.url}/?server={lb.url}   (Ctrl-C stops everything)")
        try:
            while all(s.proc.poll() is None for s in servers):
                time.sleep(1)
            print("a Rasa server stopped; see its log", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("\n==> stopping")
    return 0


if __name__ == "__main__":
    sys.exit(main())
