"""Latency, throughput and turns-to-first-advice of a running Wereldwijs server.

Plays the personas of benchmarks/personas.yml against the REST channel, N conversations at a
time, answering whatever slot the tracker says is being asked. Loopback only.

    .venv/bin/python benchmarks/load.py --url http://127.0.0.1:5005 --token T [-c 1 5 10 20]
    .venv/bin/python benchmarks/load.py --start [--model models/x.tar.gz]   # starts both servers
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import yaml

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "benchmarks"
ADVICE_ACTION = "action_give_advice"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


# ---------------------------------------------------------------- personas
@dataclass
class Persona:
    id: str
    language: str
    opening: str
    answers: Dict[str, str]
    otherwise: str
    no_question: str
    after_advice: List[str] = field(default_factory=list)
    description: str = ""


def load_personas(path: Path = BENCH / "personas.yml") -> List[Persona]:
    return [Persona(**p) for p in yaml.safe_load(path.read_text())["personas"]]


def next_message(persona: Persona, slot: Optional[str], history: List[Optional[str]]) -> str:
    """The persona's reply to the question about `slot` (asked before as listed in history).

    A slot asked three times in a row means our answer is not accepted: say "don't know".
    """
    if not slot:
        return persona.no_question
    if history[-2:] == [slot, slot]:
        return persona.otherwise
    return persona.answers.get(slot, persona.otherwise)


# ---------------------------------------------------------------- HTTP
class Client:
    def __init__(self, url: str, token: Optional[str], timeout: float = 60.0):
        host = urllib.parse.urlparse(url).hostname
        if host not in LOOPBACK:
            raise ValueError(f"refusing non-loopback target {host!r}")
        self.url, self.token, self.timeout = url.rstrip("/"), token, timeout

    def _call(self, path: str, body: Optional[dict] = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(
            self.url + path, data=data, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(req, timeout=self.timeout) as resp:
            return json.loads(resp.read() or b"null")

    def send(self, sender: str, text: str) -> List[dict]:
        return self._call("/webhooks/rest/webhook", {"sender": sender, "message": text}) or []

    def tracker(self, sender: str) -> dict:
        query = "?" + urllib.parse.urlencode({"token": self.token}) if self.token else ""
        return self._call(f"/conversations/{urllib.parse.quote(sender)}/tracker{query}")


def has_advice(tracker: dict) -> bool:
    """The advice was given: an action_give_advice event. The slot recommended_orgs is not
    enough: the classification fills it during the intake, before the advice is spoken."""
    return any(
        e.get("event") == "action" and e.get("name") == ADVICE_ACTION
        for e in tracker.get("events") or []
    )


# ---------------------------------------------------------------- one conversation
@dataclass
class ConversationResult:
    persona: str
    sender: str
    latencies: List[float] = field(default_factory=list)
    turns_to_advice: Optional[int] = None
    unanswered_slots: List[str] = field(default_factory=list)  # asked, no persona answer
    repeated_slots: List[str] = field(default_factory=list)  # our answer was not accepted
    error: Optional[str] = None
    transcript: List[Dict[str, Any]] = field(default_factory=list)


def run_conversation(
    client: Client, persona: Persona, sender: str, max_turns: int, deadline: float
) -> ConversationResult:
    res = ConversationResult(persona.id, sender)
    follow_ups = list(persona.after_advice)
    asked: List[Optional[str]] = []
    text = persona.opening
    try:
        for turn in range(1, max_turns + 1):
            if time.monotonic() > deadline:
                res.error = "deadline"
                break
            t0 = time.perf_counter()
            replies = client.send(sender, text)
            res.latencies.append(time.perf_counter() - t0)
            tracker = client.tracker(sender)
            slot = (tracker.get("slots") or {}).get("requested_slot")
            res.transcript.append(
                {
                    "answering": asked[-1] if asked else None,
                    "user": text,
                    "bot": [r.get("text") for r in replies],
                    "next_slot": slot,
                }
            )
            if res.turns_to_advice is None and has_advice(tracker):
                res.turns_to_advice = turn
            if res.turns_to_advice is not None:
                if not follow_ups:
                    break
                text = follow_ups.pop(0)
                continue
            if slot and slot not in persona.answers and slot not in res.unanswered_slots:
                res.unanswered_slots.append(slot)
            if slot and asked[-2:] == [slot, slot] and slot not in res.repeated_slots:
                res.repeated_slots.append(slot)
            text = next_message(persona, slot, asked)
            asked.append(slot)
        else:
            if res.turns_to_advice is None:
                res.error = "max_turns"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        res.error = f"{type(exc).__name__}: {exc}"
    return res


# ---------------------------------------------------------------- a load level
def percentile(values: Sequence[float], q: float) -> Optional[float]:
    """Linear-interpolated percentile (q in 0..100), like numpy's default."""
    if not values:
        return None
    s = sorted(values)
    pos = (len(s) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def run_level(
    client: Client,
    personas: List[Persona],
    concurrency: int,
    conversations: int,
    max_turns: int,
    level_timeout: float,
    run_id: str,
) -> Dict[str, Any]:
    deadline = time.monotonic() + level_timeout
    jobs = [
        (personas[i % len(personas)], f"bench-{run_id}-c{concurrency}-{i}")
        for i in range(conversations)
    ]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(
            pool.map(
                lambda job: run_conversation(client, job[0], job[1], max_turns, deadline), jobs
            )
        )
    wall = time.perf_counter() - started
    lat = [x for r in results for x in r.latencies]
    reached = [r.turns_to_advice for r in results if r.turns_to_advice is not None]
    ms = lambda v: None if v is None else round(1000 * v, 1)  # noqa: E731
    return {
        "concurrency": concurrency,
        "conversations": conversations,
        "turns": len(lat),
        "wall_s": round(wall, 2),
        "throughput_turns_per_s": round(len(lat) / wall, 2) if wall else None,
        "latency_ms": {
            "p50": ms(percentile(lat, 50)),
            "p95": ms(percentile(lat, 95)),
            "p99": ms(percentile(lat, 99)),
            "max": ms(max(lat) if lat else None),
        },
        "advice_reached": len(reached),
        "turns_to_first_advice": {
            "median": percentile(reached, 50),
            "per_persona": {r.persona: r.turns_to_advice for r in results},
        },
        "errors": [f"{r.sender}: {r.error}" for r in results if r.error],
        "unanswered_slots": sorted({s for r in results for s in r.unanswered_slots}),
        "repeated_slots": sorted({s for r in results for s in r.repeated_slots}),
        "_conversations": [asdict(r) for r in results],
    }


# ---------------------------------------------------------------- servers
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float, proc: subprocess.Popen) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(1)
    raise TimeoutError(f"{url} did not answer within {timeout}s")


def sqlite_tracker_store(db: Path) -> Dict[str, Any]:
    """The project's tracker store type (endpoints.yml) on a fresh SQLite file."""
    store = {"type": "SQL"}
    project = REPO / "endpoints.yml"
    if project.exists():
        store = (yaml.safe_load(project.read_text()) or {}).get("tracker_store") or store
    if store.get("dialect", "sqlite") != "sqlite":
        store = {"type": "SQL"}
    return {**store, "dialect": "sqlite", "db": str(db)}


class Servers:
    """Action server + Rasa server on free loopback ports, SQLite tracker store in a temp dir."""

    def __init__(self, model: Optional[str], timeout: float, nice: bool = True):
        self.model, self.timeout, self.nice = model, timeout, nice
        self.token = secrets.token_hex(8)
        self.procs: List[subprocess.Popen] = []

    def __enter__(self) -> "Servers":
        self.tmp = tempfile.TemporaryDirectory(prefix="wereldwijs-load-")
        tmp = Path(self.tmp.name)
        logs = BENCH / ".work" / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        actions_port, rasa_port = free_port(), free_port()
        endpoints = tmp / "endpoints.yml"
        endpoints.write_text(
            yaml.safe_dump(
                {
                    "action_endpoint": {"url": f"http://127.0.0.1:{actions_port}/webhook"},
                    "tracker_store": sqlite_tracker_store(tmp / "trackers.db"),
                }
            )
        )
        rasa = str(REPO / ".venv" / "bin" / "rasa")
        prefix = ["nice"] if self.nice else []
        self._spawn(
            prefix + [rasa, "run", "actions", "--port", str(actions_port)], logs / "actions.log"
        )
        wait_http(f"http://127.0.0.1:{actions_port}/health", self.timeout, self.procs[0])
        cmd = [
            rasa,
            "run",
            "--enable-api",
            "--auth-token",
            self.token,
            "--port",
            str(rasa_port),
            "--interface",
            "127.0.0.1",
            "--endpoints",
            str(endpoints),
        ]
        if self.model:
            cmd += ["--model", self.model]
        self._spawn(prefix + cmd, logs / "rasa.log")
        self.url = f"http://127.0.0.1:{rasa_port}"
        wait_http(f"{self.url}/status?token={self.token}", self.timeout, self.procs[1])
        return self

    def _spawn(self, cmd: List[str], log: Path) -> None:
        out = open(log, "w")
        self.procs.append(
            subprocess.Popen(
                cmd, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        )

    def __exit__(self, *exc) -> None:
        for proc in reversed(self.procs):  # only the process groups we started
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
        self.tmp.cleanup()


# ---------------------------------------------------------------- report
def write_markdown(report: Dict[str, Any], path: Path) -> None:
    lines = [
        "# Load benchmark",
        "",
        f"Target: `{report['url']}` ({report['started']}), "
        f"personas: {', '.join(report['personas'])}  ",
        f"Warm-up (first message after start, not counted): "
        f"{report.get('warmup_first_turn_ms')} ms; {report.get('cpu_count')} CPUs, load "
        f"average at end {report.get('load_average_at_end')}",
        "",
        "| concurrency | conversations | turns | throughput (turns/s) | p50 ms | p95 ms "
        "| p99 ms | advice reached | median turns to advice | errors |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for lv in report["levels"]:
        la = lv["latency_ms"]
        lines.append(
            f"| {lv['concurrency']} | {lv['conversations']} | {lv['turns']} | "
            f"{lv['throughput_turns_per_s']} | {la['p50']} | {la['p95']} | {la['p99']} "
            f"| {lv['advice_reached']}/{lv['conversations']} | "
            f"{lv['turns_to_first_advice']['median']} | {len(lv['errors'])} |"
        )
    first = report["levels"][0] if report["levels"] else None
    if first:
        lines += [
            "",
            f"Turns to first advice per persona (concurrency {first['concurrency']}):",
            "",
        ]
        lines += [
            f"- {p}: {t if t is not None else 'no advice'}"
            for p, t in first["turns_to_first_advice"]["per_persona"].items()
        ]
        for key, label in (
            ("unanswered_slots", "Slots asked that no persona answers"),
            ("repeated_slots", "Slots re-asked (answer not accepted)"),
            ("errors", "Errors"),
        ):
            values = sorted({v for lv in report["levels"] for v in lv[key]})
            if values:
                lines += ["", f"{label}: " + ", ".join(values)]
    path.write_text("\n".join(lines) + "\n")


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="http://127.0.0.1:5005")
    ap.add_argument("--token", help="the server's --auth-token (needed for the tracker)")
    ap.add_argument("--start", action="store_true", help="start action + Rasa servers first")
    ap.add_argument("--model", help="model for --start (default: newest in models/)")
    ap.add_argument("--startup-timeout", type=float, default=300)
    ap.add_argument("-c", "--concurrency", type=int, nargs="+", default=[1, 5, 10, 20])
    ap.add_argument(
        "--conversations",
        type=int,
        help="per level (default: max(concurrency, number of personas))",
    )
    ap.add_argument("--max-turns", type=int, default=60)
    ap.add_argument("--level-timeout", type=float, default=600, help="seconds per level")
    ap.add_argument("--personas", type=Path, default=BENCH / "personas.yml")
    ap.add_argument("--out", type=Path, default=BENCH / "results")
    args = ap.parse_args(argv)

    personas = load_personas(args.personas)
    servers = Servers(args.model, args.startup_timeout) if args.start else None
    if servers:
        servers.__enter__()
    try:
        url, token = (servers.url, servers.token) if servers else (args.url, args.token)
        client = Client(url, token)
        run_id = time.strftime("%H%M%S") + secrets.token_hex(2)
        # the first message after start-up loads lazily (seconds): measure it apart
        t0 = time.perf_counter()
        client.send(f"bench-{run_id}-warmup", personas[0].opening)
        cold_ms = round(1000 * (time.perf_counter() - t0), 1)
        levels = []
        for c in args.concurrency:
            n = args.conversations or max(c, len(personas))
            print(f"concurrency {c}: {n} conversations ...", file=sys.stderr)
            levels.append(
                run_level(client, personas, c, n, args.max_turns, args.level_timeout, run_id)
            )
    finally:
        if servers:
            servers.__exit__(None, None, None)
    report = {
        "url": url,
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "warmup_first_turn_ms": cold_ms,
        "cpu_count": os.cpu_count(),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "personas": [p.id for p in personas],
        "levels": levels,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    work = BENCH / ".work"
    work.mkdir(exist_ok=True)
    # full transcripts stay local; the committed result keeps the numbers
    (work / "load_transcripts.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    for lv in levels:
        lv.pop("_conversations")
    (args.out / "load.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    write_markdown(report, args.out / "load.md")
    print((args.out / "load.md").read_text())
    return 0 if all(lv["advice_reached"] == lv["conversations"] for lv in levels) else 1


if __name__ == "__main__":
    sys.exit(main())
