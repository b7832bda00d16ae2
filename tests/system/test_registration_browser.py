"""Registration in Debian's chromium, on a phone held upright, with the served app sending its mails to a
real SMTP server (aiosmtpd): the invitation's own link opens a page filled in from the list, consent is
asked, the ticket comes back; and the door's tablet checks the ticket in with its camera."""

import re
import subprocess
import sys
import time

import pytest

from support.serverproc import start_demo_server
from support.smtp import SmtpServer

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


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
    expect(phone.get_by_test_id("register-listed")).to_contain_text("Anna Holm")
    expect(phone.get_by_test_id("register-listed")).to_contain_text("Holms Bageri")
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
