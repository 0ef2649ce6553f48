"""Plain data for every stage: `node` makes a class a dataclass with `Node`'s methods.

A frozen dataclass compiles five methods when it is defined (about 0.45 ms a class here), and
the pipeline has some sixty classes: a third of what `briefing convert` may spend in all. A
`node` compiles only `__init__`; `Node` gives every class the same repr and equality by value,
written once. Nodes are never changed once made: stages make new ones with
`dataclasses.replace`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache


class Node:
    """A readable repr, and equality by value (not hashable: equal values may differ in identity)."""

    __slots__ = ()

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in field_names(type(self)))
        return f"{type(self).__name__}({values})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in field_names(type(self)))

    __hash__ = None  # type: ignore[assignment]  # equal by value, so not hashable by identity


# Use as `@node class Segment(Node): …` (fields as in any dataclass).
node = dataclass(eq=False, repr=False, match_args=False)


@cache
def field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))
