"""The house drawn from the imports: the library at the bottom, two shells above it, no arrow
between the shells (README, "Architecture")."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# package -> top-level names it must never import
FORBIDDEN = {
    "wereldwijs": {"rasa", "rasa_sdk", "actions", "rasa_plugins", "sanic"},
    "actions": {"rasa", "rasa_plugins"},
    "rasa_plugins": {"actions", "rasa_sdk"},
}


def imported_tops(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0], alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.lineno, node.module.split(".")[0], node.module
            for alias in node.names:
                if alias.name.startswith("_"):
                    yield node.lineno, "_private", f"{node.module}.{alias.name}"


def sources(package):
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layers(package):
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in sources(package)
        for line, top, name in imported_tops(path)
        if top in FORBIDDEN[package]
    ]
    assert not wrong, wrong


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_module_imports_another_modules_private_names(package):
    private = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in sources(package)
        for line, top, name in imported_tops(path)
        if top == "_private"
    ]
    assert not private, private


def test_data_files_are_found_through_the_content_package_only():
    computed = [
        str(p.relative_to(ROOT))
        for package in FORBIDDEN
        for p in sources(package)
        if "__file__" in p.read_text(encoding="utf-8")
    ]
    assert sorted(computed) == ["rasa_plugins/model_inputs.py", "wereldwijs/content/__init__.py"]
