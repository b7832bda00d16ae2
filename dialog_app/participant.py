"""Participants' phones: join with a name, choose a table during rotation rounds."""

from flask import Blueprint, render_template

from dialog_app.auth import token_page
from dialog_app.db import get_db
from dialog_app.realtime import action, broadcast_seated, mark_seats_changed, remember_participant
from sessions import rotation
from sessions.roles import Role

bp = Blueprint("participant", __name__)


@bp.get("/join/<token>")
@token_page(Role.PARTICIPANT)
def page(token):
    return render_template("participant.html", token=token, role="participant")


@action("participant:join")
def join(principal, payload):
    person, key = rotation.join(get_db(), principal, payload.get("name"), payload.get("table"))
    remember_participant(key)
    mark_seats_changed(principal.event_id)
    broadcast_seated(principal.event_id, [person.table_number])
    # The key goes to this phone only; it keeps it to be recognised after a reconnect.
    return {"participant_key": key, "me": {"name": person.display_name, "table": person.table_number}}


@action("rotation:choose")
def choose(principal, payload):
    before = principal.table_number
    table = rotation.choose_table(get_db(), principal, payload.get("table"))
    if table != before:
        mark_seats_changed(principal.event_id)
        broadcast_seated(principal.event_id, [before, table])
    return {"table": table}
