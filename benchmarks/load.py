"""Latency, throughput and turns-to-first-advice of a running Wereldwijs server.

Plays the personas of benchmarks/personas.yml against the REST channel, N conversations at a
time, answering whatever slot the tracker says is being asked (one tracker read per turn).
Back-to-back levels also measure bare parses (/model/parse at the same concurrency, on the
same user messages), so a full turn can be counted in bare parses. Loopback only.

    .venv/bin/python benchmarks/load.py --url http://127.0.0.1:5005 --token T [-c 1 5 10 20]
    .venv/bin/python benchmarks/load.py --start [--model models/x.tar.gz]   # starts both servers
    nice .venv/bin/python benchmarks/load.py --full   # before/after speed-ups, every level (~30 min)

--full: for each mode (speed-ups off: WERELDWIJS_SPEEDUPS=0, then on), fresh servers, the first
reply after ready, back-to-back levels 1 5 20 50 and think-time levels (3-10 s between messages)
25 50 100. Every conversation is checked: the replies the REST channel returned are the bot
messages stored for that turn (nothing lost or duplicated), and its final slots are those of the
same persona run alone (level 1). Results: benchmarks/results/load.json and load.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
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

    def _query(self) -> str:
        return "?" + urllib.parse.urlencode({"token": self.token}) if self.token else ""

    def tracker(self, sender: str) -> dict:
        return self._call(f"/conversations/{urllib.parse.quote(sender)}/tracker{self._query()}")

    def parse(self, text: str) -> dict:
        return self._call(f"/model/parse{self._query()}", {"text": text})


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
    final_slots: Dict[str, Any] = field(default_factory=dict)
    lost_replies: int = 0  # stored bot messages the REST channel did not return
    duplicated_replies: int = 0  # returned more often than stored


def stored_replies(tracker: dict) -> List[List[Optional[str]]]:
    """The bot texts stored after each user message, one list per user message, split as the
    REST channel sends them (Rasa's OutputChannel sends a text's paragraphs one by one)."""
    turns: List[List[Optional[str]]] = []
    for e in tracker.get("events") or []:
        if e.get("event") == "user":
            turns.append([])
        elif e.get("event") == "bot" and turns:
            text = e.get("text")
            turns[-1].extend(text.strip().split("\n\n") if text else [text])
    return turns


def check_replies(res: ConversationResult, tracker: dict) -> None:
    """Count replies lost or duplicated between what the server stored and what it returned."""
    stored = stored_replies(tracker)
    sent = [t["bot"] for t in res.transcript]
    if len(stored) != len(sent):  # a message not stored at all, or stored twice
        res.lost_replies += sum(len(b) for b in sent[len(stored) :])
        res.duplicated_replies += sum(len(b) for b in stored[len(sent) :])
    for got, kept in zip(sent, stored):
        for text in set(got) | set(kept):
            diff = got.count(text) - kept.count(text)
            res.lost_replies += max(0, -diff)
            res.duplicated_replies += max(0, diff)


def pause_before(
    turn: int, think: Optional[Sequence[float]], rng: random.Random, burst: bool = False
) -> float:
    """Seconds to wait before message `turn`: none back-to-back; with think=(lo, hi), lo-hi s
    between messages, and 0-hi s before the first, so people arrive spread over one think
    interval as they do on a page, not all in the same instant (a burst of every first message
    at once is a start-up spike, not think time: `burst` gives it, for comparison)."""
    if not think or (turn == 1 and burst):
        return 0.0
    return rng.uniform(0.0 if turn == 1 else think[0], think[1])


def run_conversation(
    client: Client,
    persona: Persona,
    sender: str,
    max_turns: int,
    deadline: float,
    think: Optional[Sequence[float]] = None,
    rng: Optional[random.Random] = None,
    burst: bool = False,
) -> ConversationResult:
    """One persona's conversation; with think=(lo, hi), a pause before each message (pause_before)."""
    res = ConversationResult(persona.id, sender)
    follow_ups = list(persona.after_advice)
    asked: List[Optional[str]] = []
    text = persona.opening
    rng = rng or random.Random(sender)
    tracker: dict = {}
    try:
        for turn in range(1, max_turns + 1):
            if time.monotonic() > deadline:
                res.error = "deadline"
                break
            time.sleep(pause_before(turn, think, rng, burst))
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
    res.final_slots = tracker.get("slots") or {}
    if tracker:
        check_replies(res, tracker)
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
    think: Optional[Sequence[float]] = None,
    burst: bool = False,
) -> Dict[str, Any]:
    deadline = time.monotonic() + level_timeout
    kind = "t" if think else "c"
    jobs = [
        (personas[i % len(personas)], f"bench-{run_id}-{kind}{concurrency}-{i}")
        for i in range(conversations)
    ]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(
            pool.map(
                lambda job: run_conversation(
                    client, job[0], job[1], max_turns, deadline, think=think, burst=burst
                ),
                jobs,
            )
        )
    wall = time.perf_counter() - started
    lat = [x for r in results for x in r.latencies]
    reached = [r.turns_to_advice for r in results if r.turns_to_advice is not None]
    ms = lambda v: None if v is None else round(1000 * v, 1)  # noqa: E731
    return {
        "concurrency": concurrency,
        "think_s": list(think) if think else None,
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
        "lost_replies": sum(r.lost_replies for r in results),
        "duplicated_replies": sum(r.duplicated_replies for r in results),
        "_conversations": [asdict(r) for r in results],
    }


def bare_parses(
    client: Client, texts: Sequence[str], concurrency: int, count: int
) -> Dict[str, Any]:
    """`count` parses of these texts on /model/parse, `concurrency` at a time, back to back."""
    work = [texts[i % len(texts)] for i in range(count)]

    def one(text: str) -> float:
        t0 = time.perf_counter()
        client.parse(text)
        return time.perf_counter() - t0

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        lat = list(pool.map(one, work))
    wall = time.perf_counter() - started
    return {
        "parses": count,
        "parses_per_s": round(count / wall, 2),
        "p50_ms": round(1000 * percentile(lat, 50), 1),
        "p95_ms": round(1000 * percentile(lat, 95), 1),
    }


def slot_differences(level: Dict[str, Any], alone: Dict[str, Dict[str, Any]]) -> List[str]:
    """Conversations whose final slots differ from the same persona's conversation run alone."""
    out = []
    for conv in level["_conversations"]:
        ref = alone.get(conv["persona"])
        if ref is None:
            continue
        diff = sorted(
            k
            for k in set(ref) | set(conv["final_slots"])
            if ref.get(k) != conv["final_slots"].get(k)
        )
        if diff:
            out.append(f"{conv['sender']}: {', '.join(diff)}")
    return out


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

    def __init__(
        self,
        model: Optional[str],
        timeout: float,
        nice: bool = True,
        env: Optional[Dict[str, str]] = None,
        label: str = "rasa",
        workers: int = 1,
        code: Path = REPO,
        action_workers: int = 1,
    ):
        self.model, self.timeout, self.nice = model, timeout, nice
        self.env, self.label, self.workers = dict(env or {}), label, workers
        # the checkout whose code the servers run (another commit, for an A/B comparison)
        self.code = Path(code).resolve()
        self.action_workers = action_workers
        if self.code != REPO:
            self.env["PYTHONPATH"] = str(self.code)
        self.token = secrets.token_hex(8)
        self.procs: List[subprocess.Popen] = []

    def __enter__(self) -> "Servers":
        self.tmp = tempfile.TemporaryDirectory(prefix="wereldwijs-load-")
        tmp = Path(self.tmp.name)
        logs = BENCH / ".work" / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        actions_port, rasa_port = free_port(), free_port()
        endpoints = tmp / "endpoints.yml"
        config = {
            "action_endpoint": {"url": f"http://127.0.0.1:{actions_port}/webhook"},
            "tracker_store": sqlite_tracker_store(tmp / "trackers.db"),
        }
        prefix = ["nice"] if self.nice else []
        rasa_env = {}
        if self.workers > 1:  # Sanic workers need a shared lock store: Debian's redis-server
            redis_port = free_port()
            self._spawn(
                ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""]
                + ["--appendonly", "no", "--dir", str(tmp)],
                logs / f"redis-{self.label}.log",
            )
            # the project's atomic lock store: Rasa's `type: redis` can let two workers hold one
            # conversation at once (docs/deployment.md)
            config["lock_store"] = {
                "type": "rasa_plugins.lock_store.AtomicRedisLockStore",
                "url": "127.0.0.1",
                "port": redis_port,
            }
            rasa_env["SANIC_WORKERS"] = str(self.workers)
        endpoints.write_text(yaml.safe_dump(config))
        rasa = str(REPO / ".venv" / "bin" / "rasa")
        self._spawn(
            prefix + [rasa, "run", "actions", "--port", str(actions_port)],
            logs / f"actions-{self.label}.log",
            {
                **{k: v for k, v in self.env.items() if k == "PYTHONPATH"},
                "ACTION_SERVER_SANIC_WORKERS": str(self.action_workers),
            },
        )
        self.actions = self.procs[-1]
        wait_http(f"http://127.0.0.1:{actions_port}/health", self.timeout, self.actions)
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
        if self.workers > 1:  # the socket.io channel does not support several workers
            credentials = tmp / "credentials.yml"
            credentials.write_text(yaml.safe_dump({"rest": None}))
            cmd += ["--credentials", str(credentials)]
        self.log = logs / f"rasa-{self.label}.log"
        self._spawn(prefix + cmd, self.log, {**rasa_env, **self.env})
        self.rasa = self.procs[-1]
        self.url = f"http://127.0.0.1:{rasa_port}"
        wait_http(f"{self.url}/status?token={self.token}", self.timeout, self.rasa)
        return self

    def cpu(self) -> Dict[str, float]:
        """CPU seconds used so far by the Rasa server (with its workers) and the action server."""
        return {"rasa": cpu_seconds(self.rasa.pid), "actions": cpu_seconds(self.actions.pid)}

    def _spawn(self, cmd: List[str], log: Path, env: Optional[Dict[str, str]] = None) -> None:
        out = open(log, "w")
        self.procs.append(
            subprocess.Popen(
                cmd,
                cwd=self.code,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                env={**os.environ, **(env or {})},
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


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its live children (Sanic workers), Linux only."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        children = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True
        ).stdout.split()
        for p in [pid, *map(int, children)]:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
    except (OSError, ValueError):
        pass
    return round(total, 1)


# ---------------------------------------------------------------- modes
SPEEDUPS_OFF = {"WERELDWIJS_SPEEDUPS": "0"}
FULL_BACK_TO_BACK = [1, 5, 20, 50]
FULL_THINK = [25, 50, 100]
THINK_S = (3.0, 10.0)


def level_name(concurrency: int, think: Optional[Sequence[float]]) -> str:
    """How a level is named on the command line (--profile) and in files: "20", "t100"."""
    return f"t{concurrency}" if think else str(concurrency)


class Profiler:
    """py-spy on the Rasa server (and its Sanic workers) for the length of one level."""

    def __init__(self, pid: int, out: Path):
        self.out = out
        spy = REPO / ".venv" / "bin" / "py-spy"
        cmd = [str(spy), "record", "--pid", str(pid), "--subprocesses", "-r", "50"]
        cmd += ["--format", "raw", "-o", str(out)]
        log = (BENCH / ".work" / "logs" / out.name).with_suffix(".log")
        self.proc = subprocess.Popen(cmd, stdout=log.open("w"), stderr=subprocess.STDOUT)

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
        self.proc.wait(timeout=60)


def level_size(
    concurrency: int, think: Optional[Sequence[float]], args: argparse.Namespace, personas: List
) -> int:
    """Conversations in a level: `concurrency` with think time; back-to-back at least one per
    persona (--conversations overrides)."""
    return concurrency if think else (args.conversations or max(concurrency, len(personas)))


def first_turns(level: Dict[str, Any]) -> List[float]:
    return [c["latencies"][0] for c in level["_conversations"] if c["latencies"]]


def run_mode(
    client: Client,
    personas: List[Persona],
    args: argparse.Namespace,
    run_id: str,
    servers: Optional["Servers"] = None,
    label: str = "after",
) -> Dict[str, Any]:
    """Every level against one pair of servers: back-to-back (with bare parses), then think time.
    With the servers started here: the CPU each used per turn, and a py-spy profile of the
    level named by --profile."""
    # the first message after the server reports ready: the first person's wait
    t0 = time.perf_counter()
    client.send(f"bench-{run_id}-first", personas[0].opening)
    first_ms = round(1000 * (time.perf_counter() - t0), 1)
    levels = []
    plan = [(c, None) for c in args.concurrency] + [(c, THINK_S) for c in args.think]
    for index, (c, think) in enumerate(plan):
        n = level_size(c, think, args, personas)
        kind = f"think {think[0]:g}-{think[1]:g} s" if think else "back-to-back"
        print(f"  {kind}, concurrency {c}: {n} conversations ...", file=sys.stderr)
        # a level's own sender ids: a level given twice starts new conversations
        level_id = f"{run_id}L{index}"
        cpu0 = servers.cpu() if servers else None
        lv = run_level(
            client, personas, c, n, args.max_turns, args.level_timeout, level_id, think=think,
            burst=args.burst_start,
        )  # fmt: skip
        lv["burst_start"] = bool(think and args.burst_start)
        if servers:
            cpu1 = servers.cpu()
            lv["cpu_ms_per_turn"] = {
                k: round(1000 * (cpu1[k] - cpu0[k]) / max(lv["turns"], 1), 1) for k in cpu1
            }
        if not think:
            texts = [t["user"] for conv in lv["_conversations"] for t in conv["transcript"]]
            if texts:
                lv["bare_parse"] = bare_parses(client, texts, c, min(len(texts), args.parses))
                rate = lv["throughput_turns_per_s"]
                lv["turn_in_bare_parses"] = (
                    round(lv["bare_parse"]["parses_per_s"] / rate, 1) if rate else None
                )
        levels.append(lv)
    # profiles: the level run once more with py-spy attached (sampling slows the server, so the
    # measured levels above run without it)
    profiles = {}
    for index, (c, think) in enumerate(plan):
        name = level_name(c, think)
        if not servers or name not in (args.profile or []) or name in profiles:
            continue
        print(f"  level {name} again, with py-spy ...", file=sys.stderr)
        raw = args.out / f"profile_{label}_{name}.txt"
        profiler = Profiler(servers.rasa.pid, raw)
        n = level_size(c, think, args, personas)
        run_level(client, personas, c, n, args.max_turns, args.level_timeout,
                  f"{run_id}P{index}", think=think)  # fmt: skip
        profiler.stop()
        profiles[name] = raw.name
    # the same persona run alone (the first back-to-back level at concurrency 1) is the reference
    alone = {}
    for lv in levels:
        if lv["concurrency"] == 1 and not lv["think_s"]:
            alone = {c["persona"]: c["final_slots"] for c in lv["_conversations"]}
            break
    for lv in levels:
        lv["slot_differences"] = slot_differences(lv, alone) if alone else None
    level_1 = next((lv for lv in levels if lv["concurrency"] == 1 and not lv["think_s"]), None)
    ms = lambda v: None if v is None else round(1000 * v, 1)  # noqa: E731
    return {
        "first_reply_after_ready_ms": first_ms,
        "median_reply_alone_ms": level_1 and level_1["latency_ms"]["p50"],
        # the first reply of every conversation creates it (session start): the fair comparison
        "median_first_reply_alone_ms": level_1 and ms(percentile(first_turns(level_1), 50)),
        "levels": levels,
        "profiles": profiles,
    }


# ---------------------------------------------------------------- report
def write_markdown(report: Dict[str, Any], path: Path) -> None:
    lines = [
        "# Load benchmark",
        "",
        f"Target: {report['url']} ({report['started']}, {report['duration_min']} min), "
        f"personas: {', '.join(report['personas'])}  ",
        f"{report.get('cpu_count')} CPUs; load average before {report.get('load_average_before')}, "
        f"at end {report.get('load_average_at_end')}. A turn is one REST message and its "
        "replies; each is followed by a tracker read (not timed, but it loads the server).",
        "",
        "| mode | level | conversations | turns | turns/s | p50 ms | p95 ms | p99 ms "
        "| bare parses/s | turn = bare parses | CPU ms a turn: Rasa, actions | advice "
        "| lost / duplicated replies | slots differ from alone | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, mode in report["modes"].items():
        for lv in mode["levels"]:
            la = lv["latency_ms"]
            level = (
                f"{lv['concurrency']} think {lv['think_s'][0]:g}-{lv['think_s'][1]:g} s"
                + (", all first messages at once" if lv.get("burst_start") else "")
                if lv["think_s"]
                else f"{lv['concurrency']} back-to-back"
            )
            bare = lv.get("bare_parse") or {}
            slots = lv.get("slot_differences")
            cpu = lv.get("cpu_ms_per_turn") or {}
            cpu_text = f"{cpu['rasa']}, {cpu['actions']}" if cpu else ""
            lines.append(
                f"| {label} | {level} | {lv['conversations']} | {lv['turns']} "
                f"| {lv['throughput_turns_per_s']} | {la['p50']} | {la['p95']} | {la['p99']} "
                f"| {bare.get('parses_per_s', '')} | {lv.get('turn_in_bare_parses') or ''} "
                f"| {cpu_text} | {lv['advice_reached']}/{lv['conversations']} "
                f"| {lv['lost_replies']} / {lv['duplicated_replies']} "
                f"| {'' if slots is None else len(slots)} | {len(lv['errors'])} |"
            )
    lines += [
        "",
        "First reply after the server reports ready, against the median reply alone and the "
        "median first reply of a conversation alone (a first reply also starts the session):",
        "",
    ]
    for label, mode in report["modes"].items():
        lines.append(
            f"- {label}: {mode['first_reply_after_ready_ms']} ms "
            f"(median alone {mode['median_reply_alone_ms']} ms, "
            f"median first reply alone {mode.get('median_first_reply_alone_ms')} ms)"
        )
    profiles = [
        (label, name, raw)
        for label, m in report["modes"].items()
        for name, raw in (m.get("profiles") or {}).items()
    ]
    if profiles:
        lines += ["", "Profiles (py-spy, 50 Hz, the Rasa server during the level run again):", ""]
        lines += [f"- {label}, level {name}: `{raw}` (summary `{raw.split('.txt')[0]}.md`)"
                  for label, name, raw in profiles]  # fmt: skip
    cpu = [
        (label, m["cpu_s_during_levels"])
        for label, m in report["modes"].items()
        if "cpu_s_during_levels" in m
    ]
    if cpu:
        lines += [
            "",
            "CPU seconds used during the levels (Rasa server with its workers; action server):",
            "",
        ]
        lines += [f"- {label}: Rasa {c['rasa']} s, actions {c['actions']} s" for label, c in cpu]
    for label, mode in report["modes"].items():
        first = mode["levels"][0] if mode["levels"] else None
        if first:
            lines += ["", f"Turns to first advice per persona ({label}, level 1):", ""]
            lines += [
                f"- {p}: {t if t is not None else 'no advice'}"
                for p, t in first["turns_to_first_advice"]["per_persona"].items()
            ]
        for key, label_text in (
            ("unanswered_slots", "Slots asked that no persona answers"),
            ("repeated_slots", "Slots re-asked (answer not accepted)"),
            ("slot_differences", "Conversations ending with other slots than alone"),
            ("errors", "Errors"),
        ):
            values = sorted({v for lv in mode["levels"] for v in lv.get(key) or []})
            if values:
                lines += ["", f"{label_text} ({label}): " + ", ".join(values[:20])]
    path.write_text("\n".join(lines) + "\n")


def summarise_profiles(report: Dict[str, Any], out: Path) -> None:
    """A Markdown summary beside each raw profile (benchmarks/profile_summary.py), and the raw
    profile gzipped (a tenth of the size, still read by profile_summary.py)."""
    sys.path.insert(0, str(BENCH))
    import profile_summary

    for mode in report["modes"].values():
        profiles = mode.get("profiles") or {}
        for level, name in profiles.items():
            raw = out / name
            if raw.exists():
                summary = profile_summary.summarise(profile_summary.parse(raw))
                raw.with_suffix(".md").write_text(summary + "\n")
                packed = raw.with_name(raw.name + ".gz")
                packed.write_bytes(gzip.compress(raw.read_bytes()))
                raw.unlink()
                profiles[level] = packed.name


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="http://127.0.0.1:5005")
    ap.add_argument("--token", help="the server's --auth-token (needed for the tracker)")
    ap.add_argument("--start", action="store_true", help="start action + Rasa servers first")
    ap.add_argument(
        "--full",
        action="store_true",
        help="--start, modes before and after, back-to-back 1 5 20 50, think time 25 50 100",
    )
    ap.add_argument("--model", help="model for --start (default: newest in models/)")
    ap.add_argument("--startup-timeout", type=float, default=300)
    ap.add_argument("-c", "--concurrency", type=int, nargs="+", default=[1, 5, 10, 20])
    ap.add_argument(
        "--think",
        type=int,
        nargs="*",
        default=[],
        help="levels with 3-10 s think time between messages (one conversation each)",
    )
    ap.add_argument(
        "--modes",
        nargs="+",
        choices=["before", "after", "after-2-workers"],
        default=["after"],
        help="with --start: before = WERELDWIJS_SPEEDUPS=0; after-2-workers = SANIC_WORKERS=2 "
        "with a Redis lock store",
    )
    ap.add_argument(
        "--conversations",
        type=int,
        help="per back-to-back level (default: max(concurrency, number of personas))",
    )
    ap.add_argument("--parses", type=int, default=400, help="bare parses per level (at most)")
    ap.add_argument("--max-turns", type=int, default=60)
    ap.add_argument("--level-timeout", type=float, default=900, help="seconds per level")
    ap.add_argument(
        "--profile",
        nargs="*",
        default=[],
        help="with --start: py-spy the Rasa server during these levels (20 = 20 back-to-back, "
        "t100 = 100 with think time); raw profiles and summaries go to --out",
    )
    ap.add_argument(
        "--code",
        type=Path,
        default=REPO,
        help="with --start: run the servers from this checkout (e.g. a git worktree of an "
        "earlier commit, for an A/B comparison); this checkout's .venv and --model",
    )
    ap.add_argument(
        "--burst-start",
        action="store_true",
        help="think-time levels: every conversation's first message at the same instant (the "
        "default spreads them over one think interval)",
    )
    ap.add_argument(
        "--action-workers",
        type=int,
        default=1,
        help="with --start: Sanic workers of the action server (ACTION_SERVER_SANIC_WORKERS)",
    )
    ap.add_argument("--personas", type=Path, default=BENCH / "personas.yml")
    ap.add_argument("--out", type=Path, default=BENCH / "results")
    return ap


def main(argv: Optional[List[str]] = None) -> int:
    args = parser().parse_args(argv)
    if args.full:
        args.start = True
        args.concurrency, args.think = FULL_BACK_TO_BACK, FULL_THINK
        if args.modes == ["after"]:
            args.modes = ["before", "after"]

    personas = load_personas(args.personas)
    args.out.mkdir(parents=True, exist_ok=True)
    started, load_before = time.time(), [round(x, 2) for x in os.getloadavg()]
    run_id = time.strftime("%H%M%S") + secrets.token_hex(2)
    modes: Dict[str, Any] = {}
    url = args.url
    for label in args.modes if args.start else ["running server"]:
        print(f"mode {label}:", file=sys.stderr)
        if not args.start:
            modes[label] = run_mode(Client(args.url, args.token), personas, args, run_id)
            continue
        env = SPEEDUPS_OFF if label == "before" else {}
        workers = 2 if label == "after-2-workers" else 1
        servers = Servers(
            args.model, args.startup_timeout, env=env, label=label, workers=workers,
            code=args.code, action_workers=args.action_workers,
        )  # fmt: skip
        with servers as sv:
            url = "servers started by load.py"
            cpu0 = sv.cpu()
            client = Client(sv.url, sv.token)
            modes[label] = run_mode(client, personas, args, f"{run_id}{label}", sv, label)
            cpu1 = sv.cpu()
            modes[label]["cpu_s_during_levels"] = {k: round(cpu1[k] - cpu0[k], 1) for k in cpu1}
    report = {
        "url": url,
        "started": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(started)),
        "duration_min": round((time.time() - started) / 60, 1),
        "cpu_count": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "personas": [p.id for p in personas],
        "modes": modes,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    work = BENCH / ".work"
    work.mkdir(exist_ok=True)
    # full transcripts stay local; the committed result keeps the numbers
    (work / "load_transcripts.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    for mode in modes.values():
        for lv in mode["levels"]:
            lv.pop("_conversations")
    summarise_profiles(report, args.out)
    (args.out / "load.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    write_markdown(report, args.out / "load.md")
    print((args.out / "load.md").read_text())
    levels = [lv for mode in modes.values() for lv in mode["levels"]]
    clean = all(
        lv["advice_reached"] == lv["conversations"]
        and lv["lost_replies"] == lv["duplicated_replies"] == 0
        and not lv.get("slot_differences")
        for lv in levels
    )
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
