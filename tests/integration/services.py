"""Debian's real services on loopback for integration tests: PostgreSQL, Redis, haproxy, nginx.

Each helper is a context manager that starts the service on a free loopback port with its own
temporary data directory and stops it (and removes the data) on exit; nothing stays running.

    with postgres(tmp_path) as pg, redis(tmp_path) as red:
        start_rasa_server(..., tracker_store=pg.tracker_store(), lock_store=red.lock_store())
    with haproxy(tmp_path, [a.url, b.url]) as lb:
        RestClient(lb, "someone")          # lb has .url like a Server

Everything here runs as root and PostgreSQL refuses to, so PostgreSQL runs as the `postgres`
user (runuser) in a data directory outside the (root-only) pytest temp folder. The pytest
fixtures at the end (`pg_service`, `redis_service`) give one instance per test.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List, Optional, Sequence
from urllib.parse import urlsplit

import pytest

from tests.integration.servers import free_port

TRACKER_STORE_CLASS = "rasa_plugins.tracker_store.ForgetfulSQLTrackerStore"
PG_USER = "postgres"
PG_DB = "rasa"


def pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        pytest.skip(f"PostgreSQL's {name} is not installed (scripts/system_packages.sh)")
    return found[-1]


def need(path: str) -> str:
    if not os.path.exists(path):
        pytest.skip(f"{path} is not installed (scripts/system_packages.sh)")
    return path


def wait_port(port: int, timeout: float, what: str, log: Optional[Path] = None) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    raise TimeoutError(f"{what} did not listen on {port} within {timeout}s\n{tail}")


def end(proc: subprocess.Popen, timeout: float = 15) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- PostgreSQL ---------------------------------------------------------------------------------


@dataclass
class Postgres:
    port: int
    datadir: Path
    log_path: Path

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(
            ["runuser", "-u", PG_USER, "--", pg_bin("pg_ctl"), "-D", str(self.datadir), *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            timeout=60,
        )

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.datadir}"
        self._pg_ctl("-l", str(self.log_path), "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (mode "immediate" is the nearest to a crash)."""
        self._pg_ctl("-m", mode, "-w", "stop")

    def running(self) -> bool:
        return (self.datadir / "postmaster.pid").exists()

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the test database."""
        return f"postgresql://{PG_USER}@127.0.0.1:{self.port}/{PG_DB}"

    def tracker_store(self) -> dict:
        """The endpoints.yml `tracker_store` section for this database."""
        return {
            "type": TRACKER_STORE_CLASS,
            "dialect": "postgresql",
            "url": "127.0.0.1",
            "port": self.port,
            "db": PG_DB,
            "username": PG_USER,
            "password": "",
        }

    def query(self, sql: str, params: Sequence = ()) -> List[tuple]:
        import psycopg2

        conn = psycopg2.connect(host="127.0.0.1", port=self.port, user=PG_USER, dbname=PG_DB)
        try:
            with conn.cursor() as cur:
                cur.execute(sql, params)
                return cur.fetchall() if cur.description else []
        finally:
            conn.close()


@contextmanager
def postgres(workdir: Path) -> Iterator[Postgres]:
    """A fresh PostgreSQL cluster with an empty database `rasa` (trust auth on loopback)."""
    datadir = Path(tempfile.mkdtemp(prefix="wereldwijs-pg-"))
    shutil.chown(datadir, PG_USER, PG_USER)
    log = datadir / "postgres.log"
    pg = Postgres(free_port(), datadir / "data", log)
    try:
        subprocess.run(
            [
                "runuser", "-u", PG_USER, "--", pg_bin("initdb"),
                "-D", str(pg.datadir), "-U", PG_USER, "--auth=trust", "-E", "UTF8",
            ],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, timeout=120,
        )  # fmt: skip
        pg.start()
        import psycopg2

        conn = psycopg2.connect(host="127.0.0.1", port=pg.port, user=PG_USER, dbname="postgres")
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f"CREATE DATABASE {PG_DB}")
        conn.close()
        yield pg
    finally:
        if pg.running():
            try:
                pg.stop("immediate")
            except Exception:
                pass
        if log.exists():
            shutil.copy(log, Path(workdir) / f"postgres-{pg.port}.log")
        shutil.rmtree(datadir, ignore_errors=True)


# --- Redis --------------------------------------------------------------------------------------


@dataclass
class Redis:
    port: int
    proc: subprocess.Popen
    log_path: Path

    def lock_store(self, store_type: str = "rasa_plugins.lock_store.AtomicRedisLockStore") -> dict:
        """The endpoints.yml `lock_store` section: the project's atomic Redis lock store by
        default; `redis` (lower case) is Rasa's own, whose lock is not atomic across processes."""
        return {"type": store_type, "url": "127.0.0.1", "port": self.port, "db": 1}

    def client(self, db: int = 1):
        import redis as redis_py

        return redis_py.StrictRedis(host="127.0.0.1", port=self.port, db=db)

    def stop(self) -> None:
        end(self.proc)


@contextmanager
def redis(workdir: Path) -> Iterator[Redis]:
    """redis-server with no persistence, on a free loopback port."""
    binary = need("/usr/bin/redis-server")
    port = free_port()
    data = Path(tempfile.mkdtemp(prefix="wereldwijs-redis-"))
    log = Path(workdir) / f"redis-{port}.log"
    cmd = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
           "--appendonly", "no", "--dir", str(data), "--daemonize", "no"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=log.open("w"), stderr=subprocess.STDOUT)
    try:
        wait_port(port, 20, "redis-server", log)
        yield Redis(port, proc, log)
    finally:
        end(proc)
        shutil.rmtree(data, ignore_errors=True)


# --- Load balancers -----------------------------------------------------------------------------


@dataclass
class Balancer:
    """Looks like a Server to RestClient: `.url`, `.port`, `.token`."""

    port: int
    proc: subprocess.Popen
    log_path: Path
    token: str = "test-token"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        end(self.proc)


def _hostports(backends: Sequence[str]) -> List[str]:
    out = []
    for backend in backends:
        parts = urlsplit(backend if "://" in backend else f"http://{backend}")
        out.append(f"{parts.hostname}:{parts.port}")
    return out


def haproxy_config(
    port: int, backends: Sequence[str], sticky: bool, web: Optional[str] = None
) -> str:
    """Round robin over the backends; with sticky, a SERVERID cookie pins a browser to one.
    With `web`, every path but /socket.io, /webhooks and the API goes there (one origin for
    the page and the bot, as an ingress gives)."""
    servers = "\n".join(
        f"    server s{i} {hp}" + (f" cookie s{i}" if sticky else "")
        for i, hp in enumerate(_hostports(backends))
    )
    cookie = "    cookie SERVERID insert indirect nocache\n" if sticky else ""
    routing = "    default_backend rasa\n"
    page = ""
    if web:
        routing = (
            "    acl bot path_beg /socket.io /webhooks /conversations /status /model\n"
            "    use_backend rasa if bot\n    default_backend page\n"
        )
        page = f"backend page\n    server page {_hostports([web])[0]}\n"
    return f"""global
    maxconn 512
defaults
    mode http
    timeout connect 5s
    timeout client 120s
    timeout server 120s
    timeout tunnel 1h
    option http-server-close
frontend web
    bind 127.0.0.1:{port}
{routing}backend rasa
    balance roundrobin
{cookie}{servers}
{page}"""


@contextmanager
def haproxy(
    workdir: Path, backends: Sequence[str], sticky: bool = False, web: Optional[str] = None
) -> Iterator[Balancer]:
    """haproxy in front of `backends` (URLs or host:port), in the foreground."""
    binary = need("/usr/sbin/haproxy")
    port = free_port()
    cfg = Path(workdir) / f"haproxy-{port}.cfg"
    cfg.write_text(haproxy_config(port, backends, sticky, web))
    log = Path(workdir) / f"haproxy-{port}.log"
    proc = subprocess.Popen([binary, "-db", "-f", str(cfg)], stdout=log.open("w"),
                            stderr=subprocess.STDOUT)  # fmt: skip
    try:
        wait_port(port, 20, "haproxy", log)
        yield Balancer(port, proc, log)
    finally:
        end(proc)


def nginx_config(port: int, backends: Sequence[str], sticky: bool, workdir: Path) -> str:
    """Round robin (or ip_hash when sticky), with the WebSocket upgrade headers."""
    servers = "\n".join(f"        server {hp};" for hp in _hostports(backends))
    temp = " ".join(
        f"{kind}_temp_path {workdir}/nginx-{port}-{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""daemon off;
user root;
worker_processes 1;
pid {workdir}/nginx-{port}.pid;
error_log {workdir}/nginx-{port}.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
    {temp}
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    upstream rasa {{
{"        ip_hash;" if sticky else ""}
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://rasa;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_read_timeout 1h;
        }}
    }}
}}
"""


@contextmanager
def nginx(workdir: Path, backends: Sequence[str], sticky: bool = False) -> Iterator[Balancer]:
    """nginx in front of `backends`, in the foreground."""
    binary = need("/usr/sbin/nginx")
    port = free_port()
    workdir = Path(workdir)
    cfg = workdir / f"nginx-{port}.conf"
    cfg.write_text(nginx_config(port, backends, sticky, workdir))
    log = workdir / f"nginx-{port}.log"
    log.touch()
    proc = subprocess.Popen([binary, "-c", str(cfg), "-p", str(workdir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        wait_port(port, 20, "nginx", log)
        yield Balancer(port, proc, log)
    finally:
        end(proc)


# --- pytest fixtures ----------------------------------------------------------------------------


@pytest.fixture
def pg_service(tmp_path) -> Iterator[Postgres]:
    with postgres(tmp_path) as pg:
        yield pg


@pytest.fixture
def redis_service(tmp_path) -> Iterator[Redis]:
    with redis(tmp_path) as red:
        yield red
