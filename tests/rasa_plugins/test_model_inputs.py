"""The model fingerprint covers what the NLU components really use, and nothing of the advice."""

import json
import subprocess
import sys

from rasa_plugins import model_inputs

ROOT = model_inputs.ROOT
# Builds the components as the Rasa server does, parses a message, and reports what it loaded.
PROBE = """
import json, sys
from wereldwijs import content
from rasa_plugins.nlu.entities import WereldwijsEntityExtractor, extract
from rasa_plugins.nlu.guard import MessageGuard
WereldwijsEntityExtractor(WereldwijsEntityExtractor.get_default_config())
extract("we exporteren naar Duitsland met hulp van Credendo, in het Engels aub", ["country"])
modules = sorted(name for name in sys.modules
                 if name.split(".")[0] in ("wereldwijs", "rasa_plugins", "actions"))
print(json.dumps({"files": sorted(content.files_read()), "modules": modules}))
"""


def probe():
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_fingerprint_covers_the_code_and_data_the_nlu_components_load():
    loaded = probe()
    listed = {str(p.relative_to(ROOT)) for p in model_inputs.model_files()}
    for module in set(loaded["modules"]) - set(model_inputs.RUNTIME_ONLY):
        path = model_inputs.module_file(module)
        assert str(path.relative_to(ROOT)) in listed, module
    for name in loaded["files"]:
        assert f"wereldwijs/content/{name}" in listed, name
    assert not [m for m in loaded["modules"] if m.split(".")[0] == "actions"]


def test_texts_and_advice_do_not_retrain_the_model():
    listed = {str(p.relative_to(ROOT)) for p in model_inputs.model_files()}
    assert not [
        p
        for p in listed
        if p.startswith(
            (
                "wereldwijs/content/texts",
                "wereldwijs/content/knowledge",
                "wereldwijs/wording",
                "actions/",
            )
        )
    ]
    assert "wereldwijs/reading/places.py" in listed and "config.yml" in listed
