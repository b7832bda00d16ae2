"""An organisation's administrators: its accounts (a removed one is out at its next request), its
settings, its audit log; and a first installation, whose first account names its organisation."""

from dialog_app.db import get_db
from sessions.people import accounts
from support.evening import log_in_with_password

PASSWORD = "ett långt lösenord"


def _csrf(client) -> str:
    with client.session_transaction() as session:
        return session["csrf"]


def _accounts(app):
    with app.app_context():
        for username, organisation in (("anna", "Sundsvall"), ("bertil", "Sundsvall"), ("david", "Ånge")):
            accounts.create_account(get_db(), accounts.COMMAND_LINE, username, PASSWORD, organisation=organisation)


def _logged_in(app, username):
    client = app.test_client()
    assert log_in_with_password(client, username, PASSWORD).status_code == 302
    return client


def test_a_removed_account_is_out_at_its_next_request(app):
    _accounts(app)
    anna, bertil = _logged_in(app, "anna"), _logged_in(app, "bertil")
    assert bertil.get("/organiser/").status_code == 200
    page = anna.get("/organiser/account").get_data(as_text=True)
    assert "bertil" in page and "david" not in page
    unconfirmed = anna.post("/organiser/accounts/bertil/remove", data={"csrf_token": _csrf(anna)})
    assert unconfirmed.status_code == 400
    removed = anna.post("/organiser/accounts/bertil/remove", data={"confirm": "yes", "csrf_token": _csrf(anna)},
                        follow_redirects=True)
    assert "Kontot bertil är borttaget." in removed.get_data(as_text=True)
    out = bertil.get("/organiser/")
    assert out.status_code == 302 and "/organiser/login" in out.headers["Location"]
    assert log_in_with_password(app.test_client(), "bertil", PASSWORD).status_code == 401


def test_a_reset_password_logs_the_account_out_and_opens_with_the_new_one(app):
    _accounts(app)
    anna, bertil = _logged_in(app, "anna"), _logged_in(app, "bertil")
    reset = anna.post("/organiser/accounts/bertil/password",
                      data={"password": "ett nytt långt lösenord", "csrf_token": _csrf(anna)}, follow_redirects=True)
    assert "Kontot bertil har fått ett nytt lösenord." in reset.get_data(as_text=True)
    assert bertil.get("/organiser/").status_code == 302
    assert log_in_with_password(app.test_client(), "bertil", "ett nytt långt lösenord").status_code == 302


def test_another_organisations_administrator_cannot_remove_an_account(app):
    _accounts(app)
    david = _logged_in(app, "david")
    refused = david.post("/organiser/accounts/bertil/remove", data={"confirm": "yes", "csrf_token": _csrf(david)},
                         follow_redirects=True)
    assert "Kontot finns inte." in refused.get_data(as_text=True)
    assert _logged_in(app, "bertil").get("/organiser/").status_code == 200


def test_an_organiser_who_is_not_an_administrator_has_no_settings_nor_log(app):
    _accounts(app)
    bertil = _logged_in(app, "bertil")
    for path in ("/organiser/settings", "/organiser/audit", "/organiser/account"):
        assert bertil.get(path).status_code == 403, path
    assert bertil.post("/organiser/settings", data={"name": "Kapad", "csrf_token": _csrf(bertil)}).status_code in (
        302, 403)
    anna = _logged_in(app, "anna")
    assert 'value="Sundsvall"' in anna.get("/organiser/settings").get_data(as_text=True)


def test_the_settings_page_saves_and_new_events_start_from_them(app):
    _accounts(app)
    anna = _logged_in(app, "anna")
    saved = anna.post("/organiser/settings", data={"name": "Sundsvalls kommun", "council": "kommunfullmäktige",
                                                   "balance_low": "35", "balance_high": "65", "retention_months": "12",
                                                   "csrf_token": _csrf(anna)}, follow_redirects=True)
    text = saved.get_data(as_text=True)
    assert "Inställningarna är sparade." in text and 'value="Sundsvalls kommun"' in text and 'value="12"' in text
    bad = anna.post("/organiser/settings", data={"name": "Sundsvalls kommun", "council": "kommunfullmäktige",
                                                 "balance_low": "35", "balance_high": "65", "retention_months": "500",
                                                 "csrf_token": _csrf(anna)})
    assert bad.status_code == 400
    assert "Skriv ett antal månader mellan 1 och 120, eller lämna fältet tomt." in bad.get_data(as_text=True)


def test_the_audit_log_shows_who_exported_with_names(app):
    _accounts(app)
    anna = _logged_in(app, "anna")
    form = {"title": "Forum i Sundsvall", "vision_question": "Vad vill vi?", "deepen_question": "Hur?",
            "csrf_token": _csrf(anna)}
    made = anna.post("/organiser/events", data=form)
    event_id = made.headers["Location"].rsplit("/", 1)[1]
    assert anna.get(f"/organiser/events/{event_id}/export?format=json&names=1").status_code == 200
    log = anna.get("/organiser/audit").get_data(as_text=True)
    assert "Exporterade resultatet med namn" in log and "Skapade evenemanget" in log and "Forum i Sundsvall" in log
    english = anna.get("/organiser/audit", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Exported the results with names" in english


def test_a_first_installation_asks_for_the_first_account_and_its_organisation(app, client, evening):
    csrf = evening.log_in(client)
    for path in ("/organiser/", "/organiser/account"):
        page = client.get(path)
        assert page.status_code == 200 and "Organisation (kommun eller region)" in page.get_data(as_text=True)
    nameless = client.post("/organiser/account", data={"username": "anna", "password": PASSWORD, "csrf_token": csrf},
                           follow_redirects=True)
    assert "Skriv organisationens namn, högst 200 tecken." in nameless.get_data(as_text=True)
    client.post("/organiser/account", data={"username": "anna", "password": PASSWORD, "organisation": "Sundsvall",
                                            "csrf_token": csrf})
    anna = _logged_in(app, "anna")
    # The evening made before the first account is the new organisation's.
    assert evening.event.title in anna.get("/organiser/").get_data(as_text=True)
    assert anna.get(f"/organiser/events/{evening.event.id}").status_code == 200
    # The organiser link's session ends once an account exists.
    assert client.get("/organiser/").status_code == 302


def test_every_action_the_domain_logs_has_words_on_the_log_page():
    import pathlib
    import re

    from dialog_app.organisation import AUDIT_ACTIONS

    sources = "".join(path.read_text(encoding="utf-8") for path in pathlib.Path("sessions").rglob("*.py"))
    recorded = set(re.findall(r'audit\.record(?:_on_event)?\(\s*conn,\s*[\w.()]+,\s*"([a-z_.]+)"', sources))
    assert len(recorded) >= 15
    assert recorded - {"event.export"} <= set(AUDIT_ACTIONS), recorded - set(AUDIT_ACTIONS)


def test_an_upgrade_names_its_organisation_from_the_setting(tmp_path):
    from dialog_app.app import create_app
    from sessions import storage

    path = str(tmp_path / "old.sqlite")
    conn = storage.connect(path)
    storage.migrate(conn, up_to=18)
    with storage.transaction(conn):
        conn.execute("INSERT INTO organiser_account (username, password_hash, created_at, administrator)"
                     " VALUES ('anna', 'scrypt:x', 1000.0, 1)")
    storage.close(conn)
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE": path, "ORGANISATION_NAME": "Sundsvalls kommun"})
    with app.app_context():
        anna = accounts.organiser_of(get_db(), "anna")
        assert anna is not None
        assert storage.fetch_organisation(get_db(), anna.organisation_id).name == "Sundsvalls kommun"
