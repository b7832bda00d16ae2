"""An organisation's administrator in Debian's chromium: the first account and its organisation
through the organiser link, another account made, its password reset and removed, the settings saved,
the log read; each page passes the automated WCAG checks."""

import pytest

from support.browser import violations

pytestmark = pytest.mark.browser

PASSWORD = "ett långt lösenord"


@pytest.fixture
def desk(browser, live_server):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE", bypass_csp=True)
    yield context, live_server.links
    context.close()


def test_an_administrator_runs_the_organisations_accounts_settings_and_log(desk):
    from playwright.sync_api import expect

    context, links = desk
    base = links["organiser"].split("/o/")[0]
    page = context.new_page()
    page.goto(links["organiser"])
    page.get_by_label("Organisation (kommun eller region)").fill("Sundsvalls kommun")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord (minst 10 tecken)").fill(PASSWORD)
    page.get_by_role("button", name="Skapa kontot").click()
    expect(page.locator(".flash-info")).to_contain_text("Kontot är skapat.")
    page.goto(f"{base}/organiser/login")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    # The demo evening, made before the first account, is the organisation's.
    expect(page.get_by_role("link", name="Konton och lösenord")).to_be_visible()
    found = {"home": violations(page)}

    page.get_by_role("link", name="Konton och lösenord").click()
    page.get_by_label("Användarnamn").fill("bertil")
    page.get_by_label("Lösenord (minst 10 tecken)").fill(PASSWORD)
    page.get_by_role("button", name="Skapa kontot").click()
    expect(page.locator(".flash-info")).to_contain_text("Kontot bertil är skapat.")
    page.goto(f"{base}/organiser/account")
    rows = page.get_by_test_id("accounts").locator("tbody tr")
    expect(rows).to_have_count(2)
    found["accounts"] = violations(page)
    # By keyboard, as a screen reader user would: the new password's field is named after its account.
    page.get_by_label("Nytt lösenord för bertil").fill("ett nytt långt lösenord")
    page.get_by_label("Nytt lösenord för bertil").press("Enter")
    expect(page.locator(".flash-info")).to_contain_text("Kontot bertil har fått ett nytt lösenord.")
    remove = page.get_by_role("button", name="Ta bort bertil")
    remove.click()  # the confirmation is not ticked: the browser keeps the form
    expect(rows).to_have_count(2)
    rows.filter(has_text="bertil").get_by_label("Kontot går inte att få tillbaka").check()
    remove.click()
    expect(page.locator(".flash-info")).to_contain_text("Kontot bertil är borttaget.")
    expect(rows).to_have_count(1)

    page.get_by_role("link", name="Alla evenemang").click()
    page.get_by_role("link", name="Organisationens inställningar").click()
    found["settings"] = violations(page)
    page.get_by_label("Uppföljningen redovisas för").fill("regionfullmäktige")
    page.get_by_label("Namn sparas så här många månader").fill("6")
    page.get_by_role("button", name="Spara inställningarna").click()
    expect(page.locator(".flash-info")).to_contain_text("Inställningarna är sparade.")
    expect(page.get_by_label("Uppföljningen redovisas för")).to_have_value("regionfullmäktige")

    page.goto(f"{base}/organiser/audit")
    log = page.get_by_test_id("audit").locator("tbody tr")
    expect(log.first).to_contain_text("Ändrade organisationens inställningar")
    expect(page.get_by_test_id("audit")).to_contain_text("Tog bort kontot")
    expect(page.get_by_test_id("audit")).to_contain_text("Bytte lösenord för kontot")
    found["log"] = violations(page)
    assert {name: problems for name, problems in found.items() if problems} == {}
