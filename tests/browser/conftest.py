"""Playwright driving Debian's Chromium. A browser test that cannot start a browser fails."""

import pytest
from playwright.sync_api import sync_playwright

from csoa.dev.embedded import chromium_path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        pytest.fail("Chromium is not installed: `make test` installs Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Pages in separate browser contexts, one per person, each with its own cookies."""
    contexts = []

    def make():
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def bell_rings(page, count: str = "1", *, seconds: float = 30):
    """Reload until the worker's notification shows in the bell, then check its count."""
    import time

    from playwright.sync_api import expect

    bell = page.get_by_test_id("bell-count")
    deadline = time.monotonic() + seconds
    while not bell.is_visible() and time.monotonic() < deadline:
        time.sleep(0.3)
        page.reload()
    expect(bell).to_have_text(count)
