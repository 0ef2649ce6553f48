"""`briefing.data`: the little of dataclasses the pipeline uses, written to load fast."""

from __future__ import annotations

import pytest

from briefing.data import Node, field_names, node, replace


@node
class Point(Node):
    x: int
    y: int = 0


@node
class Label(Point):
    text: str = ""


def test_fields_in_order_with_their_defaults_and_inherited_ones_first():
    assert field_names(Point) == ("x", "y")
    assert field_names(Label) == ("x", "y", "text")
    label = Label(1, text="A")
    assert (label.x, label.y, label.text) == (1, 0, "A")
    with pytest.raises(TypeError):
        Point()  # x has no default


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
