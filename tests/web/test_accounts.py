"""Who may make organiser accounts: the first account (an administrator), administrators after it,
and the command line; another organiser is refused in their language."""

from click.testing import CliRunner

from dialog_app.cli import cli
from dialog_app.db import get_db
from sessions import storage
from sessions.people import accounts
from support.evening import log_in_with_password, refused

PASSWORD = "ett långt lösenord"


def _csrf(client) -> str:
    with client.session_transaction() as session:
        return session["csrf"]


def test_the_first_account_is_an_administrator_and_only_an_administrator_makes_more(app, client, evening):
    csrf = evening.log_in(client)  # the organiser link, on an installation without accounts
    client.post("/organiser/account", data={"username": "anna", "password": PASSWORD, "organisation": "Sundsvall",
                                            "csrf_token": csrf})
    assert log_in_with_password(client, "anna", PASSWORD).status_code == 302
    home = client.get("/organiser/").get_data(as_text=True)
    assert "Konton och lösenord" in home
    assert client.get("/organiser/account").status_code == 200
    made = client.post("/organiser/account", data={"username": "bertil", "password": PASSWORD,
                                                    "csrf_token": _csrf(client)}, follow_redirects=True)
    assert "Kontot bertil är skapat." in made.get_data(as_text=True)

    bertil = app.test_client()
    assert log_in_with_password(bertil, "bertil", PASSWORD).status_code == 302
    assert "Konton och lösenord" not in bertil.get("/organiser/").get_data(as_text=True)
    page = bertil.get("/organiser/account")
    assert page.status_code == 403
    assert "Bara en administratör kan hantera konton och organisationens inställningar." in page.get_data(as_text=True)
    english = bertil.get("/organiser/account", headers={"Accept-Language": "en"})
    assert "Only an administrator can manage accounts" in english.get_data(as_text=True)
    refused_post = bertil.post("/organiser/account", data={"username": "cecilia", "password": PASSWORD,
                                                           "csrf_token": _csrf(bertil)})
    assert refused_post.status_code == 403
    assert "Bara en administratör kan hantera konton" in refused_post.get_data(as_text=True)
    with app.app_context():
        assert storage.fetch_organiser_account(get_db(), "cecilia") is None
        assert accounts.is_administrator(get_db(), "anna") and not accounts.is_administrator(get_db(), "bertil")


def test_the_organiser_link_makes_only_the_first_account(app, evening):
    early, other = app.test_client(), app.test_client()
    early_csrf, other_csrf = evening.log_in(early), evening.log_in(other)  # both in before any account exists
    other.post("/organiser/account", data={"username": "anna", "password": PASSWORD, "organisation": "Sundsvall",
                                           "csrf_token": other_csrf})
    late = early.post("/organiser/account", data={"username": "mallory", "password": PASSWORD,
                                                  "organisation": "Sundsvall", "csrf_token": early_csrf})
    assert late.status_code == 403
    with app.app_context():
        assert storage.fetch_organiser_account(get_db(), "mallory") is None


def test_the_command_line_makes_accounts_and_the_first_is_an_administrator(tmp_path):
    db = str(tmp_path / "cli.sqlite")

    def create(*arguments):
        result = CliRunner().invoke(cli, ["create-organiser", *arguments, "--password", PASSWORD, "--db", db], obj={})
        assert result.exit_code == 0, result.output
        return result.output

    assert "Organiser anna created in Sundsvall (administrator)" in create("anna", "--organisation", "Sundsvall")
    assert "Organiser bertil created in Sundsvall;" in create("bertil", "--organisation", "Sundsvall")
    assert "Organiser cecilia created in Sundsvall (administrator)" in create("cecilia", "--organisation",
                                                                               "Sundsvall", "--administrator")
    # Another organisation's first account is its administrator.
    assert "Organiser david created in Ånge (administrator)" in create("david", "--organisation", "Ånge")


def test_a_non_administrator_is_refused_by_the_domain_too(conn):
    accounts.create_account(conn, accounts.COMMAND_LINE, "anna", PASSWORD)
    anna = accounts.organiser_of(conn, "anna")
    accounts.create_account(conn, anna, "bertil", PASSWORD)
    refused("role.not_administrator", accounts.create_account, conn, accounts.organiser_of(conn, "bertil"), "cecilia",
            PASSWORD)
    refused("role.not_administrator", accounts.create_account, conn, accounts.Organiser(None), "cecilia", PASSWORD)
    assert storage.count_organiser_accounts(conn) == 2


def test_an_installation_with_accounts_makes_its_oldest_account_the_administrator(empty_database):
    conn = storage.connect(empty_database)
    try:
        storage.migrate(conn, up_to=8)
        with storage.transaction(conn):
            for number, name in enumerate(("anna", "bertil")):
                conn.execute("INSERT INTO organiser_account (username, password_hash, created_at) VALUES (?, ?, ?)",
                             (name, "scrypt:x", 1000.0 + number))
        storage.migrate(conn)
        assert accounts.is_administrator(conn, "anna") and not accounts.is_administrator(conn, "bertil")
    finally:
        storage.close(conn)
