"""The project says what it needs: the lock installs anywhere, pyproject lists what the code imports."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from support import REPO


def test_the_lock_names_no_machine_of_its_own_and_hashes_everything():
    lock = (REPO / "requirements.lock").read_text(encoding="utf-8")
    options = [line for line in lock.splitlines() if line.startswith("-")]
    assert options == [], "compile with --no-emit-index-url --no-emit-find-links (make lock does)"
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==\S+ \\$", lock, re.MULTILINE)
    assert pins and len(pins) == lock.count("==")
    assert all(block.count("--hash=sha256:") for block in re.split(r"\n(?=[A-Za-z])", lock) if "==" in block)


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imports(folder) -> set[str]:
    found = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"briefing", "__future__"}


def test_pyproject_lists_every_distribution_the_code_imports():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_normal(re.split(r"[<>=!\[ ]", dep)[0]) for dep in project["dependencies"]}
    tests = {_normal(re.split(r"[<>=!\[ ]", dep)[0]) for dep in project["optional-dependencies"]["test"]}
    distributions = packages_distributions()
    pipeline = {_normal(distributions[name][0]) for name in _imports(REPO / "scripts" / "briefing")}
    assert pipeline and pipeline <= declared, pipeline - declared
    test_side = {_normal(distributions[name][0]) for name in _imports(REPO / "tests") if name in distributions}
    assert test_side <= declared | tests, test_side - declared - tests
    lock = {
        _normal(name)
        for name in re.findall(r"^([A-Za-z0-9_.-]+)==", (REPO / "requirements.lock").read_text(), re.MULTILINE)
    }
    assert declared | tests <= lock, (declared | tests) - lock
