"""Playwright driving Debian's Chromium against pytest-django's live server."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS_DIR", BASE_DIR / "var" / "test-artifacts"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The machine has no network beyond loopback: no update, sync or metrics calls.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Browser tests need Debian's chromium package: apt-get install chromium")
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop on this thread; the ORM calls
    # the test makes around it are still synchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Console errors that are not a fault: Chromium logs every answer with a
# status of 400 or more as "Failed to load resource", and our forms answer
# invalid input with 400, 409 or 422 by design (the answer carries the form
# with its errors, which htmx swaps in). Any other status of a request the
# page's script makes still fails (htmx also logs its own error for those).
ALLOWED_CONSOLE_ERRORS = (
    re.compile(r"^Failed to load resource: the server responded with a status of (400|409|422) "),
)
CLIENT_ERROR = re.compile(
    r"^Failed to load resource: the server responded with a status of 4\d\d .*\[(?P<url>[^\]]+)\]$"
)


def watch_console(page) -> None:
    """Record the page's console errors, uncaught exceptions and CSP
    violations (Chromium reports these as console errors) on the page:
    ``page.console_errors``, ``page.csp_violations``. A test that provokes an
    error on purpose adds a pattern to ``page.expected_console_errors``."""
    page.console_errors = []
    page.csp_violations = []
    page.expected_console_errors = []
    # A page answered with a 4xx on purpose (a spent link: 410, an unknown
    # one: 404) is its status, which the test checks; Chromium logs it too.
    page.refused_documents = set()

    def on_response(response) -> None:
        if response.request.resource_type == "document" and 400 <= response.status < 500:
            page.refused_documents.add(response.url)

    page.on("response", on_response)

    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            page.csp_violations.append(message.text)
        if message.type == "error":
            page.console_errors.append(f"{message.text} [{message.location.get('url', '')}]")

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.console_errors.append(f"Uncaught: {error}"))


# htmx logs a request it cancelled itself (its element left the page, or the
# page navigated on, while the request was in flight) as "htmx:sendAbort",
# with the "htmx:afterRequest" of that request: the browser's timing, not a
# fault. A failed answer still shows as its own "Failed to load resource" or
# "htmx:responseError".
ABORTED = re.compile(r"^htmx:(sendAbort|afterRequest), ")


def console_problems(page) -> list[str]:
    """The console errors and CSP violations no allowed or expected pattern explains."""
    patterns = [*ALLOWED_CONSOLE_ERRORS, *(re.compile(p) for p in page.expected_console_errors)]
    if any(text.startswith("htmx:sendAbort, ") for text in page.console_errors):
        patterns.append(ABORTED)
    errors = [
        text
        for text in page.console_errors
        if not any(p.search(text) for p in patterns) and not _refused_document(page, text)
    ]
    logged = " ".join(page.console_errors)
    return errors + [text for text in page.csp_violations if text not in logged]


def _refused_document(page, text: str) -> bool:
    match = CLIENT_ERROR.match(text)
    return bool(match) and match["url"] in page.refused_documents


def assert_clean_console(page) -> None:
    """Fail the test if the page logged an error or the CSP refused something."""
    problems = console_problems(page)
    if problems:
        pytest.fail("The browser console reported:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def page(browser, live_server):
    """A tab on the live server; the test fails if its console shows an error
    or a CSP violation."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    watch_console(page)
    yield page
    try:
        assert_clean_console(page)
    finally:
        context.close()


@pytest.fixture
def screenshot(request):
    """Save a full-page screenshot as a test artifact and return its path."""

    def take(page, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{request.node.name}-{name}.png"
        # caret="initial": hiding the caret leaves style="" on inputs, which htmx's
        # settle step copies onto swapped-in inputs, and the CSP then reports it.
        page.screenshot(path=str(path), full_page=True, caret="initial")
        return path

    return take
