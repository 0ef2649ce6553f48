"""Every YAML file of the project is read here, and checked with the same few helpers.

`load` keeps each mapping's line, so that a parser can say `FILE:LINE` for any problem;
`Keys` wraps one such mapping and answers typed questions about its keys, refusing what it
does not know (a misspelt key is an error, never silently ignored).
"""

from __future__ import annotations

import yaml

from briefing.errors import BriefingError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (convert's start-up time)
if TYPE_CHECKING:
    from typing import Any

LINE = "__line__"  # the key under which `load` records a mapping's line
KEY_LINES = "__keys__"  # … and the line of each of its keys

# libyaml's parser when PyYAML has it (the wheels do): several times faster than pure Python.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):  # type: ignore[valid-type,misc]  # a base chosen at run time
    """A safe loader that records each mapping's line under LINE, and its keys' under KEY_LINES."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE] = node.start_mark.line + 1
        mapping[KEY_LINES] = {key.value: key.start_mark.line + 1 for key, _ in node.value}
        return mapping


class _TaggedLoader(_LineLoader):
    """For mkdocs.yml, whose tags (!ENV, !!python/name) mean nothing here: they read as None."""


_TaggedLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TaggedLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_TaggedLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def load(text: str, where: str, *, tagged: bool = False) -> Any:
    """YAML text → data, each mapping with its line under LINE. A syntax error is a
    BriefingError naming where:line. `tagged` accepts (and drops) application tags."""
    try:
        return yaml.load(text, Loader=_TaggedLoader if tagged else _LineLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise BriefingError(f"{where}{line}", f"not valid YAML: {getattr(err, 'problem', err)}.") from None


def strip_lines(value: Any) -> Any:
    """The data without the line records (to write it back, or to compare it)."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k not in (LINE, KEY_LINES)}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


class Keys:
    """One mapping of a YAML file, with what it is (for messages) and where it is."""

    def __init__(self, data: Any, where: str, what: str, line: int = 0):
        if not isinstance(data, dict):
            raise BriefingError(f"{where}:{line}" if line else where, f"{what} should be a mapping of keys.")
        self.data = data
        self.where = where
        self.what = what
        self.line = data.get(LINE, line)

    @property
    def at(self) -> str:
        return f"{self.where}:{self.line}" if self.line else self.where

    def line_of(self, key: str) -> int:
        """The line of a key (or of the mapping, for a key it lacks)."""
        return self.data.get(KEY_LINES, {}).get(key, self.line)

    def fail(self, message: str, hint: str | None = None, key: str | None = None) -> BriefingError:
        line = self.line_of(key) if key else self.line
        return BriefingError(f"{self.where}:{line}" if line else self.where, message, hint)

    def keys(self) -> list[str]:
        return [key for key in self.data if key not in (LINE, KEY_LINES)]

    def only(self, *allowed: str) -> Keys:
        """Refuse keys this kind of mapping does not have (a misspelling, usually)."""
        unknown = [key for key in self.keys() if key not in allowed]
        if unknown:
            raise self.fail(
                f"unknown key '{unknown[0]}' in {self.what}.", f"Keys are: {', '.join(allowed)}.", key=unknown[0]
            )
        return self

    def has(self, key: str) -> bool:
        return key in self.data

    def text(self, key: str) -> str:
        """A required, non-empty string."""
        if key not in self.data:
            raise self.fail(f"'{key}' is missing in {self.what}.")
        return self._string(self.data[key], key)

    def optional_text(self, key: str, default: str = "") -> str:
        if key not in self.data or self.data[key] is None:
            return default
        return self._string(self.data[key], key)

    def texts(self, key: str, *, required: bool = False) -> tuple[str, ...]:
        """A list of non-empty strings; one string alone is a list of one."""
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.fail(f"'{key}' is missing in {self.what}.")
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.fail(f"'{key}' should be a list of texts.", key=key)
        return tuple(self._string(item, key, f"each item of '{key}'") for item in value)

    def integer(self, key: str, default: int | None = None) -> int | None:
        value = self.data.get(key, default)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise self.fail(f"'{key}' should be a whole number, not {value!r}.", key=key)
        return value

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(f"'{key}' should be true or false, not {value!r}.", key=key)
        return value

    def items(self, key: str, what: str, *, required: bool = True) -> list[Any]:
        """A list under `key` (each item is checked by the caller)."""
        value = self.data.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, list):
            raise self.fail(f"'{key}' should be a list of {what}.", key=key)
        return value

    def node(self, key: str, what: str) -> Keys:
        if key not in self.data:
            raise self.fail(f"'{key}' is missing in {self.what}.")
        return Keys(self.data[key], self.where, what, self.line)

    def _string(self, value: Any, key: str, what: str | None = None) -> str:
        if not isinstance(value, str) or not value.strip():
            # YAML reads an unquoted yes/no/on/off/true/false, in any case, as a truth value.
            hint = "Put the text in quotes: YAML reads yes, no, on, off, true and false as true or false."
            raise self.fail(
                f"{what or repr(key)} in {self.what} should be non-empty text, not {_shown(value)}.",
                hint if isinstance(value, bool) else None,
                key=key,
            )
        return value.strip()


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None or value == "":
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"  # as YAML writes them
    return repr(value)
