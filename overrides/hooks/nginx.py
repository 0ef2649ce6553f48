"""MkDocs hook: the part of the nginx configuration that only the build knows, written beside the
pages as site/nginx-build.conf (deploy/nginx.conf is the rest; README "Publishing").

1. The Content-Security-Policy allows no inline script but by its hash. Material puts a few
   small inline scripts on every page (its localStorage helpers, the palette, tabbed content),
   and their text depends on the page's depth and on site_url, so this hook hashes every inline
   script of every built page. The site's own scripts are files (assets/javascripts/briefing.js).
   Likewise for style="…" attributes: Markdown tables write their column alignment as
   style="text-align: right;" (the About page's status table).
2. A 404 page per language: a request under a language's root (mkdocs-static-i18n's `link` of
   that language, below site_url's path) gets that language's 404.html.
3. The site's path on its host (site_url's path), where deploy/serve-static serves it.

site_url comes from SITE_URL in the environment (mkdocs.yml); it is checked here, since it is
written into nginx's configuration and must be an address a reader can open.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

CONF_NAME = "nginx-build.conf"
# Path segments nginx reads literally in a location and a regex (no quoting, no escapes needed).
_PLAIN_PATH = re.compile(r"/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*/)*")
# <script type> values a browser runs; other types (Material's application/json config) are data.
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


def site_path(site_url: str | None) -> str:
    """The path of site_url ("/" or "/lai-chau/"), or a PluginError saying what is wrong."""
    source = "site_url (SITE_URL in the environment, else mkdocs.yml)"
    if not site_url:
        raise PluginError(
            f"{source} is empty: give the address the site is published at, "
            "such as https://example.org/ or https://example.org/lai-chau/."
        )
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PluginError(
            f"{source} is {site_url!r}: it must be an http:// or https:// address "
            "with a host, such as https://example.org/lai-chau/."
        )
    if parts.query or parts.fragment or not _PLAIN_PATH.fullmatch(parts.path):
        raise PluginError(
            f"{source} is {site_url!r}: its path may hold only letters, digits and "
            "- . _ ~ between slashes, and no ?query or #fragment."
        )
    return parts.path


def on_config(config, **kwargs):
    site_path(config.site_url)
    return config


class _Inline(HTMLParser):
    """The text of every inline script a browser would run, exactly as the page carries it, and
    the value of every style attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("style") is not None:
            self.styles.append(attrs["style"])
        if tag == "script":
            runs = (attrs.get("type") or "").strip().lower() in _SCRIPT_TYPES
            self._text = [] if runs and "src" not in attrs else None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._text is not None:
            self.scripts.append("".join(self._text))
            self._text = None


def _source(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def inline_hashes(site_dir: Path) -> tuple[list[str], list[str]]:
    """CSP sources ('sha256-…') of the inline scripts and of the style attributes of every page,
    sorted, each once."""
    scripts, styles = set(), set()
    for page in site_dir.rglob("*.html"):
        parser = _Inline()
        parser.feed(page.read_text(encoding="utf-8"))
        scripts.update(_source(script) for script in parser.scripts)
        styles.update(_source(style) for style in parser.styles)
    return sorted(scripts), sorted(styles)


def nginx_build_conf(site_url: str, roots: list[str], scripts: list[str], styles: list[str]) -> str:
    """The build's nginx rules. `roots` are the languages' roots below the site's path, the
    default language's ("/") first; each gets its own 404.html. `scripts` and `styles` are the
    hashes of the inline scripts and of the style attributes."""
    path = site_path(site_url)
    default, *others = roots
    style_sources = " ".join(["'unsafe-hashes'", *styles]) if styles else "'none'"
    lines = [
        f"# Written by the build (overrides/hooks/nginx.py) for {site_url}: do not edit.",
        "# Include it inside the server block, before deploy/nginx.conf, which uses what it sets.",
        f"# site path: {path}",
        "",
        "# For the Content-Security-Policy: the sha256 of each inline script on the pages (Material's),",
        "# and the style attributes allowed ('unsafe-hashes' lets hashes match attributes, these only).",
        f'set $briefing_script_hashes "{" ".join(scripts)}";',
        f'set $briefing_style_attributes "{style_sources}";',
        "",
        "# The 404 page of the request's language.",
        f"set $briefing_not_found {path}{default.lstrip('/')}404.html;",
    ]
    for root in others:
        prefix = path + root.lstrip("/")
        lines.append(f'if ($uri ~ "^{re.escape(prefix)}") {{ set $briefing_not_found {prefix}404.html; }}')
    lines += ["", "# This file is for nginx, not for readers.", f"location = {path}{CONF_NAME} {{ return 404; }}", ""]
    return "\n".join(lines)


_serving = False


def on_startup(command, dirty, **kwargs) -> None:
    global _serving
    _serving = command == "serve"  # a preview is served by MkDocs, not nginx: nothing to write


@event_priority(-110)  # after mkdocs-static-i18n (-100) has built every language
def on_post_build(config, **kwargs) -> None:
    if _serving:
        return
    languages = [lang for lang in config.plugins["i18n"].config.languages if lang.build]
    roots = [lang.link for lang in sorted(languages, key=lambda lang: not lang.default)]
    site_dir = Path(config.site_dir)
    text = nginx_build_conf(config.site_url, roots, *inline_hashes(site_dir))
    (site_dir / CONF_NAME).write_text(text, encoding="utf-8")
