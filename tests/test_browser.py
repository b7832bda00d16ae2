"""A real evening in Debian's chromium: leader, projector and a table's tablet side by side.

Playwright drives /usr/bin/chromium (never a downloaded browser). Without chromium these tests
skip locally with the reason; with DIALOG_APP_REQUIRE_BROWSER=1 (set by .ci/run) they fail.
"""

import os
import shutil

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


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


def advance_to(leader, phase):
    from playwright.sync_api import expect

    order = ["setup", "warmup", "brainstorm", "prioritise", "theming", "deepen", "closing"]
    current = leader.get_by_test_id("phase")
    while current.get_attribute("data-phase") != phase:
        before = current.get_attribute("data-phase")
        leader.get_by_test_id("phase-next").click()
        expect(current).to_have_attribute("data-phase", order[order.index(before) + 1])


def test_an_idea_typed_on_the_tablet_appears_on_the_projector(pages):
    from playwright.sync_api import expect

    leader, projector, tablet = pages["leader"], pages["projector"], pages["tablet"]
    expect(tablet.get_by_test_id("connection")).to_have_attribute("data-state", "online")
    expect(projector.get_by_test_id("phase")).to_have_attribute("data-phase", "setup")
    advance_to(leader, "brainstorm")
    expect(projector.get_by_test_id("phase")).to_have_attribute("data-phase", "brainstorm")
    expect(tablet.get_by_test_id("phase")).to_have_attribute("data-phase", "brainstorm")

    tablet.get_by_test_id("idea-input").fill("En företagslots som svarar samma dag")
    tablet.get_by_test_id("idea-submit").click()
    expect(tablet.get_by_test_id("idea").filter(has_text="En företagslots")).to_have_attribute("data-state", "saved")
    expect(projector.get_by_test_id("idea").filter(has_text="En företagslots som svarar samma dag")).to_have_count(1)

    # Text from people is shown as text, never run as markup.
    tablet.get_by_test_id("idea-input").fill('<img src=x onerror="document.title=\'hacked\'"> & <b>fet</b>')
    tablet.get_by_test_id("idea-input").press("Enter")
    shown = projector.get_by_test_id("idea").filter(has_text="<b>fet</b>")
    expect(shown).to_have_count(1)
    assert projector.locator(".idea img, .idea b").count() == 0
    assert projector.title() != "hacked"


def test_an_idea_typed_offline_arrives_after_reconnecting(pages):
    from playwright.sync_api import expect

    leader, projector, tablet = pages["leader"], pages["projector"], pages["tablet"]
    advance_to(leader, "brainstorm")
    expect(tablet.get_by_test_id("connection")).to_have_attribute("data-state", "online")

    pages["contexts"]["tablet"].set_offline(True)
    expect(tablet.get_by_test_id("connection")).to_have_attribute("data-state", "offline")
    tablet.get_by_test_id("idea-input").fill("Skriven utan nät")
    tablet.get_by_test_id("idea-submit").click()
    pending = tablet.get_by_test_id("idea").filter(has_text="Skriven utan nät")
    expect(pending).to_have_attribute("data-state", "pending")
    projector.wait_for_timeout(500)
    expect(projector.get_by_test_id("idea").filter(has_text="Skriven utan nät")).to_have_count(0)

    # A reload while offline must not lose it either: it lives in localStorage.
    pages["contexts"]["tablet"].set_offline(False)
    tablet.reload()
    expect(tablet.get_by_test_id("connection")).to_have_attribute("data-state", "online")
    expect(tablet.get_by_test_id("idea").filter(has_text="Skriven utan nät")).to_have_attribute("data-state", "saved")
    expect(projector.get_by_test_id("idea").filter(has_text="Skriven utan nät")).to_have_count(1)


def test_going_offline_and_back_without_reload_delivers_the_idea(pages):
    from playwright.sync_api import expect

    leader, projector, tablet = pages["leader"], pages["projector"], pages["tablet"]
    advance_to(leader, "brainstorm")
    expect(tablet.get_by_test_id("connection")).to_have_attribute("data-state", "online")
    pages["contexts"]["tablet"].set_offline(True)
    expect(tablet.get_by_test_id("connection")).to_have_attribute("data-state", "offline")
    tablet.get_by_test_id("idea-input").fill("Ute i skogen utan wifi")
    tablet.get_by_test_id("idea-submit").click()
    pages["contexts"]["tablet"].set_offline(False)
    expect(tablet.get_by_test_id("connection")).to_have_attribute("data-state", "online")
    expect(projector.get_by_test_id("idea").filter(has_text="Ute i skogen utan wifi")).to_have_count(1)
    expect(tablet.get_by_test_id("idea").filter(has_text="Ute i skogen")).to_have_attribute("data-state", "saved")


def test_a_third_priority_is_refused_and_the_projector_shows_two(pages):
    from playwright.sync_api import expect

    leader, projector, tablet = pages["leader"], pages["projector"], pages["tablet"]
    advance_to(leader, "brainstorm")
    for text in ("Snabbare bygglov", "Praktikplatser för gymnasiet", "Bättre pendling"):
        tablet.get_by_test_id("idea-input").fill(text)
        tablet.get_by_test_id("idea-submit").click()
        expect(tablet.get_by_test_id("idea").filter(has_text=text)).to_have_attribute("data-state", "saved")
    advance_to(leader, "prioritise")
    expect(tablet.get_by_test_id("phase")).to_have_attribute("data-phase", "prioritise")

    for text in ("Snabbare bygglov", "Bättre pendling"):
        toggle = tablet.get_by_test_id("idea").filter(has_text=text).get_by_test_id("priority-toggle")
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "true")
    third = tablet.get_by_test_id("idea").filter(has_text="Praktikplatser").get_by_test_id("priority-toggle")
    third.click()
    expect(tablet.get_by_test_id("error")).to_be_visible()
    expect(tablet.get_by_test_id("error")).to_contain_text("redan 2 prioriteringar")
    expect(third).to_have_attribute("aria-pressed", "false")

    priorities = projector.get_by_test_id("priority")
    expect(priorities).to_have_count(2)
    expect(priorities.nth(0)).to_have_text("Snabbare bygglov")
    expect(priorities.nth(1)).to_have_text("Bättre pendling")

    # Changing the choice is allowed until the leader moves on.
    tablet.get_by_test_id("idea").filter(has_text="Snabbare bygglov").get_by_test_id("priority-toggle").click()
    third.click()
    expect(third).to_have_attribute("aria-pressed", "true")
    expect(projector.get_by_test_id("priority").filter(has_text="Praktikplatser")).to_have_count(1)
    expect(priorities).to_have_count(2)


def test_the_leader_is_asked_before_leaving_prioritise_with_tables_short_of_two(pages):
    from playwright.sync_api import expect

    leader, projector = pages["leader"], pages["projector"]
    advance_to(leader, "prioritise")
    leader.get_by_test_id("phase-next").click()
    expect(leader.locator("#confirm-incomplete")).to_be_visible()
    expect(leader.get_by_test_id("phase")).to_have_attribute("data-phase", "prioritise")
    leader.locator("#confirm-force").click()
    expect(projector.get_by_test_id("phase")).to_have_attribute("data-phase", "theming")
