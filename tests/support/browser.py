"""Helpers for the tests in Debian's chromium: the browser's settings, pages driven as people do,
and the automated WCAG checks (axe-core, vendored in tests/vendor/)."""

import os
import shutil

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def replace_table_link(browser, server, table: int) -> str:
    """The organiser presses "Skapa ny länk" for a table's secretary; returns the new link."""
    desk = browser.new_context(locale="sv-SE").new_page()
    desk.goto(server.links["organiser"])
    base = server.links["organiser"].split("/o/")[0]
    desk.goto(f"{base}/organiser/events/{server.links['event_id']}")
    card = desk.locator(".link-card").filter(has_text=f"Sekreterare, bord {table}")
    card.locator("summary").click()
    card.get_by_role("button", name="Skapa ny länk").click()
    card = desk.locator(".link-card").filter(has_text=f"Sekreterare, bord {table}")
    new_link = card.get_by_test_id("link-table").get_attribute("href")
    desk.context.close()
    return new_link


def advance_to(leader, phase):
    import re

    from playwright.sync_api import expect

    order = ["setup", "warmup", "brainstorm", "prioritise", "theming", "deepen", "closing"]
    current = leader.get_by_test_id("phase")
    expect(current).to_have_attribute("data-phase", re.compile("|".join(order)))  # the page has its snapshot
    while current.get_attribute("data-phase") != phase:
        before = current.get_attribute("data-phase")
        leader.get_by_test_id("phase-next").click()
        expect(current).to_have_attribute("data-phase", order[order.index(before) + 1])


def add_priorities_by_socket(links, texts_per_table):
    """Six tables' priorities, sent as their tablets would (python-socketio clients)."""
    import uuid

    import socketio

    base = links["leader"].split("/leader/")[0]
    for table, texts in zip(links["tables"], texts_per_table):
        client = socketio.SimpleClient()
        client.connect(base, auth={"token": table["secretary"].rsplit("/", 1)[1]}, transports=["websocket"])
        for text in texts:
            assert client.call("priority:add", {"id": str(uuid.uuid4()), "text": text}, timeout=10)["ok"]
        client.disconnect()


AXE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "vendor", "axe.min.js")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page) -> list[str]:
    page.add_script_tag(path=AXE)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]]
