"""What the organiser prints, laid out as chromium prints it on A4: the table card's QR code large and
centred, and the sheet of secret links with no page chrome on it."""

import pytest

pytestmark = pytest.mark.browser

# A4's printable area at 96 dpi (210 × 297 mm less the sheets' 15 mm margins).
PRINTED = {"width": 680, "height": 1009}
TEN_CM = 10 / 2.54 * 96


@pytest.fixture
def desk(browser, live_server):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    page = context.new_page()
    page.goto(live_server.links["organiser"])
    yield page, live_server.links["organiser"].split("/o/")[0] + f"/organiser/events/{live_server.links['event_id']}"
    context.close()


def test_the_table_cards_qr_code_is_large_and_centred_on_its_page(desk):
    from playwright.sync_api import expect

    page, base = desk
    page.goto(f"{base}/table-cards")
    page.emulate_media(media="print")
    page.set_viewport_size(PRINTED)
    card = page.get_by_test_id("printed-table-card").first
    expect(card).to_have_attribute("data-table", "1")
    drawn = card.locator(".table-print-qr svg path.qrline").bounding_box()  # the code's modules, not its box
    sheet = card.bounding_box()
    assert drawn["width"] >= TEN_CM and drawn["height"] >= TEN_CM, drawn
    assert abs((drawn["x"] + drawn["width"] / 2) - (sheet["x"] + sheet["width"] / 2)) <= 2, (drawn, sheet)
    assert sheet["height"] <= PRINTED["height"], sheet  # number, code, help and address on one sheet


def test_the_secret_links_sheet_prints_without_page_chrome(desk):
    from playwright.sync_api import expect

    page, base = desk
    page.goto(f"{base}/secret-links")
    chrome = {"logout": page.get_by_role("button", name="Logga ut"),
              "language": page.get_by_role("navigation", name="Språk"),
              "print button": page.get_by_role("button", name="Skriv ut"),
              "footer": page.get_by_role("link", name="Tillgänglighetsredogörelse")}
    for control in chrome.values():
        expect(control).to_be_visible()  # on the screen they are there
    page.emulate_media(media="print")
    for control in chrome.values():
        expect(control).to_be_hidden()
    printed = page.evaluate("document.body.innerText")
    for word in ("Logga ut", "English", "Skriv ut", "Tillgänglighetsredogörelse"):
        assert word not in printed, word
    expect(page.get_by_test_id("secret-link")).to_have_count(8)  # leader, projector, six tables
    expect(page.get_by_test_id("secret-warning")).to_be_visible()
