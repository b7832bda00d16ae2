"""Words people read on the screens, in Debian's chromium: the phone before it has joined, the seats' help
text with nobody expected yet, and the tablet at the close showing what the table proposed."""

import pytest

from support.full_evening import PROPOSALS, FullEvening

pytestmark = pytest.mark.browser


def test_the_phone_says_uppkopplad_not_ansluten_beside_anslut_dig(browser, live_server):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE", is_mobile=True,
                                has_touch=True).new_page()
    phone.goto(live_server.links["participant"])
    expect(phone.get_by_test_id("connection")).to_have_attribute("data-state", "online")
    expect(phone.get_by_role("heading", name="Välkommen! Anslut dig")).to_be_visible()
    expect(phone.get_by_test_id("connection")).to_have_text("Uppkopplad")
    assert "Ansluten" not in phone.locator("body").inner_text()
    phone.get_by_test_id("join-name").fill("Alva")
    phone.get_by_test_id("join-submit").click()
    expect(phone.get_by_test_id("my-table")).to_have_text("Alva, du sitter vid bord 1")
    expect(phone.get_by_test_id("connection")).to_have_text("Uppkopplad")
    phone.context.close()


def test_the_seats_help_text_with_nobody_expected_yet(browser, live_server):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE").new_page()
    page.goto(live_server.links["organiser"])
    page.goto(live_server.links["organiser"].split("/o/")[0] + f"/organiser/events/{live_server.links['event_id']}")
    help_text = page.get_by_test_id("default-seats")
    expect(help_text).to_have_text(
        "Om fältet är tomt räknas platserna ut från antalet väntade deltagare, eller från de anmälda på listan. "
        "Än så länge finns inga, så varje bord har 2 lediga platser.")
    page.locator("#expected_participants").fill("60")
    page.get_by_role("button", name="Spara ändringar").click()
    expect(help_text).to_have_text(
        "Om fältet är tomt: 13 platser per bord. Det räcker för de väntade deltagarna (60) med en fjärdedel till, "
        "och minst två platser per bord är lediga.")
    page.context.close()


def test_the_tablet_at_the_close_shows_what_the_table_proposed_too(browser, evening_server):
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)
    links = evening_server.links
    tablet = browser.new_context(viewport={"width": 768, "height": 1024}, locale="sv-SE").new_page()
    tablet.goto(links["tables"][0]["secretary"])
    evening = FullEvening(links, phones=0)
    evening.run_until("closing")
    expect(tablet.get_by_test_id("phase")).to_have_attribute("data-phase", "closing")
    expect(tablet.get_by_test_id("closing-proposal")).to_have_text(list(reversed(PROPOSALS)))
    expect(tablet.locator('#idea-list [data-testid="idea"]')).to_have_count(12)  # the ideas of pass 1 stay
    evening.close()
    tablet.context.close()


def test_the_leader_shows_or_hides_each_parking_note_on_the_projector_and_marks_it_answered(browser, live_server):
    import uuid

    import socketio
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    links = live_server.links
    leader = browser.new_context(viewport={"width": 1440, "height": 900}, locale="sv-SE").new_page()
    projector = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="sv-SE").new_page()
    leader.goto(links["leader"])
    projector.goto(links["projector"])
    tablet = socketio.SimpleClient()
    secretary = links["tables"][0]["secretary"].rsplit("/", 1)[1]
    tablet.connect(links["leader"].split("/leader/")[0], auth={"token": secretary}, transports=["websocket"])
    for text in ("Det är för varmt i lokalen", "Kan vi få presentationen efteråt?"):
        assert tablet.call("parking:add", {"id": str(uuid.uuid4()), "text": text}, timeout=20)["ok"]
    tablet.disconnect()
    leader.get_by_test_id("parking-show").check()
    shown = projector.get_by_test_id("parking-item")
    expect(shown).to_have_count(2)

    warm = leader.get_by_test_id("parking-item").filter(has_text="Det är för varmt i lokalen")
    warm.get_by_test_id("parking-projector").click()
    expect(warm.get_by_test_id("parking-projector")).to_have_attribute("aria-pressed", "false")
    expect(shown).to_have_text(["Kan vi få presentationen efteråt?"])
    talk = leader.get_by_test_id("parking-item").filter(has_text="presentationen")
    talk.get_by_test_id("parking-answered").click()
    expect(talk.get_by_test_id("parking-answered")).to_have_attribute("aria-pressed", "true")
    expect(shown).to_have_text(["Kan vi få presentationen efteråt? · Besvarad"])
    # A reload keeps it: the choice is the server's.
    leader.reload()
    expect(leader.get_by_test_id("parking-item").filter(has_text="för varmt")).to_have_attribute("data-hidden", "true")
    projector.reload()
    expect(projector.get_by_test_id("parking-item")).to_have_count(1)
    leader.context.close()
    projector.context.close()
