"""Conversation tests: `rasa test core` on the test stories in tests/stories/ (both
languages), failing on any wrong prediction of intent, entity or next action, and
`rasa data validate` without warnings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.integration.servers import ROOT, ensure_model, server_env

RASA = str(Path(sys.executable).parent / "rasa")


def test_training_data_is_valid_without_warnings():
    result = subprocess.run(
        [RASA, "data", "validate", "--fail-on-warnings"],
        cwd=ROOT,
        env=server_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def test_conversation_stories_pass(tmp_path):
    model = ensure_model()
    out = tmp_path / "results"
    result = subprocess.run(
        [
            RASA,
            "test",
            "core",
            "--model",
            str(model),
            "--stories",
            "tests/stories",
            "--out",
            str(out),
            "--fail-on-prediction-errors",
            "--no-plot",
        ],
        cwd=ROOT,
        env=server_env(),
        capture_output=True,
        text=True,
        timeout=900,
    )
    failed = out / "failed_test_stories.yml"
    details = failed.read_text() if failed.exists() else ""
    assert result.returncode == 0, (details or result.stdout[-6000:]) + result.stderr[-3000:]
    assert not details.strip() or "None of the test stories failed" in details, details
