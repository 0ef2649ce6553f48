"""The Nu HTML checker (vnu.jar, npm `vnu-jar`) on every built page: no error of ours.

Material for MkDocs 9.8.1 itself puts `autocomplete="off"` on its two checkbox toggles
(`__drawer`, `__search`), which HTML allows only on text-like inputs: those two errors, and
only those, are Material's and are expected on every page.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from support import node_tool

MATERIAL_ERRORS = {
    re.compile(r"^Attribute “autocomplete” is only allowed when the input type is"): 'id="__drawer"|id="__search"',
}


def test_no_html_error_of_ours(built_site: Path):
    if shutil.which("java") is None:
        pytest.fail("Java is needed for the Nu HTML checker: apt-get install default-jre-headless")
    pages = sorted(str(p) for p in built_site.rglob("*.html"))
    run = subprocess.run(
        [
            "java",
            "-jar",
            str(node_tool("vnu-jar", "build", "dist", "vnu.jar")),
            "--errors-only",
            "--format",
            "json",
            *pages,
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    ours, material = [], 0
    for message in messages:
        known = any(
            pattern.search(message["message"]) and re.search(where, message.get("extract", ""))
            for pattern, where in MATERIAL_ERRORS.items()
        )
        if known:
            material += 1
        else:
            ours.append((Path(message.get("url", "")).name, message.get("lastLine"), message["message"]))
    assert ours == []
    assert material == 2 * len(pages)  # Material's two toggles, on every page
