"""After the evening, in Debian's chromium: the organiser uploads the adopted strategy and reads the
imprint, then gives a theme a follow-up status and sees it kept with its history."""

import pytest

from sessions import storage
from sessions.evening import events
from support.imprint_data import STRATEGY, asby_evening

pytestmark = pytest.mark.browser


@pytest.fixture
def desk(browser, live_server):  # noqa: F811
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    conn = storage.connect(live_server.db_path)
    try:
        # The evening as it was played, written while the server runs (as the door's list import is).
        asby_evening(conn, events.get(conn, live_server.links["event_id"]))
    finally:
        conn.close()
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE")
    page = context.new_page()
    page.goto(live_server.links["organiser"])
    base = live_server.links["organiser"].split("/o/")[0]
    yield page, f"{base}/organiser/events/{live_server.links['event_id']}"
    context.close()


def test_the_organiser_uploads_the_strategy_and_reads_the_imprint(desk):
    from playwright.sync_api import expect

    page, event_url = desk
    page.goto(f"{event_url}/imprint")
    page.get_by_test_id("strategy-file").set_input_files(STRATEGY)
    page.get_by_test_id("strategy-upload").click()
    # The comparison is made in the server's worker process (started for it, the first time); until it
    # is ready the page says so and shows it by itself.
    expect(page.get_by_test_id("imprint-summary")).to_have_text(
        "4 av 6 teman och 13 av 22 förslag tas upp i strategin.", timeout=60_000)
    themes = page.get_by_test_id("imprint-theme")
    expect(themes).to_have_count(6)
    expect(themes.nth(0)).to_have_attribute("data-reached", "yes")
    first = themes.nth(0).get_by_test_id("verdict").first
    expect(first.get_by_test_id("verdict-name")).to_have_text("Tas upp")
    expect(first.get_by_test_id("verdict-source")).to_have_text("Verktygets bedömning, inte bekräftad")
    expect(themes.nth(0).get_by_test_id("evidence").first).to_contain_text(
        "Företagare ska mötas av en kommun som är tillgänglig, snabb och tydlig")
    expect(themes.nth(4)).to_have_attribute("data-reached", "no")

    # The organiser reads the evidence beside the verdict and corrects it; the page keeps its place.
    housing = themes.nth(5)
    expect(housing.get_by_test_id("verdict").first.get_by_test_id("verdict-name")).to_have_text("Syns inte")
    housing.get_by_role("button", name="Tas upp: Bostäder så att nyanställda kan flytta hit").click()
    expect(page.get_by_test_id("imprint-summary")).to_have_text(
        "5 av 6 teman och 13 av 22 förslag tas upp i strategin.")
    verdict = page.get_by_test_id("imprint-theme").nth(5).get_by_test_id("verdict").first
    expect(verdict.get_by_test_id("verdict-name")).to_have_text("Tas upp")
    expect(verdict.get_by_test_id("verdict-source")).to_contain_text("(verktyget: Syns inte)")
    expect(verdict.get_by_role("button", name="Tas upp: Bostäder så att nyanställda kan flytta hit")).to_have_attribute(
        "aria-pressed", "true")
    assert page.url.endswith("/imprint#theme-6")


def test_the_organiser_sets_a_follow_up_status_and_it_is_kept_with_its_history(desk):
    from playwright.sync_api import expect

    page, event_url = desk
    page.goto(f"{event_url}/followup")
    theme = page.get_by_test_id("followup-theme").first
    status = theme.get_by_test_id("followup-status").first
    expect(status).to_have_attribute("data-status", "")
    theme.get_by_text("Ändra uppföljningen av temat").click()
    theme.get_by_test_id("followup-status-select").first.select_option("in_progress")
    theme.get_by_test_id("followup-responsible").first.fill("Näringslivsenheten")
    theme.get_by_test_id("followup-date").first.fill("2026-05-01")
    theme.get_by_test_id("followup-note").first.fill("Företagslotsen börjar i maj.")
    theme.get_by_test_id("followup-save").first.click()

    theme = page.get_by_test_id("followup-theme").first
    expect(page.get_by_role("status")).to_have_text("Uppföljningen är sparad.")
    expect(theme.get_by_test_id("followup-status").first).to_have_attribute("data-status", "in_progress")
    expect(theme.get_by_test_id("followup-status").first).to_contain_text("Pågår · 2026-05-01 · Näringslivsenheten")
    expect(theme.get_by_test_id("followup-history").first).to_contain_text("1 ändring")


def test_the_imprint_follow_up_and_placements_pages_pass_automated_wcag_checks(desk, browser):  # noqa: F811
    from support.browser import violations
    page, event_url = desk
    page.goto(f"{event_url}/imprint")
    page.get_by_test_id("strategy-file").set_input_files(STRATEGY)
    page.get_by_test_id("strategy-upload").click()
    page.get_by_test_id("imprint-summary").wait_for(timeout=60_000)
    # The pages forbid inline scripts (CSP); axe is injected only for the audit, in its own context.
    context = browser.new_context(bypass_csp=True, locale="sv-SE", viewport={"width": 1280, "height": 900},
                                  storage_state=page.context.storage_state())
    audit = context.new_page()
    found = {}
    for name in ("imprint", "followup", "placements"):
        audit.goto(f"{event_url}/{name}")
        found[name] = violations(audit)
    context.close()
    assert {name: problems for name, problems in found.items() if problems} == {}


def test_the_organiser_removes_a_misleading_placement_before_the_report_goes_out(browser, live_server):  # noqa: F811
    from playwright.sync_api import expect

    from support.placement_evening import MISPLACED, PERMITS, played

    expect.set_options(timeout=10_000)
    conn = storage.connect(live_server.db_path)
    try:
        played(conn, events.get(conn, live_server.links["event_id"]))
    finally:
        conn.close()
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE")
    page = context.new_page()
    page.goto(live_server.links["organiser"])
    base = live_server.links["organiser"].split("/o/")[0]
    page.goto(f"{base}/organiser/events/{live_server.links['event_id']}/placements")
    permits = page.get_by_test_id("placement-theme").first
    expect(permits.get_by_test_id("placement")).to_have_count(2)
    expect(permits.get_by_test_id("placement").first).to_contain_text(PERMITS)
    expect(permits.get_by_test_id("placement-words").first).to_have_text("Gemensamma ord: bygglov.")
    page.get_by_role("button", name=f"Ta bort ur temat: {MISPLACED}").click()
    expect(page.get_by_text("Placeringen är borttagen ur rapporten.")).to_be_visible()
    permits = page.get_by_test_id("placement-theme").first
    expect(permits.get_by_test_id("placement")).to_have_count(1)
    expect(permits.get_by_test_id("placements-removed")).to_contain_text("1 borttagen placering")
    context.close()
