"""A small reader for built HTML pages: tags with attributes, ids and the visible text."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class Page:
    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    text: str = ""


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.chunks: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.page.tags.append((tag, attributes))
        if "id" in attributes:
            self.page.ids.add(attributes["id"])
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.chunks.append(data)


def parse(text: str) -> Page:
    reader = _Reader()
    reader.feed(text)
    reader.page.text = re.sub(r"\s+", " ", html.unescape("".join(reader.chunks)))
    return reader.page


def read(path: Path) -> Page:
    return parse(path.read_text(encoding="utf-8"))
