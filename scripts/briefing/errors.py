"""Errors meant for people: what is wrong, where (file:line), and how to fix it."""

from __future__ import annotations

# Exit codes, one per kind of failure, so scripts and CI can tell them apart.
EXIT_OK = 0
EXIT_CHECK_FAILED = 1  # content gates failed, or committed pages differ (--check)
EXIT_USAGE = 2  # bad command line (argparse uses 2 too)
EXIT_BAD_INPUT = 3  # a source, the outline, a PO file or the glossary cannot be used


class BriefingError(Exception):
    """Bad input: printed as `where: message` plus an optional hint, never as a traceback."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, where: str, message: str, hint: str | None = None):
        super().__init__(where, message, hint)
        self.where = where
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}"
        if self.hint:
            text += f"\n  {self.hint}"
        return text


class UsageError(BriefingError):
    """A command asked for something that cannot be done as asked (bad slug, missing file)."""

    exit_code = EXIT_USAGE


class Faults(BriefingError):
    """Several faults found in one pass, each with its place and its fix: shown one per line,
    so that an editor mends them all at once. Exit code as for bad input."""

    def __init__(self, faults: list[BriefingError]):
        super().__init__(faults[0].where, faults[0].message, faults[0].hint)
        self.faults = faults

    def __str__(self) -> str:
        return "\nerror: ".join(BriefingError.__str__(fault) for fault in self.faults)
