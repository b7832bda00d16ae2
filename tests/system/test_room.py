"""The room, not the happy path: a slow link, a fast secretary, a double click, in Debian's chromium."""

import sqlite3

import pytest

from support.browser import advance_to, replace_table_link
from support.slowlink import SlowLink

pytestmark = pytest.mark.browser

ROUND_TRIP = 0.9  # seconds: venue Wi-Fi on a bad evening


def stored_ideas(db_path: str, table: int) -> list[str]:
    with sqlite3.connect(db_path) as conn:
        return [row[0] for row in conn.execute(
            "SELECT text FROM idea WHERE table_number = ? AND withdrawn_at IS NULL ORDER BY rowid", (table,))]


@pytest.fixture
def room(browser, live_server):
    """Leader and projector on the venue's cable; table 1's tablet behind a slow link."""
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    link = SlowLink(live_server.port, delay=ROUND_TRIP / 2)
    contexts = [browser.new_context(viewport=viewport, locale="sv-SE") for viewport in (
        {"width": 1280, "height": 800}, {"width": 1920, "height": 1080}, {"width": 1024, "height": 768})]
    leader, projector, tablet = (context.new_page() for context in contexts)
    leader.goto(live_server.links["leader"])
    projector.goto(live_server.links["projector"])
    tablet.goto(link.url(live_server.links["tables"][0]["secretary"]))
    yield {"leader": leader, "projector": projector, "tablet": tablet, "server": live_server}
    for context in contexts:
        context.close()
    link.close()


def test_five_ideas_typed_in_a_burst_over_a_slow_link_all_arrive_once_in_order(room):
    from playwright.sync_api import expect

    leader, projector, tablet = room["leader"], room["projector"], room["tablet"]
    advance_to(leader, "brainstorm")
    expect(tablet.get_by_test_id("phase")).to_have_attribute("data-phase", "brainstorm")
    expect(tablet.get_by_test_id("connection")).to_have_attribute("data-state", "online")
    typed = [f"Idé {number} från ett snabbt bord" for number in range(1, 6)]
    for text in typed:
        tablet.get_by_test_id("idea-input").fill(text)
        tablet.get_by_test_id("idea-input").press("Enter")
    card = projector.locator('[data-testid="table-card"][data-table="1"]')
    expect(card.get_by_test_id("idea-count")).to_have_attribute("data-count", "5")
    expect(card.get_by_test_id("idea")).to_have_text(list(reversed(typed)))
    for text in typed:
        expect(tablet.get_by_test_id("idea").filter(has_text=text)).to_have_attribute("data-state", "saved")
    assert stored_ideas(room["server"].db_path, 1) == typed


def test_an_idea_the_server_once_failed_on_no_longer_blocks_the_ones_behind_it(room):
    """A lone surrogate (pasted from a broken document) used to fail the write and be resent forever."""
    from playwright.sync_api import expect

    leader, projector, tablet = room["leader"], room["projector"], room["tablet"]
    advance_to(leader, "brainstorm")
    expect(tablet.get_by_test_id("connection")).to_have_attribute("data-state", "online")
    tablet.evaluate("""() => {
        const field = document.querySelector('[data-testid="idea-input"]');
        field.value = 'Klistrad text \\ud800 från ett trasigt dokument';
        field.form.requestSubmit();
    }""")
    for text in ("Efter den klistrade", "Och en till"):
        tablet.get_by_test_id("idea-input").fill(text)
        tablet.get_by_test_id("idea-input").press("Enter")
    card = projector.locator('[data-testid="table-card"][data-table="1"]')
    expect(card.get_by_test_id("idea-count")).to_have_attribute("data-count", "3")
    assert stored_ideas(room["server"].db_path, 1) == [
        "Klistrad text \ufffd från ett trasigt dokument", "Efter den klistrade", "Och en till"]
    expect(tablet.get_by_test_id("refused-item")).to_have_count(0)


def test_a_double_click_on_next_moves_the_evening_one_phase(room):
    from playwright.sync_api import expect

    leader, projector = room["leader"], room["projector"]
    advance_to(leader, "warmup")
    next_button = leader.get_by_test_id("phase-next")
    expect(next_button).to_have_text("Nästa fas: Idéer →")
    expect(next_button).to_be_enabled()
    box = next_button.bounding_box()
    leader.mouse.dblclick(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(projector.get_by_test_id("phase")).to_have_attribute("data-phase", "brainstorm")
    # Once the button can be pressed again, the evening must still be one phase on, not two.
    expect(next_button).to_be_enabled()
    expect(next_button).to_have_text("Nästa fas: Två prioriteringar →")
    expect(leader.get_by_test_id("phase")).to_have_attribute("data-phase", "brainstorm")
    expect(projector.get_by_test_id("phase")).to_have_attribute("data-phase", "brainstorm")


def test_two_clicks_a_moment_apart_move_the_evening_one_phase(room):
    from playwright.sync_api import expect

    leader, projector = room["leader"], room["projector"]
    advance_to(leader, "brainstorm")
    next_button = leader.get_by_test_id("phase-next")
    expect(next_button).to_be_enabled()
    box = next_button.bounding_box()
    for _ in range(2):
        leader.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        leader.wait_for_timeout(150)  # the gap between the two clicks is what is tested, not a wait for state
    expect(projector.get_by_test_id("phase")).to_have_attribute("data-phase", "prioritise")
    expect(next_button).to_be_enabled()
    expect(leader.get_by_test_id("phase")).to_have_attribute("data-phase", "prioritise")
    expect(projector.get_by_test_id("phase")).to_have_attribute("data-phase", "prioritise")


def test_a_replaced_link_stops_the_old_page_at_once_and_it_hears_nothing_more(browser, room):
    from playwright.sync_api import expect

    leader, tablet, server = room["leader"], room["tablet"], room["server"]
    advance_to(leader, "brainstorm")
    expect(tablet.get_by_test_id("connection")).to_have_attribute("data-state", "online")
    new_link = replace_table_link(browser, server, 1)

    expect(tablet.get_by_test_id("link-replaced")).to_be_visible()
    expect(tablet.get_by_test_id("link-replaced")).to_contain_text("Be arrangören om den nya länken")
    expect(tablet.get_by_test_id("connection")).to_have_attribute("data-state", "replaced")

    # The new link works; the old page sees neither its ideas nor the next phase.
    fresh = browser.new_context(locale="sv-SE").new_page()
    fresh.goto(new_link)
    fresh.get_by_test_id("idea-input").fill("Skrivet med den nya länken")
    fresh.get_by_test_id("idea-input").press("Enter")
    expect(fresh.get_by_test_id("idea").filter(has_text="Skrivet med den nya länken")).to_have_attribute("data-state",
                                                                                                         "saved")
    advance_to(leader, "prioritise")
    expect(fresh.get_by_test_id("phase")).to_have_attribute("data-phase", "prioritise")
    expect(tablet.get_by_test_id("phase")).to_have_attribute("data-phase", "brainstorm")
    expect(tablet.get_by_test_id("idea").filter(has_text="Skrivet med den nya länken")).to_have_count(0)
    fresh.context.close()


def test_a_phone_that_finds_its_table_full_is_told_where_to_go(browser, live_server):
    from playwright.sync_api import expect

    with sqlite3.connect(live_server.db_path) as conn:
        conn.execute("UPDATE event_table SET seats = 1")
    phones = []
    for name in ("Alva", "Bertil"):
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE", is_mobile=True,
                                      has_touch=True)
        phone = context.new_page()
        phone.goto(live_server.links["participant"])
        phone.get_by_test_id("join-name").fill(name)
        phone.get_by_test_id("join-table").select_option("1")
        phone.get_by_test_id("join-submit").click()
        phones.append(phone)
    expect(phones[0].locator("#me-text")).to_contain_text("Alva")
    full = phones[1].get_by_test_id("join-full")
    expect(full).to_have_text("Bord 1 är fullt. Välj ett bord med lediga platser: 2, 3, 4, 5 och 6.")
    assert full.bounding_box()["y"] + full.bounding_box()["height"] <= 844  # on the first screen, portrait
    phones[1].get_by_test_id("join-table").select_option("2")
    phones[1].get_by_test_id("join-submit").click()
    expect(phones[1].locator("#me-text")).to_contain_text("Bertil")
    expect(full).to_be_hidden()
    for phone in phones:
        phone.context.close()


def test_changing_a_priority_quickly_over_a_slow_link_is_not_refused(room):
    from playwright.sync_api import expect

    leader, projector, tablet = room["leader"], room["projector"], room["tablet"]
    advance_to(leader, "brainstorm")
    expect(tablet.get_by_test_id("connection")).to_have_attribute("data-state", "online")
    for text in ("Snabbare bygglov", "Praktikplatser", "Bättre pendling"):
        tablet.get_by_test_id("idea-input").fill(text)
        tablet.get_by_test_id("idea-input").press("Enter")
    for text in ("Snabbare bygglov", "Praktikplatser", "Bättre pendling"):
        expect(tablet.get_by_test_id("idea").filter(has_text=text)).to_have_attribute("data-state", "saved")
    advance_to(leader, "prioritise")
    toggle = {text: tablet.get_by_test_id("idea").filter(has_text=text).get_by_test_id("priority-toggle")
              for text in ("Snabbare bygglov", "Praktikplatser", "Bättre pendling")}
    for text in ("Snabbare bygglov", "Praktikplatser"):
        toggle[text].click()
        expect(toggle[text]).to_have_attribute("aria-pressed", "true")
    # Unmark one and mark another at once, the second click long before the first is answered.
    toggle["Snabbare bygglov"].click()
    toggle["Bättre pendling"].click()
    expect(toggle["Bättre pendling"]).to_have_attribute("aria-pressed", "true")
    expect(toggle["Snabbare bygglov"]).to_have_attribute("aria-pressed", "false")
    expect(projector.get_by_test_id("priority")).to_have_text(["Praktikplatser", "Bättre pendling"])
    expect(tablet.get_by_test_id("error")).to_be_hidden()
