"""Personal data: names removed from past events after the retention period, automatically and by the
command; a person's data exported as JSON and erased on request; consent kept with its time and version."""

import datetime
import json

from click.testing import CliRunner

from dialog_app import create_app
from dialog_app.cli import cli
from dialog_app.db import get_db
from sessions import storage
from sessions.evening import events, rotation
from sessions.evening.demo import DEMO_EVENT
from sessions.evening.tokens import hash_token
from sessions.ground import roles
from sessions.ground.roles import Principal, Role
from sessions.people import invitations, people, privacy, registration
from support.evening import SECRET


def moment(day: str) -> float:
    return datetime.datetime.fromisoformat(day + "T12:00:00+00:00").timestamp()


def an_evening(conn, day="2024-01-15"):
    """An event on ``day`` with Anna registered (consent, a mail, links) and a phone named at a table."""
    event = events.create(conn, SECRET.encode(), roles.ORGANISER, DEMO_EVENT | {"event_date": day})
    anna = people.add_person(conn, roles.ORGANISER, event.id, {"name": "Anna Holm", "organisation": "Holms Bageri",
                                                               "contact": "anna@example.se", "gender": "woman",
                                                               "inviter": "Ledamot A"})
    invitations.send(conn, SECRET.encode(), roles.ORGANISER, event.id)
    registration.register(conn, SECRET.encode(), registration.person_token(SECRET.encode(), anna, "register"),
                          {"consent": "yes", "results_mail": "yes", "gender": "woman"})
    rotation.join(conn, Principal(Role.PARTICIPANT, event.id), "Anna H", 1)
    return event, anna


def test_names_are_removed_the_day_after_the_retention_period_and_the_figures_stay(conn, clock):
    clock.moment = moment("2024-01-10")
    event, anna = an_evening(conn)
    clock.moment = moment("2026-01-15")
    assert privacy.run_retention(conn) == {"events": 0, "people": 0}
    assert people.get_person(conn, roles.ORGANISER, event.id, anna).name == "Anna Holm"
    clock.moment = moment("2026-01-16")
    assert privacy.run_retention(conn) == {"events": 1, "people": 1}
    kept = people.get_person(conn, roles.ORGANISER, event.id, anna)
    assert (kept.name, kept.organisation, kept.contact) == ("", "", "")
    assert (kept.gender, kept.inviter, kept.status) == ("woman", "Ledamot A", "registered")
    assert storage.fetch_event_mails(conn, event.id) == []
    assert [p.display_name for p in storage.fetch_participants(conn, event.id)] == [""]
    registration_link = registration.person_token(SECRET.encode(), anna, "register")
    assert storage.fetch_person_token(conn, hash_token(registration_link)) is None
    assert privacy.run_retention(conn) == {"events": 0, "people": 0}


def test_an_organisations_own_period_counts_for_its_events_and_the_installations_for_the_rest(conn, clock):
    from sessions.people import accounts, organisations

    clock.moment = moment("2024-01-10")
    accounts.create_account(conn, accounts.COMMAND_LINE, "lerum-anna", "ett långt lösenord", organisation="Lerum")
    lerum = accounts.organiser_of(conn, "lerum-anna")
    organisations.change_settings(conn, lerum, {"retention_months": "3"})
    own = events.create(conn, SECRET.encode(), lerum.principal(), DEMO_EVENT | {"event_date": "2024-01-15"})
    other, _ = an_evening(conn)
    assert (privacy.retention_months(conn, own), privacy.retention_months(conn, other)) == (3, 24)
    organiser = events.scoped(conn, lerum.principal(), own.id)
    anna = people.add_person(conn, organiser, own.id, {"name": "Anna Holm"})
    clock.moment = moment("2024-04-16")
    assert privacy.run_retention(conn) == {"events": 1, "people": 1}
    assert people.get_person(conn, organiser, own.id, anna).name == ""


def test_the_retention_period_is_read_from_the_setting_and_named_in_the_consent(tmp_path, clock):
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "DATABASE": str(tmp_path / "app.sqlite"),
                      "RETENTION_MONTHS": 6})
    try:
        clock.moment = moment("2024-01-10")
        with app.app_context():
            event, anna = an_evening(get_db())
        own = registration.person_token(SECRET.encode(), anna, "register")
        page = app.test_client().get(f"/r/{own}").get_data(as_text=True)
        assert "tas bort 6 månader efter evenemanget" in page and 'data-version="2026-12-v1/6m"' in page
        clock.moment = moment("2024-07-16")
        outcome = CliRunner().invoke(cli, ["retention", "run", "--db", app.config["DATABASE"]], obj={},
                                     env={"DIALOG_APP_RETENTION_MONTHS": "6"})
        assert outcome.exit_code == 0, outcome.output
        assert "Names removed from 1 events (1 people); retention period 6 months" in outcome.output
    finally:
        privacy.configure(privacy.DEFAULT_RETENTION_MONTHS)


def test_a_persons_data_is_exported_with_their_consent_and_erased_with_their_mails(app, client, evening):
    with app.app_context():
        conn = get_db()
        anna = people.add_person(conn, roles.ORGANISER, evening.event.id,
                                 {"name": "Anna Holm", "contact": "anna@example.se", "inviter": "Ledamot A"})
        invitations.send(conn, SECRET.encode(), roles.ORGANISER, evening.event.id)
        registration.register(conn, SECRET.encode(), registration.person_token(SECRET.encode(), anna, "register"),
                              {"consent": "yes", "results_mail": "yes", "sector": "Handel"})
    csrf = evening.log_in(client)
    base = f"/organiser/events/{evening.event.id}"
    assert 'data-testid="person-data"' in client.get(f"{base}/people/{anna}").get_data(as_text=True)
    download = client.get(f"{base}/people/{anna}/data.json")
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    data = json.loads(download.data)
    assert (data["person"]["name"], data["person"]["email"], data["person"]["sector"]) == (
        "Anna Holm", "anna@example.se", "Handel")
    assert data["consent"]["text_version"] == "2026-12-v1/24m" and data["consent"]["results_mail"] is True
    assert "24 månader" in data["consent"]["text"]["sv"]
    assert [mail["purpose"] for mail in data["mails"]] == ["invitation", "confirmation"]
    client.post(f"{base}/people/{anna}/delete", data={"csrf_token": csrf})
    with app.app_context():
        assert storage.fetch_event_mails(get_db(), evening.event.id) == []
        assert storage.fetch_registration(get_db(), evening.event.id, anna) is None
    assert client.get(f"{base}/people/{anna}/data.json").status_code == 404
    note = client.get("/organiser/personuppgifter").get_data(as_text=True)
    assert "tas bort automatiskt <strong>24 månader</strong>" in note
