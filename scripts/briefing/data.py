"""Plain data for every stage: `@node` gives a class the `__init__` of its annotated fields,
and `Node` gives it a readable repr, equality by value, and no way to change it once made.

This is the part of `dataclasses` the pipeline uses, and no more. `dataclasses` itself costs
`briefing convert` some 11 ms to import (it pulls in `inspect`) and about 0.2 ms for each of the
sixty-odd classes it processes: together a third of what convert may spend in all (README,
"Performance"). Type checkers see `@node` as a dataclass (`dataclass_transform`): they check
every construction against the fields. Stages make changed copies with `replace`.

A node of more than three fields is built with keywords only (`Segment(id=…, source=…, …)`), so
that two swapped arguments of one type cannot pass unnoticed; a small one may say
`@node(kw_only=False)` to be built positionally (`Point(1, 2)`).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (convert's start-up time)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar, dataclass_transform, overload

    T = TypeVar("T")
else:

    def dataclass_transform(**_settings):
        return lambda decorator: decorator

    def overload(function):
        return function  # at run time only the last definition stands, as with typing.overload


# The most fields a node may take positionally.
POSITIONAL_MAX = 3


class FrozenError(AttributeError):
    """A node was changed after it was made: make a changed copy with `replace` instead."""


class Node:
    """A readable repr, equality by value (not hashable: equal values may differ in identity),
    and frozen: assigning or deleting an attribute raises FrozenError."""

    __slots__ = ()
    # The fields, in order: set by @node (which takes no dunder name for a field).
    __fields__: tuple[str, ...] = ()

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__fields__)
        return f"{type(self).__name__}({values})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__fields__)

    __hash__ = None  # type: ignore[assignment]  # equal by value, so not hashable by identity

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenError(f"{type(self).__name__}.{name} cannot be changed: make a copy with replace()")

    def __delattr__(self, name: str) -> None:
        raise FrozenError(f"{type(self).__name__}.{name} cannot be deleted")


@overload
def node(cls: type[T], /) -> type[T]: ...


@overload
def node(*, kw_only: bool = True) -> Callable[[type[T]], type[T]]: ...  # noqa: F811


@dataclass_transform(kw_only_default=True, frozen_default=True, eq_default=True)
def node(cls=None, /, *, kw_only=True):  # noqa: F811  (the overloads above are for type checkers)
    """Use as `@node class Segment(Node): …`, fields annotated as in a dataclass; a field's class
    attribute is its default (immutable values only: a default is shared by every instance)."""
    if cls is None:
        return lambda klass: _make(klass, kw_only)
    return _make(cls, kw_only)


def _make(cls: Any, kw_only: bool) -> Any:
    names: list[str] = []
    defaults: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        # Not inspect.get_annotations: importing inspect is most of what dataclasses cost.
        for name in klass.__dict__.get("__annotations__", {}):  # noqa: RUF063
            if name.startswith("__"):
                continue  # Node's own __fields__
            if name not in names:
                names.append(name)
            if name in klass.__dict__:
                defaults[name] = klass.__dict__[name]
    if not kw_only and len(names) > POSITIONAL_MAX:
        raise TypeError(f"{cls.__name__} has {len(names)} fields: build it with keywords (drop kw_only=False)")
    params = ", ".join(f"{name}=_d[{name!r}]" if name in defaults else name for name in names)
    if kw_only and params:
        params = "*, " + params
    # Through __dict__, as Node's __setattr__ refuses every assignment.
    body = f"\n    self.__dict__.update({', '.join(f'{name}={name}' for name in names)})" if names else "\n    pass"
    scope: dict[str, Any] = {"_d": defaults}
    exec(f"def __init__(self, {params}):{body}", scope)  # the field names are identifiers: class syntax checked them
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    type.__setattr__(cls, "__init__", init)
    type.__setattr__(cls, "__fields__", tuple(names))
    return cls


def field_names(cls: type[Node]) -> tuple[str, ...]:
    return cls.__fields__


def replace(item: T, **changes: Any) -> T:
    """A copy of a node with some fields changed, as `dataclasses.replace` (without running
    `__init__` again: localising a briefing copies a few thousand nodes)."""
    unknown = changes.keys() - item.__dict__.keys()
    if unknown:
        raise TypeError(f"{type(item).__name__} has no field {', '.join(sorted(unknown))}")
    copy = object.__new__(type(item))
    copy.__dict__.update(item.__dict__, **changes)
    return copy
