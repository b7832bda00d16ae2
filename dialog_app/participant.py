"""Participants' phones: join with a name, choose a table during rotation rounds."""

from flask import Blueprint, render_template

from dialog_app.auth import token_page
from dialog_app.db import get_db
from dialog_app.realtime import remember_participant
from sessions import rotation
from sessions.roles import Role

bp = Blueprint("participant", __name__)


@bp.get("/join/<token>")
@token_page(Role.PARTICIPANT)
def page(token):
    return render_template("participant.html", token=token, role="participant")


def join(principal, payload):
    person, key = rotation.join(get_db(), principal, payload.get("name"), payload.get("table"))
    remember_participant(key)
    # The key goes to this phone only; it keeps it to be recognised after a reconnect.
    return {"participant_key": key, "me": {"name": person.display_name, "table": person.table_number}}


def choose(principal, payload):
    return {"table": rotation.choose_table(get_db(), principal, payload.get("table"))}


SOCKET_EVENTS = {"participant:join": join, "rotation:choose": choose}
