"""Numbers the room and the council can trust, in Debian's chromium: one headcount per table on the
leader's page, the projector, the tablet and the phone, whoever placed the people there; a full table
looks full on the phone, and a refusal shows where the person tapped."""

import pytest
import socketio

from support.full_evening import FullEvening

pytestmark = pytest.mark.browser

# Twelve registered people: the seating plan puts two at each of the six tables.
REGISTERED = "\r\n".join(
    ["Namn;Organisation;Kön;Status"]
    + [f"Person {n} Berg;Förening {n};{'Kvinna' if n % 2 else 'Man'};Anmäld" for n in range(1, 13)]) + "\r\n"


def organiser_desk(browser, server, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE")
    page = context.new_page()
    page.goto(server.links["organiser"])
    base = server.links["organiser"].split("/o/")[0] + f"/organiser/events/{server.links['event_id']}"
    return page, base


# Last year's kept list: 51 of 60 say "Deltog".
KEPT = "\r\n".join(["Namn;Status"] + [f"Person {n};{'Deltog' if n < 51 else 'Anmäld'}" for n in range(60)]) + "\r\n"


def test_the_import_preview_says_what_each_status_becomes_and_nobody_is_checked_in_before_the_evening(
        browser, live_server, tmp_path):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    desk, base = organiser_desk(browser, live_server, tmp_path)
    listing = tmp_path / "forra-kvallen.csv"
    listing.write_bytes(KEPT.encode("utf-8"))
    desk.goto(f"{base}/people")
    desk.get_by_test_id("import-file").set_input_files(str(listing))
    desk.get_by_test_id("import-preview").click()
    status_map = desk.get_by_test_id("import-status-map").locator("tbody tr")
    expect(status_map).to_have_count(2)
    expect(status_map.nth(0)).to_have_attribute("data-value", "Deltog")
    expect(status_map.nth(0)).to_have_attribute("data-becomes", "registered")
    expect(status_map.nth(0)).to_contain_text("51")
    expect(status_map.nth(0)).to_contain_text("Anmäld")
    expect(desk.get_by_test_id("before-evening-choice")).to_have_value("registered")
    desk.get_by_test_id("import-confirm").click()
    expect(desk.locator(".flash-info")).to_contain_text("Listan är importerad: 60 nya personer")
    desk.goto(f"{base}/checkin")
    expect(desk.locator("main .lead").first).to_have_text("Incheckade hittills: 0")

    # The organiser who does mean it chooses so, sees it in the preview, and imports it.
    guests = tmp_path / "gaster.csv"
    guests.write_bytes(("Namn;Status\r\n" + "".join(f"Gäst {n};Deltog\r\n" for n in range(5))).encode("utf-8"))
    desk.goto(f"{base}/people")
    desk.get_by_test_id("import-file").set_input_files(str(guests))
    desk.get_by_test_id("import-preview").click()
    desk.get_by_test_id("before-evening-choice").select_option("attended")
    desk.get_by_role("button", name="Läs om med de här valen").click()
    expect(desk.get_by_test_id("import-status-map").locator('tr[data-value="Deltog"]')).to_have_attribute(
        "data-becomes", "attended")
    desk.get_by_test_id("import-confirm").click()
    desk.goto(f"{base}/checkin")
    expect(desk.locator("main .lead").first).to_have_text("Incheckade hittills: 5")
    desk.context.close()


def test_a_new_event_dated_in_the_past_is_asked_about_before_it_is_saved(browser, live_server, tmp_path):
    import datetime

    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    desk, _ = organiser_desk(browser, live_server, tmp_path)
    last_year = (datetime.date.today() - datetime.timedelta(days=365)).isoformat()
    desk.locator("#title").fill("Övningskväll")
    desk.locator("#event_date").fill(last_year)
    desk.get_by_role("button", name="Skapa evenemanget").click()
    expect(desk.locator(".flash-error")).to_contain_text(f"Datumet {last_year} har redan varit. Stämmer det?")
    expect(desk.locator("#title")).to_have_value("Övningskväll")  # nothing typed is lost
    expect(desk.get_by_role("link", name="Övningskväll")).to_have_count(0)  # and nothing saved yet
    desk.get_by_test_id("past-date-confirm").locator("input").check()
    desk.get_by_role("button", name="Skapa evenemanget").click()
    expect(desk.locator("h1")).to_contain_text("Övningskväll")
    desk.context.close()


def join_by_socket(links, name, table):
    client = socketio.SimpleClient()
    client.connect(links["leader"].split("/leader/")[0], auth={"token": links["participant"].rsplit("/", 1)[1]},
                   transports=["websocket"])
    answer = client.call("participant:join", {"name": name, "table": table}, timeout=20)
    client.disconnect()
    assert answer["ok"], answer


def test_every_screen_shows_one_headcount_per_table_and_a_full_table_looks_full(browser, evening_server, tmp_path):
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    links = evening_server.links
    desk, base = organiser_desk(browser, evening_server, tmp_path)
    listing = tmp_path / "anmalda.csv"
    listing.write_bytes(REGISTERED.encode("utf-8"))
    desk.goto(f"{base}/people")
    desk.get_by_test_id("import-file").set_input_files(str(listing))
    desk.get_by_test_id("import-preview").click()
    desk.get_by_test_id("import-confirm").click()
    desk.goto(f"{base}/seating")
    desk.get_by_test_id("suggest-seating").click()
    expect(desk.locator('[data-testid="seating-row"][data-table="1"]')).to_have_attribute("data-count", "2")

    tablet = browser.new_context(viewport={"width": 1024, "height": 768}, locale="sv-SE").new_page()
    tablet.goto(links["tables"][0]["secretary"])
    expect(tablet.get_by_test_id("seated-name")).to_have_count(2)
    planned = tablet.get_by_test_id("seated-name").all_text_contents()
    # One of the two the plan seated at table 1 joins by phone as well: she is still one person.
    first = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE", is_mobile=True,
                                has_touch=True).new_page()
    first.goto(links["participant"])
    first.get_by_test_id("join-name").fill(planned[0])
    first.get_by_test_id("join-table").select_option("1")
    first.get_by_test_id("join-submit").click()
    expect(first.get_by_test_id("my-table")).to_have_text(f"{planned[0]}, du sitter vid bord 1")
    expect(tablet.locator('[data-testid="seat-count"][data-table="1"]')).to_have_attribute("data-seated", "2")

    evening = FullEvening(links, phones=0)
    evening.run_until("deepen")  # the round is open
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE", is_mobile=True,
                                has_touch=True).new_page()
    phone.goto(links["participant"])
    phone.get_by_test_id("join-name").fill("Bo")
    phone.get_by_test_id("join-table").select_option("2")
    phone.get_by_test_id("join-submit").click()
    expect(phone.get_by_test_id("my-table")).to_have_text("Bo, du sitter vid bord 2")
    for name in ("Cia", "Dan"):  # two more, by phone only: table 1 is full (4 seats for 12 at six tables)
        join_by_socket(links, name, 1)

    leader = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE").new_page()
    projector = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="sv-SE").new_page()
    leader.goto(links["leader"])
    projector.goto(links["projector"])
    counts = {"leader": leader.locator('#tables [data-testid="seat-count"][data-table="1"]'),
              "projector": projector.locator('[data-testid="seat-count"][data-table="1"]'),
              "tablet": tablet.locator('[data-testid="seat-count"][data-table="1"]'),
              "phone": phone.locator('[data-testid="rotation-choice"][data-table="1"] [data-testid="seat-count"]')}
    for screen, count in counts.items():
        expect(count, screen).to_have_attribute("data-seated", "4")
        expect(count, screen).to_have_text("Fullt: 4 av 4 platser upptagna")
    expect(tablet.get_by_test_id("seated-name")).to_have_text(sorted([*planned, "Cia", "Dan"], key=str.casefold))
    expect(leader.get_by_test_id("phones-count")).to_have_text("(4 anslutna)")

    # On the phone the full table cannot be chosen and says so; one with room can.
    full = phone.locator('[data-testid="rotation-choice"][data-table="1"]')
    expect(full).to_be_disabled()
    expect(full).to_have_attribute("data-full", "true")
    expect(phone.locator('[data-testid="rotation-choice"][data-table="3"]')).to_be_enabled()
    # A table that fills between the drawing and the tap: the refusal shows under the tapped button,
    # not at the top of the page.
    phone.evaluate("() => { document.querySelector('[data-testid=\"rotation-choice\"][data-table=\"1\"]')"
                   ".disabled = false; }")
    full.click()
    refusal = phone.get_by_test_id("choice-error")
    expect(refusal).to_contain_text("Bord 1 är fullt")
    tapped, told = full.bounding_box(), refusal.bounding_box()
    assert 0 <= told["y"] - (tapped["y"] + tapped["height"]) <= 40, (tapped, told)
    expect(phone.get_by_test_id("error")).to_be_hidden()
    evening.close()
    for page in (desk, tablet, first, phone, leader, projector):
        page.context.close()
