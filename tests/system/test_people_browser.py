"""The organiser's list in Debian's chromium: an invitation list imported through the page, and the
dashboard naming the inviter whose invitations are skewed while there is time to ask for other names."""

import pytest

pytestmark = pytest.mark.browser

# Kommunalrådet has invited seven men and no women; Rektorn and Företagarna are balanced.
INVITATIONS = "\r\n".join(
    ["Namn;Organisation;Bransch;Kön;Inbjuden av;E-post;Status"]
    + [f"Man {n} Karlsson;Bygg {n} AB;Företag;Man;Kommunalrådet;man{n}@example.se;Inbjuden" for n in range(1, 8)]
    + [f"Kvinna {n} Holm;Skola {n};Skola;Kvinna;Rektorn;kvinna{n}@example.se;Anmäld" for n in range(1, 6)]
    + [f"Man {n} Ek;Skola {n};Skola;Man;Rektorn;ek{n}@example.se;Anmäld" for n in range(1, 6)]
    + [f"Person {n} Lund;Förening {n};Förening;{'Kvinna' if n % 2 else 'Man'};Företagarna;;Kommer" for n in range(1, 7)]
) + "\r\n"


@pytest.fixture
def desk(browser, live_server, tmp_path):  # noqa: F811
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE")
    page = context.new_page()
    page.goto(live_server.links["organiser"])
    base = live_server.links["organiser"].split("/o/")[0] + f"/organiser/events/{live_server.links['event_id']}"
    listing = tmp_path / "inbjudna.csv"
    listing.write_bytes(INVITATIONS.encode("cp1252"))
    yield page, base, listing
    context.close()


def test_the_dashboard_names_the_inviter_whose_invitations_are_skewed(desk):
    from playwright.sync_api import expect

    page, base, listing = desk
    page.goto(f"{base}/people")
    page.get_by_test_id("import-file").set_input_files(str(listing))
    page.get_by_test_id("import-preview").click()
    expect(page.get_by_test_id("import-summary")).to_have_attribute("data-add", "23")
    page.get_by_test_id("import-confirm").click()
    expect(page.locator(".flash-info")).to_contain_text("Listan är importerad: 23 nya personer")

    page.goto(f"{base}/dashboard")
    named = page.get_by_test_id("balance-warning").and_(page.locator('[data-scope="inviter"]'))
    expect(named).to_have_count(1)
    expect(named).to_have_attribute("data-inviter", "Kommunalrådet")
    expect(named).to_contain_text("Kommunalrådet har bjudit in 0 kvinnor och 7 män. Be om fler namn på kvinnor "
                                  "medan det finns tid.")
    expect(page.locator('[data-testid="inviter-row"][data-warning="true"]')).to_have_attribute("data-inviter",
                                                                                               "Kommunalrådet")
    # Företagarna invited six, three of each: balanced, so no warning; Rektorn likewise.
    expect(page.locator('[data-testid="inviter-row"][data-inviter="Företagarna"]')).not_to_have_attribute(
        "data-warning", "true")

    # On paper the navigation and forms go, the chart and the warnings stay, and the chart is on page one:
    # laid out at A4's printable width (210 mm less 2 × 12 mm margins, at 96 dpi), it ends above the
    # printable height (297 mm less 2 × 14 mm).
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 703, "height": 1017})
    expect(page.locator(".subnav")).to_be_hidden()
    expect(page.locator("form.inline-form")).to_be_hidden()
    expect(page.get_by_test_id("balance-chart")).to_be_visible()
    expect(named).to_be_visible()
    chart = page.get_by_test_id("balance-chart").bounding_box()
    assert chart["x"] + chart["width"] <= 703 and chart["y"] + chart["height"] <= 1017, chart
    assert page.pdf(format="A4").startswith(b"%PDF")


def test_the_organisers_list_pages_pass_automated_wcag_checks(browser, live_server, tmp_path):  # noqa: F811
    from support.browser import violations
    context = browser.new_context(bypass_csp=True, locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.links["organiser"])
    base = live_server.links["organiser"].split("/o/")[0] + f"/organiser/events/{live_server.links['event_id']}"
    listing = tmp_path / "inbjudna.csv"
    listing.write_bytes((INVITATIONS + "Olle Berg;Bergs AB;Företag;robot;Rektorn;;Kanske\r\n").encode("cp1252"))
    found = {}
    page.goto(f"{base}/people")
    page.get_by_test_id("import-file").set_input_files(str(listing))
    page.get_by_test_id("import-preview").click()
    page.get_by_test_id("unknown-values").wait_for()
    found["import preview"] = violations(page)
    page.get_by_test_id("import-confirm").click()
    page.locator(".flash-info").wait_for()
    found["list after an import"] = violations(page)
    page.goto(f"{base}/dashboard")
    page.get_by_test_id("balance-warning").first.wait_for()
    found["dashboard with warnings"] = violations(page)
    page.goto(f"{base}/seating")
    page.get_by_test_id("suggest-seating").click()
    page.get_by_test_id("seating-table").wait_for()
    found["seating"] = violations(page)
    page.goto(f"{base}/people")
    page.get_by_text("Olle Berg").click()
    page.get_by_test_id("delete-person").wait_for(state="attached")
    found["edit"] = violations(page)
    context.close()
    assert {name: problems for name, problems in found.items() if problems} == {}
