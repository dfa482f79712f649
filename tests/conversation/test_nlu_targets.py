"""The NLU keeps its quality targets on the held-out sets (benchmarks/data/), per language.

Runs the benchmark script on the trained model with --check; results go to a temp folder so
the committed benchmark results only change when someone runs the benchmark on purpose."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.integration.servers import ROOT, ensure_model, server_env


def test_held_out_intent_and_entity_targets(tmp_path):
    model = ensure_model()
    result = subprocess.run(
        [
            sys.executable,
            "benchmarks/nlu_eval.py",
            "--model",
            str(model),
            "--check",
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        env=server_env(),
        capture_output=True,
        text=True,
        timeout=900,
    )
    report = (tmp_path / "nlu.md").read_text() if (tmp_path / "nlu.md").exists() else ""
    assert result.returncode == 0, report or result.stdout[-3000:] + result.stderr[-3000:]
    languages = json.loads((tmp_path / "nlu.json").read_text())["languages"]
    for lang in ("nl", "en"):
        assert languages[lang]["n"] > 300, "the whole held-out set was evaluated"
        assert languages[lang]["intent_macro_f1"] >= 0.95
        assert languages[lang]["entity"]["f1"] >= 0.90
