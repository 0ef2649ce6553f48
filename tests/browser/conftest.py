"""Real-browser fixtures: the built site served on 127.0.0.1, Debian's chromium under Playwright.

A failing browser test leaves a screenshot of its page in test-results/.
"""

from __future__ import annotations

import functools
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from support import CHROMIUM, CHROMIUM_ARGS, REPO

RESULTS = REPO / "test-results"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def base_url(built_site: Path):
    """The built site, served on 127.0.0.1 (a free port) for the whole session."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Debian's chromium is needed for the browser tests: apt-get install chromium "
            "(`make test` installs it when run as root)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def open_page(browser, request):
    """Opens pages as a reader would see them: `open_page(phone=True, scheme="dark")`. Each page
    records every request it makes (`page.requested`); when the test fails, each leaves a
    screenshot in test-results/. Any other context setting can be passed on."""
    opened = []

    def make(*, phone: bool = False, scheme: str = "light", init_script: str | None = None, **settings):
        context = browser.new_context(**{**(PHONE if phone else DESKTOP), "color_scheme": scheme, **settings})
        context.set_default_timeout(10_000)
        if init_script:
            context.add_init_script(init_script)
        page = context.new_page()
        page.requested = []
        page.on("request", lambda r: page.requested.append(r.url))
        opened.append((context, page))
        return page

    yield make
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        RESULTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        for number, (_context, page) in enumerate(opened):
            suffix = f"-{number + 1}" if len(opened) > 1 else ""
            page.screenshot(path=str(RESULTS / f"{name}{suffix}.png"), full_page=True)
    for context, _page in opened:
        context.close()


@pytest.fixture
def page(open_page):
    """A fresh desktop page in the light scheme (see open_page)."""
    return open_page()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report
