"""The process leader's laptop: drives the phases and the timer."""

from flask import Blueprint, render_template

from dialog_app.auth import token_page
from dialog_app.db import get_db
from dialog_app.realtime import action, broadcast_phase
from sessions import service
from sessions.roles import Role

bp = Blueprint("leader", __name__)


@bp.get("/leader/<token>")
@token_page(Role.LEADER)
def page(token):
    return render_template("leader.html", token=token, role="leader")


@action("phase:advance")
def advance(principal, payload):
    event = service.advance_phase(get_db(), principal, force=payload.get("force") is True)
    broadcast_phase(principal, event)
    return {"phase": event.phase.value}


@action("phase:back")
def back(principal, payload):
    event = service.back_phase(get_db(), principal)
    broadcast_phase(principal, event)
    return {"phase": event.phase.value}


@action("timer:set")
def set_timer(principal, payload):
    event = service.set_timer(get_db(), principal, payload.get("minutes"))
    broadcast_phase(principal, event)
    return {"timer_ends_at": event.timer_ends_at}
