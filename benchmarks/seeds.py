"""Robustness across training runs: the same conversations against models trained with other seeds.

For each `random_seed` (DIETClassifier), a model is trained (cached by the model's inputs and the
seed), served by a real Rasa server with the action server, and talked to through the REST
channel:
- the personas of benchmarks/personas.yml, whole conversations to the first advice; each must
  complete, end with the profile and classification the library itself reads from the same
  answers (`simulate`: the intake with no classifier at all), and never put the same question
  three times in a row;
- short answers to single questions (benchmarks/data/short_answers.yml: bare towns in both
  languages, postcodes, provinces, numbers in words, years with words, yes/no variants), each
  sent while that question is open.
Targets on every seed: 100% of personas complete, >= 98% of profile fields and classes right,
>= 98% of short answers taken, 0 repeated-question loops.

    .venv/bin/python benchmarks/seeds.py                 # seeds 7, 123, 2024
    .venv/bin/python benchmarks/seeds.py --seeds 1 2 --check
Results: benchmarks/results/seeds.json and seeds.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

from load import Client, Persona, Servers, has_advice, load_personas, run_conversation  # noqa: E402

from rasa_plugins import model_inputs  # noqa: E402
from wereldwijs.core import conversation as talk  # noqa: E402
from wereldwijs.core import intake  # noqa: E402
from wereldwijs.core.classify import classify  # noqa: E402
from wereldwijs.vocabulary import FirmProfile  # noqa: E402

SEEDS = (7, 123, 2024)
TARGETS = {"personas_complete": 1.0, "fields_right": 0.98, "short_answers_taken": 0.98, "loops": 0}
WORK = BENCH / ".work" / "seeds"
RESULTS = BENCH / "results"
MAX_TURNS = 40


# ---------------------------------------------------------------- models
def seeded_config(seed: int) -> Dict[str, Any]:
    config = yaml.safe_load((REPO / "config.yml").read_text())
    for component in config["pipeline"]:
        if component.get("name") == "DIETClassifier":
            component["random_seed"] = seed
    return config


def train(seed: int) -> Path:
    """The model for this seed, trained unless one with the same inputs exists."""
    name = f"seed{seed}-{model_inputs.fingerprint()}"
    model = WORK / f"{name}.tar.gz"
    if model.exists():
        return model
    WORK.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".yml", dir=WORK, delete=False) as handle:
        yaml.safe_dump(seeded_config(seed), handle, sort_keys=False)
    try:
        subprocess.run(
            [
                str(REPO / ".venv" / "bin" / "rasa"),
                "train",
                "--config",
                handle.name,
                "--domain",
                "domain.yml",
                "--data",
                "data",
                "--out",
                str(WORK),
                "--fixed-model-name",
                name,
                "--force",
                "--quiet",
            ],
            cwd=REPO,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    finally:
        Path(handle.name).unlink()
    return model


# ---------------------------------------------------------------- what the library reads
def simulate(persona: Persona) -> Dict[str, Any]:
    """The profile and classification the intake ends with when no classifier guesses at all:
    the persona's answers read by the library alone, question by question."""
    slots: Dict[str, Any] = {}
    opening = talk.read(None, persona.opening, persona.language, FirmProfile())
    slots.update(opening.facts)
    skipped: List[str] = []
    retries = 0
    asked: List[str] = []
    for _ in range(MAX_TURNS):
        profile = FirmProfile.from_slots(slots)
        remaining = intake.required_slots(profile, "core", skipped)
        if not remaining:
            break
        slot = remaining[0]
        text = (
            persona.otherwise
            if asked[-2:] == [slot, slot]
            else persona.answers.get(slot, persona.otherwise)
        )
        asked.append(slot)
        decision = talk.decide(
            talk.Turn(
                slot,
                talk.read(slot, text, persona.language, profile),
                retries=retries,
                profile=profile,
            )
        )
        if decision.kind in (talk.TAKE, talk.NOTE):
            slots.update(decision.facts)
            if decision.slot:
                slots[decision.slot] = decision.value
            retries = 0
        elif decision.kind == talk.SKIP:
            skipped.append(slot)
            retries = 0
        elif decision.kind == talk.RETRY:
            retries = decision.tries
    profile = FirmProfile.from_slots(slots)
    known = {k: v for k, v in profile.as_slots().items() if v is not None}
    return {**known, **classify(profile).as_slots()}


def same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return actual is not None and float(actual) == float(expected)
    return expected == actual


def repeated_question(transcript: List[Dict[str, Any]]) -> bool:
    """The same bot text three times in a row (the person's messages in between)."""
    texts = [t for turn in transcript for t in turn["bot"] if t]
    return any(texts[i] == texts[i + 1] == texts[i + 2] for i in range(len(texts) - 2))


def run_personas(client: Client, personas: List[Persona]) -> Dict[str, Any]:
    deadline = time.monotonic() + 900
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(
            pool.map(
                lambda p: (
                    p,
                    run_conversation(
                        client, p, f"seed-{p.id}-{uuid.uuid4().hex[:8]}", MAX_TURNS, deadline
                    ),
                ),
                personas,
            )
        )
    rows, checked, right, loops = [], 0, 0, 0
    for persona, res in results:
        tracker = client.tracker(res.sender)
        slots = tracker.get("slots") or {}
        expected = simulate(persona)
        wrong = {
            k: {"expected": v, "got": slots.get(k)}
            for k, v in expected.items()
            if not same(v, slots.get(k))
        }
        checked += len(expected)
        right += len(expected) - len(wrong)
        loop = repeated_question(res.transcript) or bool(res.repeated_slots)
        loops += loop
        rows.append(
            {
                "persona": persona.id,
                "complete": has_advice(tracker) and not res.error,
                "error": res.error,
                "turns_to_advice": res.turns_to_advice,
                "wrong": wrong,
                "loop": loop,
                "transcript": res.transcript if (wrong or loop or res.error) else [],
            }
        )
    return {"personas": rows, "fields_checked": checked, "fields_right_n": right, "loops": loops}


# ---------------------------------------------------------------- short answers
def load_short_answers(path: Path = BENCH / "data" / "short_answers.yml") -> List[Dict[str, Any]]:
    return yaml.safe_load(path.read_text())["answers"]


def ask_one(client: Client, case: Dict[str, Any]) -> Dict[str, Any]:
    """Open the question (HTTP API: the intake running, this question asked), send the answer
    through the REST channel, read the slot."""
    sender = f"short-{uuid.uuid4().hex[:10]}"
    lang = case["lang"]
    client.send(sender, "hallo" if lang == "nl" else "hello")
    events = [
        {"event": "active_loop", "name": "profile_form"},
        {"event": "slot", "name": "language", "value": lang},
        {"event": "slot", "name": "scan_phase", "value": "core"},
        {"event": "slot", "name": "pending_confirmation", "value": None},
        {"event": "slot", "name": "requested_slot", "value": case["slot"]},
    ]
    events += [
        {"event": "slot", "name": k, "value": v} for k, v in (case.get("known") or {}).items()
    ]
    client._call(f"/conversations/{sender}/tracker/events?token={client.token}", events)
    replies = client.send(sender, case["text"])
    got = (client.tracker(sender).get("slots") or {}).get(case["slot"])
    return {
        **case,
        "got": got,
        "taken": same(case["value"], got),
        "bot": [r.get("text") for r in replies],
    }


def run_short_answers(client: Client, cases: List[Dict[str, Any]]) -> Dict[str, Any]:
    with ThreadPoolExecutor(max_workers=4) as pool:
        rows = list(pool.map(lambda c: ask_one(client, c), cases))
    return {
        "short_answers": len(rows),
        "short_answers_taken_n": sum(r["taken"] for r in rows),
        "short_answers_missed": [r for r in rows if not r["taken"]],
    }


# ---------------------------------------------------------------- the seed-dependent tests
def nlu_scores(model: Path) -> Dict[str, Any]:
    """The held-out NLU scores of this model (what tests/conversation/test_nlu_targets checks)."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [sys.executable, str(BENCH / "nlu_eval.py"), "--model", str(model), "--out", out],
            cwd=REPO,
            check=True,
            capture_output=True,
        )
        languages = json.loads((Path(out) / "nlu.json").read_text())["languages"]
    return {
        lang: {"intent_macro_f1": res["intent_macro_f1"], "entity_f1": res["entity"]["f1"]}
        for lang, res in languages.items()
    }


def stories_pass(model: Path) -> bool:
    """Whether the test stories pass on this model (what tests/conversation/test_stories runs)."""
    with tempfile.TemporaryDirectory() as out:
        result = subprocess.run(
            [
                str(REPO / ".venv" / "bin" / "rasa"),
                "test",
                "core",
                "--model",
                str(model),
                "--stories",
                "tests/stories",
                "--out",
                out,
                "--fail-on-prediction-errors",
                "--no-plot",
            ],
            cwd=REPO,
            capture_output=True,
        )
    return result.returncode == 0


# ---------------------------------------------------------------- report
def summarise(seed: int, personas: Dict[str, Any], shorts: Dict[str, Any]) -> Dict[str, Any]:
    rows = personas["personas"]
    summary = {
        "seed": seed,
        "personas_complete": round(sum(r["complete"] for r in rows) / len(rows), 4),
        "fields_right": round(personas["fields_right_n"] / max(1, personas["fields_checked"]), 4),
        "short_answers_taken": round(
            shorts["short_answers_taken_n"] / max(1, shorts["short_answers"]), 4
        ),
        "loops": personas["loops"],
    }
    summary["targets_met"] = (
        summary["personas_complete"] >= TARGETS["personas_complete"]
        and summary["fields_right"] >= TARGETS["fields_right"]
        and summary["short_answers_taken"] >= TARGETS["short_answers_taken"]
        and summary["loops"] <= TARGETS["loops"]
    )
    return {**summary, "details": {**personas, **shorts}}


def write_markdown(report: Dict[str, Any], path: Path) -> None:
    lines = [
        "# Robustness across training seeds",
        "",
        f"{report['started']}; personas: {report['personas']}; short answers: "
        f"{report['short_answers']}. Targets on every seed: personas complete 100%, "
        "profile fields and classes right >= 98%, short answers taken >= 98%, 0 loops.",
        "",
        "| seed | personas complete | fields and classes right | short answers taken "
        "| repeated-question loops | targets |",
        "|---|---|---|---|---|---|",
    ]
    for r in report["seeds"]:
        lines.append(
            f"| {r['seed']} | {r['personas_complete']:.0%} | {r['fields_right']:.1%} | "
            f"{r['short_answers_taken']:.1%} | {r['loops']} | "
            f"{'met' if r['targets_met'] else 'MISSED'} |"
        )
    lines += [
        "",
        "Seed-dependent tests on the same models (held-out NLU, test stories):",
        "",
        "| seed | intent macro F1 nl | en | entity F1 nl | en | test stories |",
        "|---|---|---|---|---|---|",
    ]
    for r in report["seeds"]:
        nlu = r["nlu"]
        lines.append(
            f"| {r['seed']} | {nlu['nl']['intent_macro_f1']:.3f} | "
            f"{nlu['en']['intent_macro_f1']:.3f} | {nlu['nl']['entity_f1']:.3f} | "
            f"{nlu['en']['entity_f1']:.3f} | {'pass' if r['stories'] else 'FAIL'} |"
        )
    for r in report["seeds"]:
        missed = r["details"]["short_answers_missed"]
        wrong = {p["persona"]: p["wrong"] for p in r["details"]["personas"] if p["wrong"]}
        if missed or wrong:
            lines += ["", f"## Seed {r['seed']}: what went wrong"]
            lines += [
                f"- short answer `{m['text']}` ({m['lang']}, {m['slot']}): expected "
                f"{m['value']!r}, got {m['got']!r}"
                for m in missed
            ]
            lines += [
                f"- persona {p}: {json.dumps(w, ensure_ascii=False)}" for p, w in wrong.items()
            ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=list(SEEDS))
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args(argv)
    personas, cases = load_personas(), load_short_answers()
    report = {
        "started": time.strftime("%Y-%m-%d %H:%M"),
        "personas": len(personas),
        "short_answers": len(cases),
        "seeds": [],
    }
    for seed in args.seeds:
        model = train(seed)
        with Servers(str(model), timeout=300, nice=False) as servers:
            client = Client(servers.url, servers.token)
            report["seeds"].append(
                summarise(seed, run_personas(client, personas), run_short_answers(client, cases))
            )
        report["seeds"][-1].update(nlu=nlu_scores(model), stories=stories_pass(model))
        print(json.dumps({k: v for k, v in report["seeds"][-1].items() if k != "details"}))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "seeds.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    write_markdown(report, args.out / "seeds.md")
    return 0 if not args.check or all(r["targets_met"] for r in report["seeds"]) else 1


if __name__ == "__main__":
    sys.exit(main())
