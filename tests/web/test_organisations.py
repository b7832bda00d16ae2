"""Many municipalities on one installation: nobody sees or touches another organisation's data.

The isolation matrix takes every organiser route from the app's URL map (so a route added later is
in it, and fails here until it is classified below) and sends it as an organiser of the organisation
that owns the data, as an organiser of another organisation, and without logging in.
"""

import hashlib

import pytest

from dialog_app.db import get_db, token_secret
from sessions.documents import imprint, programme
from sessions.evening import events, tokens
from sessions.evening.demo import DEMO_EVENT
from sessions.people import accounts, imports, people
from support.evening import log_in_with_password

PASSWORD = "ett långt lösenord"

# Every route of the organiser's area, by what it acts on. "entry": the ways in (no organiser yet);
# "event": one event (and what hangs off it: its people, lists, strategy, follow-up, links);
# "organisation": the organiser's own organisation (its events list, accounts, settings, log);
# "account": one account of the organisation, by name.
ROUTES = {
    ("organiser.link", "GET"): "entry",
    ("organiser.login", "GET"): "entry",
    ("organiser.login", "POST"): "entry",
    ("organiser.logout", "POST"): "organisation",
    ("organiser.home", "GET"): "organisation",
    ("organiser.create", "POST"): "organisation",
    ("organiser.account", "GET"): "organisation",
    ("organiser.create_account", "POST"): "organisation",
    ("organisation.settings", "GET"): "organisation",
    ("organisation.change_settings", "POST"): "organisation",
    ("organisation.audit", "GET"): "organisation",
    ("organisation.remove_account", "POST"): "account",
    ("organisation.reset_password", "POST"): "account",
    ("organiser.event", "GET"): "event",
    ("organiser.edit", "POST"): "event",
    ("organiser.delete", "POST"): "event",
    ("organiser.reset", "POST"): "event",
    ("organiser.export", "GET"): "event",
    ("organiser.rotate", "POST"): "event",
    ("organiser.secret_links", "GET"): "event",
    ("organiser.table_cards", "GET"): "event",
    ("people.index", "GET"): "event",
    ("people.add", "POST"): "event",
    ("people.download", "GET"): "event",
    ("people.edit", "GET"): "event",
    ("people.edit", "POST"): "event",
    ("people.delete", "POST"): "event",
    ("people.status", "POST"): "event",
    ("people.table", "POST"): "event",
    ("people.import_list", "POST"): "event",
    ("people.import_preview", "GET"): "event",
    ("people.import_columns", "POST"): "event",
    ("people.import_confirm", "POST"): "event",
    ("people.import_undo", "POST"): "event",
    ("people.checkin", "GET"): "event",
    ("people.check_in", "POST"): "event",
    ("people.undo_check_in", "POST"): "event",
    ("people.dashboard", "GET"): "event",
    ("people.band", "POST"): "event",
    ("people.seating", "POST"): "event",
    ("people.seating_page", "GET"): "event",
    ("strategy.imprint_page", "GET"): "event",
    ("strategy.upload_strategy", "POST"): "event",
    ("strategy.imprint_download", "GET"): "event",
    ("strategy.followup_page", "GET"): "event",
    ("strategy.set_followup", "POST"): "event",
    ("strategy.followup_report", "GET"): "event",
    ("invitations.index", "GET"): "event",
    ("invitations.send", "POST"): "event",
    ("invitations.capacity", "POST"): "event",
    ("invitations.public_link", "POST"): "event",
    ("invitations.outbox_page", "GET"): "event",
    ("invitations.send_again", "POST"): "event",
    ("invitations.check_in_ticket", "POST"): "event",
    ("invitations.person_data", "GET"): "event",
    ("results_admin.manage", "GET"): "event",
    ("results_admin.publish", "POST"): "event",
    ("results_admin.unpublish", "POST"): "event",
    ("results_admin.digest", "POST"): "event",
    ("privacy.note", "GET"): "organisation",
    ("strategy.review_verdict", "POST"): "event",
    ("strategy.placements_page", "GET"): "event",
    ("strategy.remove_placement", "POST"): "event",
    ("programmes.index", "GET"): "organisation",
    ("programmes.create", "POST"): "organisation",
    ("programmes.page", "GET"): "programme",
    ("programmes.suggest", "POST"): "programme",
    ("programmes.rename", "POST"): "programme",
    ("programmes.move", "POST"): "programme",
    ("programmes.report", "GET"): "programme",
    ("programmes.imprint_report", "POST"): "programme",
    ("programmes.followup_page", "GET"): "programme",
    ("programmes.set_followup", "POST"): "programme",
    ("programmes.followup_report", "GET"): "programme",
    ("programmes.followup_imprint_report", "POST"): "programme",
}

# What a form would change if it were let through: every field any organiser form reads.
FORM = {"confirm": "yes", "title": "Kapad", "vision_question": "Kapad?", "deepen_question": "Kapad?",
        "role": "leader", "name": "Mallory", "status": "attended", "table": "1", "low": "10", "high": "90",
        "password": "ett annat långt lösenord", "username": "mallory", "council": "kapad", "balance_low": "10",
        "balance_high": "90", "kind": "proposal", "subject": "x", "followup_status": "done", "format": "json"}


def _organiser_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(("/organiser", "/o/")):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method


class Installation:
    """Two organisations on one installation, each with an event, a person on its list and an import
    waiting for its preview: Sundsvall (an administrator and an organiser) and Ånge (an administrator)."""

    def __init__(self, app):
        self.app = app
        with app.app_context():
            conn = get_db()
            for username, organisation in (("sundsvall-anna", "Sundsvall"), ("sundsvall-bertil", "Sundsvall"),
                                           ("ange-david", "Ånge")):
                accounts.create_account(conn, accounts.COMMAND_LINE, username, PASSWORD, organisation=organisation)
            self.sundsvall = accounts.organiser_of(conn, "sundsvall-anna").principal()
            self.ange = accounts.organiser_of(conn, "ange-david").principal()
            self.event = events.create(conn, token_secret(), self.sundsvall,
                                       DEMO_EVENT | {"title": "Forum i Sundsvall"})
            self.other_event = events.create(conn, token_secret(), self.ange, DEMO_EVENT | {"title": "Forum i Ånge"})
            scoped = events.scoped(conn, self.sundsvall, self.event.id)
            self.person = people.add_person(conn, scoped, self.event.id, {"name": "Sundsvallsbo Svensson"})
            self.import_id = imports.start_import(conn, scoped, self.event.id, "lista.csv",
                                                  b"Namn\nSundsvallsbo Andersson\n")
            imprint.save_strategy(conn, scoped, self.event.id, "strategi.txt",
                                  "Näringslivsstrategi\n\nKommunen ska förenkla för företagen.\n".encode())
            self.links = events.role_links(conn, token_secret(), scoped, self.event.id)
            self.programme = programme.create(conn, self.sundsvall, "Underlag i Sundsvall", [self.event.id]).id

    def client(self, username: str | None):
        client = self.app.test_client()
        client.get("/organiser/login")  # a form token even without logging in: forms are refused for the login
        if username:
            assert log_in_with_password(client, username, PASSWORD).status_code == 302
        return client

    def path(self, rule, username_in_path: str = "sundsvall-bertil") -> str:
        values = {"event_id": self.event.id, "person_id": self.person, "import_id": self.import_id,
                  "username": username_in_path, "token": "x", "mail_id": 1,
                  "programme_id": self.programme}
        with self.app.test_request_context():
            from flask import url_for
            return url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})

    def sundsvalls_data(self) -> str:
        """A fingerprint of everything Sundsvall owns (its rows in every table that holds its data)."""
        with self.app.app_context():
            conn = get_db()
            parts = []
            for table in ("event", "event_table", "access_token", "phase_log", "theme", "person", "person_import",
                          "strategy_document", "followup_entry", "strategy_imprint", "verdict_review",
                          "placement_removal", "mail_outbox", "consent", "person_token", "public_link",
                          "programme_event"):
                column = "id" if table == "event" else "event_id"
                rows = conn.execute(f"SELECT * FROM {table} WHERE {column} = ?", (self.event.id,)).fetchall()
                parts.append(repr(sorted(tuple(row) for row in rows)))
            parts.append(repr([tuple(row) for row in conn.execute(
                "SELECT * FROM programme_followup_entry WHERE programme_id = ? ORDER BY id", (self.programme,))]))
            parts.append(repr([tuple(row) for row in conn.execute(
                "SELECT username, password_hash, administrator FROM organiser_account"
                " WHERE username LIKE 'sundsvall-%' ORDER BY username")]))
            parts.append(repr(tuple(conn.execute("SELECT * FROM organisation WHERE name = 'Sundsvall'").fetchone())))
            parts.append(repr(conn.execute("SELECT COUNT(*) FROM organiser_session WHERE revoked_at IS NULL"
                                           " AND username LIKE 'sundsvall-%'").fetchone()[0]))
            return hashlib.sha256("".join(parts).encode()).hexdigest()


@pytest.fixture
def installation(app):
    return Installation(app)


def _csrf(client) -> str:
    with client.session_transaction() as session:
        return session["csrf"]


def _send(client, method: str, path: str):
    if method == "GET":
        return client.get(path)
    return client.post(path, data=FORM | {"csrf_token": _csrf(client)})


def test_every_organiser_route_is_classified(app):
    unclassified = [f"{method} {rule.rule} ({rule.endpoint})" for rule, method in _organiser_rules(app)
                    if (rule.endpoint, method) not in ROUTES]
    assert not unclassified, f"classify these in ROUTES (and so in the isolation matrix): {unclassified}"


def test_the_isolation_matrix(app, installation):
    """Every organiser route x (own organisation, another organisation, not logged in)."""
    own, other, nobody = (installation.client("sundsvall-anna"), installation.client("ange-david"),
                          installation.client(None))
    checked = 0
    rules = [(rule, method) for rule, method in _organiser_rules(app) if ROUTES[(rule.endpoint, method)] != "entry"]
    # Not logged in: a page sends to the login, a form is refused, and nothing changes.
    before = installation.sundsvalls_data()
    for rule, method in rules:
        response = _send(nobody, method, installation.path(rule))
        if method == "GET":
            assert response.status_code == 302 and "/organiser/login" in response.headers["Location"], rule
        else:
            assert response.status_code == 403, rule
        assert installation.sundsvalls_data() == before, f"{method} {rule.rule} changed Sundsvall's data"
        checked += 1
    # Another organisation: Sundsvall's event is as unknown as an event never made, its accounts as
    # accounts never made; nothing of Sundsvall's shows or changes. (Logging out is the last of them.)
    for rule, method in sorted(rules, key=lambda pair: pair[0].endpoint == "organiser.logout"):
        kind = ROUTES[(rule.endpoint, method)]
        response = _send(other, method, installation.path(rule))
        body = response.data.decode("utf-8", "replace")
        if kind == "event":
            assert response.status_code == 404 and "Evenemanget finns inte" in body, rule
        elif kind == "programme":
            assert response.status_code == 404 and "Programmet finns inte" in body, rule
        elif kind == "account":
            assert response.status_code in (302, 403, 404), rule
        assert "Sundsvall" not in body, rule
        assert installation.sundsvalls_data() == before, f"{method} {rule.rule} changed Sundsvall's data"
        checked += 1
    # The own organisation: every route finds its event, person, import and account.
    last = ("people.delete", "organisation.remove_account", "organiser.delete", "organiser.logout")
    for rule, method in sorted(rules, key=lambda pair: last.index(pair[0].endpoint) + 1
                               if pair[0].endpoint in last else 0):
        response = _send(own, method, installation.path(rule))
        assert b"Evenemanget finns inte" not in response.data, rule
        assert b"Kontot finns inte" not in response.data, rule
        assert b"Programmet finns inte" not in response.data, rule
        logged_out = response.status_code == 302 and "/organiser/login" in response.headers["Location"]
        assert not logged_out or rule.endpoint == "organiser.logout", rule
        checked += 1
    assert checked == 3 * len(rules)
    print(f"isolation matrix: {len(rules)} routes x 3 = {checked} requests")


def test_another_organisations_event_is_not_listed_nor_its_log(installation):
    ange = installation.client("ange-david")
    home = ange.get("/organiser/").get_data(as_text=True)
    assert "Forum i Ånge" in home and "Forum i Sundsvall" not in home
    sundsvall = installation.client("sundsvall-anna")
    home = sundsvall.get("/organiser/").get_data(as_text=True)
    assert "Forum i Sundsvall" in home and "Forum i Ånge" not in home
    log = sundsvall.get("/organiser/audit").get_data(as_text=True)
    assert "Forum i Sundsvall" in log and "Forum i Ånge" not in log and "ange-david" not in log


def test_another_organisations_organiser_cannot_see_or_replace_its_links(app, installation):
    """The secret links handed out for Sundsvall's event: Ånge's organiser neither sees them (event
    page, secret-links sheet, table cards) nor replaces them; they keep working on the socket."""
    from dialog_app.realtime import socketio

    leader = installation.links["leader"]
    ange = installation.client("ange-david")
    for page in ("", "/secret-links", "/table-cards"):
        response = ange.get(f"/organiser/events/{installation.event.id}{page}")
        assert response.status_code == 404 and leader not in response.get_data(as_text=True)
    replaced = ange.post(f"/organiser/events/{installation.event.id}/rotate",
                         data={"role": "leader", "csrf_token": _csrf(ange)})
    assert replaced.status_code == 404
    socket = socketio.test_client(app, auth={"token": leader, "lang": "sv"})
    assert socket.is_connected() and any(m["name"] == "snapshot" for m in socket.get_received())
    socket.disconnect()
    # Its own organiser can: the old link stops at once.
    sundsvall = installation.client("sundsvall-anna")
    assert sundsvall.post(f"/organiser/events/{installation.event.id}/rotate",
                          data={"role": "leader", "csrf_token": _csrf(sundsvall)}).status_code == 302
    assert not socketio.test_client(app, auth={"token": leader, "lang": "sv"}).is_connected()


def test_an_organisers_session_opens_no_socket(app, installation):
    from dialog_app.realtime import socketio

    client = installation.client("ange-david")
    socket = socketio.test_client(app, flask_test_client=client, auth={"lang": "sv"})
    assert not socket.is_connected()
    # Nor does the installation's organiser link: a socket is a role link's, of one event.
    with app.app_context():
        organiser_link = tokens.organiser_token(get_db(), token_secret())
    socket = socketio.test_client(app, flask_test_client=client, auth={"token": organiser_link, "lang": "sv"})
    assert not socket.is_connected()
