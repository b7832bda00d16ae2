"""A real evening in Debian's chromium: leader, projector and a table's tablet side by side.

Playwright drives /usr/bin/chromium (never a downloaded browser). Without chromium these tests
skip locally with the reason; with DIALOG_APP_REQUIRE_BROWSER=1 (set by .ci/run) they fail.
"""

import pytest

from support.browser import add_priorities_by_socket, advance_to, replace_table_link

pytestmark = pytest.mark.browser




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


def ideas_stored(db_path: str) -> list[str]:
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        return [row[0] for row in conn.execute("SELECT text FROM idea WHERE withdrawn_at IS NULL ORDER BY rowid")]


def test_an_idea_typed_offline_arrives_after_reconnecting(pages, live_server):
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
    # Offline, the idea is on the tablet only: the server has not stored it, so no screen can show it.
    assert ideas_stored(live_server.db_path) == []
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


def drag(page, source, target):
    """Press, move as a hand would, release over the end of target: each step waits for SortableJS to
    show it has the drag (its floating copy) and its placeholder is in the target list."""
    start, end = source.bounding_box(), target.bounding_box()
    x0, y0 = start["x"] + 5, start["y"] + 5
    x1, y1 = end["x"] + 20, end["y"] + end["height"] - 8
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move(x0 + 12, y0 + 12, steps=6)
    page.locator(".sortable-fallback").wait_for()
    page.mouse.move(x1, y1, steps=20)
    page.mouse.move(x1, y1 + 1)
    target.locator(".sortable-ghost").wait_for()
    page.mouse.up()


def test_leaders_theme_the_priorities_and_the_projector_follows(pages, live_server):
    from playwright.sync_api import expect

    leader, projector = pages["leader"], pages["projector"]
    advance_to(leader, "prioritise")
    add_priorities_by_socket(live_server.links, [
        ["Snabbare bygglov", "Praktikplatser för unga"], ["Bygglov på nätet", "Bredband till alla"],
        ["Fiber på landsbygden", "Fler pendeltåg"], ["Bättre bussar", "Bostäder för nyanställda"],
        ["Fler hyresrätter", "Mötesplatser för företagare"], ["Företagarträffar", "Skolan och företagen"]])
    expect(projector.get_by_test_id("priority")).to_have_count(12)
    leader.get_by_test_id("phase-next").click()
    expect(leader.get_by_test_id("phase")).to_have_attribute("data-phase", "theming")

    leader.get_by_test_id("theme-suggest").click()
    expect(leader.get_by_test_id("theme")).to_have_count(6)
    # The suggestion is the leaders' draft: the room still sees the tables' priorities and no theme,
    # while the leaders rename and move.
    expect(leader.get_by_test_id("board-draft")).to_be_visible()
    title = leader.get_by_test_id("theme").first.get_by_test_id("theme-title")
    title.fill("Bygglov och service")
    title.press("Enter")
    expect(leader.get_by_test_id("theme").first.get_by_test_id("theme-title")).to_have_value("Bygglov och service")
    leader.wait_for_timeout(500)  # what the room would have seen by now
    expect(projector.get_by_test_id("theme")).to_have_count(0)
    expect(projector.get_by_test_id("priority")).to_have_count(12)
    expect(projector.get_by_text("Bygglov och service")).to_have_count(0)
    leader.get_by_test_id("theme-publish").click()
    expect(leader.get_by_test_id("theme-publish")).to_be_hidden()
    expect(leader.get_by_test_id("board-draft")).to_be_hidden()
    expect(projector.get_by_test_id("theme")).to_have_count(6)
    expect(projector.get_by_test_id("theme").first.get_by_test_id("theme-title")).to_have_text("Bygglov och service")
    expect(projector.get_by_test_id("theme").get_by_test_id("priority")).to_have_count(12)

    # Drag the last theme's first priority up into the first theme (a card above it stays put while dragging),
    # on a screen tall enough that nothing scrolls mid-drag.
    leader.set_viewport_size({"width": 1280, "height": 2400})
    first_theme, last_theme = leader.get_by_test_id("theme").first, leader.get_by_test_id("theme").last
    dragged = last_theme.get_by_test_id("priority").first
    dragged_text = dragged.locator(".chip-text").inner_text()
    target = first_theme.locator(".theme-priorities")
    drag(leader, dragged.locator(".chip-text"), target)
    expect(projector.get_by_test_id("theme").first.get_by_test_id("priority").filter(has_text=dragged_text)).to_have_count(1)
    expect(projector.get_by_test_id("theme").get_by_test_id("priority").filter(has_text=dragged_text)).to_have_count(1)

    # Rename the first theme; the projector shows the new title.
    title = leader.get_by_test_id("theme").first.get_by_test_id("theme-title")
    title.fill("Företagsklimat & service")
    title.press("Enter")
    expect(projector.get_by_test_id("theme").first.get_by_test_id("theme-title")).to_have_text(
        "Företagsklimat & service")

    # A seventh theme: "Fastställ teman" waits and says why, beside it; undo takes the theme away again.
    leader.locator("#theme-create").click()
    expect(projector.get_by_test_id("theme")).to_have_count(7)
    expect(leader.get_by_test_id("theme-finalise")).to_have_attribute("aria-disabled", "true")
    expect(leader.get_by_test_id("finalise-why")).to_have_text("Väntar: 7 teman, men kvällen ska ha 6.")
    leader.get_by_test_id("theme-undo").click()
    expect(projector.get_by_test_id("theme")).to_have_count(6)

    leader.get_by_test_id("theme-finalise").click()
    expect(leader.locator("#board-status")).to_have_text("6 av 6 teman · fastställda")
    expect(leader.get_by_test_id("theme").first.get_by_test_id("theme-title")).to_be_disabled()
    expect(projector.get_by_test_id("theme").first.get_by_test_id("theme-title")).to_have_text(
        "Företagsklimat & service")
    leader.reload()
    expect(leader.get_by_test_id("theme").first.get_by_test_id("theme-title")).to_have_value("Företagsklimat & service")


def test_a_priority_moves_by_keyboard_menu_too(pages, live_server):
    from playwright.sync_api import expect

    leader, projector = pages["leader"], pages["projector"]
    advance_to(leader, "prioritise")
    add_priorities_by_socket(live_server.links, [["Bygglov", "Bredband"], ["Pendeltåg", "Bostäder"]])
    leader.get_by_test_id("phase-next").click()
    leader.locator("#confirm-force").click()
    leader.get_by_test_id("theme-suggest").click()
    expect(leader.get_by_test_id("theme")).to_have_count(4)
    leader.get_by_test_id("theme-publish").click()
    chip = leader.get_by_test_id("theme").first.get_by_test_id("priority").first
    text = chip.locator(".chip-text").inner_text()
    chip.locator("select").select_option(label="Ett nytt tema")
    expect(projector.get_by_test_id("theme")).to_have_count(5)
    new_theme = projector.get_by_test_id("theme").nth(1)
    expect(new_theme.get_by_test_id("theme-title")).to_have_text("Nytt tema")
    expect(new_theme.get_by_test_id("priority")).to_have_count(1)
    expect(new_theme.get_by_test_id("priority")).to_contain_text(text)


def test_pass_two_rotation_on_phones_and_the_parking_lot(browser, pages, live_server):
    from playwright.sync_api import expect

    leader, projector, tablet = pages["leader"], pages["projector"], pages["tablet"]
    links = live_server.links
    advance_to(leader, "prioritise")
    add_priorities_by_socket(links, [[f"Prioritet {n}a", f"Prioritet {n}b"] for n in range(1, 7)])
    advance_to(leader, "theming")
    leader.get_by_test_id("theme-suggest").click()
    expect(leader.get_by_test_id("theme")).to_have_count(6)
    leader.get_by_test_id("theme-finalise").click()
    expect(leader.locator("#board-status")).to_have_text("6 av 6 teman · fastställda")
    advance_to(leader, "deepen")

    # The tablet now writes proposals for its theme; the projector shows them per table.
    expect(tablet.locator("#theme-banner")).to_be_visible()
    tablet.get_by_test_id("idea-input").fill("Ett näringslivsråd med månadsmöten")
    tablet.get_by_test_id("idea-submit").click()
    expect(tablet.get_by_test_id("proposal").filter(has_text="Ett näringslivsråd")).to_have_attribute("data-state",
                                                                                                      "saved")
    expect(projector.get_by_test_id("proposal").filter(has_text="Ett näringslivsråd med månadsmöten")).to_have_count(1)

    # Three phones join a room the organiser set to one seat per table.
    import sqlite3
    with sqlite3.connect(live_server.db_path) as conn:
        conn.execute("UPDATE event_table SET seats = 1")
    phones = []
    for name, table in (("Alva", "1"), ("Bertil", "2"), ("Cecilia", "3")):
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE", is_mobile=True,
                                      has_touch=True)
        phone = context.new_page()
        phone.goto(links["participant"])
        phone.get_by_test_id("join-name").fill(name)
        phone.get_by_test_id("join-table").select_option(table)
        phone.get_by_test_id("join-submit").click()
        expect(phone.locator("#me-text")).to_contain_text(name)
        phones.append(phone)
    leader.get_by_test_id("rotation-open").click()
    first, second, _ = phones
    choice = first.locator('[data-testid="rotation-choice"][data-table="4"]')
    expect(choice).to_be_enabled()
    choice.click()
    expect(choice).to_have_attribute("aria-pressed", "true")
    for page in (projector, leader.locator("#deepen-tables"), second):
        seat = page.locator('[data-testid="seat-count"][data-table="4"]')
        expect(seat).to_have_attribute("data-seated", "1")
        expect(seat).to_have_attribute("data-seats", "1")
    expect(leader.locator('#tables [data-testid="seat-count"][data-table="1"]')).to_have_attribute("data-seated", "0")
    # A full table cannot be chosen and says so (a refusal under the tap: test_numbers_browser).
    full = second.locator('[data-testid="rotation-choice"][data-table="4"]')
    expect(full).to_be_disabled()
    expect(full.get_by_test_id("seat-count")).to_have_text("Fullt: 1 av 1 plats upptagen")
    leader.get_by_test_id("rotation-close").click()
    expect(second.locator('[data-testid="rotation-choice"][data-table="4"]')).to_be_disabled()

    # Parking lot: a phone's note reaches the leader, and the projector only when shown.
    first.get_by_test_id("parking-input").fill("Mikrofonen vid bord 3 fungerar inte")
    first.get_by_test_id("parking-submit").click()
    expect(leader.get_by_test_id("parking-item").filter(has_text="Mikrofonen vid bord 3")).to_have_count(1)
    expect(projector.locator("#parking-panel")).to_be_hidden()
    leader.get_by_test_id("parking-show").check()
    expect(projector.locator("#parking-panel")).to_contain_text("Mikrofonen vid bord 3 fungerar inte")
    for phone in phones:
        phone.context.close()


def test_a_check_in_at_the_door_on_a_tablet(browser, live_server, tmp_path):
    import subprocess
    import sys

    from playwright.sync_api import expect

    listing = tmp_path / "inbjudna.csv"
    listing.write_text("Namn;Organisation;Kön;Status;Inbjuden av\n"
                       "Åsa Öberg;Öbergs Bygg;Kvinna;Anmäld;Kommunalrådet\n"
                       "Per Ek;Lerums gymnasium;Man;Anmäld;Kommunalrådet\n", encoding="utf-8")
    # The command works against the running server's database.
    imported = subprocess.run([sys.executable, "-m", "dialog_app.serve", "invites", "import",
                               live_server.links["event_id"], str(listing), "--db", live_server.db_path],
                              capture_output=True, text=True, timeout=60)
    assert imported.returncode == 0, imported.stderr

    door = browser.new_context(viewport={"width": 1024, "height": 768}, locale="sv-SE").new_page()
    door.goto(live_server.links["organiser"])
    base = live_server.links["organiser"].split("/o/")[0]
    door.goto(f"{base}/organiser/events/{live_server.links['event_id']}/checkin")
    door.get_by_test_id("checkin-search").fill("åsa")
    door.get_by_test_id("checkin-search").press("Enter")
    person = door.get_by_test_id("checkin-person").filter(has_text="Åsa Öberg")
    expect(person).to_have_count(1)
    person.get_by_test_id("checkin-button").click()
    expect(door.get_by_test_id("checkin-person").filter(has_text="Åsa Öberg")).to_have_attribute("data-status",
                                                                                                 "attended")
    expect(door.locator(".flash-info")).to_contain_text("Åsa Öberg är incheckad")
    door.goto(f"{base}/organiser/events/{live_server.links['event_id']}/dashboard")
    expect(door.get_by_test_id("funnel")).to_have_attribute("data-attended", "1")
    expect(door.get_by_test_id("funnel")).to_have_attribute("data-registered", "2")
    door.context.close()


def test_the_projector_shows_a_busy_tables_newest_ideas_and_counts_the_rest(pages, live_server):
    import uuid

    import socketio
    from playwright.sync_api import expect

    leader, projector = pages["leader"], pages["projector"]
    advance_to(leader, "brainstorm")
    base = live_server.links["leader"].split("/leader/")[0]
    tablet = socketio.SimpleClient()
    tablet.connect(base, auth={"token": live_server.links["tables"][1]["secretary"].rsplit("/", 1)[1]},
                   transports=["websocket"])
    for number in range(1, 15):
        assert tablet.call("idea:add", {"id": str(uuid.uuid4()), "text": f"Idé nummer {number}"}, timeout=10)["ok"]
    tablet.disconnect()
    card = projector.locator('.table-card[data-table="2"]')
    expect(card.get_by_test_id("idea-count")).to_have_attribute("data-count", "14")
    expect(card.get_by_test_id("idea")).to_have_count(14)
    expect(card.get_by_test_id("idea").first).to_have_text("Idé nummer 14")


def test_texts_kept_offline_survive_a_new_link_for_the_table(browser, pages, live_server):
    """The organiser replaces table 1's link while its tablet holds an unsent idea; the new link delivers it."""
    import re

    from playwright.sync_api import expect

    leader, projector, tablet = pages["leader"], pages["projector"], pages["tablet"]
    advance_to(leader, "brainstorm")
    expect(tablet.get_by_test_id("connection")).to_have_attribute("data-state", "online")
    pages["contexts"]["tablet"].set_offline(True)
    expect(tablet.get_by_test_id("connection")).to_have_attribute("data-state", "offline")
    tablet.get_by_test_id("idea-input").fill("Skrevs innan länken byttes")
    tablet.get_by_test_id("idea-submit").click()

    new_link = replace_table_link(browser, live_server, 1)
    assert new_link != live_server.links["tables"][0]["secretary"] and re.search(r"/table/", new_link)

    pages["contexts"]["tablet"].set_offline(False)
    tablet.goto(new_link)
    expect(tablet.get_by_test_id("connection")).to_have_attribute("data-state", "online")
    expect(projector.get_by_test_id("idea").filter(has_text="Skrevs innan länken byttes")).to_have_count(1)
