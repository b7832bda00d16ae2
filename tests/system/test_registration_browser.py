"""Registration in Debian's chromium, on a phone held upright, with the served app sending its mails to a
real SMTP server (aiosmtpd): the invitation's own link opens a page filled in from the list, consent is
asked, the ticket comes back; and the door's tablet checks the ticket in with its camera."""

import re
import subprocess
import sys
import time

import pytest

from support.serverproc import start_demo_server

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}


@pytest.fixture
def mailing_server(tmp_path, smtp):
    server = start_demo_server(str(tmp_path), settings={"SMTP_URL": smtp.url, "MAIL_ROUND_SECONDS": "1"})
    yield server
    server.kill()


def wait_for_mail(smtp, to: str, subject_start: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in list(smtp.messages):
            if message["To"] == to and message["Subject"].startswith(subject_start):
                return message
        time.sleep(0.2)
    raise AssertionError(f"no mail {subject_start!r} to {to}: {[m['Subject'] for m in smtp.messages]}")


def invited(browser, server, smtp, tmp_path):
    """Anna is on the list; the organiser sends the invitations; returns her registration link."""
    from playwright.sync_api import expect

    listing = tmp_path / "inbjudna.csv"
    listing.write_text("Namn;Organisation;E-post;Inbjuden av\nAnna Holm;Holms Bageri;anna@example.se;Ledamot A\n",
                       encoding="utf-8")
    imported = subprocess.run([sys.executable, "-m", "dialog_app.serve", "invites", "import",
                               server.links["event_id"], str(listing), "--db", server.db_path],
                              capture_output=True, text=True, timeout=60)
    assert imported.returncode == 0, imported.stderr
    desk = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE").new_page()
    desk.goto(server.links["organiser"])
    base = server.links["organiser"].split("/o/")[0]
    desk.goto(f"{base}/organiser/events/{server.links['event_id']}/invitations")
    expect(desk.get_by_test_id("invite-count")).to_have_attribute("data-count", "1")
    desk.get_by_test_id("invite-send").click()
    expect(desk.locator(".flash-info")).to_contain_text("1 inbjudan ligger i utkorgen")
    invitation = wait_for_mail(smtp, "anna@example.se", "Ledamot A bjuder in dig")
    desk.context.close()
    return re.search(r"http://\S+/r/[A-Za-z0-9_-]+", invitation.get_body().get_content())[0]


def test_a_person_registers_on_a_phone_held_upright(browser, mailing_server, smtp, tmp_path):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    own = invited(browser, mailing_server, smtp, tmp_path)
    phone = browser.new_context(locale="sv-SE", **PHONE).new_page()
    phone.goto(own)
    expect(phone.get_by_label("Namn")).to_have_value("Anna Holm")
    expect(phone.get_by_label("Organisation (valfritt)")).to_have_value("Holms Bageri")
    consent = phone.get_by_test_id("register-consent")
    expect(consent).to_contain_text("tas bort 24 månader efter evenemanget")
    # Nothing runs off the side of a 390 px screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_test_id("register-submit").click()
    expect(phone.get_by_test_id("error")).to_contain_text("Kryssa i att du har läst om dina uppgifter")
    phone.get_by_label("Kvinna").check()
    phone.get_by_test_id("register-consent-box").check()
    phone.get_by_test_id("register-results-mail").check()
    box = phone.get_by_test_id("register-submit").bounding_box()
    assert box["height"] >= 44 and box["width"] <= 390
    phone.get_by_test_id("register-submit").tap()
    expect(phone.get_by_test_id("register-done")).to_have_attribute("data-state", "registered")
    expect(phone.get_by_test_id("register-ticket")).to_be_visible()
    confirmation = wait_for_mail(smtp, "anna@example.se", "Välkommen till")
    assert [part.get_filename() for part in confirmation.iter_attachments()] == ["biljett.png"]
    phone.context.close()


def qr_video(text: str, path) -> None:
    """A y4m video (what chromium's fake camera plays) of the QR code of ``text``, held still."""
    import segno

    width, height, scale = 640, 480, 8
    matrix = segno.make(text, error="m").matrix
    size = len(matrix) + 8  # four modules of quiet zone on each side
    left, top = (width - size * scale) // 2, (height - size * scale) // 2
    luma = bytearray([235]) * (width * height)
    for row, modules in enumerate(matrix):
        for column, dark in enumerate(modules):
            if dark:
                for y in range(top + (row + 4) * scale, top + (row + 5) * scale):
                    start = y * width + left + (column + 4) * scale
                    luma[start:start + scale] = bytes([16]) * scale
    frame = b"FRAME\n" + bytes(luma) + bytes([128]) * (width * height // 2)
    path.write_bytes(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode() + frame * 10)


def test_the_door_tablet_checks_a_ticket_in_with_its_camera(browser, mailing_server, smtp, tmp_path):
    import requests
    from playwright.sync_api import expect

    from support.browser import CHROMIUM, CHROMIUM_ARGS

    expect.set_options(timeout=15_000)
    listing = tmp_path / "inbjudna.csv"
    listing.write_text("Namn;E-post;Inbjuden av\nBo Ek;bo@example.se;Rektorn\n", encoding="utf-8")
    imported = subprocess.run([sys.executable, "-m", "dialog_app.serve", "invites", "import",
                               mailing_server.links["event_id"], str(listing), "--db", mailing_server.db_path],
                              capture_output=True, text=True, timeout=60)
    assert imported.returncode == 0, imported.stderr
    sent = subprocess.run([sys.executable, "-m", "dialog_app.serve", "invites", "send",
                           mailing_server.links["event_id"], "--db", mailing_server.db_path],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert "1 invitations sent to the outbox" in sent.stdout, sent.stdout + sent.stderr
    # The command shares the server's instance folder, so the links it issues are the server's.
    invitation = wait_for_mail(smtp, "bo@example.se", "Rektorn bjuder in dig")
    own = re.search(r"http://\S+/r/[A-Za-z0-9_-]+", invitation.get_body().get_content())[0]
    assert requests.post(own, data={"consent": "yes"}, timeout=10, allow_redirects=False).status_code == 302
    confirmation = wait_for_mail(smtp, "bo@example.se", "Välkommen till")
    ticket = re.search(r"http://\S+/t/[A-Za-z0-9_-]+", confirmation.get_body().get_content())[0]
    camera = tmp_path / "biljett.y4m"
    qr_video(ticket, camera)

    # A chromium of its own, whose camera plays the ticket (the same playwright as the module's browser).
    with_camera = browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS + [
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={camera}"])
    try:
        door = with_camera.new_context(viewport={"width": 1024, "height": 768}, locale="sv-SE").new_page()
        door.goto(mailing_server.links["organiser"])
        base = mailing_server.links["organiser"].split("/o/")[0]
        door.goto(f"{base}/organiser/events/{mailing_server.links['event_id']}/checkin")
        expect(door.locator(".lead")).to_contain_text("Incheckade hittills: 0")
        door.get_by_test_id("ticket-scan-start").click()
        expect(door.locator(".flash-info")).to_contain_text("Bo Ek är incheckad.")
        expect(door.locator(".lead")).to_contain_text("Incheckade hittills: 1")
        # The camera starts again by itself and reads the same ticket: the door is told, nothing doubles.
        expect(door.get_by_test_id("error")).to_contain_text("Bo Ek är redan incheckad.")
        expect(door.locator(".lead")).to_contain_text("Incheckade hittills: 1")
        door.get_by_test_id("ticket-scan-start").click()
    finally:
        with_camera.close()


def test_the_pages_of_invitations_registration_and_results_pass_automated_wcag_checks_and_reflow(
        browser, mailing_server, smtp, tmp_path):
    from playwright.sync_api import expect

    from support.browser import violations

    expect.set_options(timeout=10_000)
    own = invited(browser, mailing_server, smtp, tmp_path)
    found, wide = {}, {}
    phone = browser.new_context(bypass_csp=True, locale="sv-SE", **PHONE).new_page()
    phone.goto(own)
    found["register"] = violations(phone)
    phone.get_by_test_id("register-submit").click()
    expect(phone.get_by_test_id("error")).to_be_visible()
    found["register refused"] = violations(phone)
    phone.get_by_test_id("register-consent-box").check()
    phone.get_by_test_id("register-submit").click()
    expect(phone.get_by_test_id("register-done")).to_be_visible()
    found["registered"] = violations(phone)
    phone.context.close()
    desk = browser.new_context(bypass_csp=True, locale="sv-SE", viewport={"width": 1280, "height": 900}).new_page()
    desk.goto(mailing_server.links["organiser"])
    base = mailing_server.links["organiser"].split("/o/")[0]
    event = f"{base}/organiser/events/{mailing_server.links['event_id']}"
    desk.goto(f"{event}/results")
    desk.get_by_test_id("results-publish").click()
    public = desk.get_by_test_id("public-results-link").get_attribute("href")
    for name, url in (("invitations", f"{event}/invitations"), ("outbox", f"{event}/outbox"),
                      ("results (organiser)", f"{event}/results"), ("checkin", f"{event}/checkin"),
                      ("personal data", f"{base}/organiser/personuppgifter"), ("results", public)):
        desk.goto(url)
        found[name] = violations(desk)
    narrow = browser.new_context(locale="sv-SE", viewport={"width": 320, "height": 640}).new_page()
    narrow.goto(mailing_server.links["organiser"])
    for name, url in (("register", own), ("checkin", f"{event}/checkin"), ("invitations", f"{event}/invitations"),
                      ("results", public)):
        narrow.goto(url)
        wide[name] = narrow.evaluate("document.scrollingElement.scrollWidth")
    desk.context.close()
    narrow.context.close()
    assert {name: problems for name, problems in found.items() if problems} == {}
    assert {name: width for name, width in wide.items() if width > 320} == {}
