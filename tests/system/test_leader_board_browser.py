"""The leader's theme board at a laptop's 1440 × 900, in Debian's chromium: the priorities are on the
board before any suggestion, so a leader can theme by hand; it is dense and calm (a priority's menu and
"Passar inte" come on demand, six priorities of a theme in view, the empty unsorted column a thin strip),
and "Fastställ teman" says why it waits."""

import pytest

from support.full_evening import FullEvening

pytestmark = pytest.mark.browser

FULLY_IN_VIEW = """(top) => [...document.querySelectorAll('[data-testid="theme"]')[0]
    .querySelectorAll('[data-testid="priority"]')].filter((chip) => {
      const box = chip.getBoundingClientRect(); return box.top >= top && box.bottom <= window.innerHeight; }).length"""


def test_the_board_at_1440_is_themed_by_hand_dense_and_says_why_it_waits(browser, evening_server):
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    links = evening_server.links
    evening = FullEvening(links, phones=0)
    evening.run_until("prioritise")
    evening.advance()  # into theming, with no suggestion asked for
    leader = browser.new_context(viewport={"width": 1440, "height": 900}, locale="sv-SE").new_page()
    leader.goto(links["leader"])
    unsorted = leader.locator(".theme-card.unsorted")
    chips = unsorted.get_by_test_id("priority")
    expect(chips).to_have_count(12)  # all twelve on the board: a leader can start by hand
    finalise = leader.get_by_test_id("theme-finalise")
    expect(finalise).to_have_attribute("aria-disabled", "true")
    expect(leader.get_by_test_id("finalise-why")).to_have_text("Väntar: 0 av 6 teman finns.")
    board = leader.locator("#board").bounding_box()
    assert unsorted.bounding_box()["width"] >= 0.95 * board["width"]
    assert unsorted.bounding_box()["height"] <= 450  # twelve priorities side by side, not three screens

    # Controls on demand: a priority's menu shows when the pointer is over it (or the keyboard is in it).
    first = chips.first
    menu = first.locator(".chip-actions")
    assert menu.bounding_box()["width"] < 5
    first.hover()
    assert menu.bounding_box()["width"] > 100
    assert first.locator("select").bounding_box()["height"] >= 44  # shown, a full target
    leader.mouse.move(1400, 5)
    first.focus()
    assert menu.bounding_box()["width"] > 100

    # By hand: a new theme, and a priority moved into it with its menu.
    leader.locator("#theme-create").click()
    expect(leader.get_by_test_id("theme")).to_have_count(1)
    expect(leader.get_by_test_id("finalise-why")).to_have_text("Väntar: 1 av 6 teman finns.")
    theme_id = leader.get_by_test_id("theme").first.get_attribute("data-id")
    first.hover()
    first.locator("select").select_option(theme_id)
    expect(leader.get_by_test_id("theme").first.get_by_test_id("priority")).to_have_count(1)
    ids = chips.evaluate_all("chips => chips.map((chip) => chip.dataset.id)")
    for priority_id in ids[:7]:
        evening._call(evening.leader, "theme:move", {"priority_id": priority_id, "theme_id": theme_id})
    theme = leader.get_by_test_id("theme").first
    expect(theme.get_by_test_id("priority")).to_have_count(8)
    # Six of a theme's priorities in view at once, below the leader's sticky bar.
    bar = leader.locator(".leader-bar")
    theme.evaluate("(card, bar) => window.scrollBy(0, card.getBoundingClientRect().top"
                   " - bar.getBoundingClientRect().bottom)", bar.element_handle())
    below_bar = bar.bounding_box()["y"] + bar.bounding_box()["height"]
    leader.mouse.move(1400, 890)  # the pointer off the priorities, as when reading them
    assert leader.evaluate(FULLY_IN_VIEW, below_bar) >= 6
    for priority_id in ids[7:]:
        evening._call(evening.leader, "theme:move", {"priority_id": priority_id, "theme_id": theme_id})
    expect(chips).to_have_count(0)
    strip = unsorted.bounding_box()
    assert strip["height"] <= 60 and strip["width"] >= 0.95 * board["width"]  # not a quarter of the width
    evening.close()
    leader.context.close()


LONG = ["Ett näringslivsråd med företagare, skolor och kommunen som träffas varje månad och följer upp",
        "En företagslots med en ingång till kommunen och svar inom en arbetsdag i alla ärenden om lov"]
SHORT = ["Bredband", "Fler pendeltåg"]


def test_the_projector_pages_only_what_does_not_fit(browser, evening_server):
    import uuid

    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    links = evening_server.links
    evening = FullEvening(links, phones=0)
    for phase in ("setup", "warmup", "brainstorm"):
        evening._call(evening.leader, "phase:advance", {"from": phase, "force": True})
    texts = {}
    for table in links["tables"]:
        tablet = evening._client(table["secretary"])
        for text in (LONG if table["number"] <= 3 else SHORT):
            written = f"{text} (bord {table['number']})"
            answer = evening._call(tablet, "priority:add", {"id": str(uuid.uuid4()), "text": written})
            texts[written] = next(p["id"] for p in answer["priorities"] if p["text"] == written)
        tablet.disconnect()
    evening._call(evening.leader, "phase:advance", {"from": "prioritise", "force": True})
    for number in range(1, 7):
        theme_id = evening._call(evening.leader, "theme:create", {"title": f"Tema {number}"})["theme_id"]
        for text, priority_id in texts.items():
            if text.endswith(f"(bord {number})"):
                evening._call(evening.leader, "theme:move", {"priority_id": priority_id, "theme_id": theme_id})
    evening._call(evening.leader, "theme:publish", {})  # the leaders' draft goes to the room
    projector = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="sv-SE").new_page()
    projector.goto(links["projector"])
    lists = projector.locator('#themes [data-paged]')
    expect(lists).to_have_count(6)
    expect(projector.locator('#themes [data-testid="priority"]')).to_have_count(12)
    # The first row's cards hold two long priorities each, the second row's two short ones: the rows
    # share the screen by that, and no card shows "1/2" while the other row has room to spare.
    expect(lists.and_(projector.locator('[data-pages="1"]'))).to_have_count(6)
    cards = projector.locator("#themes > *").evaluate_all(
        "cards => cards.map((card) => card.getBoundingClientRect().bottom)")
    assert max(cards) <= 1080
    evening.close()
    projector.context.close()
