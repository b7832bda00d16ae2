"""Participants' phones: joining and rotation arrive with a later issue; the link works already."""

from flask import Blueprint, render_template

from dialog_app.auth import token_page
from sessions.roles import Role

bp = Blueprint("participant", __name__)


@bp.get("/join/<token>")
@token_page(Role.PARTICIPANT)
def page(token):
    return render_template("participant.html", token=token, role="participant")
