"""The site served as production serves it: real nginx with deploy/nginx.conf (deploy/serve-static).

Browser tests of the served site (CSP, search, sub-path) are in tests/browser/test_served_site.py.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import re
import subprocess
import sys
from pathlib import Path

import material
import pytest

from htmlpage import parse
from served import SERVE_STATIC, get, serve_static

MATERIAL = Path(material.__file__).parent / "templates"
HASHED = "assets/javascripts/bundle.a5f9d56c.min.js"


def _csp(headers) -> dict[str, list[str]]:
    policy = headers["Content-Security-Policy"]
    return {name: values for name, *values in (d.split() for d in policy.split(";") if d.strip())}


def _inline_scripts(html: str) -> list[str]:
    """Inline scripts a browser runs (no src, no data type such as application/json)."""
    return [
        m.group(2)
        for m in re.finditer(r"<script\b([^>]*)>(.*?)</script>", html, re.DOTALL)
        if "src=" not in m.group(1) and "type=" not in m.group(1)
    ]


def _page(body: bytes) -> tuple[str, str]:
    """The language and visible text of an HTML response."""
    page = parse(body.decode("utf-8"))
    return next(attrs.get("lang", "") for tag, attrs in page.tags if tag == "html"), page.text


def test_a_404_page_in_the_language_of_the_request(served_site):
    for path, lang, title in (
        ("no-such-page/", "vi", "Không tìm thấy trang"),
        ("plan/nope.html", "vi", "Không tìm thấy trang"),
        ("en/no-such-page/", "en", "Page not found"),
        ("en/sources/nope", "en", "Page not found"),
    ):
        status, headers, body = get(served_site.url + path)
        page_lang, text = _page(body)
        assert (status, page_lang, title in text) == (404, lang, True), path
        assert headers["Content-Type"] == "text/html; charset=utf-8"


def test_no_directory_listing_and_no_build_file(served_site):
    for path, title in (
        ("assets/", "Không tìm thấy trang"),
        ("assets/fonts/", "Không tìm thấy trang"),
        ("en/search/", "Page not found"),
        ("nginx-build.conf", "Không tìm thấy trang"),
    ):
        status, _, body = get(served_site.url + path)
        assert status == 404 and title in _page(body)[1], path


def _sha256(text: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


def test_security_headers_everywhere(served_site, built_site: Path):
    pages = [p.read_text(encoding="utf-8") for p in built_site.rglob("*.html")]
    scripts = {_sha256(script) for page in pages for script in _inline_scripts(page)}
    styles = {_sha256(html.unescape(style)) for page in pages for style in re.findall(r'<[^>]+\sstyle="([^"]*)"', page)}
    assert styles == set()  # none: the status table is aligned by CSS, not by style attributes
    for path in ("", "en/rare-earths/", HASHED, "pdf/lai-chau-briefing-vi.pdf", "no-such-page/", "en/no-such-page/"):
        headers = get(served_site.url + path)[1]
        csp = _csp(headers)
        assert sorted(csp["script-src"]) == sorted(["'self'", *scripts]), path
        assert csp["style-src-attr"] == ["'none'"]
        assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
        assert csp["default-src"] == csp["style-src"] == csp["font-src"] == csp["connect-src"] == ["'self'"]
        assert csp["img-src"] == ["'self'", "data:"] and csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'self'"] and headers["X-Frame-Options"] == "SAMEORIGIN"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "camera=()" in headers["Permissions-Policy"]
        assert headers["Server"] == "nginx", "no version"


def test_every_inline_script_on_the_pages_is_materials(built_site: Path):
    """The site's own scripts are files (assets/javascripts/briefing.js); the CSP allows only
    Material's inline scripts, by hash. Each script on a page must be one of Material's templates'
    inline scripts, with whatever its Jinja expressions rendered to."""
    templates = [p.read_text(encoding="utf-8") for p in MATERIAL.rglob("*.html")]
    materials = [
        re.compile(".*?".join(re.escape(part) for part in re.split(r"\{\{.*?\}\}|\{%.*?%\}", script)), re.DOTALL)
        for text in templates
        for script in _inline_scripts(text)
    ]
    scripts = {script for p in built_site.rglob("*.html") for script in _inline_scripts(p.read_text(encoding="utf-8"))}
    assert len(scripts) >= 3  # the localStorage helpers (one per page depth), the palette, tabbed content
    assert [s for s in scripts if not any(m.fullmatch(s) for m in materials)] == []


def test_text_is_compressed_and_binaries_are_not(served_site, built_site: Path):
    for path in (
        "",
        "en/",
        HASHED,
        "assets/stylesheets/main.57a0d79d.min.css",
        "search/search_index.json",
        "sitemap.xml",
        "assets/briefing.css",
        "no-such-page/",
    ):
        status, headers, body = get(served_site.url + path, {"Accept-Encoding": "gzip"})
        assert headers["Content-Encoding"] == "gzip" and headers["Vary"] == "Accept-Encoding", path
        if status == 200:
            file = built_site / (path + "index.html" if path.endswith("/") or not path else path)
            assert gzip.decompress(body) == file.read_bytes(), path
        _, plain, body = get(served_site.url + path)
        assert "Content-Encoding" not in plain
    for path in ("assets/fonts/be-vietnam-pro-latin-400-normal.woff2", "pdf/lai-chau-briefing-vi.pdf"):
        _, headers, body = get(served_site.url + path, {"Accept-Encoding": "gzip"})
        assert "Content-Encoding" not in headers and body == (built_site / path).read_bytes()


def test_types(served_site, served_sub_path):
    types = {
        "": "text/html; charset=utf-8",
        HASHED: "text/javascript; charset=utf-8",
        "assets/fonts.css": "text/css; charset=utf-8",
        "search/search_index.json": "application/json; charset=utf-8",
        "assets/fonts/be-vietnam-pro-latin-700-normal.woff2": "font/woff2",
        "sitemap.xml": "application/xml; charset=utf-8",
        "en/pdf/lai-chau-briefing-en.pdf": "application/pdf",
        "assets/images/favicon.png": "image/png",
    }
    for path, expected in types.items():
        status, headers, _ = get(served_site.url + path)
        assert (status, headers["Content-Type"]) == (200, expected), path
    # The pages have no SVG file of their own (figures are inline); the sub-path fixture adds one.
    status, headers, _ = get(served_sub_path.url + "figure.svg")
    assert (status, headers["Content-Type"]) == (200, "image/svg+xml; charset=utf-8")


def test_caching(served_site):
    for path in (
        HASHED,
        "assets/stylesheets/main.57a0d79d.min.css",
        "assets/javascripts/workers/search.a7633da7.min.js",
    ):
        assert get(served_site.url + path)[1]["Cache-Control"] == "public, max-age=31536000, immutable", path
    assert (
        get(served_site.url + "assets/fonts/be-vietnam-pro-latin-400-normal.woff2")[1]["Cache-Control"]
        == "public, max-age=604800"
    )
    for path in ("", "en/plan/", "assets/briefing.css", "search/search_index.json", "no-such-page/"):
        status, headers, _ = get(served_site.url + path)
        assert headers["Cache-Control"] == "no-cache", path
        if status == 200:  # revalidation is cheap: 304, no body
            assert get(served_site.url + path, {"If-None-Match": headers["ETag"]})[:3:2] == (304, b"")


def test_the_sub_path_site_and_its_404_pages(served_sub_path):
    assert served_sub_path.url.endswith("/lai-chau/")
    for path, lang in (("", "vi"), ("en/plan/", "en"), ("no-such-page/", "vi"), ("en/no-such-page", "en")):
        status, _, body = get(served_sub_path.url + path)
        assert (status, _page(body)[0]) == ((404 if "no-such" in path else 200), lang), path
    root = served_sub_path.url.removesuffix("lai-chau/")
    assert get(root)[0] == 404 and get(root + "en/plan/")[0] == 404  # nothing outside its path


@pytest.mark.parametrize("how", ["SIGTERM", "Ctrl-C"])
def test_serve_static_stops_and_leaves_nothing_running(built_site: Path, how):
    with serve_static(built_site) as served:
        assert get(served.url)[0] == 200
        served.stop(ctrl_c=how == "Ctrl-C")  # asserts: exit 0, no nginx left, no temporary folder


def test_serve_static_says_what_is_missing(tmp_path: Path):
    run = subprocess.run(
        [sys.executable, str(SERVE_STATIC), "--port", "8080", str(tmp_path)], capture_output=True, text=True
    )
    assert (run.returncode, run.stderr) == (
        2,
        f"serve-static: {tmp_path}/nginx-build.conf is missing: build the site first (make site).\n",
    )


def test_the_citation_gives_the_address_it_is_served_at(served_sub_path):
    """Built for a real address (SITE_URL), "Cite this briefing" ends with that address, the
    English one with /en/ (the placeholder's case: test_site)."""
    for path in ("about/", "en/about/"):
        body = get(served_sub_path.url + path)[2].decode("utf-8")
        root = served_sub_path.url + path.removesuffix("about/")
        assert f', <a class="site-url" href="{root}">{root}</a>.</p>' in body, path
