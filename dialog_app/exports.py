"""Exports from the web layer and the CLI: the same document, with ideas placed under themes.

Reading the evening, placing its ideas and laying out a DOCX or a chart all run in one
``run_blocking`` call, so a download during the evening (3,000 ideas take seconds) never stalls
the tablets' events on the served event loop."""

from clustering import nearest_themes
from dialog_app.db import get_db
from dialog_app.offload import run_blocking
from sessions import roles
from sessions.export import build_export
from sessions.export_formats import render


def _place(theme_texts, idea_texts):
    return nearest_themes(theme_texts, idea_texts, "sv")


def export_bytes(event_id: str, file_format: str, *, include_names: bool = False, principal=None) -> bytes:
    conn, who = get_db(), principal or roles.ORGANISER

    def build_and_render() -> bytes:
        return render(build_export(conn, who, event_id, include_names=include_names, place=_place), file_format)

    return run_blocking(build_and_render)
