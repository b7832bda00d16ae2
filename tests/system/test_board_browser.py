"""The theme board explains its suggestion, in Debian's chromium: each theme shows the words its
priorities share, and a priority that does not fit goes to Ej sorterade with one press."""

import pytest

from support.browser import add_priorities_by_socket, advance_to

pytestmark = pytest.mark.browser

TABLES = [["Snabbare bygglov", "Praktikplatser för unga"], ["Bygglov på nätet", "Bredband till alla"],
          ["Fiber på landsbygden", "Fler pendeltåg"], ["Bättre bussar", "Bostäder för nyanställda"],
          ["Fler hyresrätter", "Mötesplatser för företagare"], ["Företagarträffar", "Skolan och företagen"]]


def theme_holding(leader, text):
    """The leader's theme card holding a priority (by its own text, not the menus' theme titles)."""
    return leader.get_by_test_id("theme").filter(has=leader.locator(".chip-text", has_text=text))


def test_the_leader_sees_why_priorities_were_grouped_and_moves_one_that_does_not_fit(pages, live_server):
    from playwright.sync_api import expect

    leader, projector = pages["leader"], pages["projector"]
    advance_to(leader, "prioritise")
    add_priorities_by_socket(live_server.links, TABLES)
    expect(projector.get_by_test_id("priority")).to_have_count(12)
    leader.get_by_test_id("phase-next").click()
    expect(leader.get_by_test_id("phase")).to_have_attribute("data-phase", "theming")
    leader.get_by_test_id("theme-suggest").click()
    expect(leader.get_by_test_id("theme")).to_have_count(6)
    leader.get_by_test_id("theme-publish").click()

    broadband = theme_holding(leader, "Bredband till alla")
    expect(broadband.get_by_test_id("theme-words")).to_have_text("Gemensamma ord: bredband, fiber")
    permits = theme_holding(leader, "Snabbare bygglov")
    expect(permits.get_by_test_id("theme-words")).to_have_text("Gemensamma ord: bygglov")
    # A theme of one priority shares nothing with anyone, and says nothing.
    alone = theme_holding(leader, "Praktikplatser för unga")
    expect(alone.get_by_test_id("priority")).to_have_count(1)
    expect(alone.get_by_test_id("theme-words")).to_have_count(0)
    # The room's screen shows the themes, not the leaders' working notes.
    expect(projector.get_by_test_id("theme")).to_have_count(6)
    expect(projector.get_by_test_id("theme-words")).to_have_count(0)

    unfit = leader.get_by_role("button", name="Passar inte: Fiber på landsbygden")
    box = unfit.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    # By keyboard: from the priority, past its "Flytta till" menu, to the button.
    broadband.get_by_test_id("priority").filter(has=leader.locator(".chip-text",
                                                                   has_text="Fiber på landsbygden")).focus()
    leader.keyboard.press("Tab")
    leader.keyboard.press("Tab")
    expect(unfit).to_be_focused()
    leader.keyboard.press("Enter")

    unsorted = leader.locator(".theme-card.unsorted")
    expect(unsorted.get_by_test_id("priority").locator(".chip-text")).to_have_text(["Fiber på landsbygden"])
    expect(broadband.get_by_test_id("priority")).to_have_count(1)
    expect(broadband.get_by_test_id("theme-words")).to_have_count(0)
    # The focus stays in the theme being read: on the priority left in it.
    expect(leader.get_by_role("button", name="Passar inte: Bredband till alla")).to_be_focused()
    moved = projector.get_by_test_id("priority").filter(has_text="Bredband till alla")
    projected = projector.get_by_test_id("theme").filter(has=moved)
    expect(projected.get_by_test_id("priority")).to_have_count(1)
    expect(projector.get_by_test_id("theme").get_by_test_id("priority")
           .filter(has_text="Fiber på landsbygden")).to_have_count(0)

    # Undo brings it back, as for any move, and the words with it.
    leader.get_by_test_id("theme-undo").click()
    expect(broadband.get_by_test_id("theme-words")).to_have_text("Gemensamma ord: bredband, fiber")
    expect(unsorted.get_by_test_id("priority")).to_have_count(0)
    expect(projected.get_by_test_id("priority")).to_have_count(2)
