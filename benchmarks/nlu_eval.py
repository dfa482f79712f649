"""NLU benchmark: intent and entity quality per language on the held-out sets.

Trains an NLU-only model from config.yml + data/nlu/ (cached under benchmarks/.work/, keyed by a
hash of every input) or loads --model, parses each example of benchmarks/data/heldout_{nl,en}.yml
and writes benchmarks/results/nlu.json and nlu.md.

    .venv/bin/python benchmarks/nlu_eval.py [--model PATH] [--config config.yml] [--check]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import logging
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple

import yaml

from rasa_plugins import model_inputs

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "benchmarks"
WORK = BENCH / ".work"
RESULTS = BENCH / "results"
LANGS = ("nl", "en")
ENTITY_TYPES = ("country", "organisation", "language")  # the contract's entities
FALLBACK = "nlu_fallback"
TARGETS = {"intent_macro_f1": 0.95, "entity_f1": 0.90}

EntitySet = FrozenSet[Tuple[str, str]]


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    entities: EntitySet


@dataclass(frozen=True)
class Prediction:
    intent: str
    confidence: float
    entities: EntitySet
    ranking: Tuple[Tuple[str, float], ...]  # intent ranking without the fallback entry


# ---------------------------------------------------------------- data
def load_heldout(path: Path) -> List[Example]:
    """Examples of a Rasa YAML NLU file, with gold (entity, value) pairs."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [
        Example(m.get("text"), m.get("intent"), _entity_set(m.get("entities") or []))
        for m in data.intent_examples
    ]


def _entity_set(entities: Iterable[Dict[str, Any]]) -> EntitySet:
    return frozenset(
        (e["entity"], str(e.get("value", e.get("text"))))
        for e in entities
        if e.get("entity") in ENTITY_TYPES
    )


# ---------------------------------------------------------------- model
def _component_sources(config: Path) -> List[Path]:
    """Repo-local code and data of the custom components in the config (they shape the model too)."""
    modules = model_inputs.component_modules(config, REPO)
    sources = sorted(model_inputs.import_closure(modules, REPO))
    return sources + [REPO / d for d in model_inputs.NLU_DATA if sources and (REPO / d).exists()]


def inputs_fingerprint(config: Path, nlu_data: Path) -> str:
    """Hash of the config, the NLU data and repo-local custom component code/data."""
    digest = hashlib.sha256()
    files = [config]
    for root in [nlu_data] + _component_sources(config):
        files += sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
    # the config by content, not bytes: a re-dumped copy of config.yml is the same model
    digest.update(json.dumps(yaml.safe_load(config.read_text()), sort_keys=True).encode())
    for f in files[1:]:
        if "__pycache__" in f.parts or f.suffix == ".pyc":
            continue
        # data files by their path inside the data dir, so a snapshot copy hashes the same
        base = nlu_data if nlu_data.is_dir() and f.is_relative_to(nlu_data) else REPO
        digest.update(str(f.relative_to(base) if f.is_relative_to(base) else f).encode())
        digest.update(f.read_bytes())
    return digest.hexdigest()[:16]


def nlu_files(nlu_data: Path) -> List[Path]:
    if nlu_data.is_file():
        return [nlu_data]
    return sorted(p for p in nlu_data.rglob("*") if p.suffix in (".yml", ".yaml"))


def train_cached(config: Path, nlu_data: Path, workdir: Path = WORK) -> Path:
    """Train an NLU model unless one with the same inputs fingerprint exists."""
    name = f"nlu-{inputs_fingerprint(config, nlu_data)}"
    model = workdir / "models" / f"{name}.tar.gz"
    if model.exists():
        print(f"using cached model {model.relative_to(REPO)}", file=sys.stderr)
        return model
    os.environ.setdefault("RASA_CACHE_DIRECTORY", str(workdir / "rasa-cache"))
    from rasa.model_training import train_nlu

    started = time.time()
    out = train_nlu(str(config), str(nlu_data), str(model.parent), fixed_model_name=name)
    if not out:
        raise SystemExit("NLU training failed")
    print(f"trained {out} in {time.time() - started:.0f}s", file=sys.stderr)
    return Path(out)


def make_parser(model: Path) -> Callable[[List[str]], List[Tuple[Dict[str, Any], float]]]:
    """Load the model once; return a function that parses texts (result, seconds) in order."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))

    async def run(texts: List[str]):
        await agent.parse_message("hallo")  # warm-up: the first parse loads lazily
        out = []
        for text in texts:
            t0 = time.perf_counter()
            parsed = await agent.parse_message(text)
            out.append((parsed, time.perf_counter() - t0))
        return out

    return lambda texts: asyncio.run(run(texts))


def to_prediction(parsed: Dict[str, Any]) -> Prediction:
    intent = parsed.get("intent") or {}
    ranking = tuple(
        (r["name"], float(r.get("confidence") or 0.0))
        for r in parsed.get("intent_ranking") or []
        if r.get("name") != FALLBACK
    )
    return Prediction(
        intent=intent.get("name") or "",
        confidence=float(intent.get("confidence") or 0.0),
        entities=_entity_set(parsed.get("entities") or []),
        ranking=ranking,
    )


def with_fallback(pred: Prediction, threshold: float, ambiguity: float = 0.1) -> str:
    """The intent a FallbackClassifier with these thresholds would output (same rule as Rasa's)."""
    if not pred.ranking:
        return pred.intent
    top = pred.ranking[0][1]
    if top < threshold:
        return FALLBACK
    if len(pred.ranking) >= 2 and top - pred.ranking[1][1] < ambiguity:
        return FALLBACK
    return pred.ranking[0][0]


# ---------------------------------------------------------------- scoring
def entity_prf(gold: Sequence[EntitySet], pred: Sequence[EntitySet]) -> Dict[str, float]:
    """Micro precision/recall/F1 over (entity, value) pairs, compared message by message."""
    tp = sum(len(g & p) for g, p in zip(gold, pred))
    fp = sum(len(p - g) for g, p in zip(gold, pred))
    fn = sum(len(g - p) for g, p in zip(gold, pred))
    precision = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def score(
    examples: Sequence[Example], predicted: Sequence[str], entities: Sequence[EntitySet]
) -> Dict[str, Any]:
    """Intent accuracy, macro F1 over the gold intents, entity P/R/F1, confusions."""
    from sklearn.metrics import f1_score

    gold = [e.intent for e in examples]
    labels = sorted(set(gold))
    per_intent = f1_score(gold, predicted, labels=labels, average=None, zero_division=0)
    gold_ents = [e.entities for e in examples]
    by_type = {}
    for etype in ENTITY_TYPES:
        g = [frozenset(x for x in s if x[0] == etype) for s in gold_ents]
        p = [frozenset(x for x in s if x[0] == etype) for s in entities]
        if any(g) or any(p):
            by_type[etype] = entity_prf(g, p)
    oos = [p for e, p in zip(examples, predicted) if e.intent == "out_of_scope"]
    in_scope = [p for e, p in zip(examples, predicted) if e.intent != "out_of_scope"]
    return {
        "n": len(examples),
        "intent_accuracy": round(sum(g == p for g, p in zip(gold, predicted)) / len(gold), 4),
        "intent_macro_f1": round(float(per_intent.mean()), 4),
        "intent_f1": {label: round(float(v), 4) for label, v in zip(labels, per_intent)},
        # out_of_scope is handled well whether predicted as such or caught by the fallback
        "out_of_scope_caught": round(
            sum(p in ("out_of_scope", FALLBACK) for p in oos) / max(len(oos), 1), 4
        ),
        "in_scope_fallbacks": sum(p == FALLBACK for p in in_scope),
        "entity": entity_prf(gold_ents, entities),
        "entity_by_type": by_type,
        "confusions": [
            {"gold": e.intent, "predicted": p, "text": e.text}
            for e, p in zip(examples, predicted)
            if e.intent != p
        ],
        "entity_errors": [
            {
                "text": e.text,
                "missing": sorted(map(list, e.entities - s)),
                "extra": sorted(map(list, s - e.entities)),
            }
            for e, s in zip(examples, entities)
            if e.entities != s
        ],
    }


def check_targets(results: Dict[str, Any], targets: Dict[str, float] = TARGETS) -> List[str]:
    failures = []
    for lang, res in results["languages"].items():
        if res["intent_macro_f1"] < targets["intent_macro_f1"]:
            failures.append(
                f"{lang}: intent macro F1 {res['intent_macro_f1']:.3f} "
                f"< {targets['intent_macro_f1']}"
            )
        if res["entity"]["f1"] < targets["entity_f1"]:
            failures.append(f"{lang}: entity F1 {res['entity']['f1']:.3f} < {targets['entity_f1']}")
    return failures


def predict(
    model: Path, heldout: Dict[str, List[Example]]
) -> Dict[str, Tuple[List[Prediction], List[float]]]:
    """Parse every held-out example once: predictions and parse seconds per language."""
    parse = make_parser(model)
    out = {}
    for lang, examples in heldout.items():
        parsed = parse([e.text for e in examples])
        out[lang] = ([to_prediction(p) for p, _ in parsed], [s for _, s in parsed])
    return out


def score_predictions(
    heldout: Dict[str, List[Example]],
    predicted: Dict[str, Any],
    threshold: Optional[float] = None,
    ambiguity: float = 0.1,
) -> Dict[str, Any]:
    """Scores per language. With threshold, the fallback rule is re-applied post hoc."""
    out: Dict[str, Any] = {}
    for lang, examples in heldout.items():
        preds, secs = predicted[lang]
        intents = [
            p.intent if threshold is None else with_fallback(p, threshold, ambiguity) for p in preds
        ]
        res = score(examples, intents, [p.entities for p in preds])
        secs = sorted(secs)
        res["parse_ms"] = {
            "mean": round(1000 * statistics.mean(secs), 2),
            "p95": round(1000 * secs[int(0.95 * (len(secs) - 1))], 2),
        }
        out[lang] = res
    return out


def evaluate_model(model: Path, heldout: Dict[str, List[Example]]) -> Dict[str, Any]:
    return score_predictions(heldout, predict(model, heldout))


# ---------------------------------------------------------------- report
def write_markdown(results: Dict[str, Any], path: Path) -> None:
    lines = [
        "# NLU benchmark (held-out sets)",
        "",
        f"Model: `{results['model']}`  ",
        f"Inputs fingerprint: `{results['fingerprint']}`  ",
        f"Targets: intent macro F1 >= {TARGETS['intent_macro_f1']}, "
        f"entity F1 >= {TARGETS['entity_f1']}",
        "",
        "| lang | n | intent acc | intent macro F1 | entity P | entity R | entity F1 "
        "| oos caught | in-scope fallbacks | parse ms (mean/p95) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for lang, r in results["languages"].items():
        e = r["entity"]
        lines.append(
            f"| {lang} | {r['n']} | {r['intent_accuracy']:.3f} | "
            f"{r['intent_macro_f1']:.3f} | {e['precision']:.3f} | {e['recall']:.3f} | "
            f"{e['f1']:.3f} | {r['out_of_scope_caught']:.2f} | "
            f"{r['in_scope_fallbacks']} | {r['parse_ms']['mean']}/{r['parse_ms']['p95']} |"
        )
    failures = results.get("failures") or []
    lines += ["", "Targets met." if not failures else "Targets missed: " + "; ".join(failures)]
    for lang, r in results["languages"].items():
        weakest = sorted(r["intent_f1"].items(), key=lambda kv: kv[1])[:5]
        lines += [
            "",
            f"## {lang}",
            "",
            "Weakest intents (F1): " + ", ".join(f"{k} {v:.2f}" for k, v in weakest),
            "",
            "Confusions (gold -> predicted: text):",
            "",
        ]
        lines += [f"- {c['gold']} -> {c['predicted']}: {c['text']}" for c in r["confusions"]]
        if r["entity_errors"]:
            lines += ["", "Entity errors:", ""]
            lines += [
                f"- {x['text']}: missing {x['missing']} extra {x['extra']}"
                for x in r["entity_errors"]
            ]
    path.write_text("\n".join(lines) + "\n")


def quiet_rasa() -> None:
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, help="evaluate this model instead of training one")
    ap.add_argument("--config", type=Path, default=REPO / "config.yml")
    ap.add_argument("--nlu", type=Path, default=REPO / "data" / "nlu")
    ap.add_argument("--out", type=Path, default=RESULTS, help="directory for nlu.json / nlu.md")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args(argv)

    quiet_rasa()
    os.chdir(REPO)  # custom components are imported relative to the repo root
    sys.path.insert(0, str(REPO))
    heldout = {lang: load_heldout(BENCH / "data" / f"heldout_{lang}.yml") for lang in LANGS}
    if args.model:
        model, fingerprint = args.model, "n/a (given model)"
    else:
        if not nlu_files(args.nlu):
            print(f"no NLU training data in {args.nlu}: nothing to evaluate yet", file=sys.stderr)
            return 2
        fingerprint = inputs_fingerprint(args.config, args.nlu)
        model = train_cached(args.config, args.nlu)
    shown = model.resolve().relative_to(REPO) if model.resolve().is_relative_to(REPO) else model
    results = {
        "model": str(shown),
        "fingerprint": fingerprint,
        "languages": evaluate_model(model, heldout),
    }
    results["failures"] = check_targets(results)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "nlu.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    write_markdown(results, args.out / "nlu.md")
    for lang, r in results["languages"].items():
        print(
            f"{lang}: intent acc {r['intent_accuracy']:.3f} macro F1 {r['intent_macro_f1']:.3f} "
            f"entity F1 {r['entity']['f1']:.3f}"
        )
    for f in results["failures"]:
        print("MISSED", f)
    return 1 if args.check and results["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
