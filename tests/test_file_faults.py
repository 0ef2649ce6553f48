"""Every file an editor gives the pipeline, replaced by something that is not a readable text file:
a clear error naming it, exit 3, no traceback, no hang, and nothing written.

The faults are those a fuzz run of the editor files found tracebacks or hangs for: a directory in
the file's place, a link to a device (/dev/zero, /dev/urandom), a link to itself or to nothing, a
named pipe nobody writes to, a file its reader may not read, a file far too large.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.project import MAX_FILE_MB
from support import REPO, copy_project

EDITOR_FILES = [
    "sources/lai-chau-plan-announcement/source.txt",
    "sources/lai-chau-plan-announcement/meta.yml",
    "outline.yml",
    "translations/en.po",
    "translations/glossary.yml",
    "mkdocs.yml",
]


def _restore(name: str) -> str:
    return f"replace it with the text file itself (`git checkout -- {name}` restores the committed one)"


def directory(path: Path) -> None:
    path.mkdir()


def link_to_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def link_to_urandom(path: Path) -> None:
    path.symlink_to("/dev/urandom")


def link_to_itself(path: Path) -> None:
    path.symlink_to(path.name)


def link_to_nothing(path: Path) -> None:
    path.symlink_to(path.name + ".gone")


def named_pipe(path: Path) -> None:
    os.mkfifo(path)


def unreadable(path: Path) -> None:
    path.write_bytes(b"")
    path.chmod(0)


def too_large(path: Path) -> None:
    with path.open("wb") as out:  # a sparse file: large to stat, nothing on disk
        out.truncate(MAX_FILE_MB * 1024 * 1024 + 1)


FAULTS = {
    directory: "not a regular file (a directory) — {restore}.",
    link_to_zero: "not a regular file (a device) — {restore}.",
    link_to_urandom: "not a regular file (a device) — {restore}.",
    link_to_itself: "not a regular file (a link loop) — {restore}.",
    link_to_nothing: "not a regular file (a link to nothing) — {restore}.",
    named_pipe: "not a regular file (a named pipe) — {restore}.",
    unreadable: "cannot be read (permission denied) — make it readable: chmod u+r {name}",
    too_large: f"larger than {MAX_FILE_MB} MB — an editor's file is text of a few hundred KB: is it the right file?",
}


def state(root: Path, skip: Path) -> dict[str, bytes]:
    """Every regular file of the project but the faulty one, by path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p != skip and not p.is_symlink() and p.is_file()
    }


def convert(project: Path) -> subprocess.CompletedProcess:
    """`briefing convert` as an editor runs it; as root, without the capabilities that let root
    read any file (so that an unreadable file is unreadable to it, as to anyone else)."""
    command = [sys.executable, "-m", "briefing", "convert"]
    if os.geteuid() == 0:
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--", *command]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # A read that blocks (a pipe, a device) is a hang: the timeout turns it into a failure.
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env=env, timeout=5)


@pytest.mark.parametrize("fault", list(FAULTS), ids=lambda fault: fault.__name__)
@pytest.mark.parametrize("name", EDITOR_FILES)
def test_an_editor_file_that_cannot_be_read_as_text_is_refused_by_name(tmp_path: Path, name: str, fault):
    project = copy_project(REPO, tmp_path / "project")
    path = project / name
    path.unlink()
    fault(path)
    before = state(project, path)
    run = convert(project)
    expected = FAULTS[fault].format(restore=_restore(name), name=name)
    assert (run.returncode, run.stderr) == (3, f"error: {name}: {expected}\n")
    assert "Traceback" not in run.stdout + run.stderr
    assert state(project, path) == before
