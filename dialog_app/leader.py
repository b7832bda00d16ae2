"""The process leader's laptop: the phases and the timer, the theme board, pass 2 and rotation."""

from flask import Blueprint, render_template

from clustering import suggest_themes
from dialog_app.auth import token_page
from dialog_app.db import get_db
from dialog_app.offload import run_cpu
from sessions.evening import board, deepen, ideas, parking, phase_changes, rotation, views
from sessions.ground.roles import Role

bp = Blueprint("leader", __name__)


@bp.get("/leader/<token>")
@token_page(Role.LEADER)
def page(token):
    return render_template("leader.html", token=token, role="leader")


def advance(principal, payload):
    event = phase_changes.advance(get_db(), principal, expected=payload.get("from"), force=payload.get("force") is True)
    return {"phase": event.phase.value}


def back(principal, payload):
    return {"phase": phase_changes.back(get_db(), principal, expected=payload.get("from")).phase.value}


def set_timer(principal, payload):
    event = phase_changes.set_timer(get_db(), principal, payload.get("minutes"),
                                    expected_ends_at=payload.get("expected_ends_at"))
    return {"timer_ends_at": event.timer_ends_at}


def hold_pages(principal, payload):
    return {"held": bool(phase_changes.hold_pages(get_db(), principal, payload.get("held") is True).pages_held)}


def answer_question(principal, payload):
    """The panel answered a question ("besvarad"); the mark goes to every screen as the question's change."""
    return {"idea": ideas.answer(get_db(), principal, payload.get("id"), payload.get("answered") is True).public()}


# --- the theme board ---------------------------------------------------------------------------

def _group_priorities(texts, n_themes):
    themes = run_cpu(suggest_themes, texts, n_themes, "sv", items=len(texts))
    return [(theme.label, theme.members) for theme in themes]


def suggest(principal, payload):
    board.suggest(get_db(), principal, _group_priorities, replace=payload.get("replace") is True)


def move(principal, payload):
    board.move_priority(get_db(), principal, payload.get("priority_id"), payload.get("theme_id"),
                        payload.get("position"))


def merge(principal, payload):
    board.merge_themes(get_db(), principal, payload.get("source_id"), payload.get("target_id"))


def split(principal, payload):
    return {"theme_id": board.split_theme(get_db(), principal, payload.get("theme_id"), payload.get("priority_ids"),
                                          payload.get("title"))}


def rename(principal, payload):
    board.rename_theme(get_db(), principal, payload.get("theme_id"), payload.get("title"))


def create(principal, payload):
    return {"theme_id": board.create_theme(get_db(), principal, payload.get("title"))}


def delete(principal, payload):
    board.delete_theme(get_db(), principal, payload.get("theme_id"))


def undo(principal, payload):
    board.undo(get_db(), principal)


def publish(principal, payload):
    return {"published": board.publish(get_db(), principal)}


def finalise(principal, payload):
    board.finalise(get_db(), principal)


def reopen(principal, payload):
    board.reopen(get_db(), principal)


def context(principal, payload):
    board.show_context(get_db(), principal, payload.get("show") is True)


# --- pass 2, rotation and the parking lot on the projector -------------------------------------

def assign_theme(principal, payload):
    deepen.assign_theme(get_db(), principal, payload.get("table"), payload.get("theme_id"))


def open_round(principal, payload):
    return {"round": rotation.open_round(get_db(), principal, payload.get("round"), force=payload.get("force") is True)}


def close_round(principal, payload):
    rotation.close_round(get_db(), principal, payload.get("round"))


def joined_phones(principal, payload):
    return {"phones": views.joined_phones(get_db(), principal, principal.event_id)}


def remove_phone(principal, payload):
    rotation.remove(get_db(), principal, principal.event_id, payload.get("id"))


def show_parking(principal, payload):
    parking.show_on_projector(get_db(), principal, payload.get("show") is True)
    return {"show": payload.get("show") is True}


def parking_note(principal, payload):
    note = parking.set_note(get_db(), principal, payload.get("id"), hidden=payload.get("hidden"),
                            answered=payload.get("answered"))
    return {"note": note.public()}


SOCKET_EVENTS = {
    "phase:advance": advance, "phase:back": back, "timer:set": set_timer, "pages:hold": hold_pages,
    "theme:suggest": suggest, "theme:move": move, "theme:merge": merge, "theme:split": split,
    "theme:rename": rename, "theme:create": create, "theme:delete": delete, "theme:undo": undo,
    "theme:publish": publish, "theme:finalise": finalise, "theme:reopen": reopen, "theme:context": context,
    "deepen:assign": assign_theme, "rotation:open": open_round, "rotation:close": close_round,
    "parking:show": show_parking, "parking:note": parking_note, "participants:list": joined_phones,
    "participant:remove": remove_phone, "question:answer": answer_question,
}
