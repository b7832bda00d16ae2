"""Telling participants what became of their ideas, with a real SMTP server (aiosmtpd): the public
results page without names, one mail when it is published and a digest when the follow-up changes, only
to those who agreed, each with a one-click unsubscribe that holds."""

import re

import pytest

from dialog_app import create_app, mailer
from dialog_app.db import get_db
from sessions import storage
from sessions.documents import followup
from sessions.ground import roles
from sessions.people import invitations, people, registration
from support.evening import SECRET, Evening
from support.imprint_data import asby_evening


@pytest.fixture
def app(tmp_path, smtp):
    return create_app({"TESTING": True, "SECRET_KEY": SECRET, "DATABASE": str(tmp_path / "app.sqlite"),
                       "SMTP_URL": smtp.url, "MAIL_FROM": "forum@lerum.example",
                       "MAIL_BASE_URL": "http://forum.lerum.example"})


@pytest.fixture
def forum(app, smtp):
    """The Åsby evening; Anna and Cecilia asked for mails about the results, Bo registered without."""
    evening = Evening(app)
    with app.app_context():
        conn = get_db()
        asby_evening(conn, evening.event)
        ids = {name: people.add_person(conn, roles.ORGANISER, evening.event.id,
                                       {"name": name, "contact": f"{name.lower()}@example.se"})
               for name in ("Anna", "Bo", "Cecilia")}
        invitations.send(conn, SECRET.encode(), roles.ORGANISER, evening.event.id)
        for name, wants in (("Anna", True), ("Bo", False), ("Cecilia", True)):
            registration.register(conn, SECRET.encode(), registration.person_token(SECRET.encode(), ids[name],
                                                                                   "register"),
                                  {"consent": "yes", "results_mail": "yes" if wants else ""})
    mailer.run_round(app)
    smtp.messages.clear()  # the invitations and tickets
    return evening


def path_in(message, prefix):
    return re.search(rf"http://forum\.lerum\.example({prefix}[A-Za-z0-9_-]+)", message.get_body().get_content())[1]


def test_published_results_are_mailed_once_to_those_who_agreed_and_the_digest_respects_unsubscribing(
        app, client, smtp, forum):
    csrf = forum.log_in(client)
    base = f"/organiser/events/{forum.event.id}"
    assert 'data-testid="public-results"' in client.get(f"/organiser/events/{forum.event.id}").get_data(as_text=True)
    published = client.post(f"{base}/results/publish", data={"csrf_token": csrf})
    assert "2 deltagare som bad om det får ett mejl." in client.get(published.headers["Location"]).get_data(
        as_text=True)
    client.post(f"{base}/results/unpublish", data={"csrf_token": csrf})
    client.post(f"{base}/results/publish", data={"csrf_token": csrf})  # published again: nobody is told twice
    mailer.run_round(app)
    assert sorted(message["To"] for message in smtp.messages) == ["anna@example.se", "cecilia@example.se"]
    by_to = {message["To"]: message for message in smtp.messages}
    report_mail = by_to["cecilia@example.se"]
    assert report_mail["Subject"] == f"Rapporten från {forum.event.title} är klar"
    results_path = path_in(report_mail, "/resultat/")
    unsubscribe_path = path_in(report_mail, "/avregistrera/")
    assert report_mail["List-Unsubscribe"] == f"<http://forum.lerum.example{unsubscribe_path}>"

    # Cecilia unsubscribes with one click; a second click changes nothing.
    assert 'data-testid="unsubscribed"' in client.get(unsubscribe_path).get_data(as_text=True)
    assert client.get(unsubscribe_path).status_code == 200

    # The follow-up changes: a digest goes to Anna only, saying what changed.
    with app.app_context():
        theme = followup.overview(get_db(), roles.ORGANISER, forum.event.id)[0].theme
        followup.set_followup(get_db(), roles.ORGANISER, forum.event.id, "theme", theme.id,
                              {"status": "done", "note": "Klart i juni.", "responsible": "Tekniska nämnden"},
                              changed_by="Bertil Bengtsson")
    smtp.messages.clear()
    client.post(f"{base}/results/digest", data={"csrf_token": csrf})
    client.post(f"{base}/results/digest", data={"csrf_token": csrf})  # nothing new since: no second digest
    mailer.run_round(app)
    [digest] = smtp.messages
    assert digest["To"] == "anna@example.se"
    assert f"Temat ”{theme.text}”: genomförd" in digest.get_body().get_content()

    # The public page, without logging in: the theme, its status and note, and no names.
    client.post("/organiser/logout", data={"csrf_token": csrf})
    page = client.get(results_path).get_data(as_text=True)
    assert theme.text in page and 'data-status="done"' in page and "Klart i juni." in page
    for name in ("Bertil", "Anna", "Cecilia", "Tekniska nämnden"):
        assert name not in page
    assert client.get(results_path + "/rapport?format=html").status_code == 200


def test_an_unpublished_or_unknown_results_link_shows_nothing(app, client, forum):
    csrf = forum.log_in(client)
    base = f"/organiser/events/{forum.event.id}"
    client.post(f"{base}/results/publish", data={"csrf_token": csrf})
    link = re.search(r'data-testid="public-results-link">http://forum\.lerum\.example(/resultat/[^<]+)<',
                     client.get(f"{base}/results").get_data(as_text=True))[1]
    assert client.get(link).status_code == 200
    client.post(f"{base}/results/unpublish", data={"csrf_token": csrf})
    hidden = client.get(link)
    assert hidden.status_code == 404 and "Resultaten är inte publicerade just nu." in hidden.get_data(as_text=True)
    assert client.get("/resultat/" + "x" * 43).status_code == 404


def test_a_mail_programs_one_click_unsubscribe_is_honoured(app, client, smtp, forum):
    csrf = forum.log_in(client)
    client.post(f"/organiser/events/{forum.event.id}/results/publish", data={"csrf_token": csrf})
    mailer.run_round(app)
    message = next(m for m in smtp.messages if m["To"] == "anna@example.se")
    one_click = client.post(path_in(message, "/avregistrera/"), data={"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 204
    with app.app_context():
        left = storage.fetch_results_recipients(get_db(), forum.event.id)
    assert [row["contact"] for row in left] == ["cecilia@example.se"]


def test_the_periodic_pass_sends_a_digest_once_the_follow_up_has_been_quiet_an_hour(app, client, smtp, forum,
                                                                                    clock):
    from dialog_app import periodic

    csrf = forum.log_in(client)
    client.post(f"/organiser/events/{forum.event.id}/results/publish", data={"csrf_token": csrf})
    with app.app_context():
        theme = followup.overview(get_db(), roles.ORGANISER, forum.event.id)[0].theme
        followup.set_followup(get_db(), roles.ORGANISER, forum.event.id, "theme", theme.id, {"status": "in_progress"},
                              changed_by="Bertil")
    clock.advance(600)
    assert periodic.run_once(app)["digests"] == 0
    clock.advance(3600)
    assert periodic.run_once(app)["digests"] == 2
    assert periodic.run_once(app)["digests"] == 0
