"""Invitations and registration with a real SMTP server (aiosmtpd): each person invited once, their own
link, consent kept with its version, capacity and the waiting list, the public link, the ticket."""

import re

import pytest
from click.testing import CliRunner

from dialog_app import create_app, mailer
from dialog_app.cli import cli
from dialog_app.db import get_db
from sessions import storage
from sessions.ground import roles
from sessions.people import balance, people
from support.evening import SECRET, Evening


@pytest.fixture
def app(tmp_path, smtp):
    return create_app({"TESTING": True, "SECRET_KEY": SECRET, "DATABASE": str(tmp_path / "app.sqlite"),
                       "SMTP_URL": smtp.url, "MAIL_FROM": "Lerums kommun <forum@lerum.example>",
                       "MAIL_BASE_URL": "http://forum.lerum.example"})


@pytest.fixture
def evening(app):
    return Evening(app)


def add(app, evening, name, contact, inviter="Ledamot A", gender="unknown"):
    with app.app_context():
        return people.add_person(get_db(), roles.ORGANISER, evening.event.id,
                                 {"name": name, "contact": contact, "inviter": inviter, "gender": gender})


def person(app, evening, person_id):
    with app.app_context():
        return people.get_person(get_db(), roles.ORGANISER, evening.event.id, person_id)


def link(message, path):
    return re.search(rf"http://forum\.lerum\.example({path}[A-Za-z0-9_-]+)", message.get_body().get_content())[1]


def invite(client, evening, app):
    csrf = evening.log_in(client)
    client.post(f"/organiser/events/{evening.event.id}/invitations/send", data={"csrf_token": csrf})
    mailer.run_round(app)
    return csrf


def test_the_command_invites_each_person_once_and_later_only_those_added_since(app, evening, smtp, monkeypatch):
    monkeypatch.setenv("DIALOG_APP_SMTP_URL", smtp.url)
    db = app.config["DATABASE"]
    add(app, evening, "Dora Berg", "dora@example.se")
    unsent = CliRunner().invoke(cli, ["invites", "send", evening.event.id, "--db", db], obj={})
    assert "1 invitations sent to the outbox" in unsent.output and "Not sent now" in unsent.output
    assert smtp.messages == []
    monkeypatch.setenv("DIALOG_APP_MAIL_BASE_URL", "http://forum.lerum.example")
    add(app, evening, "Anna Holm", "anna@example.se")
    add(app, evening, "Bo Ek", "bo@example.se", inviter="Rektorn")
    add(app, evening, "Utan Adress", "")
    first = CliRunner().invoke(cli, ["invites", "send", evening.event.id, "--db", db], obj={})
    assert first.exit_code == 0, first.output
    # Dora's invitation waited in the outbox; this run sends it with the two new ones.
    assert "2 invitations sent to the outbox" in first.output and "Sent by SMTP now: 3" in first.output
    again = CliRunner().invoke(cli, ["invites", "send", evening.event.id, "--db", db], obj={})
    assert "0 invitations sent to the outbox" in again.output
    add(app, evening, "Cecilia Lund", "cecilia@example.se")
    later = CliRunner().invoke(cli, ["invites", "send", evening.event.id, "--db", db], obj={})
    assert "1 invitations sent to the outbox" in later.output
    assert sorted(message["To"] for message in smtp.messages) == [
        "anna@example.se", "bo@example.se", "cecilia@example.se", "dora@example.se"]
    by_to = {message["To"]: message for message in smtp.messages}
    assert by_to["bo@example.se"]["Subject"] == f"Rektorn bjuder in dig till {evening.event.title}"
    assert "/r/" in by_to["bo@example.se"].get_body().get_content()


def test_a_person_registers_on_their_own_link_with_consent_and_gets_a_ticket(app, evening, smtp, client):
    anna = add(app, evening, "Anna Holm", "anna@example.se")
    csrf = invite(client, evening, app)
    [invitation] = smtp.messages
    assert invitation["Subject"] == f"Ledamot A bjuder in dig till {evening.event.title}"
    own = link(invitation, "/r/")
    page = client.get(own).get_data(as_text=True)
    assert 'data-testid="register-consent"' in page and 'value="Anna Holm"' in page and "24 månader" in page
    refused = client.post(own, data={"gender": "woman"})
    assert refused.status_code == 400
    assert "Kryssa i att du har läst om dina uppgifter" in refused.get_data(as_text=True)
    assert person(app, evening, anna).status == "invited"
    done = client.post(own, data={"name": "Anna Holm-Berg", "organisation": "Holms Bageri", "gender": "woman",
                                  "sector": "Handel", "consent": "yes", "results_mail": "yes"})
    assert done.status_code == 302
    assert 'data-state="registered"' in client.get(done.headers["Location"]).get_data(as_text=True)
    registered = person(app, evening, anna)
    assert (registered.status, registered.gender, registered.sector) == ("registered", "woman", "Handel")
    assert (registered.name, registered.organisation) == ("Anna Holm-Berg", "Holms Bageri")
    with app.app_context():
        kept = storage.fetch_registration(get_db(), evening.event.id, anna)
        assert kept["text_version"] == "2026-12-v1/24m" and kept["results_mail"] == 1
        # Straight into the dashboard, under the inviter.
        shown = balance.dashboard(get_db(), roles.ORGANISER, evening.event.id)
        assert shown["funnel"]["registered"] == 1
    mailer.run_round(app)
    confirmation = smtp.messages[1]
    assert confirmation["Subject"] == f"Välkommen till {evening.event.title}: din biljett"
    [attachment] = list(confirmation.iter_attachments())
    assert attachment.get_filename() == "biljett.png" and attachment.get_content().startswith(b"\x89PNG")
    ticket = link(confirmation, "/t/")
    assert 'data-testid="ticket-qr"' in client.get(ticket).get_data(as_text=True)
    # At the door: the scanned ticket checks Anna in, once.
    door = f"/organiser/events/{evening.event.id}/checkin/ticket"
    scanned = client.post(door, data={"csrf_token": csrf, "ticket": "http://forum.lerum.example" + ticket})
    assert "Anna Holm-Berg är incheckad." in client.get(scanned.headers["Location"]).get_data(as_text=True)
    assert person(app, evening, anna).status == "attended"
    twice = client.post(door, data={"csrf_token": csrf, "ticket": ticket})
    assert "Anna Holm-Berg är redan incheckad." in client.get(twice.headers["Location"]).get_data(as_text=True)


def test_a_full_event_puts_the_next_on_the_waiting_list_until_a_seat_frees(app, evening, smtp, client):
    add(app, evening, "Anna Holm", "anna@example.se")
    bo = add(app, evening, "Bo Ek", "bo@example.se")
    csrf = evening.log_in(client)
    client.post(f"/organiser/events/{evening.event.id}/invitations/capacity", data={"csrf_token": csrf,
                                                                                     "capacity": "1"})
    invite(client, evening, app)
    links = {message["To"]: link(message, "/r/") for message in smtp.messages}
    client.post(links["anna@example.se"], data={"consent": "yes"})
    waiting = client.post(links["bo@example.se"], data={"consent": "yes"})
    assert 'data-state="waiting"' in client.get(waiting.headers["Location"]).get_data(as_text=True)
    assert person(app, evening, bo).status == "invited"
    listed = client.get(f"/organiser/events/{evening.event.id}/people").get_data(as_text=True)
    assert listed.count('data-testid="person-waiting"') == 1
    client.post(links["anna@example.se"] + "/avboj")
    assert person(app, evening, bo).status == "registered"
    mailer.run_round(app)
    assert [message["Subject"].split(" ")[0] for message in smtp.messages if message["To"] == "bo@example.se"] == [
        "Ledamot", "Du", "Välkommen"]


def test_the_public_link_adds_people_not_on_the_list_under_the_inviter_they_name(app, evening, smtp, client):
    add(app, evening, "Anna Holm", "anna@example.se", inviter="Kommunalrådet")
    csrf = evening.log_in(client)
    client.post(f"/organiser/events/{evening.event.id}/invitations/public-link", data={"csrf_token": csrf})
    page = client.get(f"/organiser/events/{evening.event.id}/invitations").get_data(as_text=True)
    public = re.search(r'data-testid="public-register-link">http://localhost(/anmalan/[^<]+)<', page)[1]
    form = client.get(public).get_data(as_text=True)
    assert '<option value="Kommunalrådet"' in form
    refused = client.post(public, data={"name": "Eva Berg", "contact": "eva@example.se", "inviter": "Någon annan",
                                        "consent": "yes"})
    assert "Välj den som bjöd in dig i listan" in refused.get_data(as_text=True)
    done = client.post(public, data={"name": "Eva Berg", "contact": "eva@example.se", "inviter": "Kommunalrådet",
                                     "gender": "woman", "consent": "yes"})
    assert done.status_code == 302
    with app.app_context():
        [eva] = [p for p in people.list_people(get_db(), roles.ORGANISER, evening.event.id) if p.name == "Eva Berg"]
    assert (eva.inviter, eva.status, eva.gender) == ("Kommunalrådet", "registered", "woman")
    mailer.run_round(app)
    assert [message["To"] for message in smtp.messages] == ["eva@example.se"]


def test_guessing_registration_links_is_slowed_by_address(client):
    answers = [client.get(f"/r/{'x' * 43}").status_code for _ in range(70)]
    assert answers[0] == 404 and answers[-1] == 429


def test_an_invitation_the_server_refused_is_shown_to_the_organiser_with_the_reason(app, evening, smtp, client):
    add(app, evening, "Anna Holm", "anna@example.se")
    smtp.handler.refusals.append("550 5.1.1 Mailbox unavailable")
    invite(client, evening, app)
    page = client.get(f"/organiser/events/{evening.event.id}/invitations").get_data(as_text=True)
    assert 'data-testid="mail-trouble"' in page
    assert "1 mejl gick inte att skicka eller kan ha kommit fram utan att vi vet det." in page
    outbox = client.get(f"/organiser/events/{evening.event.id}/outbox").get_data(as_text=True)
    assert 'data-state="failed"' in outbox and "550 5.1.1 Mailbox unavailable" in outbox
    assert "Skicka igen till anna@example.se" in outbox
    # The organiser corrects the address in the list and sends again: the mail goes to the new address.
    with app.app_context():
        anna = people.list_people(get_db(), roles.ORGANISER, evening.event.id)[0]
        people.edit_person(get_db(), roles.ORGANISER, evening.event.id, anna.id,
                           {**anna.public(), "contact": "anna.holm@example.se"})
        mail_id = storage.fetch_event_mails(get_db(), evening.event.id)[0].id
    csrf = evening.log_in(client)
    again = client.post(f"/organiser/events/{evening.event.id}/outbox/{mail_id}/again", data={"csrf_token": csrf})
    assert "Mejlet till anna.holm@example.se skickas igen." in client.get(again.headers["Location"]).get_data(
        as_text=True)
    mailer.run_round(app)
    assert [message["To"] for message in smtp.messages] == ["anna.holm@example.se"]
