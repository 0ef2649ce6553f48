"""Plain data for every stage: `@node` gives a class the `__init__` of its annotated fields,
and `Node` gives it a readable repr and equality by value.

This is the part of `dataclasses` the pipeline uses, and no more. `dataclasses` itself costs
`briefing convert` some 11 ms to import (it pulls in `inspect`) and about 0.2 ms for each of the
sixty-odd classes it processes: together a third of what convert may spend in all (README,
"Performance"). Nodes are never changed once made; stages make new ones with `replace`.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (convert's start-up time)
if TYPE_CHECKING:
    from typing import Any


class Node:
    """A readable repr, and equality by value (not hashable: equal values may differ in identity)."""

    __slots__ = ()
    # The fields, in order: set by @node (not annotated, or @node would take it for a field).
    __fields__ = ()

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__fields__)
        return f"{type(self).__name__}({values})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__fields__)

    __hash__ = None  # type: ignore[assignment]  # equal by value, so not hashable by identity


def node(cls: type) -> type:
    """Use as `@node class Segment(Node): …`, fields annotated as in a dataclass; a field's class
    attribute is its default (immutable values only: a default is shared by every instance)."""
    names: list[str] = []
    defaults: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        # Not inspect.get_annotations: importing inspect is most of what dataclasses cost.
        for name in klass.__dict__.get("__annotations__", {}):  # noqa: RUF063
            if name not in names:
                names.append(name)
            if name in klass.__dict__:
                defaults[name] = klass.__dict__[name]
    params = ", ".join(f"{name}=_d[{name!r}]" if name in defaults else name for name in names)
    body = "".join(f"\n    self.{name} = {name}" for name in names) or "\n    pass"
    scope: dict[str, Any] = {"_d": defaults}
    exec(f"def __init__(self, {params}):{body}", scope)  # the field names are identifiers: class syntax checked them
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init
    cls.__fields__ = tuple(names)
    return cls


def field_names(cls: type[Node]) -> tuple[str, ...]:
    return cls.__fields__


def replace(item: Any, **changes: Any) -> Any:
    """A copy of a node with some fields changed, as `dataclasses.replace` (without running
    `__init__` again: localising a briefing copies a few thousand nodes)."""
    unknown = changes.keys() - item.__dict__.keys()
    if unknown:
        raise TypeError(f"{type(item).__name__} has no field {', '.join(sorted(unknown))}")
    copy = object.__new__(type(item))
    copy.__dict__.update(item.__dict__, **changes)
    return copy
