"""The organiser's event page in Debian's chromium: a checklist of what to do next, ticked from the
event's real state, and a practice run that is reset to the start (asked first) and leaves no trace."""

import datetime
import uuid

import pytest
import socketio

pytestmark = pytest.mark.browser


def client_for(links, role_link):
    client = socketio.SimpleClient()
    client.connect(links["leader"].split("/leader/")[0], auth={"token": role_link.rsplit("/", 1)[1]},
                   transports=["websocket"])
    return client


def steps(page) -> dict:
    return {item.get_attribute("data-step"): item.get_attribute("data-done")
            for item in page.get_by_test_id("checklist").locator("li").all()}


def test_the_event_page_says_what_to_do_next_and_a_practice_is_reset_to_the_start(browser, live_server):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    links = live_server.links
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE").new_page()
    page.goto(links["organiser"])
    event_page = links["organiser"].split("/o/")[0] + f"/organiser/events/{links['event_id']}"
    page.goto(event_page)
    assert steps(page) == {"created": "true", "details": "false", "list": "false", "seating": "false",
                           "evening": "false", "strategy": "false", "followup": "false"}
    expect(page.locator('[data-testid="checklist"] li[aria-current="step"]')).to_contain_text(
        "Fyll i datum, plats och frågorna")

    # A practice today, for an evening five weeks ahead.
    evening_day = (datetime.date.today() + datetime.timedelta(days=38)).isoformat()
    page.locator("#event_date").fill(evening_day)
    page.locator("#place").fill("Kulturhuset")
    page.get_by_role("button", name="Spara ändringar").click()
    expect(page.locator('[data-testid="checklist"] li[data-step="details"]')).to_have_attribute("data-done", "true")
    expect(page.locator('[data-testid="checklist"] li[aria-current="step"]')).to_have_attribute("data-step", "list")
    leader = client_for(links, links["leader"])
    for phase in ("setup", "warmup"):
        assert leader.call("phase:advance", {"from": phase, "force": True}, timeout=20)["ok"]
    tablet_page = browser.new_context(viewport={"width": 1024, "height": 768}, locale="sv-SE").new_page()
    tablet_page.goto(links["tables"][0]["secretary"])
    tablet = client_for(links, links["tables"][0]["secretary"])
    assert tablet.call("idea:add", {"id": str(uuid.uuid4()), "text": "Övningsidé"}, timeout=20)["ok"]
    expect(tablet_page.locator('#idea-list [data-testid="idea"]')).to_have_count(1)
    page.reload()
    expect(page.get_by_test_id("practice-left")).to_contain_text(
        f"före evenemangets datum {evening_day}. Var det en övning?")

    # Asked first: the button is behind a summary that says what goes and what stays, and a tick.
    reset = page.get_by_test_id("reset-evening")
    expect(page.get_by_test_id("reset-button")).to_be_hidden()
    reset.locator("summary").click()
    expect(reset).to_contain_text("Deltagarlistan, borden, inställningarna och länkarna finns kvar.")
    page.get_by_test_id("reset-button").click()
    expect(page.get_by_test_id("reset-confirm")).to_be_visible()  # the form waits for the tick
    assert page.evaluate("() => document.querySelector('[data-testid=\"reset-confirm\"]').validity.valueMissing")
    page.get_by_test_id("reset-confirm").check()
    page.get_by_test_id("reset-button").click()
    expect(page.locator(".flash-info")).to_contain_text("Evenemanget är återställt till starten.")
    expect(page.get_by_test_id("practice-left")).to_have_count(0)
    expect(page.locator("[data-phase]").first).to_have_attribute("data-phase", "setup")
    # The tablet that was open starts again from the event's start, the practice's idea gone.
    expect(tablet_page.get_by_test_id("phase")).to_have_attribute("data-phase", "setup")
    expect(tablet_page.locator('#idea-list [data-testid="idea"]')).to_have_count(0)
    leader.disconnect()
    tablet.disconnect()
    page.context.close()
    tablet_page.context.close()
