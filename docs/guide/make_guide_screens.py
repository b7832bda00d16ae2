"""Screenshots of the real screens for the user guide (docs/guide.md, docs/guide.en.md).

Run `make guide-screens` (or `.venv/bin/python docs/guide/make_guide_screens.py`): it starts the demo
server with a fresh database, does what an organiser does before the evening through the pages (an
invitation list of 36 people imported, the tables suggested, a few people checked in at the door),
then plays a full evening into it (tests/support/full_evening.py) while a leader's laptop, table 1's
tablet and a phone look on, and writes docs/guide/<name>.png. Swedish screens, as the guide's readers
meet them. Needs Debian's chromium, as the browser tests do.
"""

import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests"))

from support.full_evening import FullEvening  # noqa: E402
from support.serverproc import start_demo_server  # noqa: E402

FIRST = ["Anna", "Björn", "Cecilia", "David", "Elin", "Fredrik", "Greta", "Hassan", "Ingrid", "Johan", "Karin",
         "Lars", "Maria", "Nils", "Olivia", "Per", "Rana", "Sven"]
LAST = ["Berg", "Dahl", "Ek", "Holm", "Lund", "Nyström", "Strand", "Öberg"]
SECTORS = ["Företag", "Företag", "Skola", "Förening", "Region", "Företag"]


def invitation_list() -> bytes:
    """36 people as an organiser keeps them in Excel: most registered, some still only invited."""
    rows = ["Namn;Organisation;Bransch;Kön;Inbjuden av;E-post;Status"]
    for n in range(36):
        first, last = FIRST[n % len(FIRST)], LAST[(n * 5) % len(LAST)]
        gender = "Kvinna" if n % 2 == 0 else "Man"
        status = "Inbjuden" if n % 6 == 5 else "Anmäld"
        inviter = ("Kommunalrådet", "Näringslivschefen", "Rektorn")[n % 3]
        rows.append(f"{first} {last};{last}s {SECTORS[n % 6].lower()} {n + 1};{SECTORS[n % 6]};{gender};{inviter};"
                    f"{first.lower()}.{last.lower()}{n}@example.se;{status}")
    return ("\r\n".join(rows) + "\r\n").encode("cp1252")


class Camera:
    def __init__(self):
        self.written: list[str] = []

    def shoot(self, page, name: str, *, full_page: bool = False, target=None) -> None:
        path = os.path.join(HERE, f"{name}.png")
        (target or page).screenshot(path=path, **({"full_page": True} if full_page and not target else {}))
        self.written.append(os.path.relpath(path, ROOT))
        print(os.path.relpath(path, ROOT))


def before_the_evening(browser, links, camera: Camera, folder: str) -> None:
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE").new_page()
    desk.goto(links["organiser"])
    base = links["organiser"].split("/o/")[0] + f"/organiser/events/{links['event_id']}"
    desk.goto(base)
    camera.shoot(desk, "arrangor-evenemang")
    listing = os.path.join(folder, "inbjudna.csv")
    with open(listing, "wb") as handle:
        handle.write(invitation_list())
    desk.goto(f"{base}/people")
    desk.get_by_test_id("import-file").set_input_files(listing)
    desk.get_by_test_id("import-preview").click()
    desk.get_by_test_id("import-summary").wait_for()
    camera.shoot(desk, "arrangor-import")
    desk.get_by_test_id("import-confirm").click()
    desk.locator(".flash-info").wait_for()
    camera.shoot(desk, "arrangor-deltagarlista")
    desk.goto(f"{base}/dashboard")
    camera.shoot(desk, "arrangor-balans")
    desk.goto(f"{base}/seating")
    desk.get_by_test_id("suggest-seating").click()
    desk.get_by_test_id("seating-table").wait_for()
    camera.shoot(desk, "arrangor-bordsplacering")

    desk.goto(f"{base}/checkin")
    for name in ("Anna Berg", "Cecilia Ek"):
        desk.get_by_test_id("checkin-search").fill(name)
        desk.get_by_test_id("checkin-search").press("Enter")
        desk.get_by_role("button", name=f"Checka in {name}").first.click()
        desk.locator(".flash-info").wait_for()
    desk.get_by_test_id("checkin-search").fill("")
    desk.get_by_test_id("checkin-search").press_sequentially("ber", delay=50)
    desk.get_by_test_id("checkin-person").first.wait_for()
    desk.wait_for_timeout(500)
    camera.shoot(desk, "dorren-incheckning")

    desk.goto(f"{base}/table-cards")
    desk.emulate_media(media="print")
    desk.set_viewport_size({"width": 680, "height": 1009})
    camera.shoot(desk, "bordskort", target=desk.get_by_test_id("printed-table-card").first)
    desk.context.close()


def the_evening(browser, links, camera: Camera) -> None:
    from playwright.sync_api import expect

    leader = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE").new_page()
    tablet = browser.new_context(viewport={"width": 1024, "height": 768}, locale="sv-SE").new_page()
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                locale="sv-SE").new_page()
    leader.goto(links["leader"])
    tablet.goto(links["tables"][0]["secretary"])
    phone.goto(links["participant"])
    evening = FullEvening(links)
    for phase in ["setup", "warmup", "brainstorm", "prioritise", "theming", "deepen", "closing"]:
        evening.run_until(phase)
        expect(leader.get_by_test_id("phase")).to_have_attribute("data-phase", phase)
        expect(tablet.get_by_test_id("phase")).to_have_attribute("data-phase", phase)
        leader.wait_for_timeout(600)  # the page's patches and the timer's first tick
        camera.shoot(leader, f"ledare-{phase}")
        if phase in ("brainstorm", "prioritise", "deepen", "closing"):
            camera.shoot(tablet, f"surfplatta-{phase}")
        if phase == "warmup":
            phone.get_by_test_id("join-name").fill("Karin")
            phone.get_by_test_id("join-table").select_option("1")
            camera.shoot(phone, "mobil-ansluta")
            phone.get_by_test_id("join-submit").click()
            expect(phone.get_by_test_id("my-table")).to_be_visible()
        if phase == "deepen":
            phone.wait_for_timeout(600)
            camera.shoot(phone, "mobil-rotation")
    evening.close()


def after_the_evening(browser, links, camera: Camera) -> None:
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE").new_page()
    desk.goto(links["organiser"])
    base = links["organiser"].split("/o/")[0] + f"/organiser/events/{links['event_id']}"
    desk.goto(base)
    camera.shoot(desk, "arrangor-rapport", target=desk.locator("section:has(#export-heading)"))
    desk.goto(f"{base}/followup")
    theme = desk.get_by_test_id("followup-theme").first
    theme.get_by_text("Ändra uppföljningen av temat").click()
    theme.get_by_test_id("followup-status-select").first.select_option("in_progress")
    theme.get_by_test_id("followup-responsible").first.fill("Näringslivsenheten")
    theme.get_by_test_id("followup-save").first.click()
    theme.locator(".flash").wait_for()
    desk.goto(f"{base}/followup")
    camera.shoot(desk, "uppfoljning")
    desk.goto(f"{base}/imprint")
    camera.shoot(desk, "avtryck")
    desk.context.close()


def main() -> int:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=20_000)
    folder = tempfile.mkdtemp()
    server = start_demo_server(folder, settings={"RATE_LIMITS": "false"})
    camera = Camera()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            before_the_evening(browser, server.links, camera, folder)
            the_evening(browser, server.links, camera)
            after_the_evening(browser, server.links, camera)
            browser.close()
    finally:
        server.kill()
    print(f"{len(camera.written)} screenshots in docs/guide/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
