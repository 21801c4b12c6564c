"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright against the live server.

Every page records console errors and uncaught exceptions; a test fails if any happened.
Screenshots of each journey land in $BROWSER_SHOTS (default: a temp dir) to look at.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
SHOTS = Path(os.environ.get("BROWSER_SHOTS", Path(tempfile.gettempdir()) / "blkk-shots"))


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run does it)")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API gives the rest of the session new connection objects, which would
    # lose the serialized test database that serialized_rollback restores from: carry it over.
    serialized = {c.alias: getattr(c, "_test_serialized_contents", None) for c in connections.all()}
    with sync_playwright() as p:
        for alias, contents in serialized.items():
            if contents is not None:
                connections[alias]._test_serialized_contents = contents
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


class Page:
    """A Playwright page bound to the live server, collecting JavaScript errors."""

    def __init__(self, page, base_url: str):
        self.page, self.base_url, self.errors = page, base_url, []
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on(
            "console", lambda msg: self.errors.append(f"console: {msg.text}") if msg.type == "error" else None
        )

    def goto(self, path: str):
        return self.page.goto(self.base_url + path)

    def login(self, username: str, password: str):
        self.goto("/masuk/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_load_state()

    def shot(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def __getattr__(self, name):
        return getattr(self.page, name)


def _page(browser, live_server, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
    page = Page(context.new_page(), live_server.url)
    yield page
    context.close()
    assert page.errors == [], f"JavaScript errors: {page.errors}"


@pytest.fixture
def page(browser, live_server):
    """A desktop-sized page."""
    yield from _page(browser, live_server, 1280, 900)


@pytest.fixture
def phone(browser, live_server):
    """A 390-px-wide phone-sized page."""
    yield from _page(browser, live_server, 390, 844)
