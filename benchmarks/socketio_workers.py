"""Does the socket.io channel work with several Sanic workers? A measurement, not a test.

Starts `rasa run` (REST + socket.io from credentials.yml) with 1 and with 2 workers (Redis lock
store) and an action server, then talks through python-socketio's client, once with its default
transports (long-polling first, then an upgrade to WebSocket) and once WebSocket only: 10
conversations of 3 messages each, counting the messages that got a reply within 20 s.

    nice .venv/bin/python benchmarks/socketio_workers.py    # results/socketio_workers.md
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

import socketio
import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))

from tests.integration.servers import (  # noqa: E402
    newest_model,
    start_action_server,
    start_rasa_server,
    stop_with_workers,
)
from tests.integration.services import redis  # noqa: E402

MESSAGES = ["Hallo", "ik wil exporteren", "we zijn met 40 mensen"]


async def conversation(url: str, transports, index: int) -> int:
    """Messages answered in one socket.io conversation."""
    sio = socketio.AsyncClient(reconnection=False)
    replies: asyncio.Queue = asyncio.Queue()
    sio.on("bot_uttered", lambda data: replies.put_nowait(data))
    answered = 0
    try:
        await sio.connect(url, transports=transports, wait_timeout=20)
        await sio.emit("session_request", {"session_id": f"sio-{index}"})
        for text in MESSAGES:
            await sio.emit("user_uttered", {"message": text, "session_id": f"sio-{index}"})
            try:
                await asyncio.wait_for(replies.get(), 20)
                answered += 1
                await asyncio.sleep(1.0)  # the rest of the bot's messages
                while not replies.empty():
                    replies.get_nowait()
            except asyncio.TimeoutError:
                pass
    except Exception as e:  # a failed connection is a result here
        print(f"  conversation {index}: {type(e).__name__}: {e}", file=sys.stderr)
    finally:
        await sio.disconnect()
    return answered


def wait_for_workers(server, workers: int, timeout: float = 600) -> None:
    """Every worker loads its own model (and warms up): wait for each one's "up" line."""
    deadline = time.time() + timeout
    while server.log().count("Rasa server is up and running") < workers:
        if time.time() > deadline or server.proc.poll() is not None:
            raise RuntimeError(f"{workers} worker(s) not up:\n{server.log()[-3000:]}")
        time.sleep(2)


async def measure(url: str, transports) -> int:
    done = await asyncio.gather(*(conversation(url, transports, i) for i in range(10)))
    return sum(done)


def main() -> int:
    model = newest_model()
    credentials = yaml.safe_load((REPO / "credentials.yml").read_text())
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        actions = start_action_server(work)
        try:
            with redis(work) as red:
                for workers in (1, 2):
                    extra = {"lock_store": red.lock_store()} if workers > 1 else {}
                    server = start_rasa_server(
                        work,
                        model,
                        f"{actions.url}/webhook",
                        credentials=credentials,
                        env={"SANIC_WORKERS": str(workers)},
                        wait=False,
                        **extra,
                    )
                    try:
                        wait_for_workers(server, workers)
                        for name, transports in (
                            ("polling, then WebSocket", ["polling", "websocket"]),
                            ("WebSocket only", ["websocket"]),
                        ):
                            n = asyncio.run(measure(server.url, transports))
                            rows.append((workers, name, n))
                            print(workers, name, n, file=sys.stderr)
                    finally:
                        stop_with_workers(server)
        finally:
            actions.stop()
    lines = [
        "# socket.io with several Sanic workers",
        "",
        "10 conversations of 3 messages each through python-socketio's client "
        "(benchmarks/socketio_workers.py).",
        "",
        "| Sanic workers | transports | messages answered |",
        "|---|---|---|",
    ]
    lines += [f"| {w} | {name} | {n}/{10 * len(MESSAGES)} |" for w, name, n in rows]
    (BENCH / "results" / "socketio_workers.md").write_text("\n".join(lines) + "\n")
    (BENCH / "results" / "socketio_workers.json").write_text(json.dumps(rows) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
