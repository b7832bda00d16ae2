"""WCAG 2.1 AA beyond what axe can see, in Debian's chromium: every role's page used with the keyboard
alone, what a screen reader is told (the accessibility tree, the page's one status region), the focus
and its ring, touch targets, 320 px reflow and 200 % zoom, and the content's own language.

Each test does what a person would (keys pressed, not functions called) and checks what they would
notice: where the focus is, what the status region says, what the server stored.
"""

import re
import sqlite3
import uuid

import pytest

from support.browser import add_priorities_by_socket

pytestmark = pytest.mark.browser

ORDER = ["setup", "warmup", "brainstorm", "prioritise", "theming", "deepen", "closing"]
SHY = "\u00ad"
# Six tables' priorities, which the tool groups into the evening's six themes.
PRIORITIES = [["Snabbare bygglov", "Praktikplatser för unga"], ["Bygglov på nätet", "Bredband till alla"],
              ["Fiber på landsbygden", "Fler pendeltåg"], ["Bättre bussar", "Bostäder för nyanställda"],
              ["Fler hyresrätter", "Mötesplatser för företagare"], ["Företagarträffar", "Skolan och företagen"]]
# The page's one polite status region, and every other element a screen reader would watch politely.
POLITE = '[role="status"], [aria-live="polite"]'


# --- the evening, sent as the pages send it ----------------------------------------------------------

def socket(links, link):
    import socketio

    client = socketio.SimpleClient()
    client.connect(links["leader"].split("/leader/")[0], auth={"token": link.rsplit("/", 1)[1]},
                   transports=["websocket"])
    return client


def stored(server, sql, *args):
    with sqlite3.connect(server.db_path) as conn:
        return conn.execute(sql, args).fetchall()


def phase_of(server) -> str:
    return stored(server, "SELECT phase FROM event")[0][0]


def set_phase(server, phase):
    """The leader moves the evening to ``phase`` (forward or back) from another laptop."""
    leader = socket(server.links, server.links["leader"])
    try:
        while phase_of(server) != phase:
            now = phase_of(server)
            event = "phase:advance" if ORDER.index(now) < ORDER.index(phase) else "phase:back"
            assert leader.call(event, {"from": now, "force": True}, timeout=10)["ok"]
    finally:
        leader.disconnect()


def leader_says(server, event, payload):
    leader = socket(server.links, server.links["leader"])
    try:
        answer = leader.call(event, payload, timeout=30)
        assert answer["ok"], answer
        return answer
    finally:
        leader.disconnect()


def table_writes(server, table, texts, event="idea:add"):
    tablet = socket(server.links, server.links["tables"][table - 1]["secretary"])
    try:
        for text in texts:
            assert tablet.call(event, {"id": str(uuid.uuid4()), "text": text}, timeout=10)["ok"]
    finally:
        tablet.disconnect()


def themed(server):
    """Six tables' priorities, grouped by the tool's suggestion: the board the leaders work on."""
    set_phase(server, "prioritise")
    add_priorities_by_socket(server.links, PRIORITIES)
    set_phase(server, "theming")
    leader_says(server, "theme:suggest", {})
    leader_says(server, "theme:publish", {})


# --- pages -----------------------------------------------------------------------------------------

def open_page(browser, url, width=1280, height=800, locale="sv-SE", clock=False, **options):  # noqa: F811
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    context = browser.new_context(viewport={"width": width, "height": height}, locale=locale, **options)
    page = context.new_page()
    if clock:
        page.clock.install()
    page.goto(url)
    if page.get_by_test_id("connection").count():
        expect(page.get_by_test_id("connection")).to_have_attribute("data-state", "online")
    return page


def focused(page) -> dict:
    """What has the focus: its tag, id, test id and accessible name as the page gives it."""
    return page.evaluate("""() => { const node = document.activeElement;
      return {tag: node.tagName.toLowerCase(), id: node.id, testid: node.dataset.testid || '',
              label: node.getAttribute('aria-label') || node.textContent.trim().slice(0, 80),
              value: node.value || ''}; }""")


def told(page):
    return page.get_by_test_id("status-message")


def names(page, scope="main") -> list[tuple[str, str]]:
    """Role and accessible name of every node in ``scope`` as chromium's accessibility tree has them."""
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": scope})["nodeId"]
        tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})["nodes"]
        whole = cdp.send("Accessibility.getFullAXTree")["nodes"]
        inside = {entry["nodeId"] for entry in tree}
        # The scope's node and everything below it.
        children = {entry["nodeId"]: entry.get("childIds", []) for entry in whole}
        todo = list(inside)
        while todo:
            for child in children.get(todo.pop(), []):
                if child not in inside:
                    inside.add(child)
                    todo.append(child)
        return [(entry["role"]["value"], entry.get("name", {}).get("value", "")) for entry in whole
                if entry["nodeId"] in inside and not entry.get("ignored")]
    finally:
        cdp.detach()


# --- menus (3.2.2) ---------------------------------------------------------------------------------

def test_a_menu_acts_on_enter_and_never_on_the_first_arrow_key(browser, live_server):
    from playwright.sync_api import expect

    themed(live_server)
    leader = open_page(browser, live_server.links["leader"])
    themes = leader.get_by_test_id("theme")
    expect(themes).to_have_count(6)
    titles = themes.get_by_test_id("theme-title").evaluate_all("fields => fields.map(field => field.value)")

    # "Slå ihop med …": an arrow key looks at the next theme; Enter merges into it.
    merge = themes.first.get_by_role("combobox", name=re.compile("^Slå ihop"))
    merge.focus()
    leader.keyboard.press("ArrowDown")
    leader.wait_for_timeout(800)
    expect(themes).to_have_count(6)
    assert stored(live_server, "SELECT COUNT(*) FROM theme")[0][0] == 6
    expect(merge).to_be_focused()
    leader.keyboard.press("Enter")
    expect(themes).to_have_count(5)
    # The focus goes to the title of the theme that holds both.
    expect(leader.get_by_test_id("theme-title").and_(leader.locator(":focus"))).to_have_value(titles[1])

    # "Flytta till …" on a priority: the arrow key moves nothing; Enter moves it, and the focus goes with it.
    chip = leader.get_by_test_id("theme").first.get_by_test_id("priority").first
    moved = chip.get_attribute("data-id")
    menu = chip.locator("select")
    menu.focus()
    leader.keyboard.press("ArrowDown")
    leader.wait_for_timeout(800)
    assert stored(live_server, "SELECT COUNT(*) FROM theme_priority WHERE priority_id = ?", moved) == [(1,)]
    leader.keyboard.press("Enter")  # the first choice: Ej sorterade
    expect(leader.locator(f'.unsorted [data-testid="priority"][data-id="{moved}"]')).to_have_count(1)
    assert stored(live_server, "SELECT COUNT(*) FROM theme_priority WHERE priority_id = ?", moved) == [(0,)]
    expect(leader.locator(f'[data-testid="priority"][data-id="{moved}"] select')).to_be_focused()

    # "Tema för bord 1" in pass 2 likewise.
    set_phase(live_server, "deepen")
    choice = leader.locator('[data-testid="table-theme-choice"][data-table="1"]')
    expect(choice).to_be_visible()
    before = stored(live_server, "SELECT theme_id FROM event_table WHERE number = 1")
    last = choice.evaluate("menu => menu.selectedIndex === menu.options.length - 1")
    choice.focus()
    leader.keyboard.press("ArrowUp" if last else "ArrowDown")
    leader.wait_for_timeout(800)
    assert stored(live_server, "SELECT theme_id FROM event_table WHERE number = 1") == before
    expect(choice).to_be_focused()
    leader.keyboard.press("Enter")
    expect(told(leader)).to_have_text(re.compile(r"^Bord 1: "))
    assert stored(live_server, "SELECT theme_id FROM event_table WHERE number = 1") != before
    expect(choice).to_be_focused()
    leader.context.close()


# --- what a screen reader is told (4.1.3) ------------------------------------------------------------

def test_each_page_has_one_polite_status_region_and_says_what_happened(browser, live_server):
    from playwright.sync_api import expect

    links = live_server.links
    set_phase(live_server, "brainstorm")
    tablet = open_page(browser, links["tables"][0]["secretary"], 1024, 768)
    phone = open_page(browser, links["participant"], 390, 844, is_mobile=True, has_touch=True)
    leader = open_page(browser, links["leader"])
    projector = open_page(browser, links["projector"], 1920, 1080)
    for page in (tablet, phone, leader, projector):
        assert page.locator(POLITE).count() == 1
        expect(page.locator(POLITE)).to_have_attribute("id", "status-message")

    # Saved.
    tablet.get_by_test_id("idea-input").fill("En företagslots som svarar samma dag")
    tablet.get_by_test_id("idea-input").press("Enter")
    expect(tablet.get_by_test_id("idea").first).to_have_attribute("data-state", "saved")
    expect(told(tablet)).to_have_text("Idén är sparad.")

    # Time is up, on every device that shows the countdown (a three-second one).
    leader_says(live_server, "timer:set", {"minutes": 0.05, "expected_ends_at": None})
    for page in (tablet, phone, leader):
        expect(page.get_by_test_id("phase-timer")).to_have_text("Tiden är ute")
        expect(told(page)).to_have_text("Tiden är ute")

    # Moved on the board, by a key, by "Passar inte", and undone.
    themed(live_server)
    chip = leader.get_by_test_id("theme").first.get_by_test_id("priority").first
    text = chip.locator(".chip-text").evaluate("node => node.textContent.replaceAll('\\u00ad', '')")
    chip.focus()
    leader.keyboard.press("ArrowRight")
    second = leader.get_by_test_id("theme").nth(1).get_by_test_id("theme-title").input_value()
    moved = f"^”{re.escape(text)}” flyttad till {re.escape(second)}, plats \\d$"
    expect(told(leader)).to_have_text(re.compile(moved))
    leader.get_by_test_id("theme").nth(1).get_by_role("button", name=f"Passar inte: {text}").press("Enter")
    expect(told(leader)).to_have_text(f"”{text}” flyttad till Ej sorterade, plats 1")
    leader.get_by_test_id("theme-undo").press("Enter")
    expect(told(leader)).to_have_text("Den senaste ändringen är ångrad.")

    # The phone lost its connection.
    phone.context.set_offline(True)
    expect(told(phone)).to_have_text(re.compile("^Inte uppkopplad"))
    phone.context.set_offline(False)
    expect(told(phone)).to_have_text("Uppkopplad")
    for page in (tablet, phone, leader, projector):
        page.context.close()


# --- focus: where it goes, and that it is seen (2.4.3, 2.4.7) -----------------------------------------

def test_on_the_tablet_the_focus_stays_on_the_work(browser, live_server):
    from playwright.sync_api import expect

    links = live_server.links
    set_phase(live_server, "brainstorm")
    table_writes(live_server, 1, ["Snabbare bygglov", "Fler pendeltåg", "Bredband till alla"])
    tablet = open_page(browser, links["tables"][0]["secretary"], 1024, 768)
    expect(tablet.get_by_test_id("idea")).to_have_count(3)

    def button(text, name):
        return tablet.get_by_test_id("idea").filter(has_text=text).get_by_role("button", name=re.compile(f"^{name}"))

    # Edit an idea with the keyboard: after "Spara" the focus is on the idea's "Ändra" again.
    button("Fler pendeltåg", "Ändra").press("Enter")
    expect(tablet.get_by_test_id("idea-edit")).to_be_focused()
    tablet.keyboard.press("End")
    tablet.keyboard.type(" och bussar")
    tablet.keyboard.press("Tab")
    tablet.keyboard.press("Enter")
    expect(button("Fler pendeltåg och bussar", "Ändra")).to_be_focused()

    # Withdraw one: the focus goes on to the next idea's button.
    button("Fler pendeltåg och bussar", "Ta bort").press("Enter")
    tablet.locator("#confirm-withdraw [data-answer=yes]").press("Enter")
    expect(tablet.get_by_test_id("idea")).to_have_count(2)
    expect(button("Snabbare bygglov", "Ändra")).to_be_focused()
    expect(told(tablet)).to_have_text("Idén är borttagen.")

    # Choose two priorities and remove one: the focus goes to the other's "Ta bort".
    set_phase(live_server, "prioritise")
    for text in ("Snabbare bygglov", "Bredband till alla"):
        toggle = tablet.get_by_test_id("idea").filter(has_text=text).get_by_test_id("priority-toggle")
        toggle.press("Enter")
        expect(toggle).to_have_attribute("aria-pressed", "true")
        expect(toggle).to_be_focused()
    chosen = tablet.get_by_test_id("table-priority")
    chosen.filter(has_text="Snabbare bygglov").get_by_role("button").press("Enter")
    expect(chosen).to_have_count(1)
    expect(chosen.filter(has_text="Bredband till alla").get_by_role("button")).to_be_focused()
    tablet.context.close()


def test_on_the_leaders_page_the_focus_stays_on_the_work(browser, live_server):
    from playwright.sync_api import expect

    leader = open_page(browser, live_server.links["leader"])
    # "Nästa fas" keeps the focus while the evening moves on.
    leader.get_by_test_id("phase-next").press("Enter")
    expect(leader.get_by_test_id("phase")).to_have_attribute("data-phase", "warmup")
    leader.wait_for_timeout(900)  # the buttons settle
    expect(leader.get_by_test_id("phase-next")).to_be_focused()
    # The timer's buttons too.
    leader.get_by_test_id("timer-start").press("Enter")
    expect(leader.get_by_test_id("phase-timer")).to_be_visible()
    leader.wait_for_timeout(900)
    expect(leader.get_by_test_id("timer-start")).to_be_focused()

    themed(live_server)
    expect(leader.get_by_test_id("theme")).to_have_count(6)
    # A title renamed with Enter keeps the focus (and reaches the server).
    title = leader.get_by_test_id("theme").first.get_by_test_id("theme-title")
    title.fill("Företagsklimat")
    title.press("Enter")
    expect(title).to_be_focused()
    leader.wait_for_timeout(500)
    assert ("Företagsklimat",) in stored(live_server, "SELECT title FROM theme")
    # "Fastställ teman" hands the focus to "Öppna temana igen", and back.
    leader.get_by_test_id("theme-finalise").press("Enter")
    expect(leader.locator("#theme-reopen")).to_be_focused()
    leader.locator("#theme-reopen").press("Enter")
    expect(leader.get_by_test_id("theme-finalise")).to_be_focused()
    leader_says(live_server, "theme:finalise", {})
    set_phase(live_server, "deepen")
    # Opening a round hands the focus to "Stäng rundan".
    leader.get_by_test_id("rotation-open").press("Enter")
    expect(leader.get_by_test_id("rotation-close")).to_be_focused()
    expect(told(leader)).to_have_text(re.compile(r"^Runda 1 av 2 är öppen"))
    leader.context.close()


def test_on_the_phone_the_focus_goes_to_where_it_says_where_you_sit(browser, live_server):
    from playwright.sync_api import expect

    phone = open_page(browser, live_server.links["participant"], 390, 844, is_mobile=True, has_touch=True)
    phone.get_by_test_id("join-name").fill("Alva")
    phone.get_by_test_id("join-table").select_option("1")
    phone.get_by_test_id("join-submit").press("Enter")
    expect(phone.get_by_test_id("my-table")).to_have_text("Alva, du sitter vid bord 1")
    expect(phone.get_by_test_id("my-table")).to_be_focused()
    themed(live_server)
    leader_says(live_server, "theme:finalise", {})
    set_phase(live_server, "deepen")
    leader_says(live_server, "rotation:open", {"round": 1, "force": True})
    choice = phone.locator('[data-testid="rotation-choice"][data-table="2"]')
    expect(choice).to_be_enabled()
    choice.press("Enter")
    expect(phone.get_by_test_id("my-table")).to_have_text("Alva, du sitter vid bord 2")
    expect(phone.get_by_test_id("my-table")).to_be_focused()
    phone.context.close()


def test_no_board_control_reached_with_tab_is_under_the_sticky_bar(browser, live_server):
    themed(live_server)
    leader = open_page(browser, live_server.links["leader"])
    leader.get_by_test_id("theme").first.wait_for()
    leader.get_by_test_id("theme-suggest").focus()
    hidden = []
    for _ in range(40):
        leader.keyboard.press("Tab")
        where = leader.evaluate("""() => { const node = document.activeElement, box = node.getBoundingClientRect();
          const bar = document.querySelector('.leader-bar').getBoundingClientRect();
          return {inBoard: Boolean(node.closest('#board-panel')), top: box.top, bottom: box.bottom,
                  barBottom: bar.bottom, height: window.innerHeight,
                  what: node.tagName + ' ' + (node.getAttribute('aria-label') || node.textContent).slice(0, 40)}; }""")
        if where["inBoard"] and (where["top"] < where["barBottom"] - 1 or where["bottom"] > where["height"] + 1):
            hidden.append(where["what"])
    assert hidden == []
    leader.context.close()


CONTRAST = """([fore, back]) => {
  const channel = (value) => {
    value /= 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const [a, b] = [luminance(fore), luminance(back)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""

RING = """() => {
  const node = document.activeElement;
  const rgb = (value) => (value.match(/[\\d.]+/g) || []).slice(0, 4).map(Number);
  const style = getComputedStyle(node);
  // The ring is drawn outside the control (outline-offset): what lies behind it is the nearest
  // background of the control's ancestors.
  let behind = node.parentElement, back = null;
  while (behind) {
    const colour = rgb(getComputedStyle(behind).backgroundColor);
    if (colour.length === 3 || colour[3] > 0) { back = colour.slice(0, 3); break; }
    behind = behind.parentElement;
  }
  const name = node.getAttribute('aria-label') || node.textContent || node.id;
  return {what: node.tagName + ' ' + name.trim().slice(0, 40),
          style: style.outlineStyle, width: parseFloat(style.outlineWidth), ring: rgb(style.outlineColor).slice(0, 3),
          back: back || [255, 255, 255]};
}"""


def rings(page, presses=30) -> list[dict]:
    """The focus ring of each control reached with Tab from the top of the page."""
    page.locator("body").focus()
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break  # past the last control
        ring = page.evaluate(RING)
        ring["contrast"] = page.evaluate(CONTRAST, [ring["ring"], ring["back"]])
        seen.append(ring)
    return seen


def test_the_focus_ring_stands_out_three_to_one_on_every_background(browser, live_server):
    set_phase(live_server, "brainstorm")
    table_writes(live_server, 1, ["Snabbare bygglov", "Fler pendeltåg"])
    tablet = open_page(browser, live_server.links["tables"][0]["secretary"], 1024, 768)
    phone = open_page(browser, live_server.links["participant"], 390, 844)
    themed(live_server)
    leader = open_page(browser, live_server.links["leader"])
    leader.get_by_test_id("theme").first.wait_for()
    faint = []
    for page in (tablet, phone, leader):
        for ring in rings(page, 60 if page is leader else 25):
            if ring["style"] == "none" or ring["width"] < 2 or ring["contrast"] < 3:
                faint.append(ring)
    assert faint == []
    for page in (tablet, phone, leader):
        page.context.close()


# --- the projector's page turns can be held (2.2.2) ----------------------------------------------------

def test_the_leader_holds_the_projectors_page_turns_and_a_reload_keeps_them_held(browser, live_server):
    from playwright.sync_api import expect

    set_phase(live_server, "brainstorm")
    table_writes(live_server, 1, [f"Idé {number}: en företagslots som svarar samma dag och följer ärendet från början"
                                  " till slut" for number in range(1, 25)])
    projector = open_page(browser, live_server.links["projector"], 1920, 1080, clock=True)
    pager = projector.locator('[data-testid="table-card"][data-table="1"]').get_by_test_id("page")
    expect(pager).to_have_text(re.compile(r"^1/\d$"))
    projector.clock.run_for(10_500)
    expect(pager).to_have_text(re.compile(r"^2/\d$"))

    leader = open_page(browser, live_server.links["leader"])
    hold = leader.get_by_test_id("paging-hold")
    expect(hold).not_to_be_checked()
    hold.check()
    expect(told(leader)).to_have_text("Projektorns sidor står still.")
    assert stored(live_server, "SELECT pages_held FROM event") == [(1,)]
    projector.wait_for_timeout(500)  # the projector has heard it
    projector.clock.run_for(35_000)
    expect(pager).to_have_text(re.compile(r"^2/\d$"))
    # A projector opened again still holds, and the leader's other laptop shows the hold.
    projector.reload()
    expect(projector.get_by_test_id("connection")).to_have_attribute("data-state", "online")
    expect(pager).to_have_text(re.compile(r"^1/\d$"))
    projector.clock.run_for(35_000)
    expect(pager).to_have_text(re.compile(r"^1/\d$"))
    other = open_page(browser, live_server.links["leader"])
    expect(other.get_by_test_id("paging-hold")).to_be_checked()
    hold.uncheck()
    expect(told(leader)).to_have_text("Projektorn bläddrar igen.")
    projector.wait_for_timeout(500)
    projector.clock.run_for(10_500)
    expect(pager).to_have_text(re.compile(r"^2/\d$"))
    for page in (projector, leader, other):
        page.context.close()


# --- names that say what a control does now (4.1.2) -------------------------------------------------

def test_a_chosen_toggle_and_the_save_button_say_what_they_do_now(browser, live_server):
    from playwright.sync_api import expect

    set_phase(live_server, "brainstorm")
    table_writes(live_server, 1, ["Snabbare bygglov", "Fler pendeltåg", "Bredband till alla"])
    tablet = open_page(browser, live_server.links["tables"][0]["secretary"], 768, 1024)
    # While editing, the button that saves says "Spara" (not the "Ändra" it was pressed as).
    idea = tablet.get_by_test_id("idea").filter(has_text="Fler pendeltåg")
    idea.get_by_role("button", name=re.compile("^Ändra")).click()
    editing = tablet.locator(".idea.editing")
    expect(editing.get_by_role("button").first).to_have_text("Spara")
    expect(editing.get_by_role("button", name="Spara", exact=True)).to_have_count(1)
    expect(tablet.get_by_role("button", name="Ändra", exact=True)).to_have_count(0)
    editing.get_by_role("button", name="Avbryt").click()

    set_phase(live_server, "prioritise")
    for text in ("Snabbare bygglov", "Bredband till alla"):
        toggle = tablet.get_by_test_id("idea").filter(has_text=text).get_by_test_id("priority-toggle")
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "true")
        expect(toggle).to_have_text("Vald som prioritering")
        expect(toggle).to_have_accessible_name(f"Vald som prioritering: {text}")
    tablet.context.close()


def test_buttons_are_named_after_what_they_act_on(browser, live_server):
    set_phase(live_server, "brainstorm")
    table_writes(live_server, 1, ["Snabbare bygglov", "Fler pendeltåg", "Bredband till alla"])
    tablet = open_page(browser, live_server.links["tables"][0]["secretary"], 1024, 768)
    tablet.get_by_test_id("idea").nth(2).wait_for()
    themed(live_server)
    leader = open_page(browser, live_server.links["leader"])
    leader.get_by_test_id("theme").nth(3).wait_for()
    set_phase(live_server, "prioritise")
    tablet.get_by_test_id("table-priority").nth(1).wait_for()
    # The organiser's list and the event's links: a row's "Spara", a card's "Ny länk".
    links = live_server.links
    desk = open_page(browser, links["organiser"])
    event = f"{links['organiser'].split('/o/')[0]}/organiser/events/{links['event_id']}"
    desk.goto(f"{event}/people")
    for person in ("Anna Berg", "Omar Said"):
        desk.locator("#p-name").fill(person)
        desk.locator("#p-name").press("Enter")
        desk.get_by_test_id("person-row").filter(has_text=person).wait_for()
    people = desk.context.new_page()
    people.goto(f"{event}/people")
    desk.goto(event)
    shared = {}
    for name, page in (("tablet", tablet), ("leader", leader), ("people", people), ("event", desk)):
        buttons = [label for role, label in names(page) if role in ("button", "combobox", "DisclosureTriangle")]
        shared[name] = sorted({label for label in buttons if buttons.count(label) > 1})
    assert shared == {"tablet": [], "leader": [], "people": [], "event": []}
    for page in (tablet, leader, desk):
        page.context.close()


def test_no_accessible_name_carries_a_soft_hyphen_or_a_menus_options(browser, live_server):
    from playwright.sync_api import expect

    themed(live_server)
    leader = open_page(browser, live_server.links["leader"])
    projector = open_page(browser, live_server.links["projector"], 1920, 1080)
    expect(projector.get_by_test_id("theme")).to_have_count(6)
    leader.get_by_test_id("theme").nth(3).wait_for()
    assert SHY in projector.get_by_test_id("theme-title").all_text_contents()[0] + "".join(
        projector.get_by_test_id("priority").all_text_contents())  # the screen does break at syllables
    hyphenated = [(page_name, role, name) for page_name, page in (("leader", leader), ("projector", projector))
                  for role, name in names(page) if SHY in name and role not in ("StaticText", "InlineTextBox")]
    assert hyphenated == []
    # A focused priority reads as its text and table, not its menu.
    chip = leader.get_by_test_id("theme").first.get_by_test_id("priority").first
    text = chip.locator(".chip-text").evaluate("node => node.textContent.replaceAll('\\u00ad', '')")
    expect(chip).to_have_accessible_name(re.compile(f"^{re.escape(text)}, bord \\d$"))
    leader.context.close()
    projector.context.close()


# --- the tablet's order, the room's phase changes -------------------------------------------------------

def tab_order(page, presses=40) -> list[dict]:
    page.locator("body").focus()
    order = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        order.append(focused(page))
    return order


def first(order, matches) -> int:
    return next(index for index, where in enumerate(order) if matches(where))


def test_while_choosing_the_tab_key_follows_the_tablets_screen(browser, live_server):
    set_phase(live_server, "brainstorm")
    table_writes(live_server, 1, ["Snabbare bygglov", "Fler pendeltåg", "Bredband till alla"])
    set_phase(live_server, "prioritise")
    table_writes(live_server, 1, ["Praktikplatser"], event="priority:add")
    for width, height in ((768, 1024), (1280, 800)):
        tablet = open_page(browser, live_server.links["tables"][0]["secretary"], width, height)
        tablet.get_by_test_id("table-priority").first.wait_for()
        order = tab_order(tablet)
        first_priority_control = first(order, lambda where: where["label"].startswith("Ta bort prioriteringen"))
        field = first(order, lambda where: where["testid"] == "idea-input")
        toggle = first(order, lambda where: where["testid"] == "priority-toggle")
        assert first_priority_control < field, (width, order)
        if width < 900:  # one column: the priorities, the ideas to choose from, then the field
            assert toggle < field, (width, order)
        else:  # side by side: the left column (priorities, the field), then the ideas on the right
            assert field < toggle, (width, order)
        tablet.context.close()


def test_a_phase_change_brings_the_tablets_task_and_field_into_view(browser, live_server):
    from playwright.sync_api import expect

    set_phase(live_server, "brainstorm")
    table_writes(live_server, 1, [f"Idé {number}: fler mötesplatser för företagare och skolor i hela kommunen"
                                  for number in range(1, 16)])
    tablet = open_page(browser, live_server.links["tables"][0]["secretary"], 768, 1024)
    expect(tablet.get_by_test_id("idea")).to_have_count(15)
    tablet.mouse.wheel(0, 5000)
    tablet.wait_for_function("window.scrollY > 1000")  # reading the ideas far down the list
    set_phase(live_server, "prioritise")
    expect(tablet.get_by_test_id("phase")).to_have_attribute("data-phase", "prioritise")
    for part in (tablet.get_by_test_id("phase-task"), tablet.get_by_test_id("priority-count"),
                 tablet.get_by_test_id("priority-toggle").first):
        expect(part).to_be_in_viewport(ratio=1)
    # A focus the phase takes away (the toggles go) goes to the task, not to the page.
    tablet.get_by_test_id("priority-toggle").nth(7).focus()
    set_phase(live_server, "theming")
    expect(tablet.get_by_test_id("priority-toggle")).to_have_count(0)
    expect(tablet.get_by_test_id("phase-task")).to_be_focused()
    expect(tablet.get_by_test_id("phase-task")).to_be_in_viewport(ratio=1)
    tablet.context.close()


# --- confirm boxes ---------------------------------------------------------------------------------------

def test_a_confirm_box_is_modal_escape_answers_no_and_going_back_a_phase_asks_first(browser, live_server):
    from playwright.sync_api import expect

    set_phase(live_server, "brainstorm")
    table_writes(live_server, 1, ["Snabbare bygglov", "Fler pendeltåg"])
    tablet = open_page(browser, live_server.links["tables"][0]["secretary"], 1024, 768)
    idea = tablet.get_by_test_id("idea").filter(has_text="Fler pendeltåg")
    withdraw = idea.get_by_role("button", name=re.compile("^Ta bort"))
    withdraw.press("Enter")
    box = tablet.locator("#confirm-withdraw")
    expect(box).to_be_visible()
    expect(box.locator("[data-answer=no]")).to_be_focused()
    for _ in range(6):  # Tab stays within the box
        tablet.keyboard.press("Tab")
        assert tablet.evaluate("document.getElementById('confirm-withdraw').contains(document.activeElement)")
    tablet.keyboard.press("Escape")
    expect(box).to_be_hidden()
    expect(withdraw).to_be_focused()
    expect(tablet.get_by_test_id("idea")).to_have_count(2)
    withdraw.press("Enter")
    box.locator("[data-answer=yes]").press("Enter")
    expect(tablet.get_by_test_id("idea")).to_have_count(1)
    assert focused(tablet)["tag"] != "body"

    # "← Tillbaka en fas" moves every screen in the room: it asks first, and Escape keeps the phase.
    leader = open_page(browser, live_server.links["leader"])
    back = leader.get_by_test_id("phase-back")
    back.press("Enter")
    asked = leader.locator("#confirm-back")
    expect(asked).to_be_visible()
    expect(asked).to_contain_text("Gå tillbaka till fasen Uppvärmning?")
    leader.keyboard.press("Escape")
    expect(asked).to_be_hidden()
    expect(back).to_be_focused()
    leader.wait_for_timeout(500)
    assert phase_of(live_server) == "brainstorm"
    back.press("Enter")
    leader.locator("#confirm-back-yes").click()
    expect(leader.get_by_test_id("phase")).to_have_attribute("data-phase", "warmup")
    assert phase_of(live_server) == "warmup"
    tablet.context.close()
    leader.context.close()


# --- sizes: targets, reflow, zoom --------------------------------------------------------------------------

# The board's controls that come on demand (a priority's menu, a theme's "Slå ihop med") are measured
# when shown: while folded away their group is a 1 px box.
TARGETS = """() => [...document.querySelectorAll('a, button, select, summary, label.checkbox, input[type=checkbox]')]
  .filter(node => node.getClientRects().length && !node.closest('[hidden], .skip-link, p, li.parking-item')
          && getComputedStyle(node).visibility !== 'hidden'
          && !((node.closest('.chip-actions, .theme-card > .button-row') || {getBoundingClientRect: () => ({width: 9})})
               .getBoundingClientRect().width < 2))
  .map(node => { const box = node.getBoundingClientRect();
    const name = node.getAttribute('aria-label') || node.textContent || node.id;
    return {what: node.tagName + ' ' + name.trim().slice(0, 30),
            checkbox: node.type === 'checkbox', width: box.width, height: box.height}; })"""


def test_every_control_is_a_44_px_target(browser, live_server):
    set_phase(live_server, "brainstorm")
    table_writes(live_server, 1, ["Snabbare bygglov", "Fler pendeltåg"])
    pages = [open_page(browser, live_server.links["tables"][0]["secretary"], 1024, 768),
             open_page(browser, live_server.links["participant"], 390, 844)]
    themed(live_server)
    pages.append(open_page(browser, live_server.links["leader"]))
    pages[-1].get_by_test_id("theme").first.wait_for()
    small = []
    for page in pages:
        for target in page.evaluate(TARGETS):
            least = 24 if target["checkbox"] else 44  # a checkbox's 44 px target is its label
            if target["width"] < least - 0.5 or target["height"] < least - 0.5:
                small.append(target)
    assert small == []
    for page in pages:
        page.context.close()


def sideways(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth")


def test_every_page_reflows_to_320_px_and_the_leaders_page_to_200_percent(browser, live_server):
    from playwright.sync_api import expect

    themed(live_server)
    links = live_server.links
    wide = {}
    for name, url in (("leader", links["leader"]), ("tablet", links["tables"][0]["secretary"]),
                      ("phone", links["participant"])):
        page = open_page(browser, url, 320, 640)
        if name == "leader":
            expect(page.get_by_test_id("theme")).to_have_count(6)
        wide[name] = sideways(page)
        page.context.close()
    desk = open_page(browser, links["organiser"], 320, 640)
    base = links["organiser"].split("/o/")[0]
    event = f"/organiser/events/{links['event_id']}"
    for name, path in (("event", event), ("checkin", f"{event}/checkin")):
        desk.goto(base + path)
        wide[name] = sideways(desk)
    desk.context.close()
    assert {name: width for name, width in wide.items() if width > 320} == {}

    # A 1280 × 800 laptop zoomed to 200 %: no sideways scrolling, and the sticky bar does not take the window.
    leader = open_page(browser, links["leader"], 640, 400)
    expect(leader.get_by_test_id("theme")).to_have_count(6)
    assert sideways(leader) <= 640
    leader.mouse.wheel(0, 1500)
    leader.wait_for_timeout(300)
    bar = leader.locator(".leader-bar").bounding_box()
    assert bar["y"] + bar["height"] <= 400 / 3, bar
    leader.context.close()


# --- the content's own language (3.1.2) ------------------------------------------------------------------

LANG_OF = "node => (node.closest('[lang]') || document.documentElement).lang"


def test_swedish_content_is_marked_swedish_on_an_english_page(browser, live_server):
    from playwright.sync_api import expect

    set_phase(live_server, "warmup")
    projector = open_page(browser, live_server.links["projector"] + "?lang=en", 1920, 1080)
    assert projector.evaluate("document.documentElement.lang") == "en"
    expect(projector.locator("#story")).to_be_visible()
    found = {"projector question": projector.locator("#question").evaluate(LANG_OF),
             "projector story": projector.locator("#story").evaluate(LANG_OF)}
    set_phase(live_server, "brainstorm")
    table_writes(live_server, 1, ["Snabbare bygglov"])
    tablet = open_page(browser, live_server.links["tables"][0]["secretary"] + "?lang=en", 1024, 768)
    tablet.get_by_test_id("idea").first.wait_for()
    found["tablet question"] = tablet.locator("#question").evaluate(LANG_OF)
    found["tablet idea"] = tablet.get_by_test_id("idea").first.locator(".idea-text").evaluate(LANG_OF)
    found["tablet button"] = tablet.get_by_test_id("idea-submit").evaluate(LANG_OF)
    themed(live_server)
    leader = open_page(browser, live_server.links["leader"] + "?lang=en")
    leader.get_by_test_id("theme").first.wait_for()
    found["leader theme title"] = leader.get_by_test_id("theme-title").first.evaluate(LANG_OF)
    found["leader priority"] = leader.locator(".chip-text").first.evaluate(LANG_OF)
    expect(projector.get_by_test_id("theme")).to_have_count(6)
    found["projector theme title"] = projector.get_by_test_id("theme-title").first.evaluate(LANG_OF)
    found["projector priority"] = projector.get_by_test_id("priority").first.locator("span").first.evaluate(LANG_OF)
    assert found == {"projector question": "sv", "projector story": "sv", "tablet question": "sv", "tablet idea": "sv",
                     "tablet button": "en", "leader theme title": "sv", "leader priority": "sv",
                     "projector theme title": "sv", "projector priority": "sv"}
    for page in (projector, tablet, leader):
        page.context.close()


# --- the organiser's forms ------------------------------------------------------------------------------

def test_an_organisers_form_comes_back_with_the_focus_and_the_confirmation_where_it_was(browser, live_server):
    from playwright.sync_api import expect

    links = live_server.links
    desk = open_page(browser, links["organiser"], 1280, 800)
    base = links["organiser"].split("/o/")[0]
    people = f"{base}/organiser/events/{links['event_id']}/people"
    desk.goto(people)
    for number in range(1, 16):
        desk.locator("#p-name").fill(f"Person {number:02d}")
        desk.locator("#p-name").press("Enter")
        expect(desk.get_by_test_id("person-row")).to_have_count(number)
    # After adding, the focus is back in the form's first field, ready for the next person.
    expect(desk.locator("#p-name")).to_be_focused()
    # The status of a row far down the list, saved with the keyboard: the page comes back there.
    row = desk.get_by_test_id("person-row").nth(14)
    name = row.locator("td").first.inner_text().strip()
    row.locator("select[name=status]").select_option("attended")
    row.locator("select[name=status]").press("Tab")
    desk.keyboard.press("Enter")
    confirmation = desk.locator("main .flash").filter(has_text=f"{name} är incheckad.")
    expect(confirmation).to_be_visible()
    row = desk.get_by_test_id("person-row").filter(has_text=name)
    assert row.evaluate("row => row.contains(document.activeElement)")
    box = confirmation.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 800, box
    expect(told(desk)).to_have_text(f"{name} är incheckad.")
    desk.context.close()


def test_a_follow_up_saved_comes_back_to_its_theme_with_the_confirmation_beside_it(browser, live_server):
    from playwright.sync_api import expect

    from sessions import storage
    from sessions.evening import events
    from support.imprint_data import asby_evening

    conn = storage.connect(live_server.db_path)
    try:
        asby_evening(conn, events.get(conn, live_server.links["event_id"]))
    finally:
        conn.close()
    links = live_server.links
    desk = open_page(browser, links["organiser"], 1280, 800)
    desk.goto(f"{links['organiser'].split('/o/')[0]}/organiser/events/{links['event_id']}/followup")
    theme = desk.get_by_test_id("followup-theme").nth(3)  # far down the page
    theme.get_by_text("Ändra uppföljningen av temat").click()
    theme.get_by_test_id("followup-status-select").first.select_option("in_progress")
    theme.get_by_test_id("followup-responsible").first.fill("Näringslivsenheten")
    theme.get_by_test_id("followup-responsible").first.press("Enter")
    theme = desk.get_by_test_id("followup-theme").nth(3)
    expect(theme.get_by_test_id("followup-status").first).to_have_attribute("data-status", "in_progress")
    confirmation = desk.locator("main .flash").filter(has_text="Uppföljningen är sparad.")
    expect(confirmation).to_be_visible()
    box = confirmation.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 800, box
    assert theme.evaluate("section => section.contains(document.activeElement)")
    expect(theme.get_by_test_id("followup-responsible").first).to_be_focused()
    expect(told(desk)).to_have_text("Uppföljningen är sparad.")
    desk.context.close()
