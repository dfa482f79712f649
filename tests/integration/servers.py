"""Real Rasa and action servers on loopback for integration tests.

Each server is a real subprocess (`rasa run actions`, `rasa run`) started from the repository root,
with its own SQLite tracker store in a temporary folder. Logs go to files under the temp folder so a
failing test can show them.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
RASA = str(BIN / "rasa")
TRACKER_STORE = yaml.safe_load((ROOT / "endpoints.yml").read_text())["tracker_store"]["type"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def newest_model() -> Optional[Path]:
    models = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None


def ensure_model() -> Path:
    """The newest trained model; trains one (scripts/train_if_stale.sh) when missing or stale.

    WERELDWIJS_MODEL=path skips the check (for quick local runs against a given model)."""
    if os.environ.get("WERELDWIJS_MODEL"):
        return Path(os.environ["WERELDWIJS_MODEL"])
    subprocess.run(["bash", str(ROOT / "scripts" / "train_if_stale.sh")], cwd=ROOT, check=True)
    model = newest_model()
    assert model, "training produced no model"
    return model


def wait_http(url: str, timeout: float, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"server exited early ({proc.returncode}):\n{log.read_text()[-4000:]}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except Exception:
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer in {timeout}s:\n{log.read_text()[-4000:]}")


@dataclass
class Server:
    proc: subprocess.Popen
    port: int
    log_path: Path
    token: str = ""
    workdir: Optional[Path] = None
    env: Dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        stop_process(self.proc)


def stop_process(proc: subprocess.Popen) -> None:
    """Terminate, and kill when it does not end within 20 s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def child_pids(pid: int) -> List[int]:
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True
    ).stdout
    return [int(p) for p in out.split()]


def stop_with_workers(server: "Server") -> None:
    """Stop a server started with SANIC_WORKERS > 1: its workers can outlive a terminated
    main process, so they are ended too (only this server's own children)."""
    workers = child_pids(server.proc.pid)
    server.stop()
    for pid in workers:
        try:
            os.kill(pid, 15)
        except ProcessLookupError:
            continue
        for _ in range(40):
            if not Path(f"/proc/{pid}").exists():
                break
            time.sleep(0.5)
        else:
            os.kill(pid, 9)


def server_env(extra: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "PYTHONUNBUFFERED": "1",
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "RASA_TELEMETRY_ENABLED": "false",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        }
    )
    env.update(extra or {})
    return env


def start_action_server(workdir: Path, env: Optional[Dict[str, str]] = None) -> Server:
    port = free_port()
    log = workdir / f"actions-{port}.log"
    proc = subprocess.Popen(
        [RASA, "run", "actions", "--port", str(port), "--actions", "actions"],
        cwd=ROOT,
        env=server_env(env),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    server = Server(proc, port, log, env=env or {})
    wait_http(f"{server.url}/health", 90, proc, log)
    return server


def start_rasa_server(
    workdir: Path,
    model: Path,
    action_url: str,
    credentials: Optional[dict] = None,
    env: Optional[Dict[str, str]] = None,
    token: str = "test-token",
    extra_args: List[str] = (),
    db_path: Optional[Path] = None,
    port: Optional[int] = None,
    tracker_store: Optional[dict] = None,
    lock_store: Optional[dict] = None,
    wait: bool = True,
) -> Server:
    """Start `rasa run` with the REST API enabled; credentials default to credentials.yml.

    The tracker store defaults to a SQLite file; `tracker_store` / `lock_store` replace it with
    any endpoints.yml section (tests/integration/services.py gives PostgreSQL and Redis ones).
    With wait=False the server is returned as soon as it is started (for start-up failures)."""
    port = port or free_port()
    endpoints = {
        "action_endpoint": {"url": action_url},
        "tracker_store": tracker_store
        or {
            "type": TRACKER_STORE,
            "dialect": "sqlite",
            "db": str(db_path or workdir / f"tracker-{port}.db"),
        },
    }
    if lock_store:
        endpoints["lock_store"] = lock_store
    ep_file = workdir / f"endpoints-{port}.yml"
    ep_file.write_text(yaml.safe_dump(endpoints))
    if credentials is None:
        credentials = yaml.safe_load((ROOT / "credentials.yml").read_text())
    cred_file = workdir / f"credentials-{port}.yml"
    cred_file.write_text(yaml.safe_dump(credentials))
    log = workdir / f"rasa-{port}.log"
    cmd = [
        RASA,
        "run",
        "--model",
        str(model),
        "--port",
        str(port),
        "--interface",
        "127.0.0.1",
        "--endpoints",
        str(ep_file),
        "--credentials",
        str(cred_file),
        "--enable-api",
        "--auth-token",
        token,
        *extra_args,
    ]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=server_env(env), stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    server = Server(proc, port, log, token=token, workdir=workdir, env=env or {})
    if wait:
        wait_http(f"{server.url}/status?token={token}", 180, proc, log)
    return server


class RestClient:
    """Talks to a Rasa server like a REST channel user, and reads the tracker through the API."""

    def __init__(self, server: Server, sender: str):
        self.server, self.sender = server, sender

    def _request(self, method: str, path: str, body: Optional[dict] = None, timeout: float = 60):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(
            f"{self.server.url}{path}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return json.loads(resp.read() or b"null")

    def say(self, message: str, metadata: Optional[dict] = None) -> List[dict]:
        body = {"sender": self.sender, "message": message}
        if metadata:
            body["metadata"] = metadata
        return self._request("POST", "/webhooks/rest/webhook", body)

    def tracker(self) -> dict:
        return self._request(
            "GET", f"/conversations/{self.sender}/tracker?token={self.server.token}"
        )

    def slots(self) -> dict:
        return self.tracker()["slots"]
