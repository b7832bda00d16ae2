"""Participants' phones: join with a name, choose a table during rotation rounds."""

from flask import Blueprint, redirect, render_template, url_for

from dialog_app.auth import token_page
from dialog_app.db import get_db, token_secret
from dialog_app.realtime import address_wait, remember_participant
from dialog_app.refusals import render_refusal
from sessions.evening import rotation, takepart, tokens
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


def send_idea(principal, payload):
    """A phone's idea (or question to the panel), through the same outbox as a tablet's."""
    idea, is_new = takepart.send_idea(get_db(), principal, payload.get("id"), payload.get("text"))
    return {"idea": {"id": idea.id, "kind": idea.kind}, "duplicate": not is_new}


def cast_vote(principal, payload):
    return {"mine": takepart.vote(get_db(), principal, payload.get("id"), payload.get("target"),
                                  payload.get("on") is not False)}


def send_evaluation(principal, payload):
    evaluation = takepart.evaluate(get_db(), principal, payload.get("id"), payload.get("rating"),
                                   payload.get("comment"))
    return {"evaluation": {"id": evaluation.id, "rating": evaluation.rating}}


SOCKET_EVENTS = {"participant:join": join, "rotation:choose": choose, "phone:idea": send_idea,
                 "vote:cast": cast_vote, "evaluation:send": send_evaluation}
