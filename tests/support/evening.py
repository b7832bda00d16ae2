"""Helpers for tests of the evening: refusals, principals, phases, logins, and an evening in the app
with every role's link and socket."""

import pytest

from sessions.evening import events, phase_changes, tokens
from sessions.evening.demo import DEMO_EVENT
from sessions.ground import roles
from sessions.ground.roles import Principal, Role

SECRET = "test-secret-not-for-production"


def refused(code, call, *args, **kwargs):
    """Call and expect the domain to refuse with ``code``; returns the error for its params."""
    from sessions.ground.errors import DomainError

    with pytest.raises(DomainError) as error:
        call(*args, **kwargs)
    assert error.value.code == code, error.value
    return error.value


def principal(event, role: Role, table: int | None = None) -> Principal:
    return Principal(role, event.id, table)


def advance(conn, who, **options):
    """``who`` presses "Nästa fas" on a page that shows the phase the evening is in."""
    return phase_changes.advance(conn, who, expected=events.get(conn, who.event_id).phase.value, **options)


def back(conn, who):
    """``who`` presses "Tillbaka en fas" on a page that shows the phase the evening is in."""
    return phase_changes.back(conn, who, expected=events.get(conn, who.event_id).phase.value)


def in_phase(conn, event, phase: str):
    """Walk the leader through the phases up to ``phase``."""
    leader = principal(event, Role.LEADER)
    while events.get(conn, event.id).phase.value != phase:
        advance(conn, leader, force=True)


def log_in_with_password(client, username: str, password: str, path: str = "/organiser/login"):
    """Open the login page (which gives the form its CSRF token) and send it, as a browser does."""
    client.get("/organiser/login")
    with client.session_transaction() as session:
        csrf = session.get("csrf", "")
    return client.post(path, data={"username": username, "password": password, "csrf_token": csrf})


def received(socket, name):
    """What a test socket has heard of ``name`` so far (each message's payload)."""
    return [message["args"][0] for message in socket.get_received() if message["name"] == name]


class Evening:
    """An event in the app's database with every role's token, as the organiser's page shows them."""

    def __init__(self, app):
        from dialog_app.db import get_db, token_secret

        self.app = app
        with app.app_context():
            conn = get_db()
            self.event = events.create(conn, token_secret(), roles.ORGANISER, DEMO_EVENT)
            self.tokens = events.role_links(conn, token_secret(), roles.ORGANISER, self.event.id)
            self.organiser = tokens.organiser_token(conn, token_secret())

    def secretary(self, number: int) -> str:
        return self.tokens["secretaries"][number]

    def log_in(self, client) -> str:
        """Log ``client`` in as the organiser through the organiser link; returns the form token."""
        client.get(f"/o/{self.organiser}")
        with client.session_transaction() as session:
            return session["csrf"]

    def socket(self, token: str, lang: str = "sv"):
        from dialog_app.realtime import socketio

        return socketio.test_client(self.app, auth={"token": token, "lang": lang})

    def themed(self, texts_by_table: dict[int, list[str]]):
        """Each table's texts as its ideas and priorities, then theming with the tool's suggestion shown
        to the room; returns the leader's socket."""
        import uuid

        self.set_phase("prioritise")
        for number, texts in texts_by_table.items():
            tablet = self.socket(self.secretary(number))
            for text in texts:
                assert tablet.emit("idea:add", {"id": str(uuid.uuid4()), "text": text}, callback=True)["ok"]
                assert tablet.emit("priority:add", {"id": str(uuid.uuid4()), "text": text}, callback=True)["ok"]
        self.set_phase("theming")
        leader = self.socket(self.tokens["leader"])
        assert leader.emit("theme:suggest", {}, callback=True)["ok"]
        assert leader.emit("theme:publish", {}, callback=True)["ok"]
        return leader

    def set_phase(self, phase: str) -> None:
        from dialog_app.db import get_db

        with self.app.app_context():
            in_phase(get_db(), self.event, phase)
