"""Fixtures of the system tests: Debian's chromium and the pages of a room in it, Redis, a served evening."""

import os

import pytest

from support.browser import CHROMIUM, CHROMIUM_ARGS
from support.serverproc import REDIS, require, start_demo_server, start_redis


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        reason = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("DIALOG_APP_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def pages(browser, live_server):
    """One browser context per device, as in the room: leader laptop, projector, table 1's tablet."""
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    contexts = {name: browser.new_context(viewport=viewport, locale="sv-SE") for name, viewport in (
        ("leader", {"width": 1280, "height": 800}), ("projector", {"width": 1920, "height": 1080}),
        ("tablet", {"width": 1024, "height": 768}))}
    links = live_server.links
    opened = {name: context.new_page() for name, context in contexts.items()}
    opened["leader"].goto(links["leader"])
    opened["projector"].goto(links["projector"])
    opened["tablet"].goto(links["tables"][0]["secretary"])
    opened["contexts"] = contexts
    yield opened
    for context in contexts.values():
        context.close()


@pytest.fixture
def redis_url(tmp_path):
    require(REDIS is not None, "redis-server is not installed (apt-get install redis-server)",
            "DIALOG_APP_REQUIRE_REDIS")
    process, url = start_redis(str(tmp_path))
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def evening_server(tmp_path):
    # The evening is sent by scripts as fast as they can: the per-connection limits are for people.
    server = start_demo_server(str(tmp_path), settings={"RATE_LIMITS": "false"})
    yield server
    server.kill()


@pytest.fixture
def smtp():
    """A real SMTP server (aiosmtpd) on a free port, started; the mail tests read what it received."""
    from support.smtp import SmtpServer

    server = SmtpServer().start()
    yield server
    server.stop()
