"""Password guessing from outside: it never stalls the room, never locks the organiser out, and the
login form only works as this site's own form.

The storm runs against the real server (eventlet, as in production); the figures are in
bench/attacks.py ("login storm"). The rest drives the app's test client with chosen addresses.
"""

import os
import re
import secrets

import pytest

from dialog_app import create_app, login_guard
from dialog_app.db import get_db
from sessions.people import accounts
from support.evening import log_in_with_password

PASSWORD = "ett långt lösenord"


@pytest.fixture
def anna(app):
    with app.app_context():
        accounts.create_account(get_db(), accounts.COMMAND_LINE, "anna", PASSWORD)


def browser(app, address: str, **headers):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    for name, value in headers.items():
        client.environ_base[f"HTTP_{name.upper()}"] = value
    return client


def test_a_login_storm_with_made_up_names_does_not_stall_the_room(live_server):
    from support.liveroom import login_storm, open_room

    room = open_room(live_server.links)
    try:
        statuses = room.send_ideas_while(lambda: login_storm(room.base, attempts=200, at_once=20))
    finally:
        room.close()
    assert set(statuses) <= {401, 429}, statuses  # every try answered, none a server error
    assert len(room.ideas) >= 5
    assert all(idea.ok for idea in room.ideas.values())
    slow = sorted(ms for ms in room.to_projector_ms() if ms > 1000)
    assert len(room.to_projector_ms()) == len(room.ideas) and not slow, (len(room.ideas), slow)


def test_the_organiser_logs_in_from_their_address_while_another_address_storms(live_server):
    import threading
    import time

    from support.liveroom import Browser, login_storm, open_room

    base, link_token = live_server.links["organiser"].rsplit("/o/", 1)
    organiser = Browser(base, source="127.0.0.5")
    organiser.request("GET", f"/o/{link_token}")  # the organiser link, to set the first password
    _, _, home = organiser.request("GET", "/organiser/")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', home).group(1)
    organiser.request("POST", "/organiser/account", {"username": "anna", "password": PASSWORD,
                                                     "organisation": "Sundsvall", "csrf_token": csrf})
    organiser.request("POST", "/organiser/logout", {"csrf_token": csrf})

    room = open_room(live_server.links)
    storm: dict = {}

    def storm_and_log_in():
        attacker = threading.Thread(target=lambda: storm.update(
            login_storm(base, attempts=200, at_once=20, sources=["127.0.0.66"])))
        attacker.start()
        time.sleep(1)
        started, answers = time.monotonic(), []
        while time.monotonic() - started < 10 and 302 not in answers:
            answers.append(Browser(base, source="127.0.0.5").log_in("anna", PASSWORD)[0])
            if answers[-1] != 302:
                time.sleep(0.5)  # "try again in a moment"
        in_after = time.monotonic() - started
        attacker.join()
        return answers, in_after

    try:
        answers, in_after = room.send_ideas_while(storm_and_log_in)
    finally:
        room.close()
    assert answers[-1] == 302 and set(answers) <= {302, 429} and in_after < 10, (answers, in_after)
    assert storm[429] >= 150, storm  # the storming address got nowhere
    assert all(idea.ok for idea in room.ideas.values()) and len(room.to_projector_ms()) == len(room.ideas)


def test_the_login_form_without_its_token_is_refused_and_logs_nobody_in(app, client, anna):
    forged = client.post("/organiser/login", data={"username": "anna", "password": PASSWORD})
    page = forged.get_data(as_text=True)
    assert forged.status_code == 400
    assert "Inloggningssidan hade gått ut. Skriv användarnamn och lösenord igen." in page
    assert re.search(r'name="csrf_token" value="[^"]+"', page)  # the form again, ready to send
    assert client.post("/organiser/login", data={"username": "anna", "password": PASSWORD,
                                                 "csrf_token": "från en annan webbplats"}).status_code == 400
    assert client.get("/organiser/").status_code == 302
    english = app.test_client().post("/organiser/login", data={"username": "anna", "password": PASSWORD},
                                     headers={"Accept-Language": "en"})
    assert "The login page had expired. Type your username and password again." in english.get_data(as_text=True)
    assert log_in_with_password(client, "anna", PASSWORD).status_code == 302


def test_made_up_names_from_one_address_stop_costing_password_checks(app, anna, monkeypatch):
    monkeypatch.setattr(login_guard, "REFUSAL_DELAY", 0)
    checks = []
    real_check = accounts.check_password_hash
    monkeypatch.setattr(accounts, "check_password_hash", lambda *a: checks.append(1) or real_check(*a))
    stranger = browser(app, "10.0.0.66")
    answers = [log_in_with_password(stranger, f"påhittad{n}", "gissning123") for n in range(30)]
    assert [answer.status_code for answer in answers] == [401] * 10 + [429] * 20
    assert len(checks) == 10
    assert "För många misslyckade försök" in answers[-1].get_data(as_text=True)
    assert log_in_with_password(browser(app, "10.0.0.5"), "anna", PASSWORD).status_code == 302


def test_the_password_check_runs_off_the_event_loop(app, anna):
    ran = []
    app.config["BLOCKING_RUNNER"] = lambda function, *args: ran.append(function.__name__) or function(*args)
    assert log_in_with_password(app.test_client(), "anna", PASSWORD).status_code == 302
    assert log_in_with_password(app.test_client(), "okänd", PASSWORD).status_code == 401
    assert ran == ["check_password_hash", "_check_against_stand_in"]


def test_a_login_that_finds_the_checks_busy_is_refused_quickly_in_the_users_language(app, anna, monkeypatch):
    monkeypatch.setattr(login_guard, "BUSY_WAIT", 0.05)
    client = browser(app, "10.0.0.5")
    client.get("/organiser/login")
    with app.app_context():
        guard = login_guard.guard()
    for _ in range(login_guard.CHECKS_AT_ONCE):  # a storm holds every check
        guard.checks.acquire()
    busy = log_in_with_password(client, "anna", PASSWORD)
    assert busy.status_code == 429 and busy.headers["Retry-After"] == "1"
    assert "Många försöker logga in just nu. Försök igen om en stund." in busy.get_data(as_text=True)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    english = log_in_with_password(client, "anna", PASSWORD).get_data(as_text=True)
    assert "Many people are trying to log in right now. Try again in a moment." in english
    for _ in range(login_guard.NAME_TRIES):  # more than the tries a name has from one address
        assert log_in_with_password(client, "anna", PASSWORD).status_code == 429
    for _ in range(login_guard.CHECKS_AT_ONCE):
        guard.checks.release()
    # Tries that got no check never count: the organiser is not held back for the storm's sake.
    assert log_in_with_password(client, "anna", PASSWORD).status_code == 302


def test_x_forwarded_for_is_ignored_unless_its_proxy_is_configured(app, anna, monkeypatch):
    monkeypatch.setattr(login_guard, "REFUSAL_DELAY", 0)
    answers = [log_in_with_password(browser(app, "10.0.0.66", x_forwarded_for=f"203.0.113.{n}"), f"påhittad{n}",
                                    "gissning123").status_code for n in range(11)]
    assert answers == [401] * 10 + [429]  # a header anyone can send does not make a new address


def test_x_forwarded_for_names_the_client_only_when_it_comes_from_the_configured_proxy(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE": str(tmp_path / "app.sqlite"),
                      "TRUSTED_PROXIES": "10.0.0.1, ::1"})
    with app.app_context():
        accounts.create_account(get_db(), accounts.COMMAND_LINE, "anna", PASSWORD)
    via_proxy = browser(app, "10.0.0.1", x_forwarded_for="203.0.113.66")
    for _ in range(5):
        assert log_in_with_password(via_proxy, "anna", "gissning123").status_code == 401
    assert log_in_with_password(via_proxy, "anna", PASSWORD).status_code == 429
    # The organiser behind the same proxy is another address: not locked out by the guesses.
    assert log_in_with_password(browser(app, "10.0.0.1", x_forwarded_for="203.0.113.5"), "anna",
                                PASSWORD).status_code == 302
    # The proxy adds the address it saw last: an address the guesser wrote in front of it counts for nothing.
    spoofed = browser(app, "10.0.0.1", x_forwarded_for="203.0.113.5, 203.0.113.66")
    assert log_in_with_password(spoofed, "anna", PASSWORD).status_code == 429
    # From anyone but the proxy the header is ignored: this is 10.0.0.7, whatever it claims.
    direct = browser(app, "10.0.0.7", x_forwarded_for="203.0.113.5")
    for _ in range(5):
        log_in_with_password(direct, "anna", "gissning123")
    assert log_in_with_password(direct, "anna", PASSWORD).status_code == 429
    assert log_in_with_password(browser(app, "10.0.0.8"), "anna", PASSWORD).status_code == 302


def test_a_trusted_proxy_that_is_not_an_address_stops_the_start_with_a_clear_reason(tmp_path):
    with pytest.raises(ValueError, match="TRUSTED_PROXIES: .*nginx"):
        create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE": str(tmp_path / "app.sqlite"),
                    "TRUSTED_PROXIES": "nginx"})


def test_guesses_at_an_account_from_many_addresses_slow_new_browsers_but_never_the_organisers_own(
        app, anna, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(login_guard, "clock", lambda: now[0])
    monkeypatch.setattr(login_guard, "NAME_FAILURES", 6)
    desk = browser(app, "10.0.0.5")
    assert log_in_with_password(desk, "anna", PASSWORD).status_code == 302  # this browser is known from now on
    desk.post("/organiser/logout", data={"csrf_token": _csrf(desk)})
    for n in range(6):  # a botnet: one guess from each address, under every per-address limit
        assert log_in_with_password(browser(app, f"198.51.100.{n}"), "Anna", "gissning123").status_code == 401
    first = browser(app, "198.51.100.50")
    assert log_in_with_password(first, "anna", "gissning123").status_code == 401  # one try per pace goes ahead
    paced = log_in_with_password(browser(app, "10.0.0.6"), "anna", PASSWORD)
    assert paced.status_code == 429
    wording = "Försök igen om några sekunder, eller från en webbläsare där du har loggat in förut."
    assert wording in paced.get_data(as_text=True)
    assert log_in_with_password(desk, "anna", PASSWORD).status_code == 302  # the organiser's own browser
    now[0] += login_guard.PACE
    assert log_in_with_password(browser(app, "10.0.0.6"), "anna", PASSWORD).status_code == 302  # slowed, not shut


def _csrf(client) -> str:
    with client.session_transaction() as session:
        return session.get("csrf", "")


def test_behind_the_shipped_nginx_the_organiser_logs_in_while_another_address_guesses(tmp_path):
    """The shipped files together: nginx passes the client's address, the shipped environment names nginx."""
    from support.liveroom import Browser
    from support.nginxproc import NGINX, start_nginx
    from support.serverproc import require, start_worker

    require(os.path.exists(NGINX), "Debian's nginx is not installed (apt-get install nginx)",
            "DIALOG_APP_REQUIRE_NGINX")
    database, secret = str(tmp_path / "evening.sqlite"), secrets.token_hex(32)
    app = create_app({"DATABASE": database, "SECRET_KEY": secret})
    with app.app_context():
        accounts.create_account(get_db(), accounts.COMMAND_LINE, "anna", PASSWORD)
    worker = start_worker(str(tmp_path), database, name="worker", secret=secret,
                          settings={"TRUSTED_PROXIES": _shipped_setting("DIALOG_APP_TRUSTED_PROXIES")})
    nginx = start_nginx(str(tmp_path / "nginx"), [worker.port])
    try:
        # The guesser even names the organiser's address in the header; nginx adds the real one after it.
        guesser = Browser(nginx.base_url, source="127.0.0.66", headers={"X-Forwarded-For": "127.0.0.5"})
        answers = [guesser.log_in("anna", f"gissning{n}")[0] for n in range(6)]
        answers += [guesser.log_in(f"påhittad{n}", "gissning")[0] for n in range(6)]
        assert answers == [401] * 5 + [429] + [401] * 5 + [429]
        assert Browser(nginx.base_url, source="127.0.0.5").log_in("anna", PASSWORD)[0] == 302
    finally:
        nginx.stop()
        worker.kill()


def _shipped_setting(name: str) -> str:
    path = os.path.join(os.path.dirname(__file__), "..", "..", "deploy", "systemd", "dialog-app.env.example")
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith(f"{name}="):
                return line.split("=", 1)[1].strip()
    raise AssertionError(f"{name} is not set in deploy/systemd/dialog-app.env.example")
