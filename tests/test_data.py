"""`briefing.data`: the little of dataclasses the pipeline uses, written to load fast."""

from __future__ import annotations

import pytest

from briefing.data import FrozenError, Node, field_names, node, replace


@node(kw_only=False)
class Point(Node):
    x: int
    y: int = 0


@node(kw_only=False)
class Label(Point):
    text: str = ""


@node
class Span(Node):
    start: int
    end: int
    text: str
    lang: str = "vi"


def test_fields_in_order_with_their_defaults_and_inherited_ones_first():
    assert field_names(Point) == ("x", "y")
    assert field_names(Label) == ("x", "y", "text")
    label = Label(1, text="A")
    assert (label.x, label.y, label.text) == (1, 0, "A")
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]  # x has no default


def test_equality_by_value_and_a_readable_repr():
    assert Point(1, 2) == Point(1, 2)
    assert Point(1, 2) != Point(1, 3)
    assert Point(1, 0) != Label(1, 0)  # another class is another value
    assert repr(Label(1, 2, "A")) == "Label(x=1, y=2, text='A')"
    with pytest.raises(TypeError):
        hash(Point(1))


def test_replace_copies_and_refuses_unknown_fields():
    point = Point(1, 2)
    moved = replace(point, y=5)
    assert (moved, point) == (Point(1, 5), Point(1, 2))
    with pytest.raises(TypeError, match="Point has no field z"):
        replace(point, z=1)


def test_a_node_never_changes_once_made():
    point = Point(1, 2)
    with pytest.raises(FrozenError, match=r"Point\.x cannot be changed: make a copy with replace\(\)"):
        point.x = 5  # type: ignore[misc]
    with pytest.raises(FrozenError):
        point.z = 5  # type: ignore[attr-defined]
    with pytest.raises(FrozenError):
        del point.y  # type: ignore[misc]
    assert point == Point(1, 2)


def test_nodes_of_more_than_three_fields_are_built_with_keywords():
    span = Span(start=1, end=4, text="Lai")
    assert (span.start, span.end, span.text, span.lang) == (1, 4, "Lai", "vi")
    with pytest.raises(TypeError):
        Span(1, 4, "Lai")  # type: ignore[misc]  # positional: two ints could be swapped unseen
    with pytest.raises(TypeError, match="Wide has 4 fields: build it with keywords"):

        @node(kw_only=False)
        class Wide(Node):
            a: int
            b: int
            c: int
            d: int
