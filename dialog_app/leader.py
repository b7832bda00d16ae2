"""The process leader's laptop: drives the phases and the timer."""

from flask import Blueprint, current_app, render_template

from dialog_app.auth import token_page
from dialog_app.db import get_db
from clustering import suggest_themes
from dialog_app.realtime import (action, broadcast_board, broadcast_phase, broadcast_seats, event_room,
                                 run_blocking, socketio)
from sessions import board, deepen, phases, rotation, views
from sessions.roles import Role

bp = Blueprint("leader", __name__)


@bp.get("/leader/<token>")
@token_page(Role.LEADER)
def page(token):
    return render_template("leader.html", token=token, role="leader")


@action("phase:advance")
def advance(principal, payload):
    event = phases.advance(get_db(), principal, expected=payload.get("from"),
                                  force=payload.get("force") is True)
    broadcast_phase(principal, event)
    if event.phase.value == "deepen":
        broadcast_table_themes(principal)
    return {"phase": event.phase.value}


def broadcast_table_themes(principal) -> None:
    """Which theme each table has in pass 2: tablets, phones and screens all show it."""
    socketio.emit("tables:themes", {"tables": views.table_themes(get_db(), principal)},
                  to=event_room(principal.event_id))


@action("phase:back")
def back(principal, payload):
    event = phases.back(get_db(), principal, expected=payload.get("from"))
    broadcast_phase(principal, event)
    return {"phase": event.phase.value}


@action("timer:set")
def set_timer(principal, payload):
    event = phases.set_timer(get_db(), principal, payload.get("minutes"),
                              expected_ends_at=payload.get("expected_ends_at"))
    broadcast_phase(principal, event)
    return {"timer_ends_at": event.timer_ends_at}


# --- the theme board ---------------------------------------------------------------------------

def _group_priorities(texts, n_themes):
    themes = run_blocking(suggest_themes, texts, n_themes, "sv")
    return [(theme.label, theme.members) for theme in themes]


def board_action(event_name: str):
    """A board change: do it, then show every leader and the projector the whole new board."""

    def decorate(change):
        def handler(principal, payload):
            result = change(get_db(), principal, payload)
            broadcast_board(principal)
            return result or {}

        handler.__name__ = change.__name__
        action(event_name)(handler)
        return change

    return decorate


@board_action("theme:suggest")
def suggest(conn, principal, payload):
    board.suggest(conn, principal, _group_priorities, replace=payload.get("replace") is True)


@board_action("theme:move")
def move(conn, principal, payload):
    board.move_priority(conn, principal, payload.get("priority_id"), payload.get("theme_id"), payload.get("position"))


@board_action("theme:merge")
def merge(conn, principal, payload):
    board.merge_themes(conn, principal, payload.get("source_id"), payload.get("target_id"))


@board_action("theme:split")
def split(conn, principal, payload):
    return {"theme_id": board.split_theme(conn, principal, payload.get("theme_id"), payload.get("priority_ids"),
                                          payload.get("title"))}


@board_action("theme:rename")
def rename(conn, principal, payload):
    board.rename_theme(conn, principal, payload.get("theme_id"), payload.get("title"))


@board_action("theme:create")
def create(conn, principal, payload):
    return {"theme_id": board.create_theme(conn, principal, payload.get("title"))}


@board_action("theme:delete")
def delete(conn, principal, payload):
    board.delete_theme(conn, principal, payload.get("theme_id"))


@board_action("theme:undo")
def undo(conn, principal, payload):
    board.undo(conn, principal)


@board_action("theme:finalise")
def finalise(conn, principal, payload):
    board.finalise(conn, principal)


@board_action("theme:reopen")
def reopen(conn, principal, payload):
    board.reopen(conn, principal)


@board_action("theme:context")
def context(conn, principal, payload):
    board.show_context(conn, principal, payload.get("show") is True)


# --- pass 2 and rotation -----------------------------------------------------------------------

@action("deepen:assign")
def assign_theme(principal, payload):
    deepen.assign_theme(get_db(), principal, payload.get("table"), payload.get("theme_id"))
    broadcast_table_themes(principal)
    return {}


@action("rotation:open")
def open_round(principal, payload):
    number = rotation.open_round(get_db(), principal, payload.get("round"), force=payload.get("force") is True)
    broadcast_seats(current_app._get_current_object(), principal.event_id)
    return {"round": number}


@action("rotation:close")
def close_round(principal, payload):
    rotation.close_round(get_db(), principal, payload.get("round"))
    broadcast_seats(current_app._get_current_object(), principal.event_id)
    return {}
