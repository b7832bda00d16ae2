"""Participants' phones: join with a name, choose a table during rotation rounds."""

from flask import Blueprint, redirect, render_template, url_for

from dialog_app.auth import token_page
from dialog_app.db import get_db, token_secret
from dialog_app.realtime import address_wait, remember_participant
from dialog_app.refusals import render_refusal
from sessions.evening import rotation, tokens
from sessions.ground.roles import Role

bp = Blueprint("participant", __name__)


@bp.get("/join/<token>")
@token_page(Role.PARTICIPANT)
def page(token):
    return render_template("participant.html", token=token, role="participant")


@bp.get("/j/<code>")
def short(code):
    """The short address beside the projector's QR code, for a phone that cannot scan.

    Counted by address before anything is looked up, so guessing codes costs the server next to nothing."""
    wait = address_wait("join.code")
    if wait is not None:
        page, status = render_refusal("rate.too_many_tries", 429)
        return page, status, {"Retry-After": str(wait)}
    token = tokens.resolve_join_code(get_db(), token_secret(), code)
    if token is None:
        return render_refusal("token.invalid", 404)
    return redirect(url_for("participant.page", token=token))


def join(principal, payload):
    person, key = rotation.join(get_db(), principal, payload.get("name"), payload.get("table"))
    remember_participant(key, person.id)
    # The key goes to this phone only; it keeps it to be recognised after a reconnect.
    return {"participant_key": key, "me": {"name": person.display_name, "table": person.table_number}}


def choose(principal, payload):
    return {"table": rotation.choose_table(get_db(), principal, payload.get("table"))}


SOCKET_EVENTS = {"participant:join": join, "rotation:choose": choose}
