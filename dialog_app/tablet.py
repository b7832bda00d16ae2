"""A table's tablet: the secretary's ideas and the table's two priorities."""

from flask import Blueprint, render_template

from dialog_app.auth import token_page
from dialog_app.db import get_db
from sessions.evening import ideas, parking, priorities, takepart
from sessions.ground.roles import Role

# The blueprint keeps the name "table": the pages' links and the URL /table/<token> say so.
bp = Blueprint("table", __name__)


@bp.get("/table/<token>")
@token_page(Role.SECRETARY)
def page(token):
    return render_template("table.html", token=token, role="secretary")


def add_idea(principal, payload):
    idea, is_new = ideas.add(get_db(), principal, payload.get("id"), payload.get("text"), payload.get("table"),
                             payload.get("details"))
    return {"idea": idea.public(), "duplicate": not is_new}


def edit_idea(principal, payload):
    return {"idea": ideas.edit(get_db(), principal, payload.get("id"), payload.get("text")).public()}


def withdraw_idea(principal, payload):
    ideas.withdraw(get_db(), principal, payload.get("id"))


def _chosen(listed) -> dict:
    return {"priorities": [p.public() for p in listed]}


def choose_priority(principal, payload):
    return _chosen(priorities.choose_idea(get_db(), principal, payload.get("idea_id"), payload.get("chosen") is True))


def add_priority(principal, payload):
    return _chosen(priorities.add_text(get_db(), principal, payload.get("id"), payload.get("text")))


def remove_priority(principal, payload):
    return _chosen(priorities.remove(get_db(), principal, payload.get("id")))


def add_parking_note(principal, payload):
    """Tablets and joined phones leave notes in the parking lot the same way."""
    note, _ = parking.add_note(get_db(), principal, payload.get("id"), payload.get("text"))
    return {"note": {"id": note.id}}


def take_in(principal, payload):
    """The secretary takes a phone's idea in as one of the table's."""
    return {"idea": takepart.take_in(get_db(), principal, payload.get("id")).public()}


SOCKET_EVENTS = {
    "inbox:take": take_in,
    "idea:add": add_idea, "idea:edit": edit_idea, "idea:withdraw": withdraw_idea,
    "priority:choose": choose_priority, "priority:add": add_priority, "priority:remove": remove_priority,
    "parking:add": add_parking_note,
}
