"""Exports from the web layer and the CLI: the same document, with ideas placed under themes.

Placing ideas and laying out a DOCX or a chart is CPU work: both run through ``run_blocking``,
so a download during the evening never stalls the tablets' events on the served event loop."""

from clustering import nearest_themes
from dialog_app.db import get_db
from dialog_app.realtime import run_blocking
from sessions import service
from sessions.export import build_export
from sessions.export_formats import render


def _place(theme_texts, idea_texts):
    return run_blocking(nearest_themes, theme_texts, idea_texts, "sv")


def export_document(event_id: str, *, include_names: bool = False, principal=None, place: bool = True) -> dict:
    return build_export(get_db(), principal or service.ORGANISER, event_id, include_names=include_names,
                        place=_place if place else None)


def export_bytes(event_id: str, file_format: str, *, include_names: bool = False, principal=None) -> bytes:
    document = export_document(event_id, include_names=include_names, principal=principal)
    return run_blocking(render, document, file_format)
