"""Everything that shapes the trained model, so that a model is retrained exactly when it changes.

The Rasa configuration and training data, plus the project's code that the custom NLU components
named in config.yml import (followed statically, module by module) and the data they read (the
`names` content folder). Texts and advice, which only the action server uses, are left out:
changing them needs no new model. tests/unit/test_model_inputs.py holds the data part to what the
components really read.

    python -m rasa_plugins.model_inputs            # prints the fingerprint
    python -m rasa_plugins.model_inputs --list     # prints the files
"""

from __future__ import annotations

import ast
import hashlib
import sys
from pathlib import Path
from typing import Iterable, List, Set

import yaml

ROOT = Path(__file__).resolve().parents[1]
TRAINING_INPUTS = ("config.yml", "domain.yml", "data")
NLU_DATA = ("wereldwijs/content/names",)
# Loaded with the components but shaping no model: the running server's speed-ups and warm-up.
RUNTIME_ONLY = ("rasa_plugins.speedups", "rasa_plugins.tracker_speedups", "rasa_plugins.warmup")


def _in_project(module: str, root: Path) -> bool:
    top = root / module.split(".")[0]
    return top.is_dir() or top.with_suffix(".py").is_file()


def component_modules(config: Path, root: Path = ROOT) -> List[str]:
    """Module names of the project's own components (pipeline and policies) in the config."""
    spec = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    names = [
        str(item.get("name", ""))
        for key in ("pipeline", "policies")
        for item in spec.get(key) or []
    ]
    return [name.rsplit(".", 1)[0] for name in names if "." in name and _in_project(name, root)]


def module_file(module: str, root: Path = ROOT) -> Path:
    path = root.joinpath(*module.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def _imports(path: Path) -> Iterable[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def import_closure(modules: Iterable[str], root: Path = ROOT) -> Set[Path]:
    """The project's source files these modules import, directly or not (packages included)."""
    seen: Set[Path] = set()
    todo = list(modules)
    while todo:
        module = todo.pop()
        if not _in_project(module, root) or module in RUNTIME_ONLY:
            continue
        parts = module.split(".")
        for i in range(1, len(parts) + 1):  # a module imports its packages' __init__ too
            path = module_file(".".join(parts[:i]), root)
            if path.exists() and path not in seen:
                seen.add(path)
                todo.extend(_imports(path))
    return seen


def model_files(config: Path = ROOT / "config.yml") -> List[Path]:
    files: Set[Path] = set(import_closure(component_modules(config)))
    for name in TRAINING_INPUTS + NLU_DATA:
        path = ROOT / name
        files.update(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else files.add(
            path
        )
    return sorted(p for p in files if p.suffix != ".pyc" and "__pycache__" not in p.parts)


def fingerprint(config: Path = ROOT / "config.yml") -> str:
    digest = hashlib.sha256()
    for path in model_files(config):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


if __name__ == "__main__":
    if "--list" in sys.argv:
        print("\n".join(str(p.relative_to(ROOT)) for p in model_files()))
    else:
        print(fingerprint())
