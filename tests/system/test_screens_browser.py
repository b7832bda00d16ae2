"""The room's screens in Debian's chromium, with a full evening: the projector fits 1920×1080 and
1280×720 in every phase in type the back row reads, pages what does not fit, shows the join QR code and
the closing summary;
the timer is in step on three devices whose clocks disagree; tablets, phones and the leader's page
keep what matters on the first screen."""

import re
import time

import pytest

from support.full_evening import PHASES, FullEvening, wait_for_the_evening
from support.layout import LAYOUT_PROBLEMS

pytestmark = pytest.mark.browser

SIZES = [(1920, 1080), (1280, 720)]
SHY = "\u00ad"
# Read from the back of the room (px, least shown): the priorities and the "· Bord N" under a theme's.
READABLE = {1920: {"priority": 32, "tag": 24}, 1280: {"priority": 22, "tag": 16}}
TYPE_SIZES = """() => { const least = (selector) => Math.min(...[...document.querySelectorAll(selector)]
    .filter((node) => !node.closest('[hidden]') && node.getClientRects().length)
    .map((node) => parseFloat(getComputedStyle(node).fontSize)));
  return {priority: least('main [data-testid="priority"]'), tag: least('main .theme-card .table-tag')}; }"""


def cards_on_screen(page, width, height) -> list[int]:
    """The table numbers whose cards lie wholly within the window."""
    boxes = page.locator('[data-testid="table-card"]').evaluate_all(
        "cards => cards.map(card => [Number(card.dataset.table), card.getBoundingClientRect().toJSON()])")
    return [number for number, box in boxes
            if box["left"] >= 0 and box["top"] >= 0 and box["right"] <= width and box["bottom"] <= height]


def test_the_projector_fits_every_phase_of_a_full_evening_on_both_screens(browser, evening_server):
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)
    links = evening_server.links
    secret_tokens = [links["leader"].rsplit("/", 1)[1], links["projector"].rsplit("/", 1)[1],
                     *(table["secretary"].rsplit("/", 1)[1] for table in links["tables"])]
    screens = {}
    for width, height in SIZES:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
        page = context.new_page()
        page.goto(links["projector"])
        screens[(width, height)] = page
    evening = FullEvening(links)
    try:
        for phase in PHASES:
            evening.run_until(phase)
            for (width, height), page in screens.items():
                wait_for_the_evening(page, phase, expect)
                assert page.evaluate(LAYOUT_PROBLEMS) == [], (phase, width)
                if phase in ("prioritise", "theming"):
                    sizes = page.evaluate(TYPE_SIZES)
                    assert sizes["priority"] >= READABLE[width]["priority"], (phase, width, sizes)
                    if phase == "theming":
                        assert sizes["tag"] >= READABLE[width]["tag"], (phase, width, sizes)
                if phase in ("brainstorm", "prioritise", "deepen"):
                    assert cards_on_screen(page, width, height) == [1, 2, 3, 4, 5, 6], (phase, width)
                # The room sees the participants' link and never a secret one.
                shown = page.locator("main").evaluate("main => main.innerHTML")
                assert [token for token in secret_tokens if token in shown] == [], (phase, width)
                join = page.get_by_test_id("join-qr")
                if phase in ("setup", "warmup", "deepen"):
                    expect(join).to_be_visible()
                    expect(join).to_have_attribute("data-url", links["participant"])
                    code = join.locator("img").bounding_box()
                    assert code["width"] >= (200 if height == 1080 else 130), (phase, width, code)
                    assert code["x"] >= 0 and code["y"] >= 0 and code["x"] + code["width"] <= width \
                        and code["y"] + code["height"] <= height
                else:
                    expect(join).to_be_hidden()
            if phase == "brainstorm":
                # Twelve ideas of up to 140 characters do not fit a card: whole ideas, paged, every page turning.
                page = screens[(1920, 1080)]
                card = page.locator('[data-testid="table-card"][data-table="1"]')
                pager = card.get_by_test_id("page")
                expect(pager).to_have_text(re.compile(r"^1/[2-9]$"))
                pages = int(pager.inner_text().split("/")[1])
                shown_first = card.get_by_test_id("idea").filter(visible=True).all_inner_texts()
                assert 1 <= len(shown_first) < 12
                expect(pager).to_have_text(f"2/{pages}", timeout=25_000)
                assert card.get_by_test_id("idea").filter(visible=True).all_inner_texts() != shown_first
                assert page.evaluate(LAYOUT_PROBLEMS) == []
            if phase == "closing":
                for page in screens.values():
                    summary = page.get_by_test_id("closing-summary")
                    expect(summary.get_by_test_id("summary-ideas")).to_have_attribute("data-count", "72")
                    expect(summary.get_by_test_id("summary-ideas")).to_have_text("72 idéer")
                    expect(summary.get_by_test_id("summary-proposals")).to_have_text("18 förslag")
                    expect(summary.get_by_test_id("summary-participants")).to_have_text("24 deltagare")
                    counts = summary.get_by_test_id("summary-theme").evaluate_all(
                        "themes => themes.map(theme => Number(theme.dataset.proposals))")
                    assert sum(counts) == 18 and len(counts) == 6
                    expect(summary).to_contain_text("Tack för i kväll!")
    finally:
        evening.close()
        for page in screens.values():
            page.context.close()


def test_long_words_break_at_syllables_on_the_projector(browser, evening_server):
    from playwright.sync_api import expect

    evening = FullEvening(evening_server.links)
    page = browser.new_context(viewport={"width": 1280, "height": 720}, locale="sv-SE").new_page()
    page.goto(evening_server.links["projector"])
    evening.run_until("brainstorm")
    expect(page.locator('[data-testid="idea-count"][data-count="12"]')).to_have_count(6)
    texts = page.get_by_test_id("idea").all_text_contents()
    assert any(f"Kom{SHY}pe{SHY}tens{SHY}för{SHY}sörj{SHY}nings{SHY}stra{SHY}te{SHY}gi" in text for text in texts)
    # Breaks fall only at spaces and soft hyphens: with the browser's last-resort breaking inside a word
    # switched off, no idea is wider than its card (a syllable-less break would have been needed).
    broken = page.evaluate("""() => {
      const items = [...document.querySelectorAll('[data-testid="idea"]:not([hidden])')];
      for (const item of items) item.style.overflowWrap = 'normal';
      const wide = items.filter(item => item.scrollWidth > item.clientWidth).map(item => item.textContent);
      for (const item of items) item.style.overflowWrap = '';
      return wide;
    }""")
    assert broken == []
    evening.close()
    page.context.close()


def test_the_timer_is_in_step_on_three_devices_whose_clocks_disagree(browser, evening_server):
    from playwright.sync_api import expect

    links = evening_server.links
    projector = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="sv-SE").new_page()
    tablet_context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="sv-SE")
    phone_context = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE", is_mobile=True,
                                        has_touch=True)
    tablet, phone = tablet_context.new_page(), phone_context.new_page()
    tablet.clock.install(time=time.time() + 7 * 60)  # a tablet seven minutes fast
    phone.clock.install(time=time.time() - 3 * 60 - 20)  # a phone three minutes and twenty seconds slow
    projector.goto(links["projector"])
    tablet.goto(links["tables"][0]["secretary"])
    phone.goto(links["participant"])
    leader = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE").new_page()
    leader.goto(links["leader"])
    for page in (projector, tablet, phone, leader):
        expect(page.get_by_test_id("connection")).to_have_attribute("data-state", "online")
    leader.get_by_test_id("timer-minutes").fill("10")
    leader.get_by_test_id("timer-start").click()
    devices = {"projector": projector, "tablet": tablet, "phone": phone, "leader": leader}
    for page in devices.values():
        expect(page.get_by_test_id("phase-timer")).to_be_visible()
        expect(page.get_by_test_id("phase-timer").locator(".timer-time")).to_have_text(re.compile(r"^(10:00|9:[0-5]\d)$"))
    # The server's end of the countdown, and the seconds left by this machine's (and the server's) clock.
    import math
    import sqlite3
    with sqlite3.connect(evening_server.db_path) as conn:
        [(ends_at,)] = conn.execute("SELECT timer_ends_at FROM event").fetchall()
    seconds = {name: int(page.get_by_test_id("phase-timer").get_attribute("data-seconds")) for name,
               page in devices.items()}
    left = math.ceil(ends_at - time.time())
    assert max(seconds.values()) - min(seconds.values()) <= 1, seconds
    assert all(abs(shown - left) <= 1 for shown in seconds.values()), (seconds, left)
    for page in devices.values():
        page.context.close()


def in_first_screen(locator, height: int) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def test_a_tablet_keeps_the_work_on_its_first_screen_in_every_position(browser, evening_server):
    from playwright.sync_api import expect

    links = evening_server.links
    evening = FullEvening(links)
    tablets = {size: browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="sv-SE").new_page()
               for size in ((768, 1024), (1024, 768), (1280, 800))}
    for page in tablets.values():
        page.goto(links["tables"][0]["secretary"])
    evening.run_until("brainstorm")
    for (width, height), page in tablets.items():
        expect(page.get_by_test_id("phase-task")).to_have_text("Skriv in bordets idéer, en i taget. Enter sparar idén.")
        expect(page.get_by_test_id("idea")).to_have_count(12)
        assert in_first_screen(page.get_by_test_id("idea-input"), height), (width, height)
        assert in_first_screen(page.get_by_test_id("idea-submit"), height), (width, height)
    evening.run_until("prioritise")
    for (width, height), page in tablets.items():
        expect(page.get_by_test_id("priority-count")).to_have_text("2 av 2 valda")
        assert in_first_screen(page.get_by_test_id("priority-count"), height), (width, height)
        assert in_first_screen(page.get_by_test_id("priority-toggle").first, height), (width, height)
    evening.run_until("deepen")
    for (width, height), page in tablets.items():
        expect(page.locator("#idea-label")).to_have_text("Skriv ett förslag")
        expect(page.get_by_test_id("idea-submit")).to_have_text("Spara förslaget")
        expect(page.get_by_test_id("table-theme")).to_be_visible()
        expect(page.get_by_test_id("table-priority")).to_have_count(2)
        expect(page.get_by_test_id("priority-toggle")).to_have_count(0)
        assert in_first_screen(page.get_by_test_id("idea-input"), height), (width, height)
        assert in_first_screen(page.get_by_test_id("idea-submit"), height), (width, height)
    evening.close()
    for page in tablets.values():
        page.context.close()


def test_a_phone_shows_its_table_task_timer_and_big_choices_and_the_tablet_sees_who_moves(browser, evening_server):
    from playwright.sync_api import expect

    links = evening_server.links
    evening = FullEvening(links, phones=6)
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE", is_mobile=True,
                                has_touch=True).new_page()
    tablet = browser.new_context(viewport={"width": 1024, "height": 768}, locale="sv-SE").new_page()
    phone.goto(links["participant"])
    tablet.goto(links["tables"][0]["secretary"])
    phone.get_by_test_id("join-name").fill("Alva")
    phone.get_by_test_id("join-table").select_option("1")
    phone.get_by_test_id("join-submit").click()
    expect(phone.get_by_test_id("my-table")).to_have_text("Alva, du sitter vid bord 1")
    expect(tablet.get_by_test_id("seated-name")).to_have_text(["Alva"])
    evening.run_until("warmup")  # the leader starts a twelve-minute timer
    expect(phone.get_by_test_id("phase-task")).to_have_text(
        "Lyssna på berättelsen och tänk på hur kommunen ser ut om tio år.")
    expect(phone.get_by_test_id("phase-timer").locator(".timer-time")).to_have_text(re.compile(r"^1[12]:[0-5]\d$"))
    for locator in (phone.get_by_test_id("my-table"), phone.get_by_test_id("phase-task"),
                    phone.get_by_test_id("phase-timer")):
        assert in_first_screen(locator, 844)
    evening.run_until("deepen")  # a round is open
    choice = phone.locator('[data-testid="rotation-choice"][data-table="4"]')
    expect(choice).to_be_enabled()
    assert choice.bounding_box()["height"] >= 48
    expect(choice.get_by_test_id("seat-count")).to_have_text(re.compile(r"^\d+ av \d+ platser kvar$"))
    choice.click()
    expect(choice).to_have_attribute("aria-pressed", "true")
    expect(phone.get_by_test_id("my-table")).to_have_text("Alva, du sitter vid bord 4")
    # Table 1's tablet no longer lists her.
    expect(tablet.get_by_test_id("seated-name").filter(has_text="Alva")).to_have_count(0)
    expect(phone.get_by_test_id("parking-input")).to_be_visible()
    evening.run_until("closing")
    expect(phone.get_by_test_id("phase-task")).to_have_text(
        "Tack för att du var med! Det ni skrev i kväll går in i arbetet med strategin.")
    evening.close()
    phone.context.close()
    tablet.context.close()


def test_the_leaders_phase_controls_stay_in_sight_and_a_priority_moves_by_arrow_keys(browser, evening_server):
    from playwright.sync_api import expect

    links = evening_server.links
    evening = FullEvening(links)
    leader = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE").new_page()
    projector = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="sv-SE").new_page()
    leader.goto(links["leader"])
    projector.goto(links["projector"])
    evening.run_until("theming")
    expect(leader.get_by_test_id("theme")).to_have_count(6)
    expect(leader.get_by_test_id("phase-next")).to_have_text("Nästa fas: Fördjupning →")
    expect(leader.locator(".theme-card.unsorted h3")).to_have_text("Ej sorterade (0)")
    leader.locator("#tables-heading").scroll_into_view_if_needed()
    assert leader.evaluate("window.scrollY") > 800  # the overview of the tables is far down the page
    assert in_first_screen(leader.get_by_test_id("phase-next"), 800)
    assert in_first_screen(leader.get_by_test_id("timer-start"), 800)
    # Keyboard: the first theme's first priority, moved right into the second theme.
    chip = leader.get_by_test_id("theme").first.get_by_test_id("priority").first
    moved = chip.get_attribute("data-id")
    chip.focus()
    chip.press("ArrowRight")
    second = projector.get_by_test_id("theme").nth(1)
    expect(second.locator(f'[data-testid="priority"][data-id="{moved}"]')).to_have_count(1)
    expect(leader.get_by_test_id("theme").nth(1).locator(f'[data-testid="priority"][data-id="{moved}"]')).to_be_focused()
    evening.close()
    leader.context.close()
    projector.context.close()
