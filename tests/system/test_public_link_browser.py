"""The public link in Debian's chromium: the leader removes a phone that does not belong, and every
screen counts the seat it frees."""

import pytest

from support.browser import add_priorities_by_socket, advance_to

pytestmark = pytest.mark.browser


def phone_joins(browser, link: str, name: str, table: str, locale: str = "sv-SE"):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale=locale, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(link)
    phone.get_by_test_id("join-name").fill(name)
    phone.get_by_test_id("join-table").select_option(table)
    phone.get_by_test_id("join-submit").click()
    expect(phone.locator("#me-text")).to_contain_text(name)
    return phone


def test_the_leader_removes_a_stray_phone_and_the_projector_counts_the_free_seat(browser, live_server):
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    links = live_server.links
    leader = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE").new_page()
    projector = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="sv-SE").new_page()
    leader.goto(links["leader"])
    projector.goto(links["projector"])
    # Pass 2, where the projector shows each table's seats.
    advance_to(leader, "prioritise")
    add_priorities_by_socket(links, [[f"Prioritet {n}a", f"Prioritet {n}b"] for n in range(1, 7)])
    advance_to(leader, "theming")
    leader.get_by_test_id("theme-suggest").click()
    expect(leader.get_by_test_id("theme")).to_have_count(6)
    leader.get_by_test_id("theme-finalise").click()
    advance_to(leader, "deepen")

    alva = phone_joins(browser, links["participant"], "Alva", "1")
    stray = phone_joins(browser, links["participant"], "Kalle Anka", "1", locale="en-GB")
    seats_on_projector = projector.locator('[data-testid="seat-count"][data-table="1"]')
    expect(seats_on_projector).to_have_attribute("data-seated", "2")

    leader.get_by_test_id("phones").locator("summary").click()
    rows = leader.get_by_test_id("joined-phone")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Kalle Anka")
    expect(rows.first).to_contain_text("Bord 1")
    rows.filter(has_text="Kalle Anka").get_by_test_id("remove-phone").click()
    expect(leader.locator("#confirm-remove")).to_contain_text("Ta bort Kalle Anka (bord 1) från de anslutna?")
    leader.locator("#confirm-remove-yes").click()

    expect(seats_on_projector).to_have_attribute("data-seated", "1")
    expect(leader.locator('#tables [data-testid="seat-count"][data-table="1"]')).to_have_attribute("data-seated", "1")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Alva")
    expect(leader.get_by_test_id("phones-count")).to_have_text("(1 ansluten)")
    # The removed phone is told in its own language and may join again; the other stays joined.
    expect(stray.get_by_test_id("removed")).to_have_text(
        "The process leader has removed this phone from those who have joined. Are you here tonight? "
        "Join again with your name.")
    expect(stray.get_by_test_id("join-submit")).to_be_visible()
    expect(alva.locator("#me-text")).to_contain_text("Alva")
    for page in (leader, projector, alva, stray):
        page.context.close()
