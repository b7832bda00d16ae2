"""WCAG 2.1 A/AA checks with axe-core on every role's page, in Debian's chromium.

axe finds what a machine can (contrast, labels, names, structure); it does not replace trying the
pages with a screen reader and a keyboard.
"""

import pytest

from support.browser import add_priorities_by_socket, advance_to, violations

pytestmark = pytest.mark.browser

@pytest.fixture
def audit_context(browser):
    # The pages forbid inline scripts (CSP); axe is injected only for the audit.
    context = browser.new_context(bypass_csp=True, locale="sv-SE", viewport={"width": 1280, "height": 900})
    yield context
    context.close()


def test_every_page_passes_automated_wcag_checks(audit_context, live_server):
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)

    links = live_server.links
    page = audit_context.new_page()
    found = {}
    page.goto(links["leader"])
    advance_to(page, "prioritise")
    add_priorities_by_socket(links, [["Snabbare bygglov", "Praktikplatser"]])
    for name, url in (("leader", links["leader"]), ("projector", links["projector"]),
                      ("tablet", links["tables"][0]["secretary"]), ("phone", links["participant"])):
        page.goto(url)
        expect(page.get_by_test_id("connection")).to_have_attribute("data-state", "online")
        found[name] = violations(page)
    # The theme board, on the leader's laptop and the projector. Each step waits for the state the
    # page shows (a busy machine once took longer than the click to the confirm box).
    page.goto(links["leader"])
    expect(page.get_by_test_id("phase")).to_have_attribute("data-phase", "prioritise")
    expect(page.get_by_test_id("phase-next")).to_be_enabled()
    page.get_by_test_id("phase-next").click()
    expect(page.locator("#confirm-incomplete")).to_be_visible()
    page.locator("#confirm-force").click()
    expect(page.get_by_test_id("phase")).to_have_attribute("data-phase", "theming")
    page.get_by_test_id("theme-suggest").click()
    expect(page.get_by_test_id("theme")).to_have_count(2)
    found["leader board"] = violations(page)
    page.get_by_test_id("theme-publish").click()
    expect(page.get_by_test_id("theme-publish")).to_be_hidden()
    page.goto(links["projector"])
    expect(page.get_by_test_id("theme")).to_have_count(2)
    found["projector board"] = violations(page)
    # Pass 2 with a round open (the join code) and the parking lot shown; then the closing summary.
    page.goto(links["leader"])
    expect(page.get_by_test_id("theme")).to_have_count(2)
    page.get_by_test_id("phase-next").click()
    expect(page.locator("#confirm-incomplete")).to_be_visible()
    page.locator("#confirm-force").click()
    expect(page.get_by_test_id("phase")).to_have_attribute("data-phase", "deepen")
    page.get_by_test_id("parking-show").check()
    page.get_by_test_id("rotation-open").click()
    expect(page.get_by_test_id("rotation-close")).to_be_enabled()
    found["leader pass 2"] = violations(page)
    page.goto(links["projector"])
    expect(page.get_by_test_id("join-qr")).to_be_visible()
    found["projector pass 2"] = violations(page)
    page.goto(links["tables"][0]["secretary"])
    expect(page.get_by_test_id("idea-submit")).to_have_text("Spara förslaget")
    found["tablet pass 2"] = violations(page)
    page.goto(links["leader"])
    expect(page.get_by_test_id("rotation-close")).to_be_enabled()
    page.get_by_test_id("rotation-close").click()
    expect(page.get_by_test_id("rotation-open")).to_be_disabled()
    page.get_by_test_id("phase-next").click()
    expect(page.get_by_test_id("phase")).to_have_attribute("data-phase", "closing")
    page.goto(links["projector"])
    expect(page.get_by_test_id("closing-summary")).to_be_visible()
    found["projector closing"] = violations(page)
    page.goto(links["organiser"])
    base = links["organiser"].split("/o/")[0]
    event_path = f"{base}/organiser/events/{links['event_id']}"
    for name, url in (("organiser", f"{base}/organiser/"), ("event", event_path),
                      ("people", f"{event_path}/people"), ("checkin", f"{event_path}/checkin?q=a"),
                      ("dashboard", f"{event_path}/dashboard"), ("table cards", f"{event_path}/table-cards"),
                      ("secret links", f"{event_path}/secret-links"), ("login", f"{base}/organiser/login"),
                      ("new account", f"{base}/organiser/account")):
        page.goto(url)
        found[name] = violations(page)
    assert {name: problems for name, problems in found.items() if problems} == {}
