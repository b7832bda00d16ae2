"""A table's tablet: the secretary's ideas and the table's two priorities."""

from flask import Blueprint, render_template

from dialog_app.auth import token_page
from dialog_app.db import get_db
from dialog_app.realtime import action, broadcast_to_table_and_screens
from sessions import ideas, ids, priorities
from sessions.roles import Role

bp = Blueprint("table", __name__)


@bp.get("/table/<token>")
@token_page(Role.SECRETARY)
def page(token):
    return render_template("table.html", token=token, role="secretary")


def _broadcast_priorities(principal, chosen) -> None:
    broadcast_to_table_and_screens(principal, "priorities:changed", {
        "table": principal.table_number, "priorities": [p.public() for p in chosen]})


@action("idea:add")
def add_idea(principal, payload):
    idea, is_new = ideas.add(get_db(), principal, payload.get("id"), payload.get("text"),
                                    payload.get("table"))
    if is_new:
        broadcast_to_table_and_screens(principal, "idea:saved", {"idea": idea.public()})
    return {"idea": idea.public(), "duplicate": not is_new}


@action("idea:edit")
def edit_idea(principal, payload):
    idea = ideas.edit(get_db(), principal, payload.get("id"), payload.get("text"))
    broadcast_to_table_and_screens(principal, "idea:saved", {"idea": idea.public()})
    return {"idea": idea.public()}


@action("idea:withdraw")
def withdraw_idea(principal, payload):
    conn = get_db()
    removed_priority = ideas.withdraw(conn, principal, payload.get("id"))
    broadcast_to_table_and_screens(principal, "idea:withdrawn",
                                   {"id": ids.client_id(payload.get("id")), "table": principal.table_number})
    if removed_priority:
        _broadcast_priorities(principal, priorities.of_table(conn, principal))
    return {}


@action("priority:choose")
def choose_priority(principal, payload):
    chosen = priorities.choose_idea(get_db(), principal, payload.get("idea_id"),
                                                 payload.get("chosen") is True)
    _broadcast_priorities(principal, chosen)
    return {"priorities": [p.public() for p in chosen]}


@action("priority:add")
def add_priority(principal, payload):
    chosen = priorities.add_text(get_db(), principal, payload.get("id"), payload.get("text"))
    _broadcast_priorities(principal, chosen)
    return {"priorities": [p.public() for p in chosen]}


@action("priority:remove")
def remove_priority(principal, payload):
    chosen = priorities.remove(get_db(), principal, payload.get("id"))
    _broadcast_priorities(principal, chosen)
    return {"priorities": [p.public() for p in chosen]}
