"""At the door in Debian's chromium, as the organiser meets it on a tablet: search as you type, a
check-in undone, who is still expected, and a walk-in confirmed as checked in."""

import pytest

from support.browser import violations
from support.slowlink import SlowLink

pytestmark = pytest.mark.browser

GUESTS = "\r\n".join([
    "Namn;Organisation;Bransch;Kön;Inbjuden av;E-post;Status",
    "Anna Berg;Bergs Bygg AB;Företag;Kvinna;Kommunalrådet;anna@example.se;Anmäld",
    "Anders Bergström;Lerums gymnasium;Skola;Man;Rektorn;anders@example.se;Anmäld",
    "Cecilia Dal;Dals Café;Företag;Kvinna;Kommunalrådet;;Anmäld",
    "Bo Ek;Eks Åkeri;Företag;Man;Kommunalrådet;;Inbjuden",
]) + "\r\n"


@pytest.fixture
def door(browser, live_server, tmp_path):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="sv-SE", bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.links["organiser"])
    base = live_server.links["organiser"].split("/o/")[0] + f"/organiser/events/{live_server.links['event_id']}"
    listing = tmp_path / "gaster.csv"
    listing.write_bytes(GUESTS.encode("cp1252"))
    page.goto(f"{base}/people")
    page.get_by_test_id("import-file").set_input_files(str(listing))
    page.get_by_test_id("import-preview").click()
    page.get_by_test_id("import-confirm").click()
    expect(page.locator(".flash-info")).to_contain_text("Listan är importerad: 4 nya personer")
    page.goto(f"{base}/checkin")
    yield page
    context.close()


def expected_names(page):
    return page.get_by_test_id("expected-person").evaluate_all("rows => rows.map(row => row.dataset.name)")


def test_the_door_finds_people_as_the_name_is_typed(door):
    from playwright.sync_api import expect

    page = door
    page.get_by_test_id("checkin-search").press_sequentially("berg", delay=60)  # no button pressed
    found = page.get_by_test_id("checkin-person")
    expect(found).to_have_count(2)
    expect(found.nth(0)).to_have_attribute("data-name", "Anders Bergström")
    expect(found.nth(1)).to_have_attribute("data-name", "Anna Berg")
    expect(page.get_by_test_id("status-message")).to_have_text("2 träffar")
    page.get_by_test_id("checkin-search").press_sequentially("str", delay=60)
    expect(found).to_have_count(1)
    expect(found).to_have_attribute("data-name", "Anders Bergström")
    page.get_by_test_id("checkin-search").fill("zz")
    expect(page.get_by_test_id("checkin-none")).to_have_text(
        "Ingen träff. Lägg till personen nedan om hen kom utan anmälan.")
    # The address keeps the search, so a reload (or the check-in's answer) shows the same people.
    assert page.url.endswith("/checkin?q=zz")


def test_a_check_in_is_undone_and_the_person_is_expected_again(door):
    from playwright.sync_api import expect

    page = door
    expect(page.get_by_test_id("checkin-expected")).to_have_attribute("data-count", "3")
    assert expected_names(page) == ["Anders Bergström", "Anna Berg", "Cecilia Dal"]
    page.get_by_test_id("checkin-search").press_sequentially("anna", delay=60)
    expect(page.get_by_test_id("checkin-person")).to_have_count(1)
    page.get_by_test_id("checkin-results").get_by_role("button", name="Checka in Anna Berg").click()
    expect(page.locator(".flash-info")).to_have_text("Anna Berg är incheckad.")
    expect(page.get_by_test_id("checkin-count")).to_have_text("Incheckade hittills: 1")
    person = page.get_by_test_id("checkin-person")
    expect(person).to_have_attribute("data-status", "attended")
    expect(person.get_by_test_id("checked-in")).to_have_text("✓ Incheckad")
    assert expected_names(page) == ["Anders Bergström", "Cecilia Dal"]
    # The search is kept and selected: typing the next name replaces it.
    expect(page.get_by_test_id("checkin-search")).to_have_value("anna")

    person.get_by_role("button", name="Ångra incheckningen av Anna Berg").click()
    expect(page.locator(".flash-info")).to_have_text("Incheckningen av Anna Berg är ångrad.")
    expect(page.get_by_test_id("checkin-count")).to_have_text("Incheckade hittills: 0")
    expect(page.get_by_test_id("checkin-person")).to_have_attribute("data-status", "registered")
    assert expected_names(page) == ["Anders Bergström", "Anna Berg", "Cecilia Dal"]


def test_the_expected_list_checks_people_in_and_empties(door):
    from playwright.sync_api import expect

    page = door
    for name in ("Anders Bergström", "Anna Berg", "Cecilia Dal"):
        page.get_by_test_id("checkin-expected").get_by_role("button", name=f"Checka in {name}").click()
        expect(page.locator(".flash-info")).to_have_text(f"{name} är incheckad.")
    expect(page.get_by_test_id("checkin-expected")).to_have_attribute("data-count", "0")
    expect(page.get_by_test_id("checkin-expected")).to_contain_text("Alla anmälda är incheckade.")
    expect(page.get_by_test_id("checkin-count")).to_have_text("Incheckade hittills: 3")


def test_a_walk_in_is_confirmed_as_checked_in(door):
    from playwright.sync_api import expect

    page = door
    page.get_by_label("Namn", exact=True).fill("Kim Ny")
    page.get_by_label("Organisation", exact=True).fill("Nya Idéer AB")
    page.get_by_role("button", name="Lägg till på plats och checka in").dblclick()  # an eager tap
    expect(page.locator(".flash-info")).to_have_text("Kim Ny är tillagd och incheckad.")
    person = page.get_by_test_id("checkin-person")
    expect(person).to_have_count(1)
    expect(person).to_have_attribute("data-name", "Kim Ny")
    expect(person.get_by_test_id("checked-in")).to_have_text("✓ Incheckad")
    expect(person.get_by_role("button", name="Ångra incheckningen av Kim Ny")).to_be_visible()
    expect(page.get_by_test_id("checkin-count")).to_have_text("Incheckade hittills: 1")
    assert violations(page) == []  # the undo beside the status, the expected list


def test_over_a_slow_link_the_last_search_typed_is_the_one_shown(door, live_server):
    from playwright.sync_api import expect

    link = SlowLink(live_server.port, delay=0.4)  # venue Wi-Fi: 800 ms a round trip
    try:
        page = door
        page.goto(link.url(page.url))
        search = page.get_by_test_id("checkin-search")
        search.press_sequentially("an", delay=60)
        page.wait_for_timeout(300)  # "an" is on its way: Anna and Anders
        search.press_sequentially("na", delay=60)
        expect(page.get_by_test_id("checkin-results")).to_have_attribute("data-query", "anna", timeout=15_000)
        page.wait_for_timeout(1500)  # had the answer for "an" come last, it would show now
        expect(page.get_by_test_id("checkin-person")).to_have_count(1)
        expect(page.get_by_test_id("checkin-person")).to_have_attribute("data-name", "Anna Berg")
        page.get_by_role("button", name="Checka in Anna Berg").first.dblclick()
        expect(page.locator(".flash-info")).to_have_text("Anna Berg är incheckad.", timeout=15_000)
        expect(page.get_by_test_id("checkin-count")).to_have_text("Incheckade hittills: 1")
    finally:
        link.close()
