"""Small NLU tuning study on the held-out sets: DIET epochs, char n-gram ranges, fallback threshold.

Each variant is a temporary copy of config.yml under benchmarks/.work/configs/ (config.yml itself
is never edited), trained one at a time (cached by nlu_eval.train_cached). The fallback threshold
needs no retraining: the FallbackClassifier rule is re-applied to each model's intent ranking.

    nice .venv/bin/python benchmarks/tune.py [--variants base epochs40 ...]
"""

from __future__ import annotations

import argparse
import copy
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import nlu_eval as ev  # noqa: E402

THRESHOLDS = (0.3, 0.4, 0.5)


def _component(config: Dict[str, Any], name: str, **match) -> Dict[str, Any]:
    for item in config["pipeline"]:
        if item.get("name") == name and all(item.get(k) == v for k, v in match.items()):
            return item
    raise KeyError(f"{name} {match} not in pipeline")


def _set(name: str, match: Dict[str, Any], **values) -> Callable[[Dict[str, Any]], None]:
    return lambda cfg: _component(cfg, name, **match).update(values)


VARIANTS: Dict[str, Optional[Callable[[Dict[str, Any]], None]]] = {
    "base": None,
    "epochs40": _set("DIETClassifier", {}, epochs=40),
    "epochs80": _set("DIETClassifier", {}, epochs=80),
    "epochs120": _set("DIETClassifier", {}, epochs=120),
    "char1-4": _set("CountVectorsFeaturizer", {"analyzer": "char_wb"}, min_ngram=1, max_ngram=4),
    "char2-5": _set("CountVectorsFeaturizer", {"analyzer": "char_wb"}, min_ngram=2, max_ngram=5),
    "char3-5": _set("CountVectorsFeaturizer", {"analyzer": "char_wb"}, min_ngram=3, max_ngram=5),
}


def variant_config(base: Path, name: str, outdir: Path) -> Path:
    cfg = yaml.safe_load(base.read_text())
    change = VARIANTS[name]
    if change:
        cfg = copy.deepcopy(cfg)
        change(cfg)
    outdir.mkdir(parents=True, exist_ok=True)
    path = outdir / f"{name}.yml"
    path.write_text(yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True))
    return path


def snapshot(nlu: Path) -> Path:
    """Freeze the training data for the whole study (teammates keep editing data/nlu/)."""
    dest = ev.WORK / "nlu-snapshot" / ev.inputs_fingerprint(ev.REPO / "config.yml", nlu)
    if not dest.exists():
        shutil.copytree(nlu, dest)
    return dest


def study(variants: List[str], base: Path, nlu: Path) -> List[Dict[str, Any]]:
    nlu = snapshot(nlu)
    heldout = {
        lang: ev.load_heldout(ev.BENCH / "data" / f"heldout_{lang}.yml") for lang in ev.LANGS
    }
    rows = []
    for name in variants:
        config = variant_config(base, name, ev.WORK / "configs")
        t0 = time.time()
        model = ev.train_cached(config, nlu)
        train_s = round(time.time() - t0)
        fb = next(
            (
                p
                for p in yaml.safe_load(config.read_text())["pipeline"]
                if p["name"] == "FallbackClassifier"
            ),
            {},
        )
        predicted = ev.predict(model, heldout)
        for threshold in THRESHOLDS:
            res = ev.score_predictions(
                heldout, predicted, threshold, fb.get("ambiguity_threshold", 0.1)
            )
            rows.append(
                {
                    "variant": name,
                    "threshold": threshold,
                    "train_s": train_s,
                    "model": model.name,
                    "languages": {
                        lang: {
                            k: r[k]
                            for k in (
                                "intent_accuracy",
                                "intent_macro_f1",
                                "out_of_scope_caught",
                                "in_scope_fallbacks",
                            )
                        }
                        | {"entity_f1": r["entity"]["f1"]}
                        for lang, r in res.items()
                    },
                }
            )
            print(json.dumps(rows[-1]), file=sys.stderr)
    return rows


def write_markdown(rows: List[Dict[str, Any]], path: Path, note: str) -> None:
    lines = [
        "# NLU tuning study (held-out sets)",
        "",
        "Each row: a config variant (copy of config.yml with one change) and a fallback "
        "threshold re-applied post hoc. train s = wall time of the training (0 = cached). "
        "oos = share of out_of_scope examples caught (as out_of_scope or nlu_fallback); "
        "fb = in-scope examples lost to nlu_fallback.",
        "",
        "| variant | threshold | train s | nl macro F1 | nl acc | nl oos | nl fb "
        "| en macro F1 | en acc | en oos | en fb |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        nl, en = r["languages"]["nl"], r["languages"]["en"]
        lines.append(
            f"| {r['variant']} | {r['threshold']} | {r['train_s']} | "
            f"{nl['intent_macro_f1']:.3f} | {nl['intent_accuracy']:.3f} | "
            f"{nl['out_of_scope_caught']:.2f} | {nl['in_scope_fallbacks']} | "
            f"{en['intent_macro_f1']:.3f} | {en['intent_accuracy']:.3f} | "
            f"{en['out_of_scope_caught']:.2f} | {en['in_scope_fallbacks']} |"
        )
    path.write_text("\n".join(lines) + "\n\n" + note.strip() + "\n")


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=list(VARIANTS))
    ap.add_argument("--config", type=Path, default=ev.REPO / "config.yml")
    ap.add_argument("--nlu", type=Path, default=ev.REPO / "data" / "nlu")
    ap.add_argument("--note", type=Path, help="markdown appended below the table")
    args = ap.parse_args(argv)
    ev.quiet_rasa()
    rows = study(args.variants, args.config.resolve(), args.nlu.resolve())
    (ev.WORK / "tuning.json").write_text(json.dumps(rows, indent=1))
    note = args.note.read_text() if args.note else ""
    write_markdown(rows, ev.RESULTS / "tuning.md", note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
