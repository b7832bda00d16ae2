"""The follow-up page in Debian's chromium with the Åsby forum's 6 themes and 22 proposals: a save
stays where the organiser is, statuses read in words and colour, and one table gives the overview."""

import pytest

pytestmark = pytest.mark.browser


def play_asby(live_server):
    """The Åsby forum in the served event; its themes' ids in board order."""
    from sessions import storage
    from sessions.evening import events
    from support.imprint_data import asby_evening

    conn = storage.connect(live_server.db_path)
    try:
        asby_evening(conn, events.get(conn, live_server.links["event_id"]))
        return [theme.id for theme in storage.fetch_themes(conn, live_server.links["event_id"])]
    finally:
        conn.close()


def open_followup(browser, live_server, **options):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE", **options)
    page = context.new_page()
    page.goto(live_server.links["organiser"])
    page.goto(f"{live_server.links['organiser'].split('/o/')[0]}/organiser/events/"
              f"{live_server.links['event_id']}/followup")
    return page


def test_a_save_far_down_the_page_stays_where_the_organiser_is(browser, live_server):
    from playwright.sync_api import expect

    theme_ids = play_asby(live_server)
    page = open_followup(browser, live_server)
    page.evaluate("window.sameLoad = true")
    theme = page.get_by_test_id("followup-theme").nth(4)
    theme.get_by_text("Ändra uppföljningen av temat").click()
    theme.get_by_test_id("followup-status-select").first.select_option("done")
    theme.get_by_test_id("followup-responsible").first.fill("Näringslivsenheten")
    theme.get_by_test_id("followup-date").first.fill("2027-03-01")
    assert page.evaluate("window.scrollY") > 1500  # far down: a reload would have started at the top
    heading = theme.get_by_role("heading").first
    before = heading.bounding_box()["y"]
    theme.get_by_test_id("followup-save").first.click()

    expect(theme.get_by_test_id("followup-status").first).to_have_attribute("data-status", "done")
    expect(theme.get_by_test_id("followup-status").first).to_contain_text("Genomförd · 2027-03-01 · Näringslivsenheten")
    confirmation = theme.locator(".flash").filter(has_text="Uppföljningen är sparad.")
    expect(confirmation).to_be_in_viewport()
    expect(page.get_by_test_id("status-message")).to_have_text("Uppföljningen är sparad.")
    assert page.evaluate("window.sameLoad") is True  # the page was not loaded again
    assert abs(heading.bounding_box()["y"] - before) < 5  # the theme has not moved on the screen
    expect(theme.get_by_test_id("followup-save").first).to_be_focused()
    expect(theme.get_by_test_id("followup-history").first).to_contain_text("1 ändring")
    # The overview at the top has it too.
    row = page.locator(f'[data-testid="overview-row"][data-subject="theme-{theme_ids[4]}"]')
    expect(row).to_have_attribute("data-status", "done")
    expect(row).to_contain_text("Genomförd")
    done = page.locator('[data-testid="followup-counts"] > li[data-status="done"]')
    expect(done).to_have_attribute("data-count", "1")

    # A second click of the same form changes nothing, and says so in the same place.
    theme.get_by_test_id("followup-save").first.click()
    expect(theme.locator(".flash")).to_have_text("Inget ändrades.")
    expect(theme.get_by_test_id("followup-history").first).to_contain_text("1 ändring")
    page.context.close()


def test_without_javascript_the_form_still_saves(browser, live_server):
    from playwright.sync_api import expect

    play_asby(live_server)
    page = open_followup(browser, live_server, java_script_enabled=False)
    theme = page.get_by_test_id("followup-theme").nth(1)
    theme.get_by_text("Ändra uppföljningen av temat").click()
    theme.get_by_test_id("followup-status-select").first.select_option("planned")
    theme.get_by_test_id("followup-save").first.click()
    expect(page.locator(".flash-info")).to_have_text("Uppföljningen är sparad.")
    expect(page.get_by_test_id("followup-theme").nth(1).get_by_test_id("followup-status").first).to_have_attribute(
        "data-status", "planned")
    page.context.close()


def test_the_overview_shows_every_status_in_words_and_colour(browser, live_server):
    from sessions import storage
    from sessions.documents import followup
    from sessions.ground import roles
    from support.browser import violations

    theme_ids = play_asby(live_server)
    chosen = dict(zip(theme_ids, ("planned", "in_progress", "done", "not_relevant")))
    conn = storage.connect(live_server.db_path)
    try:
        for theme_id, status in chosen.items():
            followup.set_followup(conn, roles.ORGANISER, live_server.links["event_id"], "theme", theme_id,
                                  {"status": status}, changed_by="test")
    finally:
        conn.close()
    page = open_followup(browser, live_server, bypass_csp=True)
    rows = page.get_by_test_id("overview-row")
    assert rows.count() == 6 + 22  # every theme and every proposal, one row each
    shown = {}
    for theme_id, status in [*chosen.items(), (theme_ids[4], "none")]:
        badge = page.locator(f'[data-testid="overview-row"][data-subject="theme-{theme_id}"] .status-badge')
        shown[status] = (badge.inner_text(), badge.evaluate("node => getComputedStyle(node).backgroundColor"))
    assert {status: text for status, (text, _) in shown.items()} == {
        "planned": "Planerad", "in_progress": "Pågår", "done": "Genomförd", "not_relevant": "Ej aktuell",
        "none": "Ingen uppföljning ännu"}
    assert len({colour for _, colour in shown.values()}) == 5, shown  # each status its own colour
    counts = page.get_by_test_id("followup-counts")
    assert counts.evaluate("list => [...list.children].map(item => item.dataset.count)") == ["1", "1", "1", "1", "24"]
    assert violations(page) == []  # contrast of each badge, the table's headers
    page.context.close()


def test_a_programmes_theme_is_saved_in_place_as_an_events_is(browser, live_server):
    """The programme's follow-up page uses the event's form and followup.js: a save changes the status, the
    history and the overview where they stand, without loading the page again."""
    from playwright.sync_api import expect

    from sessions import storage
    from sessions.documents import programme
    from sessions.evening import events
    from sessions.ground import roles

    play_asby(live_server)
    conn = storage.connect(live_server.db_path)
    try:
        made = programme.create(conn, roles.ORGANISER, "Underlag till näringslivsstrategin 2027",
                                [events.get(conn, live_server.links["event_id"]).id])
        programme.suggest(conn, roles.ORGANISER, made.id,
                          lambda texts, n: [("Bygglov", list(range(len(texts) // 2))),
                                            ("Kompetens", list(range(len(texts) // 2, len(texts))))])
    finally:
        conn.close()
    expect.set_options(timeout=10_000)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE")
    page = context.new_page()
    page.goto(live_server.links["organiser"])
    page.goto(f"{live_server.links['organiser'].split('/o/')[0]}/organiser/programmes/{made.id}/followup")
    page.evaluate("window.sameLoad = true")
    theme = page.get_by_test_id("followup-theme").nth(1)
    theme.get_by_text("Ändra uppföljningen av temat").click()
    theme.get_by_test_id("followup-status-select").select_option("in_progress")
    theme.get_by_test_id("followup-responsible").fill("Kompetensrådet")
    theme.get_by_test_id("followup-save").click()
    expect(theme.get_by_test_id("followup-status")).to_contain_text("Pågår · Kompetensrådet")
    expect(page.get_by_test_id("status-message")).to_have_text("Uppföljningen är sparad.")
    expect(theme.get_by_test_id("followup-history")).to_contain_text("1 ändring")
    expect(page.locator('[data-testid="followup-counts"] > li[data-status="in_progress"]')).to_have_attribute(
        "data-count", "1")
    assert page.evaluate("window.sameLoad") is True
    context.close()
