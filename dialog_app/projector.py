"""The projector: a read-only screen for the room."""

from flask import Blueprint, render_template

from dialog_app.auth import token_page
from sessions.ground.roles import Role

bp = Blueprint("projector", __name__)


@bp.get("/projector/<token>")
@token_page(Role.PROJECTOR)
def page(token):
    return render_template("projector.html", token=token, role="projector")
